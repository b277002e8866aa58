"""``cut``: a marker in the tail ("Related articles", "More from ...") after which everything is chrome."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from cleaner.document import Document
from cleaner.kinds.base import Rule


class CutRule(Rule):
    """The first tail block matching ``markers`` (and, if given, followed by a block matching ``next``)
    starts chrome that runs to the end of the document."""

    kind = "cut"
    default_zone = "tail"
    zones = ("tail",)
    params: ClassVar[Mapping[str, tuple[type | tuple[type, ...], Any]]] = {
        "markers": ((str, list), ...),
        "next": ((str, list), []),
        "max_chars": (int, 60),
        "case_sensitive": (bool, False),
    }

    def setup(self, defines: Mapping[str, str]) -> None:
        case = bool(self.options["case_sensitive"])
        self.markers = self.gated("markers", defines, case)
        self.next = self.compile_list("next", defines, case)
        self.max_chars = int(self.options["max_chars"])

    def find(self, doc: Document) -> Iterable[int]:
        texts = doc.texts
        tail = doc.zone_range("tail")
        for index in tail:
            text = texts[index]
            if doc.sizes[index] > self.max_chars:
                continue
            if not self.markers.matches(text):
                continue
            if self.next and (index + 1 >= len(texts) or not self.any_match(self.next, texts[index + 1])):
                continue
            return range(index, len(texts))
        return ()
