"""The ``echo`` kind: a block that is another block of the page plus a short affix (the page title)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.errors import RuleSetError
from tests.test_engine import BODY, write_rules

RULE = """\
rules:
  - id: title-echo
    kind: echo
    category: navigation
    description: the headline printed again with the site's name
    zone: head
    {extra}
    examples:
      documents:
        - input: "Harbour reopens | Example News\\nHarbour reopens after the storm\\n"
          expect: "Harbour reopens | Example News\\nHarbour reopens after the storm\\n"
"""
HEADLINE = "Harbour reopens after the storm\n"


def cleaner_with(tmp_path: Path, extra: str = "") -> Cleaner:
    return Cleaner([write_rules(tmp_path, RULE.format(extra=extra))], defaults=False)


@pytest.mark.parametrize("title", [
    "Harbour reopens after the storm | Example News",
    "Harbour reopens after the storm - World - Example News",
    "Example News: Harbour reopens after the storm",
    "Harbour reopens  after the storm — Example News",         # spacing does not make it another text
])
def test_the_page_title_goes_and_the_headline_stays(tmp_path: Path, title: str) -> None:
    text = f"{title}\n\n{HEADLINE}\n{BODY}"
    assert cleaner_with(tmp_path).clean(text).text == f"{HEADLINE}\n{BODY}"


def test_a_headline_with_its_own_separator(tmp_path: Path) -> None:
    headline = "Storm damage: harbour reopens after a week\n"
    text = f"Storm damage: harbour reopens after a week | News | Example News\n{headline}{BODY}"
    assert cleaner_with(tmp_path).clean(text).text == headline + BODY


@pytest.mark.parametrize("text", [
    # the affix is longer than a site name: it is a headline of its own
    f"Harbour reopens after the storm - and the ferries are back on their old timetables from Monday\n{HEADLINE}",
    # what it would echo is too short to be a headline
    "Harbour news | Example News\nHarbour news\n",
    "AS - www.example.com.br\nwww.example.com.br\n",
    # nothing else in the page is the part before or after the separator
    "Harbour reopens after the storm | Example News\nA different headline for the story\n",
])
def test_what_is_not_an_echo_stays(tmp_path: Path, text: str) -> None:
    document = text + BODY
    assert cleaner_with(tmp_path).clean(document).text == document


def test_only_in_its_zone(tmp_path: Path) -> None:
    first, second = BODY.split("\n\n")
    text = f"{HEADLINE}{first}\n\nHarbour reopens after the storm | Example News\n\n{second}"
    assert cleaner_with(tmp_path).clean(text).text == text


def test_bad_settings_name_the_rule(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match=r"max_affix_chars.*must not be negative"):
        cleaner_with(tmp_path, "max_affix_chars: -1")
    with pytest.raises(RuleSetError, match="bad pattern"):
        cleaner_with(tmp_path / "b", "separator: '(['")
