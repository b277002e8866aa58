"""Markdown from extractors: section labels printed as headings ("### Related articles") or as links
("[Skip to main content](...)") are judged as the labels they are; a heading or a link that is part of
the story stays."""

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
    ("[Skip to main content](https://www.example.com/#main)", "Skip to main content"),
    ("*   [Share on Facebook](https://facebook.com/x \"Share\")", "Share on Facebook"),
    ("2. [News][2]", "News"),
    ("### [Read more](https://www.example.com/more)", "Read more"),
    ("![A ferry](https://www.example.com/ferry.jpg)", "![A ferry](https://www.example.com/ferry.jpg)"),
    ("See [the report](https://www.example.com/r) here", "See [the report](https://www.example.com/r) here"),
])
def test_as_label_unwraps_headings_and_whole_line_links(text: str, label: str) -> None:
    assert as_label(text) == label


@pytest.mark.parametrize("heading", ["### Related Articles", "#### Most Popular", "### Comments",
                                     "### Share this article", "#### Sign up for our newsletter"])
def test_chrome_headings_go(heading: str) -> None:
    assert Cleaner().clean(f"{ARTICLE}\n{heading}\n").text == ARTICLE


def test_a_story_heading_stays() -> None:
    first, second, third = BODY
    text = f"{first}\n\n### What the council decided\n\n{second}\n\n{third}\n"
    assert Cleaner().clean(text).text == text


def test_a_markdown_page_loses_its_menus_links_and_share_rows() -> None:
    head = ("[Skip to main content](https://www.example.com/#main)\n\n"
            "*   [News](https://www.example.com/news)\n*   [Sport](https://www.example.com/sport)\n"
            "*   [Weather](https://www.example.com/weather)\n\n")
    tail = ("\n## Related\n\n* [Rail strike ends after talks](https://www.example.com/a)\n"
            "* [Schools open early this year](https://www.example.com/b)\n"
            "* [New tram line approved](https://www.example.com/c)\n\n"
            "[Share on Facebook](https://facebook.com/x)\n\n[Read more](https://www.example.com/more)\n")
    result = Cleaner().clean(head + ARTICLE + tail)
    assert result.text == ARTICLE


def test_a_link_inside_the_story_stays() -> None:
    first, second, third = BODY
    text = f"{first}\n\n[The council's decision](https://www.example.com/decision)\n\n{second}\n\n{third}\n"
    assert Cleaner().clean(text).text == text
