"""The view rules see: the non-blank lines still standing, and where the article body lies.

The body runs from the first to the last prose block (long, sentence-ending). Before it is the
``head`` zone, after it the ``tail``: most chrome lives there, and restricting a rule to those
zones is what keeps article text safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from cleaner.blocks import Line, is_prose
from cleaner.prefilter import LiteralIndex, digit_lines, may_match

ZONES = ("head", "tail", "edges", "body", "anywhere")


class Scan:
    """What is computed once per document and shared by every pass: the lower-cased lines, which
    of them hold a digit, and which hold the literals of each literal index (by original line index)."""

    def __init__(self, lines: list[Line]) -> None:
        self.joined = "\n".join(line.text for line in lines).lower()
        parts = self.joined.split("\n")
        self.order = [line.index for line in lines]
        self.lowered = dict(zip(self.order, parts, strict=True)) if lines else {}
        self.starts, position = [], 0
        for part in parts:
            self.starts.append(position)
            position += len(part) + 1
        self.digits = {self.order[i] for i in digit_lines(self.joined, self.starts)} if lines else set()
        self._hits: dict[int, dict[int, set[int]]] = {}

    def hits(self, index: LiteralIndex) -> dict[int, set[int]]:
        """Original line index -> keys of ``index`` whose literals occur on that line."""
        found = self._hits.get(id(index))
        if found is None:
            found = {self.order[i]: keys for i, keys in index.lines_with(self.joined, self.starts).items()}
            self._hits[id(index)] = found
        return found


@dataclass
class Document:
    """Blocks (non-blank lines) in order, with zone boundaries computed once per pass."""

    blocks: list[Line]
    url: str | None = None
    scan: Scan | None = None
    texts: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.texts = [block.text for block in self.blocks]
        if self.scan is None:
            self.scan = Scan(self.blocks)

    @property
    def shared(self) -> Scan:
        assert self.scan is not None
        return self.scan

    def may_match(self, index: int, gate: frozenset[str] | None) -> bool:
        """Whether block ``index`` holds one of a pattern's required literals (see ``cleaner.prefilter``)."""
        if gate is None:
            return True
        line = self.blocks[index].index
        return may_match(gate, self.shared.lowered[line], line in self.shared.digits)

    @cached_property
    def prose(self) -> list[bool]:
        return [is_prose(text) for text in self.texts]

    @cached_property
    def body_span(self) -> tuple[int, int] | None:
        """Indices of the first and last prose block, or None when the document has no prose."""
        flags = self.prose
        try:
            first = flags.index(True)
        except ValueError:
            return None
        last = len(flags) - 1 - flags[::-1].index(True)
        return first, last

    def in_zone(self, index: int, zone: str) -> bool:
        """Whether block ``index`` lies in ``zone``; a document without prose has no head or tail."""
        if zone == "anywhere":
            return True
        span = self.body_span
        if span is None:
            return False
        first, last = span
        if zone == "head":
            return index < first
        if zone == "tail":
            return index > last
        if zone == "edges":
            return index < first or index > last
        return first <= index <= last  # body

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

    def zone_indices(self, zone: str) -> list[int]:
        if zone == "edges":
            return [*self.zone_range("head"), *self.zone_range("tail")]
        return list(self.zone_range(zone))
