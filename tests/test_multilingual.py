"""Chrome as sites in 71 languages print it, and article lines that look like it, checked with the
default rules: every chrome line goes where it sits on a page (before or after the article), every
article line stays wherever it stands. The lines are in tests/data/multilingual/, one JSON object a
line: lang, category, position ("before", "after", "anywhere") and text (a chrome entry may hold several
lines, "\n" between them: a list or a box, every line of which must go); chrome*.jsonl and keep*.jsonl,
one pair of files for each set written apart."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from cleaner import Cleaner
from tests.conftest import PARAGRAPHS

DATA = Path(__file__).parent / "data" / "multilingual"


def by_language(pattern: str) -> dict[str, list[dict[str, str]]]:
    """The entries of every data file matching ``pattern`` (each set of lines written apart is a file of
    its own), by language."""
    grouped: dict[str, list[dict[str, str]]] = defaultdict(list)
    for path in sorted(DATA.glob(pattern)):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                entry = json.loads(line)
                grouped[entry["lang"]].append(entry)
    return dict(grouped)


CHROME = by_language("chrome*.jsonl")
KEEP = by_language("keep*.jsonl")


def page(line: str, position: str) -> str:
    parts = {"before": [line, *PARAGRAPHS], "after": [*PARAGRAPHS, line],
             "lede": [PARAGRAPHS[0], line, *PARAGRAPHS[1:]],  # where the head's line rules judge too
             "middle": [*PARAGRAPHS[:2], line, PARAGRAPHS[2]]}[position]
    return "\n\n".join(parts) + "\n"


def test_the_data_covers_many_languages() -> None:
    assert len(CHROME) >= 35 and set(KEEP) == set(CHROME)
    assert sum(map(len, CHROME.values())) >= 800 and sum(map(len, KEEP.values())) >= 450


@pytest.mark.parametrize("lang", sorted(CHROME))
def test_chrome_goes(cleaner: Cleaner, lang: str) -> None:
    missed = []
    for entry in CHROME[lang]:
        position = "before" if entry["position"] == "before" else "after"
        result = cleaner.clean(page(entry["text"], position), "https://news.example/story")
        # An entry of several lines (a teaser list, a comment with its name and time) goes whole.
        kept = set(result.text.split("\n"))
        left = [line for line in entry["text"].split("\n") if line.strip() and line in kept]
        if left or not all(paragraph in result.text for paragraph in PARAGRAPHS):
            missed.append(f"{entry['category']} ({position}): {entry['text']}")
    assert not missed, "\n".join(missed)


@pytest.mark.parametrize("lang", sorted(KEEP))
def test_article_lines_stay(cleaner: Cleaner, lang: str) -> None:
    lost = []
    for entry in KEEP[lang]:
        for position in ("before", "lede", "middle", "after"):
            text = page(entry["text"], position)
            result = cleaner.clean(text, "https://news.example/story")
            if result.text != text:
                lost.append(f"({position}) {entry['text']}: {[r.rule for r in result.removed]}")
    assert not lost, "\n".join(lost)
