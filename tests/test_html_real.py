"""The HTML path on real pages of ../shared/eval/news-dev, scored the way the benchmark scores them."""

from __future__ import annotations

import gzip
import importlib.util
import json
from types import ModuleType
from typing import Any

import pytest
import trafilatura

from cleaner import Cleaner

from .conftest import SHARED

DATA = SHARED / "eval" / "news-dev"
pytestmark = pytest.mark.skipif(not (DATA / "pages.jsonl").is_file(), reason="needs ../shared/eval/news-dev")


@pytest.fixture(scope="module")
def score() -> ModuleType:
    spec = importlib.util.spec_from_file_location("news_dev_score", SHARED / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pages() -> list[dict[str, Any]]:
    found = []
    for line in (DATA / "pages.jsonl").read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        page["raw"] = gzip.decompress((DATA / "html" / f"{page['id']}.html.gz").read_bytes())
        found.append(page)
    return found


def page_with(pages: list[dict[str, Any]], url_part: str) -> dict[str, Any]:
    return next(page for page in pages if url_part in page["url"])


def test_beats_trafilatura_alone_without_losing_recall(cleaner: Cleaner, pages: list[dict[str, Any]],
                                                       score: ModuleType) -> None:
    base, ours = [], []
    for page in pages:
        html = page["raw"].decode("utf-8", errors="replace")
        base.append(score.page_counts(page["truth"], trafilatura.extract(html, url=page["url"]) or ""))
        ours.append(score.page_counts(page["truth"], cleaner.clean_html(html, page["url"]).text))
    before, after = score.summary(base), score.summary(ours)
    assert after["f1"] >= before["f1"] + 0.01, (before, after)
    assert after["recall"] >= before["recall"], (before, after)


@pytest.mark.parametrize(("url_part", "chrome"), [
    ("cbssports.com", ["Pick Six Newsletter", "Thanks for signing up!", "Gronk, Serena perform"]),
    ("theparadigmng.com", ["Click here to subscribe to The Paradigm Newsletter"]),
])
def test_chrome_trafilatura_keeps_is_gone_and_the_article_stays(cleaner: Cleaner, pages: list[dict[str, Any]],
                                                                 score: ModuleType, url_part: str,
                                                                 chrome: list[str]) -> None:
    page = page_with(pages, url_part)
    html = page["raw"].decode("utf-8")
    alone = trafilatura.extract(html, url=page["url"]) or ""
    ours = cleaner.clean_html(page["raw"], page["url"]).text
    for phrase in chrome:
        assert phrase in alone, "the page changed: this test no longer shows anything"
        assert phrase not in ours
    recall_alone = score.recall_of(score.page_counts(page["truth"], alone))
    assert score.recall_of(score.page_counts(page["truth"], ours)) >= recall_alone


def test_bytes_and_text_of_a_real_page_clean_the_same(cleaner: Cleaner, pages: list[dict[str, Any]]) -> None:
    for page in pages[:10]:
        from_bytes = cleaner.clean_html(page["raw"], page["url"])
        from_text = cleaner.clean_html(page["raw"].decode("utf-8"), page["url"])
        assert from_bytes.text == from_text.text
        assert "\ufffd" not in from_bytes.text
