"""Worker processes that each hold the compiled rule set and clean documents in submission order.

Work goes out in chunks through a bounded window, so results come back in order, memory stays flat
however long the input, and the IPC cost is paid per chunk, not per document. With one job nothing is
forked: the work runs in this process on the cleaner already built. On Linux the workers are forked
at once, before any thread starts, and inherit that cleaner (compiling a rule set takes about half a
second); elsewhere each worker compiles its own.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from cleaner.config import Settings
from cleaner.engine import Cleaner

T = TypeVar("T")
R = TypeVar("R")

#: Chunks in flight per worker: enough to keep every worker busy, few enough to bound memory.
WINDOW_PER_JOB = 3

_worker_cleaner: Cleaner | None = None


def _start_worker(settings: Settings | None) -> None:
    """Set a worker up: its own cleaner from ``settings``, or (None) the one it inherited by fork."""
    global _worker_cleaner
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle, once
    if settings is not None:
        _worker_cleaner = Cleaner.from_settings(settings)


def _ready() -> bool:
    return _worker_cleaner is not None


def _call(task: Callable[..., R], args: tuple[Any, ...]) -> R:
    assert _worker_cleaner is not None, "worker started without its cleaner"
    return task(_worker_cleaner, *args)


class Workers:
    """``map`` over ``jobs`` processes (or this one), each holding a cleaner built once from ``settings``."""

    def __init__(self, settings: Settings, cleaner: Cleaner, jobs: int) -> None:
        self.cleaner, self.jobs = cleaner, max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None
        if self.jobs > 1:
            self._pool = self._start(settings, cleaner)

    def _start(self, settings: Settings, cleaner: Cleaner) -> ProcessPoolExecutor:
        global _worker_cleaner
        if sys.platform == "linux":
            # Forked now, while this process has no other thread (the progress bar starts later), and
            # all of them at once: a worker forked later could inherit a lock some thread holds.
            _worker_cleaner = cleaner
            pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                       initializer=_start_worker, initargs=(None,))
            started = [pool.submit(_ready) for _ in range(self.jobs)]
            if not all(future.result() for future in started):
                raise RuntimeError("a worker started without its cleaner")
            return pool
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        return ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_start_worker, initargs=(settings,))

    def map(self, task: Callable[..., R], items: Iterable[tuple[Any, ...]]) -> Iterator[R]:
        """``task(cleaner, *args)`` for each args tuple, results in input order, at most a window in flight."""
        if self._pool is None:
            for args in items:
                yield task(self.cleaner, *args)
            return
        pending: deque[Future[R]] = deque()
        window = self.jobs * WINDOW_PER_JOB
        for args in items:
            pending.append(self._pool.submit(_call, task, args))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
