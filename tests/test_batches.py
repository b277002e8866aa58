"""Kinds that apply their rules together (``Rule.batch``): a shortcut, never a change in what is removed
or which rule names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.kinds import RunRule
from tests.conftest import dev_texts
from tests.test_engine import BODY, write_rules

RULES = """\
rules:
  - id: tail-links
    kind: run
    category: related
    description: a run of short lines opening with a dash
    zone: tail
    items: '^- '
    min_items: 3
  - id: tail-label
    kind: line
    category: share
    description: a share label
    zone: tail
    patterns: '^- share this$'
  - id: tail-caps
    kind: run
    category: navigation
    description: a run of lines in capitals
    zone: tail
    items: '^[-\\sA-Z]+$'
    case_sensitive: true
    min_items: 3
  - id: anywhere-stars
    kind: run
    category: navigation
    description: a run of starred lines, anywhere
    zone: anywhere
    items: '^\\* '
    max_chars: 30
"""


def test_a_block_two_rules_mark_is_named_by_the_line_rule_then_by_rule_order(tmp_path: Path) -> None:
    cleaner = Cleaner([write_rules(tmp_path, RULES)], defaults=False)
    text = f"{BODY}\n- SHARE THIS\n- ONE\n- TWO\n- three\n"
    result = cleaner.clean(text)
    assert result.text == BODY
    # "- SHARE THIS" is a label first of all; "- ONE" is an item of both runs and the first listed wins.
    assert [(r.rule, r.text.split()) for r in result.removed] == [
        ("tail-label", ["-", "SHARE", "THIS"]),
        ("tail-links", ["-", "ONE", "-", "TWO", "-", "three"]),
    ]


def test_an_anywhere_run_in_the_body_and_a_zone_run_outside_it(tmp_path: Path) -> None:
    cleaner = Cleaner([write_rules(tmp_path, RULES)], defaults=False)
    stars = "* Home\n* World\n* Sport\n"
    links = "- a\n- b\n- c\n"
    text = f"{BODY}\n{stars}\n{BODY}\n{links}"
    result = cleaner.clean(text)
    assert result.text == f"{BODY}\n{BODY}"
    assert [r.rule for r in result.removed] == ["anywhere-stars", "tail-links"]
    # The dash run inside the body is not in the tail: it stays.
    inside = cleaner.clean(f"{BODY}\n{links}\n{BODY}")
    assert inside.removed == []


def test_a_text_judged_in_one_zone_is_judged_again_for_another(tmp_path: Path) -> None:
    """A block first seen in the body (only ``anywhere`` rules judged it) is an item in the tail later."""
    cleaner = Cleaner([write_rules(tmp_path, RULES)], defaults=False)
    links = "- a\n- b\n- c\n"
    assert cleaner.clean(f"{BODY}\n{links}\n{BODY}").removed == []
    assert cleaner.clean(f"{BODY}\n{links}").text == BODY


def test_run_rules_together_remove_what_each_alone_removes(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = dev_texts()
    together = Cleaner()
    batched = [together.clean(text, url) for text, url in texts]
    monkeypatch.setattr(RunRule, "batch", classmethod(lambda cls, rules: None))
    alone = Cleaner()
    assert not any(isinstance(step, type(together._plan(None).batches[-1])) for step in alone._plan(None).batches)
    single = [alone.clean(text, url) for text, url in texts]
    assert [r.removed for r in batched] == [r.removed for r in single]
    assert sum(1 for r in single for removal in r.removed if removal.rule.startswith("related-")) > 50
