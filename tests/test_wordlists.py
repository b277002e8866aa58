"""Word-list defines: the forms each word is printed in, one grouped pattern that matches exactly those
forms (the longer first), and clear errors for a list that is not one."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from cleaner import Cleaner
from cleaner.errors import RuleSetError
from cleaner.wordlists import WordListError, forms_of, fragment
from tests.cli_support import write_rules

ALL_CASES = ["as written", "capitalised", "title", "upper"]


@pytest.mark.parametrize("word, language, expected", [
    ("terms of use", "en", {"terms of use", "Terms of use", "Terms Of Use", "Terms of Use", "TERMS OF USE"}),
    ("iletişim", "tr", {"iletişim", "İletişim", "İLETİŞİM"}),  # the dotted capital I of Turkish
    ("αθλητισμός", "el", {"αθλητισμός", "Αθλητισμός", "ΑΘΛΗΤΙΣΜΌΣ", "ΑΘΛΗΤΙΣΜΟΣ"}),  # capitals drop accents
    ("moyen-orient", "fr", {"moyen-orient", "Moyen-orient", "Moyen-Orient", "MOYEN-ORIENT"}),
    ("首页", "zh", {"首页"}),
])
def test_the_forms_of_a_word(word: str, language: str, expected: set[str]) -> None:
    assert forms_of(word, language, ALL_CASES, frozenset({"of"})) == expected


def test_the_fragment_matches_exactly_the_forms_longest_first() -> None:
    words = {"en": ["news", "newsletter", "news agency", "privacy", "editor's picks"], "de": ["nachrichten"]}
    pattern = regex.compile(fragment({"cases": ["capitalised", "upper"], "exact": ["LinkedIn"], "words": words}))
    for form in ["News", "NEWS", "Newsletter", "News agency", "Privacy", "Nachrichten", "NACHRICHTEN", "LinkedIn",
                 "Editor's picks", "Editor’s picks"]:
        assert pattern.fullmatch(form), form
    for other in ["news", "Linkedin", "LINKEDIN", "Newsletters", "Privat", "Editor picks"]:
        assert not pattern.fullmatch(other), other
    # Longer forms first: inside an atomic group the first form that fits is the one kept.
    atomic = regex.compile(f"(?>{pattern.pattern})$")
    assert atomic.match("Newsletter") and atomic.match("News agency")


@pytest.mark.parametrize("spec, message", [
    ({"cases": ["as written"]}, "'words'"),
    ({"words": {"en": "news"}}, "must be a list"),
    ({"words": ["news"], "cases": ["shouting"]}, "'cases'"),
    ({"words": ["news"], "colour": "red"}, "unknown key"),
    ({"words": []}, "empty"),
])
def test_a_bad_word_list_is_an_error(spec: dict[str, object], message: str) -> None:
    with pytest.raises(WordListError, match=message):
        fragment(spec)


def test_rules_use_a_word_list_like_any_define(tmp_path: Path) -> None:
    rules = write_rules(tmp_path, """
        defines:
          section-word:
            cases: [capitalised, upper]
            words:
              en: [world, politics, business, sport]
        rules:
          - id: section-row
            kind: line
            category: navigation
            description: a row of section names
            zone: anywhere
            case_sensitive: true
            patterns: ['^(?:{{section-word}} ?){3,}$']
    """)
    cleaner = Cleaner([rules], defaults=False)
    assert [r.text for r in cleaner.clean("World Politics Sport\nThe world of politics.\n").removed] == [
        "World Politics Sport\n"]


def test_a_bad_word_list_in_a_rule_file_names_the_file_and_define(tmp_path: Path) -> None:
    rules = write_rules(tmp_path, """
        defines:
          section-word:
            words: {en: news}
        rules: []
    """)
    with pytest.raises(RuleSetError, match=r"rules\.yaml.*section-word.*must be a list"):
        Cleaner([rules], defaults=False)
