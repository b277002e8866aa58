"""Shared fixtures: one compiled default cleaner for the whole run, paths to the golden files."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from cleaner import Cleaner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
DEV_PAGES = SHARED / "eval" / "news-dev" / "pages.jsonl"
#: Article paragraphs no rule touches: prose, long, ending like sentences.
PARAGRAPHS = [
    "The city council voted on Tuesday to extend the harbour redevelopment plan by another two years, "
    "after residents raised concerns about traffic, noise and the cost of the new ferry terminal.",
    "Officials said the revised budget would be published next month and that construction crews "
    "would continue working on the northern pier while engineers review the remaining designs.",
    "The mayor told reporters that the ferry terminal would still open before the summer season, "
    "although two of the four berths would remain closed until the dredging work is finished.",
]

# Compiled rule sets are cached in a folder of this run's own (subprocesses inherit it), never the user's.
os.environ["CLEANER_CACHE_DIR"] = tempfile.mkdtemp(prefix="cleaner-test-cache-")


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner()


def read_exact(path: Path) -> str:
    """File text exactly as stored: no newline translation."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def dev_texts() -> list[tuple[str, str]]:
    """(text, url) of every extractor's output of every dev page (skip the test when they are absent)."""
    if not DEV_PAGES.is_file():
        pytest.skip("needs ../shared/eval")
    pages = [json.loads(line) for line in DEV_PAGES.read_text(encoding="utf-8").splitlines() if line]
    return [(text, page["url"]) for page in pages for text in page["extracted"].values() if text]
