"""The view rules see: the non-blank lines still standing, and where the article body lies.

The body runs from the first to the last prose block (long, sentence-ending). Before it is the
``head`` zone, after it the ``tail``: most chrome lives there, and restricting a rule to those
zones is what keeps article text safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from cleaner.blocks import Line, is_prose

ZONES = ("head", "tail", "edges", "body", "anywhere")


@dataclass
class Document:
    """Blocks (non-blank lines) in order, with zone boundaries computed once per pass."""

    blocks: list[Line]
    url: str | None = None
    texts: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.texts = [block.text for block in self.blocks]

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

    def zone_indices(self, zone: str) -> list[int]:
        if zone == "edges":
            return [*self.zone_range("head"), *self.zone_range("tail")]
        return list(self.zone_range(zone))
