"""JSON Lines corpora, streamed: one field of each line cleaned, one line out per line in, order kept.

A line whose document lost nothing is written back byte for byte. A changed line is written with the
same key order, the same separators and the same ASCII escaping as the line read, so only the cleaned
field differs. Lines that are not JSON objects with a string in the text field are reported by number
and either passed through untouched or stop the run; they are never dropped.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from cleaner.engine import Cleaner
from cleaner.result import CleanResult

#: A chunk sent to a worker: about this many bytes of lines (IPC cost is per chunk, not per line).
CHUNK_BYTES = 1 << 19
CHUNK_LINES = 2000
_COMPACT = (",", ":")
_SPACED = (", ", ": ")


def is_jsonl_path(path: Path) -> bool:
    return path.name.endswith((".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson"))


#: Read buffer of an input: a corpus line is often longer than the default 8 KB, and reading it in
#: pieces costs more than the reading itself.
READ_BUFFER = 1 << 20


def open_input(path: Path) -> BinaryIO:
    """A binary stream of ``path``'s lines, decompressed by extension (``.gz``, ``.zst``)."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if path.name.endswith(".zst"):
        import zstandard

        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True),
                                 buffer_size=READ_BUFFER)
    return open(path, "rb", buffering=READ_BUFFER)


def compressing(name: str, raw: BinaryIO) -> IO[bytes]:
    """A writer over ``raw`` that compresses by the extension of ``name``; closing it leaves ``raw`` open."""
    if name.endswith(".gz"):
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="wb", mtime=0))
    if name.endswith(".zst"):
        import zstandard

        return zstandard.ZstdCompressor().stream_writer(raw, closefd=False)
    return cast(IO[bytes], _Unclosed(raw))


class _Unclosed(io.RawIOBase):
    """``raw`` behind a close() that only flushes, so every output kind is closed the same way."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        return self.raw.write(data)

    def close(self) -> None:
        self.raw.flush()
        super().close()


def chunks(stream: IO[bytes], first_line: int = 1) -> Iterator[tuple[int, list[bytes]]]:
    """(number of the first line, raw lines) in chunks of bounded size, read lazily."""
    batch: list[bytes] = []
    size, start, number = 0, first_line, first_line
    for raw in stream:
        batch.append(raw)
        size += len(raw)
        number += 1
        if size >= CHUNK_BYTES or len(batch) >= CHUNK_LINES:
            yield start, batch
            batch, size, start = [], 0, number
    if batch:
        yield start, batch


def site_of(raw: bytes, url_key: bytes) -> bytes | None:
    """The host part of a line's url, found without parsing the JSON (``url_key``: b'"url"'); None
    when the line has none. Only used to send a site's documents to the same worker."""
    at = raw.find(url_key)
    if at < 0:
        return None
    colon = raw.find(b":", at + len(url_key))
    start = colon + 1
    while start < len(raw) and raw[start] in b" \t":
        start += 1
    if colon < 0 or raw[start:start + 1] != b'"':
        return None  # null, a number, or no value: no url
    end = raw.find(b'"', start + 1)
    if end < 0:
        return None
    url = raw[start + 1:end].replace(b"\\/", b"/")  # "https:\/\/example.com" as some writers escape it
    scheme = url.find(b"//")
    host = url[scheme + 2:] if 0 <= scheme < 12 else url
    return host.split(b"/", 1)[0].lower() or None


class SiteLanes:
    """Which worker each site's documents go to: a site seen for the first time goes to the worker that
    has been given the least work so far, and stays with it. A site that makes up more than a worker's
    share of the corpus (a corpus of one site) is not tied to any: its documents go to whichever worker
    is least busy, so every worker has work.

    Work is counted in lines, a document counting as ``DOCUMENT_LINES`` more: cleaning costs a fixed
    amount per document and per line and hardly depends on the length of a line, so a site of many
    short lines weighs more than its bytes say (on the dev pages, bytes misjudge a site's share of the
    time by 40 %, lines and documents by 15 %)."""

    #: Sites remembered (the mapping starts afresh when full).
    MAX_SITES = 100_000
    #: Bytes read before a site can be found too big to tie to one worker.
    SETTLED = 4 * CHUNK_BYTES
    #: What one document costs beside its lines, in lines.
    DOCUMENT_LINES = 64

    def __init__(self, lanes: int, url_field: str) -> None:
        self.lanes = lanes
        self.url_key = json.dumps(url_field).encode()
        self.given = [0] * lanes
        self.read = 0
        self.total = 0
        #: site -> (its worker, its work so far)
        self.sites: dict[bytes, list[int]] = {}

    def lane(self, raw: bytes) -> int | None:
        """The worker for one line, or None for the least busy one."""
        site = site_of(raw, self.url_key)
        if site is None:
            return None
        work = raw.count(b"\\n") + self.DOCUMENT_LINES  # a JSON string's line breaks are escaped
        self.read += len(raw)
        self.total += work
        known = self.sites.get(site)
        if known is None:
            if len(self.sites) >= self.MAX_SITES:
                self.sites.clear()
            known = self.sites[site] = [self.given.index(min(self.given)), 0]
        known[1] += work
        if self.read > self.SETTLED and known[1] * self.lanes > self.total:
            return None
        self.given[known[0]] += work
        return known[0]

    def split(self, numbers: range, lines: list[bytes]) -> list[tuple[int | None, Sequence[int], list[bytes]]]:
        """A chunk's lines in groups by worker, each line with its number: (worker or None, numbers, lines)."""
        groups: dict[int | None, tuple[list[int], list[bytes]]] = {}
        for number, raw in zip(numbers, lines, strict=True):
            group = groups.setdefault(self.lane(raw), ([], []))
            group[0].append(number)
            group[1].append(raw)
        if len(groups) == 1:
            (lane,) = groups
            return [(lane, numbers, lines)]
        return [(lane, group_numbers, group_lines) for lane, (group_numbers, group_lines) in groups.items()]


