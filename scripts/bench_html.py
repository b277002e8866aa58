"""Time per page of the HTML path against trafilatura alone, on the raw pages of ../shared/eval/news-dev.

Both run over every page a few rounds, interleaved so that neither gets a warmer cache; the ratio is
what the HTML path promises to keep at or below 1.1.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from cleaner import Cleaner

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "news-dev"
ROUNDS = 3


def load_pages() -> list[tuple[str, str]]:
    pages = []
    for line in (DATA / "pages.jsonl").read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        raw = gzip.decompress((DATA / "html" / f"{page['id']}.html.gz").read_bytes())
        pages.append((raw.decode("utf-8", errors="replace"), page["url"]))
    return pages


def timed(run: Callable[[str, str], object], html: str, url: str) -> float:
    started = time.perf_counter()
    run(html, url)
    return time.perf_counter() - started


def main() -> None:
    pages = load_pages()
    cleaner = Cleaner()

    def alone(html: str, url: str) -> object:
        return trafilatura.extract(html, url=url)

    def ours(html: str, url: str) -> object:
        return cleaner.clean_html(html, url)

    for html, url in pages[:5]:  # warm up imports and caches of both
        alone(html, url)
        ours(html, url)
    totals = {"trafilatura.extract": 0.0, "cleaner clean_html": 0.0}
    for _ in range(ROUNDS):
        for html, url in pages:
            totals["trafilatura.extract"] += timed(alone, html, url)
            totals["cleaner clean_html"] += timed(ours, html, url)
    runs = ROUNDS * len(pages)
    for name, seconds in totals.items():
        print(f"{name:<20} {seconds / runs * 1000:6.1f} ms per page ({len(pages)} pages x {ROUNDS} rounds)")
    print(f"ratio clean_html / trafilatura: {totals['cleaner clean_html'] / totals['trafilatura.extract']:.2f}")


if __name__ == "__main__":
    main()
