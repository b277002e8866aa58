"""Throughput and memory of ``cleaner clean --jsonl`` on a corpus built from real extractor output.

Builds a ~100 MB JSONL corpus from the extracted texts in ../shared/eval/news-dev, then prints: the
time to compile the rules and to read them back from the compiled-rule cache; the library's MB/s; the
start-up of ``cleaner clean`` on one document with no cache and with the rules cached; the floor
(reading, parsing, dumping and writing the JSON alone); the command line's MB/s with one and two
workers, its ratio to the floor and the speed-up of two workers, beside the speed-up this machine
gives two processes of plain arithmetic (the ceiling: on a virtual machine two vCPUs often do far less
than twice the work of one); the peak memory of each run, all processes together (their proportional set
size: the pages forked workers share with the parent, the compiled rules, counted once; the sum of their
resident sizes, which counts those pages in every process, beside it). Then a corpus a
fifth that size in which no line repeats (each line carries a word of its own), so nothing is
remembered: the cost of text never seen. Last, a 1 GB corpus run for
memory (``BENCH_GB=0`` skips it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cleaner import Cleaner

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "eval" / "news-dev" / "pages.jsonl"
CLEANER = str(Path(sys.executable).with_name("cleaner"))
CORPUS_MB = float(os.environ.get("BENCH_MB", "100"))
BIG_GB = float(os.environ.get("BENCH_GB", "1"))


def documents() -> list[tuple[str, str, str]]:
    """(extractor, url, text) for every extractor's text of every page."""
    docs = []
    with open(PAGES, encoding="utf-8") as handle:
        for line in handle:
            page = json.loads(line)
            docs += [(name, page["url"], text) for name, text in page["extracted"].items() if text]
    return docs


def _unique(text: str, copy: int) -> str:
    """``text`` with a word of its own at the start of every line, so that no line repeats anywhere."""
    tag = "".join(chr(ord("a") + int(digit)) for digit in str(copy))
    return "\n".join(f"q{tag}{number} {line}" if line.strip() else line
                     for number, line in enumerate(text.split("\n")))


def build_corpus(path: Path, megabytes: float, *, unique_lines: bool = False) -> tuple[int, int]:
    """A JSONL corpus of about ``megabytes`` MB, the documents repeated with distinct ids (with
    ``unique_lines``, each copy's lines made new); its size and how many times each document is in it."""
    docs, written, copy = documents(), 0, 0
    with open(path, "wb") as handle:
        while written < megabytes * 1e6:
            for extractor, url, text in docs:
                body = _unique(text, copy) if unique_lines else text
                line = json.dumps({"id": f"{copy}-{written}", "url": url, "extractor": extractor,
                                   "text": body}).encode() + b"\n"
                handle.write(line)
                written += len(line)
            copy += 1
    return written, copy


def library_speed(docs: list[tuple[str, str, str]]) -> None:
    """MB/s of ``Cleaner.clean``: the first round (every line new) and later rounds (lines memoised)."""
    size = sum(len(text.encode()) for _, _, text in docs)
    started = time.perf_counter()
    Cleaner()
    print(f"rule set compiled in {(time.perf_counter() - started) * 1000:.0f} ms")
    started = time.perf_counter()
    cleaner = Cleaner()
    print(f"rule set read back from the compiled-rule cache in {(time.perf_counter() - started) * 1000:.0f} ms")
    for label, rounds in (("first round", 1), ("repeated", 2)):
        started = time.perf_counter()
        for _ in range(rounds):
            for _, url, text in docs:
                cleaner.clean(text, url)
        seconds = time.perf_counter() - started
        print(f"library clean(), {label}: {len(docs) * rounds} documents, {size * rounds / 1e6:.1f} MB of text "
              f"in {seconds:.2f} s = {size * rounds / 1e6 / seconds:.1f} MB/s")


def floor_speed(corpus: Path, out: Path) -> float:
    """MB/s of reading, parsing, dumping and writing every line without cleaning: the floor of the JSONL path."""
    size, started = corpus.stat().st_size, time.perf_counter()
    with open(corpus, "rb") as source, open(out, "wb") as sink:
        for raw in source:
            record = json.loads(raw)
            sink.write(json.dumps(record, ensure_ascii=raw.isascii(), separators=(", ", ": ")).encode() + b"\n")
    return size / 1e6 / (time.perf_counter() - started)


