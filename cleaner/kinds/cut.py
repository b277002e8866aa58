"""``cut``: a marker in the tail ("Related articles", "More from ...") after which everything is chrome."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from cleaner.document import Document
from cleaner.kinds.base import Memo, Rule


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
        self.markers = self.compile_list("markers", defines, case)
        self.next = self.compile_list("next", defines, case)
        self.marker_gates = self.gates_of(self.markers)
        self.marker_leads = self.leads_of(self.markers, self.marker_gates)
        self.max_chars = int(self.options["max_chars"])
        #: Block text -> whether it is a marker (judged once per text, across passes and documents).
        self.marker_memo: Memo[str, bool] = Memo()

    def is_marker(self, text: str) -> bool:
        found = self.marker_memo.get(text)
        if found is None:
            found = self.block_matches(self.markers, self.marker_gates, self.marker_leads, text)
            self.marker_memo.remember(text, found)
        return found

    def find(self, doc: Document) -> Iterable[int]:
        texts = doc.texts
        tail = doc.zone_range("tail")
        for index in tail:
            text = texts[index]
            if doc.sizes[index] > self.max_chars:
                continue
            if not self.is_marker(text):
                continue
            if self.next and (index + 1 >= len(texts) or not self.any_match(self.next, texts[index + 1])):
                continue
            return range(index, len(texts))
        return ()
