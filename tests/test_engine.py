"""The engine's promises: exact spans, byte-identical kept lines, idempotence, the guard, timeouts."""

from __future__ import annotations

import textwrap
import time
import unicodedata
from pathlib import Path

import pytest
import regex

from cleaner import Cleaner, clean
from cleaner.errors import RuleSetError, RuleTimeout
from cleaner.patterns import UNCLOCKED_MAX_CHARS, search
from tests.conftest import PARAGRAPHS

BODY = "\n\n".join(PARAGRAPHS[:2]) + "\n"


def rebuild(text: str, removed) -> str:
    out, position = [], 0
    for removal in removed:
        assert text[removal.start:removal.end] == removal.text
        out.append(text[position:removal.start])
        position = removal.end
    return "".join(out) + text[position:]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_are_kept(newline: str) -> None:
    text = ("Donate now\n\n" + BODY + "\nAll rights reserved.\n").replace("\n", newline)
    result = clean(text)
    assert [r.rule for r in result.removed] == ["donation-appeal", "footer-rights-reserved"]
    assert result.text == BODY.replace("\n", newline)
    assert rebuild(text, result.removed) == result.text


def test_bom_is_kept_even_when_the_first_line_goes() -> None:
    text = "\ufeffDonate now\n" + BODY
    result = clean(text)
    assert result.text == "\ufeff" + BODY


def test_no_trailing_newline_and_gap_before_removed_tail() -> None:
    text = BODY + "\n\nAll rights reserved."
    assert clean(text).text == BODY


def test_clean_is_idempotent_on_seed_like_text() -> None:
    text = "Source label\n\nSource label\n\n" + BODY + "\nSource: Example Wire\n"
    once = clean(text).text
    assert clean(once).text == once
    assert "Source: Example Wire" not in once


def test_document_is_never_emptied() -> None:
    text = "Image courtesy of Example Agency\n\nPhoto: Example Agency\n"
    result = clean(text)
    assert result.text == text
    assert result.removed == []
    assert [f.kind for f in result.flags] == ["guard"]


def test_empty_and_blank_documents() -> None:
    assert clean("").text == ""
    assert clean("\n\n  \n").text == "\n\n  \n"


