"""A batch run of ``cleaner clean``: inputs cleaned by the workers, outputs written where asked.

Workers only read and clean; this module decides what is written where (standard output, a mirrored
tree under ``--out``, the file itself with ``--in-place``, or nothing with ``--check``/``--diff``), and
every file write is atomic.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

from cleaner.batch import FileOutcome, FileTask, Source, clean_file
from cleaner.jsonl import ChunkResult, JsonlOptions, SiteLanes, chunks, clean_chunk, compressing, open_input
from cleaner.report import Progress, Summary, say, unified_diff
from cleaner.textio import atomic_writer, write_atomic
from cleaner.workers import Workers

Mode = Literal["stdout", "out", "in-place", "check", "diff"]


class StopRun(Exception):
    """A JSON line could not be cleaned and ``--on-bad-line stop`` was given."""


@dataclass(frozen=True)
class RunOptions:
    mode: Mode
    out: Path | None
    task: FileTask
    jsonl: JsonlOptions
    stop_on_bad_line: bool


class BatchRun:
    """Cleans the sources in order and keeps the summary; ``exit_code`` says how it went."""

    def __init__(self, workers: Workers, options: RunOptions, summary: Summary, progress: Progress) -> None:
        self.workers, self.options, self.summary, self.progress = workers, options, summary, progress
        self.changed_files: list[str] = []

    @property
    def exit_code(self) -> int:
        if self.summary.errors:
            return 2
        return 1 if self.options.mode in ("check", "diff") and self.changed_files else 0

    # -- plain text and HTML files ---------------------------------------------------------------------
    def run_files(self, sources: list[Source]) -> None:
        stdin = sys.stdin.buffer.read() if any(s.path is None for s in sources) else None
        work = ((source, stdin if source.path is None else None, self.options.task) for source in sources)
        for outcome in self.workers.map(clean_file, work):
            self.progress.advance(outcome.bytes_in)
            self._file_done(outcome)

    def _file_done(self, outcome: FileOutcome) -> None:
        name, summary = outcome.source.name, self.summary
        summary.bytes_in += outcome.bytes_in
        if outcome.skipped is not None:
            summary.skip(name, outcome.skipped)
            return
        for note in outcome.notes:
            say(f"{name}: {note}")
        if outcome.error is not None or outcome.output is None:
            summary.error(name, outcome.error or "not cleaned")
            return
        summary.documents += 1
        summary.removals.update(outcome.removals)
        summary.kept_whole.update(outcome.kept_whole)
        summary.bytes_out += len(outcome.output)
        if outcome.changed:
            summary.changed += 1
            self.changed_files.append(name)
        try:
            self._write(outcome)
        except OSError as exc:
            summary.error(name, f"cannot write: {exc}")

    def _write(self, outcome: FileOutcome) -> None:
        mode, source, output = self.options.mode, outcome.source, outcome.output
        assert output is not None
        if mode == "check":
            if outcome.changed:
                sys.stdout.write(f"{source.name}\n")
        elif mode == "diff":
            if outcome.before is not None and outcome.after is not None:
                sys.stdout.write(unified_diff(outcome.before, outcome.after, source.name))
        elif mode == "stdout":
            sys.stdout.flush()
            sys.stdout.buffer.write(output)
            sys.stdout.buffer.flush()
        elif mode == "out":
            write_atomic(self._out_path(source), output)
        elif source.kind == "html":
            self.summary.error(source.name, "HTML is not cleaned in place (the output is text); use --out DIR")
        elif outcome.changed:
            assert source.path is not None
            write_atomic(source.path, output)

    def _out_path(self, source: Source) -> Path:
        assert self.options.out is not None
        return self.options.out / source.out_relative

    # -- JSON Lines ------------------------------------------------------------------------------------
    def run_jsonl(self, source: Source) -> None:
        try:
            with ExitStack() as stack:
                stream = sys.stdin.buffer if source.path is None else stack.enter_context(open_input(source.path))
                sink = stack.enter_context(self._jsonl_sink(source))
                self._stream_jsonl(source, stream, sink)
        except StopRun as exc:
            self.summary.error(source.name, str(exc))
        except (OSError, EOFError) as exc:
            self.summary.error(source.name, str(exc))

    @contextmanager
    def _jsonl_sink(self, source: Source) -> Iterator[IO[bytes] | None]:
        """Where the cleaned lines go; a file is replaced only when every line has been written."""
        mode = self.options.mode
        if mode in ("check", "diff"):
            yield None
        elif mode == "stdout":
            sys.stdout.flush()
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        else:
            target = self._out_path(source) if mode == "out" else source.path
            assert target is not None
            with atomic_writer(target) as raw, compressing(target.name, raw) as sink:
                yield sink

    def _stream_jsonl(self, source: Source, stream: IO[bytes], sink: IO[bytes] | None) -> None:
        options = self.options
        want_diff = options.mode == "diff"
        # Each chunk in flight: its lines, and in how many parts it went out.
        in_flight: deque[tuple[list[bytes], int]] = deque()
        sites = SiteLanes(self.workers.jobs, options.jsonl.url_field)
        # Workers send back only the lines that changed; the others are taken from ``in_flight``.
        by_worker = self.workers.jobs > 1

        def work() -> Iterator[tuple[int | None, tuple[Any, ...]]]:
            # With several workers a chunk goes out in parts by site: a site's documents meet the worker
            # whose memos already hold its menus and footers.
            for start, lines in chunks(stream):
                numbers = range(start, start + len(lines))
                parts = sites.split(numbers, lines) if by_worker else [(None, numbers, lines)]
                in_flight.append((lines, len(parts)))
                for lane, part_numbers, part in parts:
                    yield lane, (part_numbers, part, options.jsonl, want_diff, by_worker)

        results = self.workers.map_routed(clean_chunk, work())
        changed = False
        for first in results:
            sent, parts = in_flight.popleft()
            result = ChunkResult.merged([first, *(next(results) for _ in range(parts - 1))])
            self.progress.advance(result.bytes_in)
            stop_at = self._chunk_report(source, result)
            lines = [raw if line is None else line for raw, line in zip(sent, result.lines, strict=True)]
            if sink is not None:
                sink.write(b"".join(lines if stop_at is None else lines[:stop_at]))
            changed = changed or result.changed > 0
            if stop_at is not None:
                number, message = result.bad[0]
                raise StopRun(f"line {number}: {message}; stopped (--on-bad-line stop)")
        if changed:
            self.changed_files.append(source.name)
            if options.mode == "check":
                sys.stdout.write(f"{source.name}\n")

    def _chunk_report(self, source: Source, result: ChunkResult) -> int | None:
        """Account for a chunk; the index of the first bad line when the run must stop there."""
        summary = self.summary
        summary.documents += result.documents
        summary.changed += result.changed
        summary.bytes_in += result.bytes_in
        summary.bytes_out += result.bytes_out
        summary.removals.update(result.removals)
        summary.kept_whole.update(result.kept_whole)
        for number, message in result.flags:
            say(f"{source.name}:{number}: {message}")
        for number, before, after in result.diffs:
            sys.stdout.write(unified_diff(before, after, f"{source.name}:{number}"))
        if not result.bad:
            return None
        if self.options.stop_on_bad_line:
            return result.bad[0][0] - result.first_line
        for number, message in result.bad:
            if self.options.jsonl.strict:
                summary.error(f"{source.name}:{number}", f"{message}; passed through")
            else:
                summary.bad_lines += 1
                say(f"{source.name}:{number}: {message}; passed through")
        return None

