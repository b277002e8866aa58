"""Split text into lines with exact offsets, so removals can cut spans and keep every other byte."""

from __future__ import annotations

from dataclasses import dataclass

import regex

BOM = "\ufeff"
_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_CLOSERS = "\"'”’»)]"
_TERMINAL = frozenset(".!?。！？…:;")

#: A block at least this long, ending like a sentence, is taken for article prose.
PROSE_MIN_CHARS = 100
PROSE_MIN_WORDS = 12


@dataclass(slots=True)
class Line:
    """One physical line: ``start``..``end`` covers its terminator, ``text`` is the content without it."""

    index: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    """Lines of ``text`` (CRLF, lone CR and LF all end a line); a leading BOM belongs to no line."""
    offset = 1 if text.startswith(BOM) else 0
    lines: list[Line] = []
    if "\r" not in text:  # the common case, without a regex
        position = offset
        for content in text[offset:].split("\n"):
            end = position + len(content)
            if end < len(text):
                end += 1
            elif not content:
                break
            lines.append(Line(len(lines), position, end, content))
            position = end
        return lines
    for match in _LINE.finditer(text, offset):
        raw = match.group()
        if not raw:
            continue
        content = raw.rstrip("\r\n")
        lines.append(Line(len(lines), match.start(), match.end(), content))
    return lines


def is_prose(text: str) -> bool:
    """A long block that reads as finished sentences (not a title, label or truncated teaser)."""
    stripped = text.strip()
    if len(stripped) < PROSE_MIN_CHARS:
        return False
    core = stripped.rstrip(_CLOSERS)
    if not core or core[-1] not in _TERMINAL or core.endswith(("...", "…")):
        return False
    return len(stripped.split()) >= PROSE_MIN_WORDS or len(stripped) >= 2 * PROSE_MIN_CHARS
