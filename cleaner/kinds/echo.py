"""``echo``: a block that is another block of the page plus a short affix (the page title: the headline
with the site's name, "Harbour reopens after storm | Example News")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from cleaner.document import Document
from cleaner.errors import RuleTimeout
from cleaner.kinds.base import Rule
from cleaner.patterns import compile_pattern


class EchoRule(Rule):
    """A block in the zone, at most ``max_chars`` long, that splits at a ``separator`` into another
    block of the document (a headline: at least ``min_echo_chars`` long and ``min_echo_words`` words)
    and an affix of at most ``max_affix_chars`` on the other side. The block it echoes stays."""

    kind = "echo"
    monotone = True
    default_zone = "head"
    zones = ("head", "tail", "edges")
    params: ClassVar[Mapping[str, tuple[type | tuple[type, ...], Any]]] = {
        "separator": (str, r"\s+[|\-–—·•»:]{1,2}\s+|:\s+"),
        "max_chars": (int, 300),
        "min_echo_chars": (int, 20),
        "min_echo_words": (int, 3),
        "max_affix_chars": (int, 50),
        "case_sensitive": (bool, True),
    }

    def setup(self, defines: Mapping[str, str]) -> None:
        self.separator = compile_pattern(self.options["separator"], defines, bool(self.options["case_sensitive"]),
                                         self.spec.path, self.spec.line, self.spec.id)
        for name in ("max_chars", "min_echo_chars", "min_echo_words", "max_affix_chars"):
            if self.options[name] < 0:
                self.fail(f"key {name!r} must not be negative")

    def find(self, doc: Document) -> Iterable[int]:
        zone = doc.zone(self.spec.zone)
        if not zone:
            return ()
        o = self.options
        limit = o["max_chars"]
        normal = [" ".join(text.split()) for text in doc.texts]
        others = {text for text in normal
                  if len(text) >= o["min_echo_chars"] and text.count(" ") + 1 >= o["min_echo_words"]}
        marked = []
        for index in zone:
            if doc.sizes[index] <= limit and self._echoes(normal[index], others):
                marked.append(index)
        return marked

    def _echoes(self, text: str, others: set[str]) -> bool:
        """Whether ``text`` is one of ``others`` with a short affix before or after a separator."""
        affix = self.options["max_affix_chars"]
        try:
            for match in self.separator.finditer(text, timeout=self.timeout):
                before, after = text[:match.start()], text[match.end():]
                if (before in others and len(after) <= affix) or (after in others and len(before) <= affix):
                    return True
        except TimeoutError as exc:
            raise RuleTimeout(self.spec.id, self.timeout) from exc
        return False
