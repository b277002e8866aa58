"""Markdown from extractors: section labels printed as headings ("### Related articles") are judged
as the labels they are; a heading that is part of the story stays."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.blocks import as_label
from cleaner.examples import BODY

ARTICLE = "\n\n".join(BODY) + "\n"


@pytest.mark.parametrize("text, label", [
    ("### Related articles", "Related articles"),
    ("  ## Comments", "Comments"),
    ("###### Share this", "Share this"),
    ("#harbour #ferries", "#harbour #ferries"),        # hashtags, not a heading
    ("####### Seven", "####### Seven"),                  # Markdown has six levels
    ("Related: ### x", "Related: ### x"),
])
def test_as_label_drops_only_a_heading_marker(text: str, label: str) -> None:
    assert as_label(text) == label


@pytest.mark.parametrize("heading", ["### Related Articles", "#### Most Popular", "### Comments",
                                     "### Share this article", "#### Sign up for our newsletter"])
def test_chrome_headings_go(heading: str) -> None:
    assert Cleaner().clean(f"{ARTICLE}\n{heading}\n").text == ARTICLE


def test_a_story_heading_stays() -> None:
    first, second, third = BODY
    text = f"{first}\n\n### What the council decided\n\n{second}\n\n{third}\n"
    assert Cleaner().clean(text).text == text
