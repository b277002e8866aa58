"""``line``: a pattern that makes a whole block chrome ("All rights reserved", "Image courtesy of ...")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import regex

from cleaner.document import Document
from cleaner.kinds.base import Memo, Rule
from cleaner.prefilter import LiteralIndex


class LineRule(Rule):
    """A block in the rule's zone, no longer than ``max_chars``, matching any pattern and no ``unless``.

    With ``edge_prose: true`` the zone also takes the outermost prose block facing it (see
    ``Document.outer_prose``): for sentences only ever printed around an article, never inside one.
    """

    kind = "line"
    default_zone = "edges"
    params: ClassVar[Mapping[str, tuple[type | tuple[type, ...], Any]]] = {
        "patterns": ((str, list), ...),
        "unless": ((str, list), []),
        "max_chars": (int, 200),
        "min_chars": (int, 0),
        "case_sensitive": (bool, False),
        "edge_prose": (bool, False),
    }

    def setup(self, defines: Mapping[str, str]) -> None:
        case = bool(self.options["case_sensitive"])
        self.patterns = self.compile_list("patterns", defines, case)
        self.unless = self.compile_list("unless", defines, case)
        if not self.patterns:
            self.fail("'patterns' must name at least one pattern")
        self.edge_prose = bool(self.options["edge_prose"])
        if self.edge_prose and self.spec.zone not in ("head", "tail", "edges"):
            self.fail("'edge_prose' needs zone head, tail or edges")
        self.max_chars = int(self.options["max_chars"])
        self.min_chars = int(self.options["min_chars"])
        #: Per pattern, literals one of which any block it matches contains (None: no such set).
        self.gates = self.gates_of(self.patterns)

    def fits(self, text: str) -> bool:
        size = len(text.strip())
        return self.min_chars <= size <= self.max_chars

    def matches(self, text: str) -> bool:
        """Whether this rule makes ``text`` chrome, zone aside."""
        return self.fits(text) and self.any_match(self.patterns, text) and not self.any_match(self.unless, text)

    def find(self, doc: Document) -> Iterable[int]:
        texts = doc.texts
        indices = doc.zone_indices(self.spec.zone)
        if self.edge_prose:
            indices += doc.outer_prose(self.spec.zone)
        return [i for i in indices if self.matches(texts[i])]

    @classmethod
    def batch(cls, rules: Sequence[LineRule]) -> LineBatch:
        return LineBatch(rules)


class LineBatch:
    """All line rules of a rule set, applied zone by zone: the lines of the article body (most of a
    document) only meet the few rules allowed ``anywhere``; a rule's length limit is checked before
    any pattern runs."""

    def __init__(self, rules: Sequence[LineRule]) -> None:
        self.rules = list(rules)
        self.by_zone = {
            where: [rule for rule in self.rules if rule.spec.zone in allowed]
            for where, allowed in (
                ("head", ("head", "edges", "anywhere")),
                ("body", ("body", "anywhere")),
                ("tail", ("tail", "edges", "anywhere")),
                ("none", ("anywhere",)),
            )
        }
        # The body's first and last prose blocks also meet the edge_prose rules facing them.
        facing_head = {"head", "edges"}
        facing_tail = {"tail", "edges"}
        self.by_zone |= {
            where: [rule for rule in self.rules if rule.spec.zone in ("body", "anywhere")
                    or (rule.edge_prose and rule.spec.zone in facing)]
            for where, facing in (("first", facing_head), ("last", facing_tail))
        }
        # Each gated pattern gets a key and is searched only on lines holding one of its literals;
        # ungated patterns are always searched.
        self.entries: dict[int, tuple[list[regex.Pattern[str]], list[tuple[int, regex.Pattern[str]]]]] = {}
        gates: list[tuple[int, frozenset[str]]] = []
        for rule in self.rules:
            always, keyed = [], []
            for pattern, gate in zip(rule.patterns, rule.gates, strict=True):
                if gate is None:
                    always.append(pattern)
                else:
                    keyed.append((len(gates), pattern))
                    gates.append((len(gates), gate))
            self.entries[id(rule)] = (always, keyed)
        self.index = LiteralIndex(gates)
        #: (block text, zone) -> the rule that removes it, or None. A block is judged once, however
        #: many passes a document takes; menu and footer lines repeated across a site's pages too.
        self.memo: Memo[tuple[str, str], LineRule | None] = Memo()

    def judge(self, text: str, where: str, hits: set[int]) -> LineRule | None:
        """The first rule of the zone that makes ``text`` chrome; ``hits`` are the keys of the gated
        patterns whose literals occur in it (the other gated patterns cannot match)."""
        key = (text, where)
        if key in self.memo:
            return self.memo[key]
        size = len(text.strip())
        found = None
        for rule in self.by_zone[where]:
            if not rule.min_chars <= size <= rule.max_chars:
                continue
            always, keyed = self.entries[id(rule)]
            patterns = always + [pattern for key, pattern in keyed if key in hits] if hits else always
            if patterns and rule.any_match(patterns, text) and not (rule.unless and rule.any_match(rule.unless, text)):
                found = rule
                break
        self.memo.remember(key, found)
        return found

    def find(self, doc: Document) -> Iterable[tuple[int, Rule]]:
        texts = doc.texts
        span = doc.body_span
        lines_hit = doc.shared.hits(self.index)
        nothing: set[int] = set()
        blocks = doc.blocks
        for index, text in enumerate(texts):
            where = "none" if span is None else _where(index, *span)
            rule = self.judge(text, where, lines_hit.get(blocks[index].index, nothing))
            if rule is not None:
                yield index, rule


def _where(index: int, first: int, last: int) -> str:
    """The zone key of block ``index`` for a body spanning blocks ``first``..``last``."""
    if index < first:
        return "head"
    if index > last:
        return "tail"
    if first == last:
        return "body"
    if index == first:
        return "first"
    return "last" if index == last else "body"
