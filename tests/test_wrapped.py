"""Text wrapped at a fixed width (Markdown and plain-text extractors print 80 columns): each paragraph
is judged as one block, so its sentences read as prose and the head and tail zones exist."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from cleaner import clean
from cleaner.blocks import paragraphs, split_lines, wrap_width
from cleaner.examples import BODY

#: The neutral article body the rule examples are placed around: three long prose paragraphs.
ARTICLE = list(BODY)


def wrapped(paragraphs_: list[str], width: int = 80) -> str:
    return "\n\n".join(textwrap.fill(p, width) for p in paragraphs_) + "\n"


def blocks_of(text: str) -> list[str]:
    return [block.text for block in paragraphs([line for line in split_lines(text) if not line.blank])[0]]


def test_wrapped_paragraphs_are_joined_back() -> None:
    text = wrapped(ARTICLE)
    assert wrap_width([line.text for line in split_lines(text) if not line.blank]) == 80
    assert blocks_of(text) == ARTICLE


def test_unwrapped_text_keeps_its_lines() -> None:
    text = "\n".join(ARTICLE) + "\nShort line\nAnother short line\n"
    assert blocks_of(text) == [*ARTICLE, "Short line", "Another short line"]


def test_list_items_link_references_and_headings_stay_apart() -> None:
    text = wrapped(ARTICLE) + (
        "\n* Ferry strike ends after three weeks of talks between the unions and the port\n"
        "* Tram line to open in the spring\n"
        "[1]: https://www.example.com/news/2020/03/04/a-rather-long-address-for-the-story\n"
        "[2]: https://www.example.com/news/2020/03/05/another-long-address-for-a-story\n"
        "## Comments\n"
    )
    blocks = blocks_of(text)
    assert "* Tram line to open in the spring" in blocks
    assert "[2]: https://www.example.com/news/2020/03/05/another-long-address-for-a-story" in blocks
    assert "## Comments" in blocks


def test_chrome_after_a_wrapped_article_goes_and_the_article_stays() -> None:
    tail = "Comments\n\n© 2020 Example News Ltd. All rights reserved.\n"
    text = wrapped(ARTICLE) + "\n" + tail
    result = clean(text)
    assert result.text == wrapped(ARTICLE)
    assert {r.rule for r in result.removed} == {"comments-heading", "footer-rights-reserved"}


def test_link_references_wrapped_inside_their_address_go() -> None:
    """A Markdown extractor wraps a long reference at 80 columns, in the middle of its URL; the rest
    of the address is joined back to it and goes with it."""
    references = (
        "[1]: https://www.example.com/news/local/Harbour-Reopens-After-Storm-As-Ferries-Retu\n"
        "rn-To-The-Port-564909692.html\n"
        "[2]: https://www.example.com/news/local/Council-Votes-To-Extend-Redevelopment-Plan-B\n"
        "y-Two-Years-510125801.html\n"
    )
    text = wrapped(ARTICLE) + "\n" + references
    result = clean(text)
    assert result.text == wrapped(ARTICLE)
    assert {r.rule for r in result.removed} == {"navigation-link-leftovers"}


def test_a_wrapped_closing_sentence_goes_whole() -> None:
    note = ("Comments are moderated before they appear, and those that insult other readers or stray far "
            "from the subject of the story will not be published.")
    text = wrapped([*ARTICLE, note])
    assert "\n" in textwrap.fill(note, 80)
    assert clean(text).text == wrapped(ARTICLE)


@given(st.lists(st.sampled_from([*ARTICLE, "Read more", "Share this story", "Photo: Example Agency"]),
                min_size=1, max_size=8), st.sampled_from([60, 72, 80]))
def test_wrapped_documents_lose_whole_lines_only(parts: list[str], width: int) -> None:
    text = wrapped(parts, width)
    result = clean(text)
    kept = result.text.splitlines(keepends=True)
    original = text.splitlines(keepends=True)
    position = 0
    for line in kept:  # every kept line is a line of the input, in order
        position = original.index(line, position) + 1
    assert clean(result.text).text == result.text
