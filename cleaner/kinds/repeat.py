"""``repeat``: a short block printed more than once (a footer twice, a source label around a headline)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import regex

from cleaner.document import KEY_MAX_CHARS, Document
from cleaner.kinds.base import Rule
from cleaner.memo import squeezed_all

_LETTER = regex.compile(r"\p{L}")


class RepeatRule(Rule):
    """Every copy, within the zone, of a block (whitespace-normalised) found at least ``min_count``
    times in the document, if it is between ``min_chars`` and ``max_chars`` long and has letters
    (and, with ``max_words``, no more words than that: a label, not a headline printed twice).
    Optional ``patterns`` narrow it to blocks of a given shape."""

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
    }

    def setup(self, defines: Mapping[str, str]) -> None:
        self.patterns = self.compile_list("patterns", defines, bool(self.options["case_sensitive"]))
        if self.options["min_count"] < 2:
            self.fail("'min_count' must be at least 2")

    def find(self, doc: Document) -> Iterable[int]:
        if not doc.zone(self.spec.zone):
            return ()
        o = self.options
        limit = o["max_chars"]
        # Only short blocks can repeat as chrome; whitespace differences do not make them different.
        keys = doc.keys if limit <= KEY_MAX_CHARS else squeezed_all(doc.texts, 2 * limit)
        present = set(keys)
        present.discard("")
        if len(present) == len(keys) - keys.count(""):
            return ()  # no short block is there twice: most documents
        repeated = {key for key, count in Counter(keys).items() if count >= o["min_count"] and key}
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
            if self.patterns and not self.any_match(self.patterns, key):
                continue
            marked.append(index)
        return marked
