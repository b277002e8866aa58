"""The registry of rule kinds: one small module per kind, looked up by the ``kind`` key of a rule."""

from __future__ import annotations

from cleaner.kinds.base import Examples, Rule, RuleBatch, RuleSpec
from cleaner.kinds.cut import CutRule
from cleaner.kinds.echo import EchoRule
from cleaner.kinds.html import HtmlRule
from cleaner.kinds.line import LineBatch, LineRule
from cleaner.kinds.repeat import RepeatRule
from cleaner.kinds.run import RunBatch, RunRule

KINDS: dict[str, type[Rule]] = {kind.kind: kind for kind in (LineRule, CutRule, RunRule, RepeatRule, EchoRule,
                                                               HtmlRule)}


def register(kind: type[Rule]) -> None:
    """Add a kind (the HTML path registers ``html`` this way)."""
    KINDS[kind.kind] = kind


__all__ = ["KINDS", "CutRule", "EchoRule", "Examples", "LineBatch", "LineRule", "RepeatRule", "Rule", "RuleBatch",
           "RuleSpec", "RunBatch", "RunRule", "register"]
