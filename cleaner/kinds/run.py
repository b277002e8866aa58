"""``run``: a run of short blocks sharing a shape (teaser title + date stamp, link lists, menus)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

from cleaner.document import Document
from cleaner.kinds.base import Rule


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
        self.require_non_negative("min_items", "max_gap", "max_chars", "gap_max_chars", "lead", "trail")
        if self.options["min_items"] < 2:
            self.fail("'min_items' must be at least 2: one block is not a run")

    def find(self, doc: Document) -> Iterable[int]:
        o = self.options
        zone = doc.zone(self.spec.zone)
        if len(zone) < o["min_items"]:
            return ()
        texts, sizes, prose = doc.texts, doc.sizes, doc.prose
        limit = o["max_chars"]
        judged = self.items.memo.get
        items = []
        for i in zone:
            if sizes[i] <= limit and not prose[i]:
                found = judged(texts[i])
                if found or (found is None and self.items.matches(texts[i])):
                    items.append(i)
        if len(items) < o["min_items"]:
            return ()
        allowed = set(zone)

        def short(index: int, limit: int) -> bool:
            return sizes[index] <= limit and index in allowed and not prose[index]

        marked: list[int] = []
        group: list[int] = []
        for index in [*items, None]:
            if index is not None and group and index - group[-1] - 1 <= o["max_gap"] and all(
                short(j, o["gap_max_chars"]) for j in range(group[-1] + 1, index)
            ):
                group.append(index)
                continue
            if len(group) >= o["min_items"]:
                marked.extend(self._stretch(group, short, len(texts)))
            group = [index] if index is not None else []
        return marked

    def _stretch(self, group: list[int], short: Callable[[int, int], bool], size: int) -> range:
        """The run's blocks, widened by its lead and trail blocks."""
        o = self.options
        first, last = group[0], group[-1]
        for _ in range(o["lead"]):
            if first > 0 and short(first - 1, o["gap_max_chars"]):
                first -= 1
        for _ in range(o["trail"]):
            if last + 1 < size and short(last + 1, o["gap_max_chars"]):
                last += 1
        return range(first, last + 1)
