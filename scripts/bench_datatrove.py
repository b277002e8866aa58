"""Throughput of cleaner as a datatrove step (JSONL reader -> CleanerStep -> JSONL writer), in MB/s.

The corpus is every extractor text of ../shared/eval/news-dev, repeated, split over a few JSONL
files. Each configuration runs a real LocalPipelineExecutor; the wall-clock figure includes
starting the workers, compiling the rules once per task, reading and writing.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner.integrations.datatrove import CleanerStep

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "news-dev" / "pages.jsonl"
ROUNDS = 5
FILES = 4
#: (tasks, workers) per run: one task alone, then one task per core of this 2-core machine.
RUNS = ((1, 1), (2, 2))


def write_corpus(folder: Path) -> int:
    """JSONL files of the news-dev extractor texts with their urls; returns the size of the texts in bytes."""
    records = []
    for line in PAGES.read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        records += [{"text": text, "url": page["url"], "extractor": name}
                    for name, text in page["extracted"].items() if text]
    records = [{"id": f"{copy}/{number}", **record} for copy in range(ROUNDS) for number, record in enumerate(records)]
    folder.mkdir(parents=True)
    for part in range(FILES):
        with open(folder / f"part-{part}.jsonl", "w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(record) + "\n" for record in records[part::FILES])
    return sum(len(record["text"].encode("utf-8")) for record in records)


@contextmanager
def quiet_stderr(log: Path) -> Iterator[None]:
    """Send the executor's per-task logging (its workers inherit file descriptor 2) to ``log``."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log, "ab") as sink:
        os.dup2(sink.fileno(), 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def run(work: Path, tasks: int, workers: int) -> tuple[float, float]:
    """Wall-clock seconds of one pipeline run, and the seconds the cleaner step itself spent (all tasks)."""
    name = f"t{tasks}w{workers}"
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(work / "in")),
            CleanerStep(),
            JsonlWriter(str(work / name / "out"), output_filename="${rank}.jsonl", compression=None),
        ],
        tasks=tasks,
        workers=workers,
        logging_dir=str(work / name / "logs"),
    )
    started = time.perf_counter()
    try:
        with quiet_stderr(work / "executor.log"):
            stats = executor.run()
    except Exception:
        print((work / "executor.log").read_text(encoding="utf-8", errors="replace")[-4000:], file=sys.stderr)
        raise
    seconds = time.perf_counter() - started
    step = next(stat for stat in stats.stats if "cleaner" in stat.name)
    return seconds, float(step.time_stats.total)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        size = write_corpus(work / "in")
        for tasks, workers in RUNS:
            seconds, cleaning = run(work, tasks, workers)
            print(f"datatrove pipeline, {tasks} task(s) on {workers} worker(s): {size / 1e6:.1f} MB in "
                  f"{seconds:.2f} s = {size / 1e6 / seconds:.1f} MB/s end to end; cleaner step "
                  f"{size / 1e6 / cleaning:.1f} MB/s (time inside the step, summed over tasks)")


if __name__ == "__main__":
    main()
