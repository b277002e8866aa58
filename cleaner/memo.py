"""Bounded memos: judgements of blocks by their text, kept across passes and documents.

A site's menus and footers repeat on every page, so most blocks of a corpus have been judged before;
remembering costs one dictionary lookup instead of the patterns. Each memo is emptied when full, so
memory stays bounded on a corpus where no line repeats.
"""

from __future__ import annotations

from typing import TypeVar

#: How many judged blocks a memo remembers before it starts afresh. A site's chrome is a few hundred
#: lines; a rule set holds some thirty memos (several kinds keep one per place in the document), and
#: most hold short blocks only, so this bounds their memory to a few hundred MB even on a corpus where
#: no line repeats.
MEMO_SIZE = 50_000

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    """A dictionary that starts afresh when it holds ``MEMO_SIZE`` entries."""

    def remember(self, key: K, value: V) -> None:
        if len(self) >= MEMO_SIZE:
            self.clear()
        self[key] = value


_SQUEEZED: Memo[str, str] = Memo()


def squeezed(text: str) -> str:
    """``text`` with each run of whitespace made one space and none at the ends: copies of a line that
    differ only in spacing are the same line (remembered by text, for every rule that compares lines)."""
    found = _SQUEEZED.get(text)
    if found is None:
        found = " ".join(text.split())
        _SQUEEZED.remember(text, found)
    return found


def squeezed_all(texts: list[str], longest: int) -> list[str]:
    """``squeezed`` of each text no longer than ``longest``, "" for the others (the hot loop of rules
    that compare a document's short blocks)."""
    known = _SQUEEZED.get
    keys = []
    for text in texts:
        if len(text) > longest:
            keys.append("")
            continue
        key = known(text)
        if key is None:
            key = squeezed(text)
        keys.append(key)
    return keys
