"""Reading and writing files without losing a byte: decoding, binary sniffing, atomic replacement."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cleaner.textio import SkipFile, atomic_writer, binary_kind, decode_text, read_checked


@pytest.mark.parametrize("data, encoding", [
    (b"plain ascii\n", "utf-8"),
    ("\ufeffcaf\u00e9\r\n".encode(), "utf-8"),
    ("caf\u00e9 \u2014 na\u00efve".encode("cp1252"), "cp1252"),
    (b"\x81\x8d\x8f\x90\x9d caf\xe9", "latin-1"),
    ("\ufeffwide".encode("utf-16-le"), "utf-16-le"),
    ("\ufeffwide".encode("utf-16-be"), "utf-16-be"),
])
def test_every_encoding_round_trips_byte_for_byte(data: bytes, encoding: str) -> None:
    decoded = decode_text(data)
    assert decoded.encoding == encoding
    assert decoded.encode(decoded.text) == data
    assert "\ufffd" not in decoded.text
    assert (decoded.note is None) == (encoding.startswith("utf"))


@pytest.mark.parametrize("head, kind", [
    (b"\x89PNG\r\n\x1a\n....", "PNG image"), (b"\xff\xd8\xff\xe0", "JPEG image"), (b"%PDF-1.7", "PDF document"),
    (b"text\x00more", "binary data (NUL bytes)"), (b"An ordinary line.\n", None), (b"BMW sales rose.\n", None),
])
def test_binary_files_are_recognised(head: bytes, kind: str | None) -> None:
    assert binary_kind(head) == kind


def test_oversized_files_are_skipped_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(SkipFile, match="larger than --max-size"):
        read_checked(big, 1000)
    assert read_checked(big, 2000) == b"x" * 2000


def test_a_failed_write_leaves_the_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "doc.txt"
    target.write_bytes(b"original\n")
    with pytest.raises(OSError), atomic_writer(target) as handle:
        handle.write(b"half of the new")
        raise OSError(28, "No space left on device")
    assert target.read_bytes() == b"original\n"
    assert os.listdir(tmp_path) == ["doc.txt"]


def test_a_replaced_file_keeps_its_mode_and_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "doc.txt"
    target.write_bytes(b"original\n")
    target.chmod(0o604)
    with atomic_writer(target) as handle:
        handle.write(b"new\n")
    assert target.read_bytes() == b"new\n" and target.stat().st_mode & 0o777 == 0o604
    fresh = tmp_path / "sub" / "fresh.txt"
    with atomic_writer(fresh) as handle:
        handle.write(b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