def write_rules(folder: Path, body: str, name: str = "rules.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return folder


def test_guard_holds_back_a_rule_that_eats_prose(tmp_path: Path) -> None:
    rules = write_rules(tmp_path, """
        rules:
          - id: greedy
            kind: line
            category: footer
            description: far too broad
            zone: anywhere
            max_chars: 100000
            patterns: ['\\w']
            examples: {drop: ["x"], keep: []}
    """)
    cleaner = Cleaner([rules], defaults=False)
    result = cleaner.clean(BODY + "Short line\n")
    assert result.text == BODY + "Short line\n"
    assert result.flags and result.flags[0].kind == "guard"


def test_runaway_pattern_is_stopped_and_reported(tmp_path: Path) -> None:
    rules = write_rules(tmp_path, """
        rules:
          - id: runaway
            kind: line
            category: footer
            description: catastrophic backtracking
            zone: anywhere
            max_chars: 100000
            patterns: ['^(?:a|a)*$']
    """)
    cleaner = Cleaner([rules], defaults=False, timeout=0.2)
    text = BODY + "a" * 40 + "b\n"
    started = time.monotonic()
    result = cleaner.clean(text)
    assert time.monotonic() - started < 5
    assert result.text == text and result.removed == []
    assert result.flags[0].kind == "timeout" and result.flags[0].rule == "runaway"
    assert "runaway" in result.flags[0].message


def test_nested_quantifier_on_a_long_line_finishes(tmp_path: Path) -> None:
    """``^(a+)+$`` against a's ending in b: stopped or finished quickly, never a hang."""
    rules = write_rules(tmp_path, """
        rules:
          - id: nested
            kind: line
            category: footer
            description: nested quantifier
            zone: anywhere
            max_chars: 1000000
            patterns: ['^(a+)+$']
    """)
    started = time.monotonic()
    text = BODY + "a" * 100_000 + "b\n"
    result = Cleaner([rules], defaults=False, timeout=0.5).clean(text)
    assert time.monotonic() - started < 5
    assert result.text == text


EDGE_RULE = """
    rules:
      - id: closing-note
        kind: line
        category: comments
        description: a boilerplate sentence printed after articles
        zone: tail
        edge_prose: {edge}
        max_chars: 400
        patterns: ['\\bcomments\\s+are\\s+moderated\\b']
"""
CLOSING_NOTE = ("Comments are moderated before they appear, and those that insult other readers or stray far from "
                "the subject of the story will not be published.\n")


@pytest.mark.parametrize("edge", ["true", "false"])
def test_edge_prose_reaches_the_last_prose_block(tmp_path: Path, edge: str) -> None:
    cleaner = Cleaner([write_rules(tmp_path, EDGE_RULE.format(edge=edge))], defaults=False)
    text = BODY + "\n" + CLOSING_NOTE
    expected = BODY if edge == "true" else text
    assert cleaner.clean(text).text == expected


def test_edge_prose_never_takes_the_only_prose_block(tmp_path: Path) -> None:
    cleaner = Cleaner([write_rules(tmp_path, EDGE_RULE.format(edge="true"))], defaults=False)
    text = "Race calendar\n\n1. Monza, 10 March\n2. Imola, 8 April\n\n" + CLOSING_NOTE
    assert cleaner.clean(text).text == text


def test_edge_prose_needs_an_edge_zone(tmp_path: Path) -> None:
    rules = write_rules(tmp_path, EDGE_RULE.format(edge="true").replace("zone: tail", "zone: anywhere"))
    with pytest.raises(RuleSetError, match="edge_prose"):
        Cleaner([rules], defaults=False)


@pytest.mark.parametrize("body, message, line", [
    ("rules:\n  - id: a\n    kind: line\n   bad: [", "invalid YAML", 4),
    ("rules:\n  - id: a\n    kind: nope\n    category: footer\n    description: d\n", "unknown kind", 2),
    ("rules:\n  - id: a\n    kind: line\n    category: footer\n    description: d\n    patterns: ['(']\n",
     "bad pattern", 2),
    ("rules:\n  - id: a\n    kind: line\n    category: footer\n    description: d\n    patterns: [x]\n"
     "    colour: red\n", "unknown key(s) colour", 2),
    ("rules:\n  - id: a\n    kind: line\n    category: nonsense\n    description: d\n    patterns: [x]\n",
     "unknown category", 2),
    ("rules:\n  - kind: line\n", "needs an 'id'", 2),
    ("rulez: []\n", "unknown top-level key", 1),
])
def test_malformed_rule_files_name_file_and_line(tmp_path: Path, body: str, message: str, line: int) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "bad.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        Cleaner([folder], defaults=False)
    assert message in str(caught.value)
    assert caught.value.path and caught.value.path.endswith("bad.yaml")
    assert caught.value.line == line


def test_duplicate_ids_are_an_error(tmp_path: Path) -> None:
    rule = ("  - id: dup\n    kind: line\n    category: footer\n    description: d\n    patterns: [x]\n")
    write_rules(tmp_path, "rules:\n" + rule + rule)
    with pytest.raises(RuleSetError, match="duplicate rule id"):
        Cleaner([tmp_path], defaults=False)


def test_toml_rules_and_site_layering(tmp_path: Path) -> None:
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "example.com.toml").write_text(textwrap.dedent("""
        [[rules]]
        id = "example.com/kicker"
        kind = "line"
        category = "navigation"
        description = "the site's kicker"
        zone = "head"
        patterns = ['^Local News$']
    """), encoding="utf-8")
    cleaner = Cleaner([tmp_path])
    text = "Local News\n" + BODY
    assert cleaner.clean(text, "https://www.example.com/a").text == BODY
    assert cleaner.clean(text, "https://news.example.com/a").text == BODY
    assert cleaner.clean(text, "https://example.org/a").text == text
    assert cleaner.clean(text).text == text