@dataclass(frozen=True)
class JsonlOptions:
    text_field: str = "text"
    url_field: str = "url"
    removed_field: str | None = None
    html: bool = False
    strict: bool = False


@dataclass
class ChunkResult:
    """What a chunk came to: its lines out, in order, and the account of it."""

    first_line: int = 1
    #: The lines out, in order; None for a line left as it was, when the chunk was cleaned with
    #: ``unchanged_as_none`` (see ``clean_chunk``).
    lines: list[bytes | None] = field(default_factory=list)
    documents: int = 0
    changed: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    removals: dict[str, int] = field(default_factory=dict)
    #: (line number, message) for lines passed through because they could not be cleaned.
    bad: list[tuple[int, str]] = field(default_factory=list)
    #: (line number, message) for flags (guard, timeout) on documents that were kept whole.
    flags: list[tuple[int, str]] = field(default_factory=list)
    kept_whole: dict[str, int] = field(default_factory=dict)
    #: (line number, text before, text after) of changed documents, when a diff was asked for.
    diffs: list[tuple[int, str, str]] = field(default_factory=list)
    #: The number of each line, when the lines are not consecutive (a part of a chunk, see ``SiteLanes.split``).
    numbers: list[int] = field(default_factory=list)

    @classmethod
    def merged(cls, parts: list[ChunkResult]) -> ChunkResult:
        """The parts of one chunk put back together, every line and report in line order."""
        if len(parts) == 1:
            return parts[0]
        out = cls(min(part.first_line for part in parts))
        numbered = sorted((number, line) for part in parts for number, line in zip(part.numbers, part.lines,
                                                                                    strict=True))
        out.numbers = [number for number, _ in numbered]
        out.lines = [line for _, line in numbered]
        for part in parts:
            out.documents += part.documents
            out.changed += part.changed
            out.bytes_in += part.bytes_in
            out.bytes_out += part.bytes_out
            for counts, more in ((out.removals, part.removals), (out.kept_whole, part.kept_whole)):
                for key, value in more.items():
                    counts[key] = counts.get(key, 0) + value
            out.bad += part.bad
            out.flags += part.flags
            out.diffs += part.diffs
        for reports in (out.bad, out.flags, out.diffs):
            reports.sort(key=lambda report: report[0])
        return out


def _terminator(raw: bytes) -> bytes:
    if raw.endswith(b"\r\n"):
        return b"\r\n"
    return b"\n" if raw.endswith(b"\n") else b""


def _dump(record: dict[str, Any], raw: bytes) -> bytes:
    """``record`` as JSON in the style of ``raw``: its separators and its ASCII escaping."""
    separators = _SPACED if b'": ' in raw[:4096] else _COMPACT
    return json.dumps(record, ensure_ascii=raw.isascii(), separators=separators).encode("utf-8")


def _document(raw: bytes, options: JsonlOptions) -> tuple[dict[str, Any], str, str | None]:
    """The record, its text and its url; ValueError with a message when the line cannot be cleaned."""
    try:
        record = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"malformed JSON ({exc})") from exc
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if options.text_field not in record:
        raise ValueError(f"no {options.text_field!r} field")
    text = record[options.text_field]
    if not isinstance(text, str):
        raise ValueError(f"field {options.text_field!r} is {type(text).__name__}, not a string")
    url = record.get(options.url_field)
    return record, text, url if isinstance(url, str) else None


def clean_chunk(cleaner: Cleaner, numbers: Sequence[int], lines: list[bytes], options: JsonlOptions,
                want_diff: bool = False, unchanged_as_none: bool = False) -> ChunkResult:
    """Clean every line of a chunk (``numbers``: each line's number in its file); a bad line is passed
    through and reported, never dropped. ``unchanged_as_none``: a line that stays as it was comes back
    as None (a worker then sends back only what changed; the caller holds the lines it sent)."""
    out = ChunkResult(numbers[0] if numbers else 1, numbers=list(numbers))
    for number, raw in zip(numbers, lines, strict=True):
        out.bytes_in += len(raw)
        line_out = raw
        if raw.strip():
            line_out = _clean_line(cleaner, number, raw, options, out, want_diff)
        out.lines.append(None if unchanged_as_none and line_out is raw else line_out)
        out.bytes_out += len(line_out)
    return out


def _clean_line(cleaner: Cleaner, number: int, raw: bytes, options: JsonlOptions, out: ChunkResult,
                want_diff: bool) -> bytes:
    try:
        record, text, url = _document(raw, options)
    except ValueError as exc:
        out.bad.append((number, str(exc)))
        return raw
    result: CleanResult = cleaner.clean_html(text, url) if options.html else cleaner.clean(text, url)
    out.documents += 1
    for flag in result.flags:
        out.kept_whole[flag.kind] = out.kept_whole.get(flag.kind, 0) + 1
        target = out.bad if options.strict and flag.kind == "guard" else out.flags
        target.append((number, flag.message))
    for removal in result.removed:
        out.removals[removal.category] = out.removals.get(removal.category, 0) + 1
    changed = result.text != text
    if not changed and (options.removed_field is None or options.removed_field in record):
        # Nothing went: the line stays byte for byte, and a record of an earlier run's removals with it.
        return raw
    if changed:
        out.changed += 1
        if want_diff:
            out.diffs.append((number, text, result.text))
    record[options.text_field] = result.text
    if options.removed_field is not None:
        record[options.removed_field] = [{"rule": r.rule, "category": r.category, "text": r.text}
                                         for r in result.removed]
    return _dump(record, raw) + _terminator(raw)
