"""Worker processes that each hold the compiled rule set and clean documents in submission order.

Work goes out in chunks through a bounded window, so results come back in order, memory stays flat
however long the input, and the IPC cost is paid per chunk, not per document. With one job nothing is
forked: the work runs in this process on the cleaner already built. On Linux the workers are forked
at once, before any thread starts, and inherit that cleaner (compiling a rule set takes about half a
second); elsewhere each worker compiles its own.

Each worker has a queue of its own, so work can be sent to a chosen one: documents of one site go to
the same worker where it has room (``map_routed``), and that worker's memos already hold the site's
menus and footers, which the others then never judge. A worker that is full hands its work to the
least busy one, so a corpus from a single site still keeps every worker busy.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import pickle
import queue
import signal
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from cleaner.config import Settings
from cleaner.engine import Cleaner

R = TypeVar("R")

#: Chunks in flight per worker: enough to keep every worker busy, few enough to bound memory.
WINDOW_PER_JOB = 3
#: How often (seconds) a wait for results checks that every worker is still alive.
_POLL = 0.5

_worker_cleaner: Cleaner | None = None


class WorkerError(Exception):
    """A task raised in a worker; the message carries the worker's traceback."""


def _serve(tasks: Any, results: Any, settings: Settings | None) -> None:
    """A worker's loop: take (number, task, args) from its queue until None, put back (number, ok, pickled
    result or error). Results are pickled here, so a result that cannot be pickled is an error, not lost."""
    global _worker_cleaner
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle, once
    if settings is not None:
        _worker_cleaner = Cleaner.from_settings(settings)
    cleaner = _worker_cleaner
    assert cleaner is not None, "worker started without its cleaner"
    while True:
        item = tasks.get()
        if item is None:
            return
        number, task, args = item
        try:
            payload, ok = pickle.dumps(task(cleaner, *args), pickle.HIGHEST_PROTOCOL), True
        except Exception:  # any failure goes back to the main process, which raises it
            payload, ok = traceback.format_exc().encode("utf-8", "replace"), False
        results.put((number, ok, payload))


@dataclass
class _Lane:
    """One worker process, its own task queue and how many of its tasks are in flight."""

    process: BaseProcess
    tasks: Any
    busy: int = 0


class Workers:
    """``map`` over ``jobs`` processes (or this one), each holding a cleaner built once from ``settings``."""

    def __init__(self, settings: Settings, cleaner: Cleaner, jobs: int) -> None:
        self.cleaner, self.jobs = cleaner, max(1, jobs)
        self._lanes: list[_Lane] = []
        self._results: Any = None
        #: Tasks are numbered across maps; number -> the worker holding it, until its result is in.
        self._numbered = 0
        self._sent: dict[int, _Lane] = {}
        if self.jobs > 1:
            self._start(settings, cleaner)

    def _start(self, settings: Settings, cleaner: Cleaner) -> None:
        global _worker_cleaner
        if sys.platform == "linux":
            # Forked now, while this process has no other thread (queues start their feeder threads at
            # the first put, the progress bar later), and all of them at once: a worker forked later
            # could inherit a lock some thread holds.
            _worker_cleaner = cleaner
            context: Any = multiprocessing.get_context("fork")
            shipped: Settings | None = None
        else:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            shipped = settings
        self._results = context.Queue()
        for _ in range(self.jobs):
            tasks = context.Queue()
            process = context.Process(target=_serve, args=(tasks, self._results, shipped), daemon=True)
            self._lanes.append(_Lane(process, tasks))
        # Forked workers share the compiled rules with this process page by page until a page is
        # written; the collector's bookkeeping writes to every object it tracks, so what lives now is
        # put out of its reach (in the workers for good, here until they are started).
        gc.freeze()
        try:
            for lane in self._lanes:
                lane.process.start()
        finally:
            gc.unfreeze()

    def map(self, task: Callable[..., R], items: Iterable[tuple[Any, ...]]) -> Iterator[R]:
        """``task(cleaner, *args)`` for each args tuple, results in input order, at most a window in flight."""
        return self.map_routed(task, ((None, args) for args in items))

    def map_routed(self, task: Callable[..., R], items: Iterable[tuple[int | None, tuple[Any, ...]]]) -> Iterator[R]:
        """As ``map``, for (lane, args) items: ``lane`` names the worker that should get the item (taken
        modulo the number of workers), None the least busy one; a worker holding a window's worth more
        than the least busy one passes it on to that one. A map left unfinished (its caller stopped
        reading) has its remaining results dropped when they come.
        """
        if not self._lanes:
            for _, args in items:
                yield task(self.cleaner, *args)
            return
        first = submitted = next_out = self._numbered
        done: dict[int, R] = {}
        window = WINDOW_PER_JOB * len(self._lanes)
        for lane, args in items:
            if submitted - next_out >= window:
                yield self._result(next_out, first, done)
                next_out += 1
            target = self._choose(lane)
            target.busy += 1
            target.tasks.put((submitted, task, args))
            self._sent[submitted] = target
            submitted = self._numbered = submitted + 1
        while next_out < submitted:
            yield self._result(next_out, first, done)
            next_out += 1

    def _choose(self, wanted: int | None) -> _Lane:
        least = min(self._lanes, key=lambda lane: lane.busy)
        if wanted is not None:
            preferred = self._lanes[wanted % len(self._lanes)]
            # The chosen worker, unless it holds a window's worth more than the least busy one.
            if preferred.busy - least.busy < WINDOW_PER_JOB:
                return preferred
        return least

    def _take(self) -> tuple[int, bool, bytes]:
        """The next result any worker sends; BrokenProcessPool when a worker died."""
        while True:
            try:
                number, ok, payload = self._results.get(timeout=_POLL)
            except queue.Empty:
                if any(lane.process.exitcode is not None for lane in self._lanes):
                    raise BrokenProcessPool("a worker process died") from None
                continue
            self._sent.pop(number).busy -= 1
            return number, ok, payload

    def _result(self, number: int, first: int, done: dict[int, Any]) -> Any:
        """The result of task ``number`` of the map whose tasks start at ``first``, waiting for it (its
        later results are kept meanwhile; those of an earlier map left unfinished are dropped)."""
        while number not in done:
            finished, ok, payload = self._take()
            if finished < first:
                continue
            if not ok:
                raise WorkerError(payload.decode("utf-8", "replace"))
            done[finished] = pickle.loads(payload)
        return done.pop(number)

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers: after the work they hold, or at once (``cancel``: an error or Ctrl-C)."""
        lanes, self._lanes = self._lanes, []
        if not lanes:
            return
        for lane in lanes:
            if cancel:
                lane.process.terminate()
            else:
                lane.tasks.put(None)
        # Results nobody waits for any more are read and dropped, or a worker could block writing them.
        while any(lane.process.is_alive() for lane in lanes):
            with contextlib.suppress(queue.Empty):
                self._results.get(timeout=0.05)
        for lane in lanes:
            lane.process.join()
            lane.tasks.close()
            lane.tasks.cancel_join_thread()
        self._results.close()
        self._results.cancel_join_thread()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(cancel=kind is not None)
