"""Where the article body ends: at the last prose block, or before a long stretch without prose after
which little prose follows (whole-page text: a promo's blurb or a comment after menus and teasers)."""

from __future__ import annotations

from cleaner import Cleaner
from cleaner.blocks import split_lines
from cleaner.document import TAIL_GAP_BLOCKS, Document
from tests.conftest import PARAGRAPHS

BLURB = ("Chat with us on Messenger. Find out what is happening in the world as it unfolds, every day "
         "of the week.")
TEASERS = [f"Ferry strike number {n} ends after three weeks of long talks" for n in range(TAIL_GAP_BLOCKS + 2)]
TABLE_ROWS = [f"| Berth {n} | open | {n * 7} ships |" for n in range(TAIL_GAP_BLOCKS + 2)]


def document(lines: list[str]) -> Document:
    doc = Document.of_lines(split_lines("\n".join(lines), keep_blank=False))
    assert doc.prose[-1], "the last line is prose"
    return doc


def test_the_body_ends_before_a_long_stretch_after_which_little_prose_follows() -> None:
    doc = document([*PARAGRAPHS, *TEASERS, BLURB])
    assert doc.body_span == (0, len(PARAGRAPHS) - 1)
    assert len(PARAGRAPHS) + len(TEASERS) in doc.zone("tail")  # the blurb


def test_an_article_that_goes_on_at_length_after_a_table_keeps_its_body() -> None:
    lines = [PARAGRAPHS[0], *TABLE_ROWS, *PARAGRAPHS[1:]]
    assert document(lines).body_span == (0, len(lines) - 1)


def test_a_short_stretch_never_ends_the_body() -> None:
    lines = [*PARAGRAPHS, *TEASERS[:TAIL_GAP_BLOCKS - 1], BLURB]
    assert document(lines).body_span == (0, len(lines) - 1)


def test_the_head_is_never_cut_short() -> None:
    lines = [PARAGRAPHS[0], *TABLE_ROWS, *PARAGRAPHS[1:], *PARAGRAPHS]
    assert document(lines).body_span[0] == 0


def test_the_stretch_is_counted_in_the_document_as_it_came() -> None:
    lines = [*PARAGRAPHS, *TEASERS, BLURB]
    whole = document(lines)
    # Most of the teasers gone in an earlier pass: the body still ends where it did.
    positions = [*range(len(PARAGRAPHS)), len(PARAGRAPHS), len(lines) - 1]
    left = Document([whole.blocks[p] for p in positions], None, whole.facts, positions)
    assert left.span_in_document() == whole.span_in_document() == (0, 1, len(PARAGRAPHS) - 1)


def test_teasers_between_the_article_and_a_late_blurb_go_and_the_article_stays() -> None:
    text = "\n\n".join([*PARAGRAPHS, *TEASERS, BLURB]) + "\n"
    result = Cleaner().clean(text)
    assert all(paragraph in result.text for paragraph in PARAGRAPHS)
    assert not any(teaser in result.text for teaser in TEASERS)


def test_a_list_inside_an_article_that_goes_on_stays() -> None:
    text = "\n\n".join([PARAGRAPHS[0], *TEASERS, *PARAGRAPHS[1:], BLURB]) + "\n"
    assert Cleaner().clean(text).text == text


STANDFIRST = ("The harbour board approved a two-year delay to the ferry terminal on Tuesday, after months of "
              "complaints from residents about the traffic and the cost.")
LEDE = ["By Jane Harbour", "Published: 10:48, Tue, Nov 19, 2019 | Updated: 11:05, Tue, Nov 19, 2019",
        "Nov. 19, 2019"]


def test_a_byline_and_date_between_the_standfirst_and_the_article_go() -> None:
    """Sites print the standfirst above the byline and the date: the lines between the first prose block
    and the second meet the head's line rules."""
    text = "\n\n".join([STANDFIRST, *LEDE, *PARAGRAPHS]) + "\n"
    doc = Document.of_lines(split_lines(text, keep_blank=False))
    assert doc.lede == range(1, 1 + len(LEDE))
    assert ("lede", doc.lede) in doc.places()
    result = Cleaner().clean(text)
    assert result.text == "\n\n".join([STANDFIRST, *PARAGRAPHS]) + "\n"
    assert Cleaner().clean(result.text).text == result.text


def test_the_same_lines_further_inside_the_article_stay() -> None:
    text = "\n\n".join([STANDFIRST, PARAGRAPHS[0], *LEDE, *PARAGRAPHS[1:]]) + "\n"
    assert Cleaner().clean(text).text == text


def test_a_list_after_the_first_paragraph_is_no_lede_for_run_rules() -> None:
    """Run rules of the head do not judge the lede: a short list right after the first paragraph is
    the article's (here, headline-like lines a teaser run would take before the body)."""
    items = TEASERS[:4]
    text = "\n\n".join([STANDFIRST, *items, *PARAGRAPHS]) + "\n"
    assert Cleaner().clean(text).text == text
    assert "\n".join(items) not in Cleaner().clean("\n\n".join([*items, *PARAGRAPHS]) + "\n").text


def test_the_head_rules_stop_at_the_first_lede_block_no_rule_takes() -> None:
    """A table after the first paragraph: its first row is no chrome, so the head's rules take none of
    the rows after it (a row of figures looks like a pager); cleaning the result changes nothing more."""
    rows = ["Week | Ferries | Delays", "12 |", "85% |", "9 |", "40% |"]
    text = "\n\n".join([STANDFIRST, LEDE[0], *rows, *PARAGRAPHS]) + "\n"
    result = Cleaner().clean(text)
    assert result.text == "\n\n".join([STANDFIRST, *rows, *PARAGRAPHS]) + "\n"
    assert Cleaner().clean(result.text).text == result.text
    assert "85% |" not in Cleaner().clean("\n\n".join([*rows, *PARAGRAPHS]) + "\n").text  # as the head


def test_in_zone_agrees_with_the_zones() -> None:
    """``Document.in_zone`` (asked for one block) and ``Document.zone`` (every block) are the same zones."""
    texts = ["\n".join(["Menu", "Home", *PARAGRAPHS, "Share", "Footer line"]),
             "\n".join([PARAGRAPHS[0], "Caption"]),
             "Home\nNews\nSport"]  # no prose: no body
    documents = [Document.of_lines(split_lines(text, keep_blank=False)) for text in texts]
    for doc in documents:
        for zone in ("head", "tail", "edges", "body", "anywhere"):
            assert [i for i in range(len(doc.blocks)) if doc.in_zone(zone, i)] == list(doc.zone(zone)), zone
