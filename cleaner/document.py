"""The view rules see: the non-blank blocks still standing, and where the article body lies.

The body runs from the first to the last prose block (long, sentence-ending). Before it is the
``head`` zone, after it the ``tail``: most chrome lives there, and restricting a rule to those
zones is what keeps article text safe.

Whole-page text has prose after the article too (a promo's blurb, a comment, a teaser with a
sentence), beyond long stretches of menus and headline lists. So the body ends before a stretch of
at least ``TAIL_GAP_BLOCKS`` blocks without prose when all the prose after that stretch is less than
``TAIL_PROSE_SHARE`` of the prose before it: an article that goes on after a table or a list goes
on at length, a page's leftovers do not. The head is never cut short this way: an article may open
with one short paragraph and a table.

Many sites print the standfirst, a sentence or two of prose, above the byline, the date and the photo
credit; extractors keep that order, so the body starts at the standfirst and those lines fall inside
it. The short blocks between the body's first prose block and its second are the ``lede`` place:
line rules of the head judge them too, up to the first block no rule takes (a byline, a date stamp,
a credit there are what they are before the standfirst; a table or a list after the first paragraph
starts with a line of its own and stays); run rules do not.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, pairwise
from operator import itemgetter

from cleaner.blocks import Line, is_stripped_prose
from cleaner.memo import Memo

ZONES = ("head", "tail", "edges", "body", "anywhere")

#: The zones a block is in, by its place (see ``Document.places``): before the body, the body's first
#: block, its inside, its last block, after the body, or anywhere in a document without a body.
ZONES_AT: dict[str, frozenset[str]] = {
    "head": frozenset({"head", "edges", "anywhere"}),
    "first": frozenset({"body", "anywhere"}),
    "body": frozenset({"body", "anywhere"}),
    "last": frozenset({"body", "anywhere"}),
    "lede": frozenset({"body", "anywhere"}),
    "tail": frozenset({"tail", "edges", "anywhere"}),
    "none": frozenset({"anywhere"}),
}


#: A stretch of at least this many blocks without prose may end the body...
TAIL_GAP_BLOCKS = 10
#: ...when the prose after it is less than this share of the prose before it.
TAIL_PROSE_SHARE = 0.25

#: Blocks longer than this (stripped) get no comparison key: no rule compares blocks that long.
KEY_MAX_CHARS = 500

#: Stripped length, prose flag, comparison key and text as judged of each block text seen: worked out
#: once, however many documents carry it.
_FACTS: Memo[str, tuple[int, bool, str, str]] = Memo()


class BlockFacts:
    """What is worked out once per document and shared by every pass: each block's text as the rules
    judge it, stripped length, whether it is prose and its comparison key (``memo.squeezed``, "" past
    ``KEY_MAX_CHARS``), in the order of ``blocks``; and the last block the body may reach (``body_limit``,
    see the module's docstring).

    A block is judged composed (NFC): the rules are written in composed characters ("é", not "e" and an
    accent), and some sites (Vietnamese and Korean ones, text from a Mac) print accents or Hangul as
    combining marks. Cuts still use the text as it came."""

    def __init__(self, texts: list[str]) -> None:
        facts = list(map(_FACTS.get, texts))
        if None in facts:
            facts = [fact or _facts_of(text) for fact, text in zip(facts, texts, strict=True)]
        self.sizes: list[int] = list(map(itemgetter(0), facts))  # type: ignore[arg-type]
        self.prose: list[bool] = list(map(itemgetter(1), facts))  # type: ignore[arg-type]
        self.keys: list[str] = list(map(itemgetter(2), facts))  # type: ignore[arg-type]
        self.texts: list[str] = list(map(itemgetter(3), facts))  # type: ignore[arg-type]
        self.prose_count = self.prose.count(True)
        self.body_limit = _body_limit(list(compress(range(len(texts)), self.prose)), self.sizes)


def _facts_of(text: str) -> tuple[int, bool, str, str]:
    judged = text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    stripped = judged.strip()
    size = len(stripped)
    facts = size, is_stripped_prose(stripped), " ".join(stripped.split()) if size <= KEY_MAX_CHARS else "", judged
    _FACTS.remember(text, facts)
    return facts


def _body_limit(prose: list[int], sizes: list[int]) -> int | None:
    """The last prose block before a stretch of more than ``TAIL_GAP_BLOCKS`` blocks without prose after
    which the prose is less than ``TAIL_PROSE_SHARE`` of the prose before it; None when there is none.
    ``prose``: the places of the prose blocks in the document as it came, in order (stretches are
    counted there, so removing the chrome in a stretch does not move the body's end)."""
    if len(prose) < 2 or prose[-1] - prose[0] <= TAIL_GAP_BLOCKS:
        return None
    total = sum(sizes[index] for index in prose)
    before = 0
    for index, following in pairwise(prose):
        before += sizes[index]
        if following - index > TAIL_GAP_BLOCKS and total - before < TAIL_PROSE_SHARE * before:
            return index
    return None


@dataclass
class Document:
    """Blocks (non-blank lines, or paragraphs of wrapped text) in order, by number (their first line's),
    with what is known of them (``facts``) and zone boundaries computed once per pass. ``positions``:
    where each of ``blocks`` stands in ``facts`` (None: the blocks are all of ``facts``, in order)."""

    blocks: Sequence[int]
    url: str | None
    facts: BlockFacts
    positions: list[int] | None = None
    texts: list[str] = field(init=False)
    #: Stripped length of each block (rules' ``max_chars`` limits are checked against it).
    sizes: list[int] = field(init=False)
    prose: list[bool] = field(init=False)
    #: Each block whitespace-normalised, for rules that compare blocks ("" when too long to compare).
    keys: list[str] = field(init=False)
    #: Indices of the first and last prose block, or None when the document has no prose.
    body_span: tuple[int, int] | None = field(init=False)

    @classmethod
    def of_lines(cls, lines: list[Line], url: str | None = None) -> Document:
        """The document of ``lines`` (each a block)."""
        return cls([line.index for line in lines], url, BlockFacts([line.text for line in lines]))

    def __post_init__(self) -> None:
        facts = self.facts
        if self.positions is None:
            self.texts, self.sizes, self.prose, self.keys = facts.texts, facts.sizes, facts.prose, facts.keys
        else:
            texts, sizes, prose, keys = facts.texts, facts.sizes, facts.prose, facts.keys
            self.texts = [texts[p] for p in self.positions]
            self.sizes = [sizes[p] for p in self.positions]
            self.prose = [prose[p] for p in self.positions]
            self.keys = [keys[p] for p in self.positions]
        flags = self.prose
        self.lede: range | None = None
        if True in flags:
            first, last = flags.index(True), len(flags) - 1 - flags[::-1].index(True)
            self.body_span = first, self._body_end(first, last)
            if first < self.body_span[1]:
                # However many blocks: a limit would not hold for the cleaned text, which has fewer.
                self.lede = range(first + 1, flags.index(True, first + 1))
        else:
            self.body_span = None
        self._zones: dict[str, tuple[int, ...]] = {}
        self._repeats: dict[str, int] | None = None

    def _body_end(self, first: int, last: int) -> int:
        """The body's last block: ``last`` (the last prose block), or the last prose block standing at or
        before the body's limit (worked out again only when a prose block has gone)."""
        facts = self.facts
        place: Sequence[int] = self.positions if self.positions is not None else range(len(self.blocks))
        limit = facts.body_limit
        if self.prose.count(True) != facts.prose_count:
            limit = _body_limit(list(compress(place, self.prose)), facts.sizes)
        if limit is None or place[last] <= limit:
            return last
        within = [index for index in range(first, last) if self.prose[index] and place[index] <= limit]
        return within[-1] if within else last

    def span_in_document(self) -> tuple[int, int, int] | None:
        """The body's first block, the block after the lede and the body's last block, as places in the
        document as it came (``facts``): the places of the blocks still standing are the same whenever
        this is."""
        if self.body_span is None:
            return None
        first, last = self.body_span
        after_lede = self.lede.stop if self.lede is not None else first
        if self.positions is None:
            return first, after_lede, last
        return self.positions[first], self.positions[after_lede], self.positions[last]

    def places(self) -> list[tuple[str, range]]:
        """The document in stretches by place (keys of ``ZONES_AT``): the head, the body's first block,
        the lede (see the module's docstring), the rest of its inside, its last block, the tail; a body
        of one block is just "body", a document without one is all "none". Rules applied together
        judge a block by its text and its place."""
        size, span = len(self.blocks), self.body_span
        if span is None:
            return [("none", range(size))]
        first, last = span
        lede = self.lede
        if first == last:
            inner = [("body", range(first, first + 1))]
        elif lede:
            inner = [("first", range(first, first + 1)), ("lede", lede), ("body", range(lede.stop, last)),
                     ("last", range(last, last + 1))]
        else:
            inner = [("first", range(first, first + 1)), ("body", range(first + 1, last)),
                     ("last", range(last, last + 1))]
        return [("head", range(first)), *inner, ("tail", range(last + 1, size))]

    def zone_range(self, zone: str) -> range:
        """Block indices of a contiguous zone (head, tail, body, anywhere)."""
        span = self.body_span
        if zone == "anywhere":
            return range(len(self.blocks))
        if span is None:
            return range(0)
        first, last = span
        if zone == "head":
            return range(first)
        if zone == "tail":
            return range(last + 1, len(self.blocks))
        return range(first, last + 1)

    def zone(self, zone: str) -> tuple[int, ...]:
        """Block indices of ``zone`` in order (``edges`` is the head, then the tail); worked out once per pass."""
        found = self._zones.get(zone)
        if found is None:
            if zone == "edges":
                found = (*self.zone_range("head"), *self.zone_range("tail"))
            else:
                found = tuple(self.zone_range(zone))
            self._zones[zone] = found
        return found

    def repeats(self) -> dict[str, int]:
        """How many times each comparison key found more than once occurs (worked out once per pass,
        for every rule that looks for repeated blocks; most documents have none)."""
        if self._repeats is None:
            keys = self.keys
            present = set(keys)
            present.discard("")
            if len(present) == len(keys) - keys.count(""):
                self._repeats = {}
            else:
                self._repeats = {key: count for key, count in Counter(keys).items() if count > 1 and key}
        return self._repeats

    def in_zone(self, zone: str, index: int) -> bool:
        """Whether block ``index`` is in ``zone`` (head, tail, edges, body or anywhere)."""
        span = self.body_span
        if zone == "anywhere":
            return True
        if span is None:
            return False
        first, last = span
        if zone == "head":
            return index < first
        if zone == "tail":
            return index > last
        if zone == "edges":
            return index < first or index > last
        return first <= index <= last

    def is_short_in(self, zone: str, index: int, limit: int) -> bool:
        """Whether block ``index`` is a short block of ``zone`` (not prose, at most ``limit`` long): what
        lists and runs of chrome are made of."""
        return self.sizes[index] <= limit and not self.prose[index] and self.in_zone(zone, index)

    def close_groups(self, indices: list[int], max_gap: int, zone: str, limit: int) -> Iterator[list[int]]:
        """``indices`` (ascending, not empty) in groups whose neighbours are at most ``max_gap`` blocks
        apart with only short blocks of ``zone`` (``is_short_in``) between them."""
        group = [indices[0]]
        for index in indices[1:]:
            previous = group[-1]
            if index == previous + 1 or (index - previous - 1 <= max_gap and all(
                    self.is_short_in(zone, between, limit) for between in range(previous + 1, index))):
                group.append(index)
                continue
            yield group
            group = [index]
        yield group

    def outer_prose(self, zone: str) -> list[int]:
        """The prose blocks at the body's edge that face ``zone``: the first for ``head``, the last for
        ``tail``, both for ``edges``. A boilerplate sentence closing a page ("Comments are moderated
        ...") reads as prose and so marks the body's end itself; rules that allow it look here too.
        A body of one prose block has no such edge: that block is all the article there is."""
        span = self.body_span
        if span is None or span[0] == span[1]:
            return []
        first, last = span
        return {"head": [first], "tail": [last], "edges": [first, last]}.get(zone, [])
