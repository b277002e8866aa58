"""The default rules on real extractor output (../shared/eval/news-dev): article text is kept.

Recall is measured with the benchmark's own metric (../shared/eval/score.py): no page may lose more
than 1 % of its article text, and no extractor more than 0.3 points of recall on average.
"""

from __future__ import annotations

from typing import Any

import pytest

from cleaner import Cleaner
from scripts.audit import EVAL, dev_pages, score_module

pytestmark = pytest.mark.skipif(not (EVAL / "news-dev" / "pages.jsonl").is_file(), reason="needs ../shared/eval")

MAX_PAGE_LOSS = 0.01
MAX_MEAN_LOSS = 0.003


def recall(score: Any, truth: str, text: str) -> float:
    return float(score.recall_of(score.page_counts(truth, text)))


@pytest.fixture(scope="module")
def pages() -> list[dict[str, Any]]:
    return dev_pages()


def extractors() -> list[str]:
    path = EVAL / "news-dev" / "pages.jsonl"
    return list(dev_pages()[0]["extracted"]) if path.is_file() else []


@pytest.mark.parametrize("extractor", extractors())
def test_cleaning_keeps_the_article_text(extractor: str, pages: list[dict[str, Any]], cleaner: Cleaner) -> None:
    score = score_module()
    losses = {}
    for page in pages:
        text = page["extracted"][extractor] or ""
        cleaned = cleaner.clean(text, url=page["url"]).text
        losses[page["url"]] = recall(score, page["truth"], text) - recall(score, page["truth"], cleaned)
    hurt = {url: round(loss, 4) for url, loss in losses.items() if loss > MAX_PAGE_LOSS}
    assert hurt == {}, f"{extractor}: pages that lost more than 1 % of their article text"
    assert sum(losses.values()) / len(losses) <= MAX_MEAN_LOSS


def test_the_true_article_text_comes_through(pages: list[dict[str, Any]], cleaner: Cleaner) -> None:
    """Cleaning text that is all article (the truth itself) takes next to nothing from any page."""
    score = score_module()
    kept = {page["url"]: recall(score, page["truth"], cleaner.clean(page["truth"], url=page["url"]).text)
            for page in pages}
    assert {url: round(r, 4) for url, r in kept.items() if r < 1 - MAX_PAGE_LOSS} == {}


def test_the_measure_sees_a_lost_paragraph(pages: list[dict[str, Any]]) -> None:
    """Cutting a paragraph of the truth shows as lost recall, so the test above can fail."""
    score = score_module()
    page = max(pages, key=lambda p: len(p["truth"]))
    paragraphs = [p for p in page["truth"].split("\n") if p.strip()]
    longest = max(paragraphs, key=len)
    assert recall(score, page["truth"], page["truth"].replace(longest, "")) < 1 - MAX_PAGE_LOSS


def test_audit_tells_article_lines_from_chrome() -> None:
    """The audit flags a removed line as article text only when the truth holds it."""
    from scripts.audit import Truth, truth_share

    score = score_module()
    truth = Truth.of(score, "Ferry strike ends\nThe union and the port agreed a deal on Monday night.\nWeather")
    assert truth_share(score, "The union and the port agreed a deal on Monday night.", truth) == 1.0
    assert truth_share(score, "Sign up for our daily newsletter today", truth) == 0.0
    assert truth_share(score, "Ferry strike ends", truth) == 1.0
    assert truth_share(score, "Weather", truth) == 1.0
    assert truth_share(score, "Monday", truth) == 0.0  # a word of a sentence is not a line of the truth
