"""``repeat``: a short block printed more than once (a footer twice, a source label around a headline)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import Any, ClassVar

import regex

from cleaner.document import KEY_MAX_CHARS, Document
from cleaner.kinds.base import Rule
from cleaner.memo import Memo, squeezed_all

_LETTER = regex.compile(r"\p{L}")


class RepeatRule(Rule):
    """Every copy, within the zone, of a block (whitespace-normalised) found at least ``min_count``
    times in the document, if it is between ``min_chars`` and ``max_chars`` long and has letters
    (and, with ``max_words``, no more words than that: a label, not a headline printed twice).
    Optional ``patterns`` narrow it to blocks of a given shape.

    With ``between``, copies of one block that follow each other at most ``max_gap`` blocks apart, at
    least ``min_count`` of them, take the blocks between them too, and as many after the last copy as
    the widest gap (a list of teaser cards, each headed by the same section label): only short blocks
    that are not prose and stand in the zone."""

    kind = "repeat"
    monotone = True
    default_zone = "edges"
    zones = ("head", "tail", "edges")
    params: ClassVar[Mapping[str, tuple[type | tuple[type, ...], Any]]] = {
        "min_count": (int, 2),
        "min_chars": (int, 3),
        "max_chars": (int, 120),
        "max_words": (int, 0),
        "patterns": ((str, list), []),
        "case_sensitive": (bool, False),
        "between": (bool, False),
        "max_gap": (int, 4),
        "gap_max_chars": (int, 200),
    }

    def setup(self, defines: Mapping[str, str]) -> None:
        self.patterns = self.compile_list("patterns", defines, bool(self.options["case_sensitive"]))
        if self.options["min_count"] < 2:
            self.fail("'min_count' must be at least 2")
        self.require_non_negative("max_gap", "gap_max_chars")
        self._shapes: Memo[str, bool] = Memo()

    def _shaped(self, key: str) -> bool:
        """Whether ``key`` has the shape ``patterns`` ask for (remembered: the same labels recur)."""
        found = self._shapes.get(key)
        if found is None:
            found = self.any_match(self.patterns, key)
            self._shapes.remember(key, found)
        return found

    def is_monotone(self) -> bool:
        # Removing blocks between copies can bring them within ``max_gap`` of each other.
        return not self.options["between"]

    def find(self, doc: Document) -> Iterable[int]:
        if not doc.zone(self.spec.zone):
            return ()
        o = self.options
        limit = o["max_chars"]
        # Only short blocks can repeat as chrome; whitespace differences do not make them different.
        if limit <= KEY_MAX_CHARS:
            keys, counts = doc.keys, doc.repeats()
        else:
            keys = squeezed_all(doc.texts, 2 * limit)
            counts = Counter(keys)
        repeated = {key for key, count in counts.items() if count >= o["min_count"] and key}
        if not repeated:
            return ()
        marked = []
        for index in doc.zone(self.spec.zone):
            key = keys[index]
            if key not in repeated or not o["min_chars"] <= len(key) <= limit:
                continue
            if doc.prose[index] or not _LETTER.search(key):
                continue
            if o["max_words"] and len(key.split()) > o["max_words"]:
                continue
            if self.patterns and not self._shaped(key):
                continue
            marked.append(index)
        return self._cards(doc, marked, keys) if o["between"] else marked

    def _cards(self, doc: Document, copies: list[int], keys: list[str]) -> list[int]:
        """``copies`` with, for each close sequence of copies of one block, the blocks between and after
        them (see the class's docstring)."""
        o = self.options
        zone, limit, size = self.spec.zone, o["gap_max_chars"], len(doc.texts)
        by_key: dict[str, list[int]] = {}
        for copy in copies:
            by_key.setdefault(keys[copy], []).append(copy)
        marked = set(copies)
        for indices in by_key.values():
            for group in doc.close_groups(indices, o["max_gap"], zone, limit):
                if len(group) < o["min_count"]:
                    continue
                marked.update(range(group[0], group[-1] + 1))
                widest = max(after - before for before, after in pairwise(group)) - 1
                for following in range(group[-1] + 1, min(group[-1] + 1 + widest, size)):
                    if not doc.is_short_in(zone, following, limit):
                        break
                    marked.add(following)
        return sorted(marked)
