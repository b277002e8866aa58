"""What a cleaning run returns: the cleaned text and an exact account of what went."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Removal(NamedTuple):
    """One cut span of the input: ``input[start:end] == text``, removed by ``rule`` of ``category``.
    A named tuple: a document can have hundreds, and a tuple is made several times faster than a
    frozen dataclass."""

    rule: str
    category: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Flag:
    """Something the caller should know about: the guard held back a cut, a rule timed out, ..."""

    kind: str
    message: str
    rule: str | None = None


@dataclass(slots=True)
class CleanResult:
    """The cleaned ``text``, the ``removed`` spans (in input order) and any ``flags``.

    Invariant: cutting every ``removed`` span out of ``original`` gives ``text``.
    """

    text: str
    removed: list[Removal] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    original: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.removed)

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    def removed_by_category(self) -> dict[str, int]:
        """Characters removed per category."""
        totals: dict[str, int] = {}
        for removal in self.removed:
            totals[removal.category] = totals.get(removal.category, 0) + (removal.end - removal.start)
        return totals
