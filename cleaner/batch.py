"""What a batch is made of: the inputs found under the paths given, and cleaning one file of them.

Cleaning a file happens in a worker and returns a ``FileOutcome`` (the bytes to write, or why the file
was skipped); writing happens in the main process, so output order and atomic writes are in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from cleaner.engine import Cleaner
from cleaner.jsonl import is_jsonl_path
from cleaner.result import CleanResult
from cleaner.textio import SkipFile, decode_text, read_checked

Kind = Literal["text", "html", "jsonl"]
DEFAULT_EXTENSIONS = (".txt", ".text", ".md", ".html", ".htm", ".jsonl", ".jsonl.gz", ".jsonl.zst")
HTML_EXTENSIONS = (".html", ".htm")
STDIN = "-"


@dataclass(frozen=True)
class Source:
    """One input: a file (``path``) or standard input (``path`` None), where its output goes under
    ``--out`` (``relative``), and how it is read (``kind``)."""

    path: Path | None
    relative: Path
    kind: Kind

    @property
    def name(self) -> str:
        return STDIN if self.path is None else str(self.path)

    @property
    def out_relative(self) -> Path:
        """Where the cleaned file goes under ``--out``: HTML becomes text, so it gets ``.txt``."""
        return self.relative.with_suffix(".txt") if self.kind == "html" else self.relative


def kind_of(path: Path | None, html: bool, jsonl: bool) -> Kind:
    if jsonl or (path is not None and is_jsonl_path(path)):
        return "jsonl"
    if html or (path is not None and path.name.lower().endswith(HTML_EXTENSIONS)):
        return "html"
    return "text"


def _walk(folder: Path, extensions: Sequence[str]) -> Iterable[Path]:
    """Files under ``folder`` with one of ``extensions``, sorted; hidden files and folders are left out."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.name.lower().endswith(tuple(extensions)):
            yield path


def collect(paths: Sequence[str], extensions: Sequence[str], *, html: bool = False,
            jsonl: bool = False) -> tuple[list[Source], list[tuple[str, str]]]:
    """The inputs under ``paths`` (files as given, folders walked), and (path, message) for each that is missing."""
    sources: list[Source] = []
    missing: list[tuple[str, str]] = []
    for given in paths:
        if given == STDIN:
            sources.append(Source(None, Path("stdin"), kind_of(None, html, jsonl)))
            continue
        path = Path(given)
        if path.is_dir():
            sources += [Source(p, p.relative_to(path), kind_of(p, html, jsonl)) for p in _walk(path, extensions)]
        elif path.exists():
            sources.append(Source(path, Path(path.name), kind_of(path, html, jsonl)))
        else:
            missing.append((given, "no such file or directory"))
    return sources, missing


@dataclass
class FileOutcome:
    """One file cleaned, skipped or failed. ``output`` is what to write (None if skipped or failed)."""

    source: Source
    output: bytes | None = None
    changed: bool = False
    skipped: str | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    removals: dict[str, int] = field(default_factory=dict)
    #: Flag kinds (guard, timeout) of a document kept whole.
    kept_whole: list[str] = field(default_factory=list)
    bytes_in: int = 0
    #: The text before and after, kept only when a diff was asked for.
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True)
class FileTask:
    """What every file of a batch is cleaned with (sent once per file to a worker, so kept small)."""

    url: str | None
    max_bytes: int
    strict: bool
    want_diff: bool


def clean_file(cleaner: Cleaner, source: Source, data: bytes | None, task: FileTask) -> FileOutcome:
    """Read (unless ``data`` is given, as for standard input), decode, clean and encode one file."""
    outcome = FileOutcome(source)
    try:
        if source.kind == "html":
            raw = data if data is not None else read_checked(_path(source), task.max_bytes)
            outcome.bytes_in = len(raw)
            result = cleaner.clean_html(raw, task.url)
            before, output = result.original, result.text.encode("utf-8")
            outcome.changed = result.text != result.original
        else:
            if data is None:
                data = read_checked(_path(source), task.max_bytes)
            decoded = decode_text(data)
            outcome.bytes_in = len(data)
            if decoded.note:
                outcome.notes.append(decoded.note)
            result = cleaner.clean(decoded.text, task.url)
            before, output = decoded.text, decoded.encode(result.text)
            outcome.changed = output != data
    except SkipFile as exc:
        outcome.skipped = str(exc)
        return outcome
    except OSError as exc:
        outcome.error = exc.strerror or str(exc)
        return outcome
    _account(outcome, result, task)
    outcome.output = output
    if task.want_diff and outcome.changed:
        outcome.before, outcome.after = before, result.text
    return outcome


def _path(source: Source) -> Path:
    assert source.path is not None, "standard input is read by the caller"
    return source.path


def _account(outcome: FileOutcome, result: CleanResult, task: FileTask) -> None:
    for removal in result.removed:
        outcome.removals[removal.category] = outcome.removals.get(removal.category, 0) + 1
    for flag in result.flags:
        outcome.kept_whole.append(flag.kind)
        if task.strict and flag.kind == "guard":
            outcome.error = f"{flag.message} (--strict)"
        else:
            outcome.notes.append(flag.message)
