"""Files in and out without losing a byte: binary files recognised, encodings kept, writes atomic.

A text file is read as bytes and decoded strictly. Bytes that are not UTF-8 are read as Windows-1252
(or Latin-1, which maps every byte) and the cleaned text is written back in that same encoding, so an
undecodable byte never turns into U+FFFD on disk. The cleaned text is a subsequence of the input's
spans, so encoding it back cannot fail.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: Bytes looked at to tell a binary file from text.
SNIFF_BYTES = 8192
#: File signatures of formats that are never text, whatever their extension says.
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"), (b"%PDF-", "PDF document"), (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"), (b"\x28\xb5\x2f\xfd", "zstd data"), (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media"), (b"BM", "BMP image"),
)
_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


class SkipFile(Exception):
    """The file is left exactly as it is, for the reason given (binary, too large, ...)."""


@dataclass(frozen=True)
class DecodedText:
    """A file's text and the encoding it must be written back in; ``note`` says when that was a fallback."""

    text: str
    encoding: str
    note: str | None = None

    def encode(self, text: str) -> bytes:
        return text.encode(self.encoding)


def binary_kind(head: bytes) -> str | None:
    """Why ``head`` (a file's first bytes) is not text, or None if it may be text."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    for magic, kind in MAGIC:
        if head.startswith(magic) and (magic != b"BM" or b"\n" not in head[:64]):
            return kind
    if b"\x00" in head[:SNIFF_BYTES]:
        return "binary data (NUL bytes)"
    return None


def decode_text(data: bytes) -> DecodedText:
    """Strict decoding: UTF-8 (a BOM stays in the text), UTF-16 with a BOM, else Windows-1252 or Latin-1."""
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            return DecodedText(data.decode(encoding), encoding)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        where = f"byte {exc.start}"
    for fallback in ("cp1252", "latin-1"):
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            continue
        return DecodedText(text, fallback, f"not valid UTF-8 ({where}); read and written back as {fallback}")
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def read_checked(path: Path, max_bytes: int) -> bytes:
    """A file's bytes; raises ``SkipFile`` for binary or oversized files (left untouched), OSError as is."""
    size = path.stat().st_size
    if size > max_bytes:
        raise SkipFile(f"larger than --max-size ({size:,} > {max_bytes:,} bytes); left as it is")
    data = path.read_bytes()
    kind = binary_kind(data[:SNIFF_BYTES])
    if kind is not None:
        raise SkipFile(f"{kind}, not text; left as it is")
    return data


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces ``path`` only once fully written and synced.

    The temporary file lives in the same directory (so the rename is atomic) and gets the mode of the
    file it replaces. On any error the temporary file is removed and ``path`` is untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = _new_file_mode()
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".cleaner-tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (see ``atomic_writer``)."""
    with atomic_writer(path) as handle:
        handle.write(data)
