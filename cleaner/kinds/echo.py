"""``echo``: a block that is another block of the page plus a short affix (the page title: the headline
with the site's name, "Harbour reopens after storm | Example News")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from cleaner.document import KEY_MAX_CHARS, Document
from cleaner.kinds.base import Rule
from cleaner.memo import Memo, squeezed
from cleaner.patterns import compile_pattern, finditer


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
        self.require_non_negative("max_chars", "min_echo_chars", "min_echo_words", "max_affix_chars")
        self._echoed: Memo[str, tuple[str, ...]] = Memo()

    def find(self, doc: Document) -> Iterable[int]:
        zone = doc.zone(self.spec.zone)
        limit = self.options["max_chars"]
        texts, sizes = doc.texts, doc.sizes
        known = self._echoed.get
        echoes: dict[int, tuple[str, ...]] = {}  # block -> the headlines it would echo, for blocks with any
        for index in zone:
            if sizes[index] <= limit:
                found = known(texts[index])
                if found is None:
                    found = self.echoed(texts[index])
                if found:
                    echoes[index] = found
        if not echoes:
            return ()
        # A headline is short: only blocks no longer than a title can be what a title echoes.
        keys = doc.keys if limit <= KEY_MAX_CHARS else [squeezed(text) for text in texts]
        others = {key for key, size in zip(keys, sizes, strict=True) if size <= limit}
        return [index for index, candidates in echoes.items() if any(c in others for c in candidates)]

    def echoed(self, text: str) -> tuple[str, ...]:
        """The headlines ``text`` would echo: each part on one side of a separator, long enough for a
        headline, whose other side is short enough for an affix (remembered by text)."""
        found = self._echoed.get(text)
        if found is None:
            found = self._split(squeezed(text))
            self._echoed.remember(text, found)
        return found

    def _split(self, text: str) -> tuple[str, ...]:
        o = self.options
        parts = []
        for match in finditer(self.separator, text, self.spec.id, self.timeout, self.clocked):
            before, after = text[:match.start()], text[match.end():]
            for part, affix in ((before, after), (after, before)):
                if (len(affix) <= o["max_affix_chars"] and len(part) >= o["min_echo_chars"]
                        and part.count(" ") + 1 >= o["min_echo_words"]):
                    parts.append(part)
        return tuple(parts)
