"""Bytes of an HTML page to text, so that mojibake never reaches the rules.

Order: a byte-order mark; then UTF-8, if the bytes are valid UTF-8 (text in a legacy encoding almost
never is, while pages that declare Latin-1 but hold UTF-8 are common); then the charset the page
declares in its first few KB (``<meta charset>`` or an ``http-equiv`` content type); then a statistical
guess; then Windows-1252. The last two are guesses, and the caller is told so.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import regex

#: How far into the page a charset declaration is looked for (browsers look at the first 1024 bytes).
SNIFF_BYTES = 4096
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_DECLARED = regex.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{2,40})", regex.IGNORECASE)
#: Labels browsers read as another encoding (WHATWG Encoding Standard): Latin-1 pages are Windows-1252.
_ALIASES = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "utf-16-le": "utf-8",
            "utf-16-be": "utf-8", "utf-16": "utf-8"}


@dataclass(frozen=True)
class Decoded:
    """The page's text, the encoding used, and whether that encoding was a guess."""

    text: str
    encoding: str
    guessed: bool = False


def declared_encoding(head: bytes) -> str | None:
    """The encoding a page declares in ``head`` (normalised codec name), or None if none or unknown."""
    match = _DECLARED.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return _ALIASES.get(name, name)


def decode_bytes(data: bytes) -> Decoded:
    """Decode a page strictly in the order described above; never raises, never returns U+FFFD for
    bytes that are valid in the chosen encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom):].decode(encoding, errors="replace"), encoding)
    candidates = ["utf-8", declared_encoding(data[:SNIFF_BYTES])]
    for encoding in dict.fromkeys(c for c in candidates if c):
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    guess = _statistical_guess(data)
    if guess is not None:
        return guess
    try:
        return Decoded(data.decode("cp1252"), "cp1252", guessed=True)
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined: Latin-1 maps every byte
        return Decoded(data.decode("latin-1"), "latin-1", guessed=True)


def _statistical_guess(data: bytes) -> Decoded | None:
    """charset-normalizer's best guess, when it is confident enough to beat the Windows-1252 default."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding in {"ascii", "utf_8"} or best.chaos > 0.2:
        return None
    try:
        return Decoded(data.decode(best.encoding), best.encoding, guessed=True)
    except (UnicodeDecodeError, LookupError):
        return None