def test_select_ignore_keep() -> None:
    text = "Donate now\n" + BODY + "Image courtesy of Example Agency\nAll rights reserved.\n"
    assert "Donate now" in Cleaner(ignore=["donation"]).clean(text).text
    assert "Donate now" in Cleaner(ignore=["donation-*"]).clean(text).text
    kept = Cleaner(keep_categories=["caption"]).clean(text).text
    assert "Image courtesy" in kept and "All rights reserved" not in kept
    only = Cleaner(select=["footer"]).clean(text).text
    assert "Donate now" in only and "All rights reserved" not in only
    # the most specific selector wins: ignore a category, but select one of its rules by id
    mixed = Cleaner(select=["all", "footer-rights-reserved"], ignore=["footer"]).clean(text).text
    assert "All rights reserved" not in mixed
    # keeping a category is ignoring it at category level: a rule selected by id still runs
    caption_ids = [rule.id for rule in Cleaner().all_rules if rule.category == "caption"]
    picked = Cleaner(select=["all", *caption_ids], keep_categories=["caption"]).clean(text).text
    assert "Image courtesy" not in picked
    assert "Image courtesy" in Cleaner(select=["caption"], keep_categories=["caption"]).clean(text).text
    with pytest.raises(RuleSetError, match="name no rule"):
        Cleaner(select=["no-such-rule"])


def test_settings_from_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner.config import load_settings

    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nkeep = ["caption"]\nrules = ["myrules"]\n',
                                             encoding="utf-8")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    settings = load_settings()
    assert settings.keep == ["caption"] and settings.rules == [tmp_path / "myrules"]
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nkep = ["caption"]\n', encoding="utf-8")
    with pytest.raises(RuleSetError, match="unknown key"):
        load_settings()


def test_per_site_ignore() -> None:
    text = "Donate now\n" + BODY
    cleaner = Cleaner(site_ignore={"example.com": ["donation"]})
    assert cleaner.clean(text, "https://news.example.com/a").text == text
    assert cleaner.clean(text, "https://example.org/a").text == BODY
    with pytest.raises(RuleSetError, match="name no rule"):
        Cleaner(site_ignore={"example.com": ["no-such-rule"]})


def test_repeated_headline_is_not_a_label(tmp_path: Path) -> None:
    """A repeat rule with max_words drops a repeated short label but not a headline printed twice."""
    rules = write_rules(tmp_path, """
        rules:
          - id: label
            kind: repeat
            category: attribution
            description: repeated label
            zone: head
            max_words: 5
    """)
    cleaner = Cleaner([rules], defaults=False)
    headline = "Council agrees to extend the harbour plan by two more years"
    text = f"Example Wire\n{headline}\nExample Wire\n{headline}\n" + BODY
    assert cleaner.clean(text).text == f"{headline}\n{headline}\n" + BODY


def test_builtin_patterns_run_unclocked_and_own_rules_clocked(tmp_path: Path) -> None:
    """Reading the clock costs more than most searches: the built-in rule sets, which the test suite
    checks for runaway backtracking, search short blocks without it; a user's own rules never do."""
    rules = write_rules(tmp_path, """
        rules:
          - id: own-footer
            kind: line
            category: footer
            description: a footer of one's own
            patterns: ['^Printed in the harbour office$']
    """)
    cleaner = Cleaner([rules])
    own = [rule for rule in cleaner.all_rules if rule.id == "own-footer"]
    assert own and own[0].clocked
    builtin = [rule for rule in cleaner.all_rules if rule.id != "own-footer"]
    assert builtin and not any(rule.clocked for rule in builtin)


def test_unclocked_search_is_timed_past_the_tested_length() -> None:
    """A block longer than the built-in patterns are tested on is searched with the clock all the same."""
    runaway = regex.compile(r"^(?:a|a)*$")
    assert search(runaway, "a" * 8 + "b", "runaway", 0.2, clocked=False) is None
    with pytest.raises(RuleTimeout):
        search(runaway, "a" * (UNCLOCKED_MAX_CHARS + 1) + "b", "runaway", 0.2, clocked=False)


@pytest.mark.parametrize("label", ["Tin liên quan", "관련기사", "Publié le 3 mars 2024"])
def test_decomposed_text_is_judged_composed_and_kept_as_it_came(cleaner: Cleaner, label: str) -> None:
    """Rules are written in composed characters; a text whose accents or Hangul come decomposed (some
    Vietnamese and Korean sites, text from a Mac) meets them composed, and what stays is its own bytes."""
    article = unicodedata.normalize("NFD", "\n\n".join([*PARAGRAPHS, "Điều này đã được xác nhận bởi chính quyền "
                                                       "thành phố sau cuộc họp kéo dài suốt buổi chiều hôm qua."]))
    decomposed = unicodedata.normalize("NFD", label)
    assert decomposed != label or label.isascii()
    result = cleaner.clean(f"{article}\n\n{decomposed}\n")
    assert result.text == article + "\n"
    assert [removal.text.strip() for removal in result.removed] == [decomposed]