def _tree_memory(pid: int) -> tuple[int, int]:
    """Memory (bytes) of ``pid`` and all its descendants, from /proc: the proportional set size (a page
    shared by several processes, as forked workers share the compiled rules, counted once in all) and
    the sum of their resident sizes (shared pages counted in every process that maps them)."""
    pss = rss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                rss += next((int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:")), 0)
            try:
                with open(f"/proc/{current}/smaps_rollup", encoding="ascii") as rollup:
                    pss += next((int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:")), 0)
            except OSError:
                pss = rss  # no smaps_rollup (an old kernel): the resident sizes are all there is
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as children:
                stack += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return pss, rss


def measure(args: list[str]) -> tuple[float, tuple[int, int]]:
    """Wall seconds and peak memory (all processes together: proportional and resident set sizes, see
    ``_tree_memory``) of ``cleaner ARGS``."""
    started = time.perf_counter()
    process = subprocess.Popen([CLEANER, *args], stderr=subprocess.PIPE)
    peak = (0, 0)

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            pss, rss = _tree_memory(process.pid)
            peak = (max(peak[0], pss), max(peak[1], rss))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"cleaner {' '.join(args)} failed ({process.returncode}): {stderr.decode()[-2000:]}")
    return seconds, peak


def _memory(peak: tuple[int, int]) -> str:
    pss, rss = peak
    return f"{pss / 1e6:.0f} MB (resident sizes summed: {rss / 1e6:.0f} MB)"


def _spin(rounds: int) -> None:
    total = 0
    for number in range(rounds):
        total += number * number


def machine_scaling(rounds: int = 20_000_000) -> float:
    """How much more two busy processes get done than one on this machine (best of three): the ceiling
    for two workers. Virtual machines often give two vCPUs far less than twice one's throughput."""
    import multiprocessing

    def timed(processes: int) -> float:
        started = time.perf_counter()
        spinners = [multiprocessing.Process(target=_spin, args=(rounds,)) for _ in range(processes)]
        for spinner in spinners:
            spinner.start()
        for spinner in spinners:
            spinner.join()
        return time.perf_counter() - started

    one = min(timed(1) for _ in range(3))
    two = min(timed(2) for _ in range(3))
    return 2 * one / two


def startup(work: Path) -> None:
    """Wall seconds of ``cleaner clean`` on one short document, without and with the compiled rules cached."""
    one = work / "one.jsonl"
    one.write_text(json.dumps({"text": "Hello."}) + "\n", encoding="utf-8")
    os.environ["CLEANER_CACHE_DIR"] = str(work / "startup-cache")
    cold, _ = measure(["clean", str(one), "--check", "-q"])
    warm, _ = measure(["clean", str(one), "--check", "-q"])
    os.environ["CLEANER_CACHE_DIR"] = str(work / "cache")
    print(f"cleaner clean on one document: {cold:.2f} s with no cache, {warm:.2f} s with the rules cached")


def main() -> None:
    docs = documents()
    work = Path(tempfile.mkdtemp(prefix="cleaner-bench-"))
    # A cache of the bench's own: the first Cleaner compiles the rules, every later one and every run
    # of the command line reads them back (as a user's second and later runs do).
    os.environ["CLEANER_CACHE_DIR"] = str(work / "cache")
    try:
        library_speed(docs)
        startup(work)
        corpus = work / "corpus.jsonl"
        size, copies = build_corpus(corpus, CORPUS_MB)
        print(f"corpus: {size / 1e6:.0f} MB of JSON lines from {len(docs)} extractor texts, each in it "
              f"{copies} times (repeated lines are judged once per worker, as on real sites' menus)")
        floor = floor_speed(corpus, work / "floor.jsonl")
        print(f"floor (read + json.loads + json.dumps + write, no cleaning): {floor:.1f} MB/s")
        speeds = {}
        for jobs in (1, 2):
            seconds, peak = measure(["clean", str(corpus), "--out", str(work / f"out{jobs}"), "--jobs", str(jobs),
                                     "-q"])
            speeds[jobs] = size / 1e6 / seconds
            print(f"cleaner clean --jobs {jobs}: {seconds:.1f} s = {speeds[jobs]:.1f} MB/s "
                  f"({speeds[jobs] / floor:.2f} of the floor), peak memory {_memory(peak)}")
        print(f"two workers: x{speeds[2] / speeds[1]:.2f} (two busy processes of plain arithmetic on this machine: "
              f"x{machine_scaling():.2f})")
        same = (work / "out1" / corpus.name).read_bytes() == (work / "out2" / corpus.name).read_bytes()
        print(f"--jobs 1 and --jobs 2 outputs identical: {same}")
        fresh = work / "unique.jsonl"
        fresh_size, _ = build_corpus(fresh, CORPUS_MB / 5, unique_lines=True)
        seconds, peak = measure(["clean", str(fresh), "--out", str(work / "out-unique"), "--jobs", "1", "-q"])
        print(f"{fresh_size / 1e6:.0f} MB in which no line repeats (every line judged afresh), --jobs 1: "
              f"{fresh_size / 1e6 / seconds:.1f} MB/s, peak memory {_memory(peak)}")
        if BIG_GB > 0:
            big = work / "big.jsonl"
            big_size, _ = build_corpus(big, BIG_GB * 1000)
            seconds, peak = measure(["clean", str(big), "--in-place", "--jobs", "2", "-q"])
            print(f"{big_size / 1e9:.2f} GB corpus, --jobs 2 --in-place: {seconds:.0f} s = "
                  f"{big_size / 1e6 / seconds:.1f} MB/s, peak memory {_memory(peak)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
