"""Throughput of the library on real extractor output (../shared/eval/news-dev), in MB/s."""

from __future__ import annotations

import json
import time
from pathlib import Path

from cleaner import Cleaner

PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "news-dev" / "pages.jsonl"


def main() -> None:
    docs = []
    for line in PAGES.read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        docs += [(text, page["url"]) for text in page["extracted"].values() if text]
    size = sum(len(text.encode()) for text, _ in docs)
    started = time.perf_counter()
    cleaner = Cleaner()
    compiled = time.perf_counter() - started
    rounds, started = 5, time.perf_counter()
    for _ in range(rounds):
        for text, url in docs:
            cleaner.clean(text, url)
    seconds = time.perf_counter() - started
    print(f"rule set compiled in {compiled * 1000:.0f} ms")
    print(f"library clean(): {len(docs) * rounds} documents, {size * rounds / 1e6:.1f} MB in {seconds:.2f} s "
          f"= {size * rounds / 1e6 / seconds:.1f} MB/s")


if __name__ == "__main__":
    main()
