"""The ``repeat`` kind with ``between``: a list of cards, each headed by the same label, goes whole."""

from __future__ import annotations

from pathlib import Path

from cleaner import Cleaner
from tests.cli_support import write_rules
from tests.conftest import PARAGRAPHS

RULE = """
    rules:
      - id: cards
        kind: repeat
        category: related
        description: cards headed by one label
        zone: tail
        min_count: 3
        max_chars: 40
        between: true
        max_gap: 3
"""


def card(number: int, filler: int = 2) -> list[str]:
    """A card: the label, then a title and a blurb (or ``filler`` lines) of its own."""
    return ["LABEL", *(f"Line {part} of story {number}" for part in range(filler))]


def clean(tmp_path: Path, tail: list[str]) -> list[str]:
    cleaner = Cleaner([write_rules(tmp_path, RULE)], defaults=False)
    text = "\n".join([*PARAGRAPHS, *tail]) + "\n"
    result = cleaner.clean(text)
    assert all(paragraph in result.text for paragraph in PARAGRAPHS)
    return [line for line in result.text.split("\n") if line and line not in PARAGRAPHS]


def test_cards_go_with_the_blocks_between_and_after_the_last_label(tmp_path: Path) -> None:
    assert clean(tmp_path, [*card(1), *card(2), *card(3), "Footer note"]) == ["Footer note"]


def test_two_copies_are_not_a_list(tmp_path: Path) -> None:
    assert clean(tmp_path, [*card(1), *card(2)]) == [*card(1), *card(2)]


def test_copies_too_far_apart_take_nothing_between(tmp_path: Path) -> None:
    cards = [*card(1, 4), *card(2, 4), *card(3, 4)]
    assert clean(tmp_path, cards) == [line for line in cards if line != "LABEL"]


def test_the_rule_is_run_again_once_others_removed_blocks(tmp_path: Path) -> None:
    rule = Cleaner([write_rules(tmp_path, RULE)], defaults=False).all_rules[0]
    assert not rule.is_monotone()


def test_a_prose_block_between_copies_stops_the_list(tmp_path: Path) -> None:
    tail = [*card(1), *card(2), PARAGRAPHS[0].replace("council", "committee"), *card(3), *card(4)]
    kept = clean(tmp_path, tail)
    assert "Line 0 of story 1" in kept and "Line 0 of story 3" in kept
