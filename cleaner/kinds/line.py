"""``line``: a pattern that makes a whole block chrome ("All rights reserved", "Image courtesy of ...")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, ClassVar, Literal

import regex

from cleaner.blocks import as_label
from cleaner.document import ZONES_AT, Document
from cleaner.kinds.base import Rule, RuleBatch
from cleaner.memo import Memo
from cleaner.prefilter import LiteralIndex, gate_text, lead_keys


class LineRule(Rule):
    """A block in the rule's zone, no longer than ``max_chars``, matching any pattern and no ``unless``.

    With ``edge_prose: true`` the zone also takes the outermost prose block facing it (see
    ``Document.outer_prose``): for sentences only ever printed around an article, never inside one.
    """

    kind = "line"
    monotone = True
    names_first = True
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
        self.leads = self.leads_of(self.patterns)

    def fits(self, text: str) -> bool:
        size = len(text.strip())
        return self.min_chars <= size <= self.max_chars

    def matches(self, text: str) -> bool:
        """Whether this rule makes ``text`` chrome, zone aside."""
        label = as_label(text)
        return self.fits(text) and self.any_match(self.patterns, label) and not self.any_match(self.unless, label)

    def find(self, doc: Document) -> Iterable[int]:
        texts = doc.texts
        indices = [*doc.zone(self.spec.zone)]
        if self.edge_prose:
            indices += doc.outer_prose(self.spec.zone)
        return [i for i in indices if self.matches(texts[i])]

    @classmethod
    def batch(cls, rules: Sequence[Rule]) -> LineBatch:
        return LineBatch([rule for rule in rules if isinstance(rule, LineRule)])


#: The zones of the rules that also judge the lede (see ``cleaner.document``) from its start.
_LEDE_ZONES = ("head", "edges")


@dataclass
class _ZoneRules:
    """The line rules one zone key meets, by their position in the rule set (the first that matches wins)."""

    members: frozenset[int]
    #: (position, pattern, lead words or None) of the patterns without literals: searched on every
    #: block that fits the rule's length (and whose first word begins as one of the lead words, if any).
    always: list[tuple[int, regex.Pattern[str], frozenset[str] | None]]
    #: No rule of the zone takes a block longer than this.
    longest: int
    #: The literal index the zone's blocks are scanned with: one over the gates of the rules met inside
    #: the body, where few rules apply and prose would hold many literals of the others, one over all.
    index: LiteralIndex


class LineBatch(RuleBatch):
    """All line rules of a rule set, applied together. A block is judged against the rules of its zone
    (the article body, most of a document, only meets the few rules allowed ``anywhere``), and within
    them only against the patterns whose required literals it holds (one Aho-Corasick scan of the
    block finds them all) plus the few patterns that have none; a rule's length limit is checked
    before any pattern runs."""

    def __init__(self, rules: Sequence[LineRule]) -> None:
        self.rules = list(rules)
        # The body's first and last prose blocks also meet the edge_prose rules facing them; the lede
        # (see ``cleaner.document``) meets the rules of the head.
        facing = {"first": {"head", "edges"}, "last": {"tail", "edges"}}

        def meets(rule: LineRule, where: str) -> bool:
            zone = rule.spec.zone
            return (zone in ZONES_AT[where] or (rule.edge_prose and zone in facing.get(where, ()))
                    or (where == "lede" and zone in _LEDE_ZONES))

        # Each gated pattern gets a key (its place in ``keyed``: its rule's position, the pattern and
        # its lead words).
        self.keyed: list[tuple[int, regex.Pattern[str], frozenset[str] | None]] = []
        gates: list[tuple[int, frozenset[str]]] = []
        always: list[tuple[int, regex.Pattern[str], frozenset[str] | None]] = []
        for position, rule in enumerate(self.rules):
            for pattern, gate, lead in zip(rule.patterns, rule.gates, rule.leads, strict=True):
                if gate is None:
                    always.append((position, pattern, lead))
                else:
                    gates.append((len(self.keyed), gate))
                    self.keyed.append((position, pattern, lead))
        members_at = {where: frozenset(i for i, rule in enumerate(self.rules) if meets(rule, where))
                      for where in ZONES_AT}
        inside = ("first", "body", "last", "none")
        met_inside = frozenset().union(*(members_at[where] for where in inside))
        whole, inner = LiteralIndex(gates), LiteralIndex([(key, gate) for key, gate in gates
                                                          if self.keyed[key][0] in met_inside])
        self.zones: dict[str, _ZoneRules] = {
            where: _ZoneRules(members, [entry for entry in always if entry[0] in members],
                              max((self.rules[i].max_chars for i in members), default=-1),
                              inner if where in inside else whole)
            for where, members in members_at.items()}
        #: Per zone key, block text -> the rule that removes it, or False. A block is judged once,
        #: however many passes a document takes; menu and footer lines repeated across a site's pages too.
        self.memos: dict[str, Memo[str, LineRule | Literal[False]]] = {where: Memo() for where in ZONES_AT}

    def judge(self, text: str, where: str) -> LineRule | None:
        """The first rule of the zone ``where`` that makes ``text`` chrome."""
        memo = self.memos[where]
        found = memo.get(text)
        if found is None:
            found = self._judge(text, self.zones[where]) or False
            memo.remember(text, found)
        return found or None

    def _judge(self, text: str, zone: _ZoneRules) -> LineRule | None:
        size = len(text.strip())
        if size > zone.longest:
            return None
        rules = self.rules
        candidates: dict[int, list[regex.Pattern[str]]] = {}
        keys: frozenset[str] | None = None
        label = as_label(text)
        # The patterns without literals, then those whose literals the block holds (one scan finds them).
        hits = (self.keyed[key] for key in zone.index.keys_in(gate_text(text)))
        for position, pattern, leads in chain(zone.always, (hit for hit in hits if hit[0] in zone.members)):
            rule = rules[position]
            if not rule.min_chars <= size <= rule.max_chars:
                continue
            if leads is not None:
                if keys is None:
                    keys = lead_keys(text, label)
                if leads.isdisjoint(keys):
                    continue
            candidates.setdefault(position, []).append(pattern)
        for position in sorted(candidates):
            rule = rules[position]
            if rule.any_match(candidates[position], label) and not (rule.unless and rule.any_match(rule.unless, label)):
                return rule
        return None

    def find(self, doc: Document) -> list[tuple[int, Rule]]:
        texts = doc.texts
        marked: list[tuple[int, Rule]] = []
        for where, indices in doc.places():
            start = indices.start
            # Looked up together (most blocks of a document are known, and most are no rule's).
            verdicts = list(map(self.memos[where].get, texts[start:indices.stop]))
            if None not in verdicts and not any(verdicts):
                continue
            if where == "lede":
                marked += self._in_lede(texts, indices, verdicts)
                continue
            for offset, verdict in enumerate(verdicts):
                rule = self.judge(texts[start + offset], where) if verdict is None else verdict
                if rule:
                    marked.append((start + offset, rule))
        return marked

    def _in_lede(self, texts: list[str], indices: range, verdicts: list[LineRule | Literal[False] | None]
                 ) -> list[tuple[int, Rule]]:
        """The lede's chrome: rules of the head take its blocks up to the first one no rule takes (after
        it, a table or a list that follows the first paragraph, they judge as inside the body), so the
        cleaned text, whose lede starts with that block, has nothing more to lose."""
        marked: list[tuple[int, Rule]] = []
        inside = False
        for index, verdict in zip(indices, verdicts, strict=True):
            text = texts[index]
            rule = self.judge(text, "lede") if verdict is None else verdict or None
            if rule is not None and inside and rule.spec.zone in _LEDE_ZONES:
                rule = self.judge(text, "body")
            if rule is None:
                inside = True
            else:
                marked.append((index, rule))
        return marked
