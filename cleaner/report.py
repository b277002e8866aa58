"""What a batch run tells the person running it: messages as they happen, a progress bar, a summary."""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

#: Runs over fewer bytes than this finish too fast to need a progress bar.
PROGRESS_MIN_BYTES = 8 << 20


def say(message: str) -> None:
    """One message on standard error, prefixed so it is clear where it came from."""
    sys.stderr.write(f"cleaner: {message}\n")
    sys.stderr.flush()


@dataclass
class Summary:
    """Counts over a whole run, for the closing line."""

    documents: int = 0
    changed: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    removals: Counter[str] = field(default_factory=Counter)
    #: Documents left whole, by why: the guard held the cut back, a rule timed out.
    kept_whole: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    bad_lines: int = 0

    def skip(self, name: str, reason: str) -> None:
        self.skipped.append((name, reason))
        say(f"{name}: skipped: {reason}")

    def error(self, name: str, message: str) -> None:
        self.errors.append((name, message))
        say(f"{name}: {message}")

    def render(self) -> str:
        removals = sum(self.removals.values())
        by_category = ", ".join(f"{category} {count}" for category, count in self.removals.most_common())
        parts = [f"{self.documents} document(s), {self.changed} changed",
                 f"{_size(self.bytes_in)} in, {_size(self.bytes_out)} out",
                 f"{removals} removal(s)" + (f" ({by_category})" if by_category else "")]
        if self.kept_whole:
            parts.append(f"{sum(self.kept_whole.values())} kept whole ("
                         + ", ".join(f"{kind} {count}" for kind, count in self.kept_whole.most_common()) + ")")
        if self.bad_lines:
            parts.append(f"{self.bad_lines} JSON line(s) passed through uncleaned")
        if self.skipped:
            reasons = Counter(re.split(r"[(,;]", reason)[0].strip() for _, reason in self.skipped)
            parts.append(f"{len(self.skipped)} skipped (" + ", ".join(f"{r}: {n}" for r, n in reasons.items()) + ")")
        if self.errors:
            parts.append(f"{len(self.errors)} error(s)")
        return "; ".join(parts)


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count:,} bytes"


class Progress:
    """A byte-based progress bar on a terminal; does nothing elsewhere."""

    def __init__(self, bar: object | None, task: object | None) -> None:
        self._bar, self._task = bar, task

    def advance(self, count: int) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, count)  # type: ignore[attr-defined]


@contextmanager
def progress(total_bytes: int | None, *, enabled: bool | None = None) -> Iterator[Progress]:
    """A progress bar on standard error when it is a terminal and the run is long; quiet otherwise."""
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show or (total_bytes is not None and total_bytes < PROGRESS_MIN_BYTES):
        yield Progress(None, None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, TimeRemainingColumn, TransferSpeedColumn
    from rich.progress import Progress as Bar

    with Bar("[progress.description]{task.description}", BarColumn(), DownloadColumn(), TransferSpeedColumn(),
             TimeRemainingColumn(), console=Console(stderr=True), transient=True) as bar:
        yield Progress(bar, bar.add_task("cleaning", total=total_bytes))


def unified_diff(before: str, after: str, name: str) -> str:
    """What cleaning takes out of ``name``, as a unified diff (every line ending in a newline)."""
    import difflib

    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 f"a/{name}", f"b/{name}")
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                   for line in lines)
