"""``run``: a run of short blocks sharing a shape (teaser title + date stamp, link lists, menus)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import regex

from cleaner.blocks import as_label
from cleaner.document import ZONES_AT, Document
from cleaner.kinds.base import Rule, RuleBatch
from cleaner.memo import Memo
from cleaner.patterns import search
from cleaner.prefilter import LiteralIndex, Literals, gate_text, lead_keys


class RunRule(Rule):
    """At least ``min_items`` blocks matching ``items``, each at most ``max_chars`` long, separated by at
    most ``max_gap`` other short blocks, all in the zone. The whole stretch goes, plus up to ``lead``
    short blocks just before the first item and ``trail`` just after the last (a teaser's title or blurb).
    """

    kind = "run"
    default_zone = "edges"
    zones = ("head", "tail", "edges", "anywhere")
    params: ClassVar[Mapping[str, tuple[type | tuple[type, ...], Any]]] = {
        "items": ((str, list), ...),
        "min_items": (int, 3),
        "max_gap": (int, 0),
        "max_chars": (int, 200),
        "gap_max_chars": (int, 200),
        "lead": (int, 0),
        "trail": (int, 0),
        "case_sensitive": (bool, False),
    }

    def setup(self, defines: Mapping[str, str]) -> None:
        #: Whether a block is an item depends on its text alone, so a block is judged once however
        #: many passes a document takes (and once per site for repeated menus).
        self.items = self.gated("items", defines, bool(self.options["case_sensitive"]))
        self.max_chars = int(self.options["max_chars"])
        self.require_non_negative("min_items", "max_gap", "max_chars", "gap_max_chars", "lead", "trail")
        if self.options["min_items"] < 2:
            self.fail("'min_items' must be at least 2: one block is not a run")

    def is_item(self, text: str, size: int, prose: bool) -> bool:
        """Whether a block (its text, stripped length and prose flag) can be an item of this run."""
        return size <= self.max_chars and not prose and self.items.matches(text)

    def find(self, doc: Document) -> Iterable[int]:
        zone = doc.zone(self.spec.zone)
        if len(zone) < self.options["min_items"] and doc.positions is None:
            return ()  # too few blocks, and no earlier pass removed any (see ``_gone_between``)
        texts, sizes, prose = doc.texts, doc.sizes, doc.prose
        return self.runs(doc, [i for i in zone if self.is_item(texts[i], sizes[i], prose[i])])

    def runs(self, doc: Document, items: list[int]) -> list[int]:
        """The blocks of ``doc`` in runs of ``items`` (indices in the rule's zone, in order)."""
        o = self.options
        if len(items) < o["min_items"] and (doc.positions is None or len(items) < 2):
            return []  # too few, and no earlier pass removed any between two of them (``_gone_between``)
        marked: list[int] = []
        for group in doc.close_groups(items, o["max_gap"], self.spec.zone, o["gap_max_chars"]):
            if len(group) >= o["min_items"] or len(group) + self._gone_between(doc, group) >= o["min_items"]:
                marked.extend(self._stretch(doc, group))
        return marked

    def _gone_between(self, doc: Document, group: list[int]) -> int:
        """How many items of this rule an earlier pass removed between the first and the last block of
        ``group``: a menu does not stop being one because another rule took some of its labels first
        (a section label, a sign-in link)."""
        if doc.positions is None or len(group) < 2:
            return 0
        facts, standing = doc.facts, doc.positions[group[0]:group[-1] + 1]
        if standing[-1] - standing[0] == len(standing) - 1:
            return 0  # nothing removed in between
        kept = set(standing)
        return sum(1 for place in range(standing[0] + 1, standing[-1])
                   if place not in kept and self.is_item(facts.texts[place], facts.sizes[place], facts.prose[place]))

    @classmethod
    def batch(cls, rules: Sequence[Rule]) -> RunBatch:
        return RunBatch([rule for rule in rules if isinstance(rule, RunRule)])

    def _stretch(self, doc: Document, group: list[int]) -> range:
        """The run's blocks, widened by its lead and trail blocks."""
        o = self.options
        zone, limit, size = self.spec.zone, o["gap_max_chars"], len(doc.texts)
        first, last = group[0], group[-1]
        for _ in range(o["lead"]):
            if first > 0 and doc.is_short_in(zone, first - 1, limit):
                first -= 1
        for _ in range(o["trail"]):
            if last + 1 < size and doc.is_short_in(zone, last + 1, limit):
                last += 1
        return range(first, last + 1)


class RunBatch(RuleBatch):
    """All run rules of a rule set, applied together. Which rules a block can be an item of depends on
    its text alone, so it is worked out once per block text (one bit per rule), and only for the rules
    whose zone the block is in; a document whose blocks are items of no rule, the common case, costs
    one lookup per block, and a rule none of whose items is in the document is not walked at all."""

    def __init__(self, rules: Sequence[RunRule]) -> None:
        self.rules = list(rules)
        #: Per place of a block (see ``Document.places``), the rules whose zone takes it, as bits (rule
        #: ``n`` is bit ``n``).
        self.rules_at = {where: sum(1 << bit for bit, rule in enumerate(self.rules) if rule.spec.zone in zones)
                         for where, zones in ZONES_AT.items()}
        #: Per place, the longest block any of its rules takes.
        self.longest_at = {where: max((rule.max_chars for bit, rule in enumerate(self.rules) if wanted >> bit & 1),
                                      default=-1) for where, wanted in self.rules_at.items()}
        #: Block text -> (the rules it was judged for, those it is an item of), as bits.
        self.memo: Memo[str, tuple[int, int]] = Memo()
        #: Per place, block text -> the rules of that place it is an item of, as bits (0 for a prose
        #: block or one too long for any of them: both depend on the text alone).
        self.items_at: dict[str, Memo[str, int]] = {where: Memo() for where, wanted in self.rules_at.items() if wanted}
        #: Every rule's item patterns in one list, each with its rule's bit and the ways a matching block's
        #: first word may begin (None: any); a pattern's place in it is its key in one literal index
        #: over all their gates, so one scan of a block finds the patterns whose literals it holds.
        self.patterns: list[tuple[int, regex.Pattern[str], frozenset[str] | None]] = []
        gates: list[tuple[int, Literals]] = []
        #: The keys of the patterns without a gate, tried on every block.
        self.ungated: list[int] = []
        for bit, rule in enumerate(self.rules):
            items = rule.items
            for pattern, gate, leads in zip(items.patterns, items.gates, items.leads, strict=True):
                key = len(self.patterns)
                self.patterns.append((bit, pattern, leads))
                if gate is None:
                    self.ungated.append(key)
                else:
                    gates.append((key, gate))
        self.index = LiteralIndex(gates)

    def _judge(self, text: str, size: int, wanted: int, known: tuple[int, int] | None) -> tuple[int, int]:
        judged, items = known or (0, 0)
        todo = 0
        for bit, rule in enumerate(self.rules):
            if wanted >> bit & 1 and not judged >> bit & 1 and size <= rule.max_chars:
                todo |= 1 << bit
        if todo:
            # Only the patterns of rules still to judge that are ungated or whose literals the block holds,
            # each rule until one of its patterns matches the block or its label.
            label = as_label(text)
            keys = lead_keys(text, label)
            for key in (*self.ungated, *self.index.keys_in(gate_text(text))):
                bit, pattern, leads = self.patterns[key]
                if not todo >> bit & 1 or (leads is not None and leads.isdisjoint(keys)):
                    continue
                rule = self.rules[bit]
                if (search(pattern, text, rule.spec.id, rule.timeout, rule.clocked) is not None or (
                        label is not text
                        and search(pattern, label, rule.spec.id, rule.timeout, rule.clocked) is not None)):
                    items |= 1 << bit
                    todo &= ~(1 << bit)
        return judged | wanted, items

    def _items(self, text: str, size: int, prose: bool, where: str) -> int:
        """The rules of place ``where`` that ``text`` is an item of, as bits (judged once per text)."""
        wanted = self.rules_at[where]
        found = 0
        if not prose and size <= self.longest_at[where]:
            known = self.memo.get(text)
            if known is None or wanted & ~known[0]:
                known = self._judge(text, size, wanted, known)
                self.memo.remember(text, known)
            found = known[1] & wanted
        self.items_at[where].remember(text, found)
        return found

    def find(self, doc: Document) -> list[tuple[int, Rule]]:
        texts, sizes, prose = doc.texts, doc.sizes, doc.prose
        items: dict[int, list[int]] = {}  # rule's bit -> its items, in order
        for where, indices in doc.places():
            memo = self.items_at.get(where)
            if memo is None:
                continue
            start = indices.start
            # Looked up together: most blocks of a document are known, and most are no rule's item.
            found = list(map(memo.get, texts[start:indices.stop]))
            if None not in found and not any(found):
                continue
            for index, mask in enumerate(found, start):
                if mask is None:
                    mask = self._items(texts[index], sizes[index], prose[index], where)
                while mask:
                    bit = (mask & -mask).bit_length() - 1
                    items.setdefault(bit, []).append(index)
                    mask &= mask - 1
        marked: list[tuple[int, Rule]] = []
        for bit in sorted(items):
            rule = self.rules[bit]
            marked += ((index, rule) for index in rule.runs(doc, items[bit]))
        return marked
