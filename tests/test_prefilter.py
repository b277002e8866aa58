"""The literal prefilter is a gate, never a verdict: results are the same with and without it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex

from cleaner import Cleaner
from cleaner.blocks import as_label
from cleaner.kinds.base import GatedPatterns
from cleaner.prefilter import (
    DIGIT,
    MAX_LINE_LITERALS,
    LiteralIndex,
    gate_text,
    lead_keys,
    lead_words_of,
    literals_of,
)
from tests.cli_support import write_rules
from tests.conftest import SHARED

PAGES = SHARED / "eval" / "news-dev" / "pages.jsonl"


@pytest.mark.parametrize("pattern, expected", [
    (r"\ball\s+rights\s+reserved\b", {"all rights reserved"}),  # whitespace runs are one space in gate_text
    (r"\s+foo\s", {" foo "}),                      # gate_text has a space at each end
    (r"^(?:photo|image)s?\s*:", {"photo", "image"}),
    (r"(?:foo|ba)x", {"foox", "bax"}),             # the literal after the alternatives joined to each
    (r"(?:prije|pre)\s+\d", {"prije ", "pre "}),   # the parser factors out "pr"; joined back
    (r"(?:ba|bo)", None),                          # "ba", "bo": too short to be worth a gate
    (r"^\d{4}-\d{2}", {DIGIT}),
    (r"[(\[]\s*afp\s*[)\]]", {"afp"}),
    (r"^\p{Lu}\p{L}+$", None),                    # a shape, no literal
    (r"x{e<=1}", None),                           # fuzzy matching: not for the stdlib parser
    (r"(?:abc)?def", {"def"}),                    # optional parts require nothing
    (r"(?:来源|作者|编辑)\s*[:：]\s*\S+", {"来源", "作者", "编辑"}),  # words of a script without spaces, not colons
])
def test_literals_of(pattern: str, expected: set[str] | None) -> None:
    found = literals_of(pattern)
    assert (set(found) if found is not None else None) == expected


@pytest.mark.parametrize("pattern, expected", [
    (r"^\s*+\W{0,3}+(?:advertisement|ad|sponsored)\b", {"adv", "ad", "spo"}),
    (r"^\s*\W{0,3}(?:By|Von|Di)\s+\p{Lu}", {"by$", "von", "di$"}),   # the property comes after the word
    (r"^\s*(?:[-*o]\s+)?[^\w\s]{0,2}(?:home|news)", {"o$", "hom", "new"}),  # a bullet may be the word "o"
    (r"^\s*\W{0,3}(?:foo)?bar", {"foo", "bar"}),
    (r"^(?:opinions?|analysis)\s*$", {"opi", "ana"}),
    (r"^\W*(?:x|tv)\W*$", {"x$", "tv$"}),                          # words shorter than the lead: whole
    (r"^de\p{L}+", {"de"}),                                       # then a letter of any script
    (r"advertisement", None),                                       # not anchored: any word may be first
    (r"^(?!.*_)[^\p{L}]{1,6}$", None),                              # a negated property: cannot tell
    (r"^\p{Lu}abc", None),
    (r"^\s*(?:\d+|x)", {"#", "##", "###", "x"}),                     # "#": a digit of any script
    (r"^\W*(?:ads)?", None),                                         # may match with no word at all
])
def test_lead_words_of(pattern: str, expected: set[str] | None) -> None:
    found = lead_words_of(pattern)
    assert (set(found) if found is not None else None) == expected


@pytest.mark.parametrize("text, keys", [
    (" — Ad: buy", {"a", "ad", "ad$"}),
    ("Advertisement", {"a", "ad", "adv"}),
    ("«Straße»", {"s", "st", "str"}),
    ("٣ تعليقات", {"#", "#$"}),                                   # any decimal digit is "#"
    ("2019: the year", {"#", "##", "###"}),
    ("", set()),
])
def test_lead_keys(text: str, keys: set[str]) -> None:
    assert lead_keys(text) == keys


@pytest.mark.parametrize("text", [" — Ad", "²ad", "ΣΑΣ", "STRASSE", "Straße", "\u212a", "… Sponsored"])
def test_lead_gate_never_hides_a_match(text: str) -> None:
    """A block a pattern matches always passes its lead gate, whatever its case or script."""
    matched = 0
    for source in (r"^\W{0,3}(?:ad|sponsored)", r"^σας", r"^straße", r"^k"):
        pattern = regex.compile(source, regex.V0 | regex.IGNORECASE)
        leads = lead_words_of(source)
        assert leads is not None
        if pattern.search(text):
            matched += 1
            assert not leads.isdisjoint(lead_keys(text)), (source, text)
    assert matched == (0 if text == "STRASSE" else 1)  # simple case folding: "ß" is not "SS"


def test_no_default_pattern_matches_a_line_its_lead_gate_turns_away() -> None:
    """Every line of the multilingual chrome and keep sets, and every rule example, against every
    default pattern whose lead gate would not let it through: none of them may match it."""
    rules = Cleaner().all_rules
    gated = [(pattern, leads) for rule in rules for patterns in _pattern_lists(rule)
             for pattern, leads in zip(patterns.patterns, patterns.leads, strict=True) if leads is not None]
    assert len(gated) > 200
    lines = {line for path in (Path(__file__).parent / "data" / "multilingual").glob("*.jsonl")
             for entry in map(json.loads, path.read_text(encoding="utf-8").splitlines())
             for line in entry["text"].split("\n") if line.strip()}
    lines |= {line for rule in rules for example in (*rule.spec.examples.drop, *rule.spec.examples.keep)
              for line in example.split("\n") if line.strip()}
    assert len(lines) > 8000
    for line in lines:
        label = as_label(line)
        keys = lead_keys(line, label)
        for pattern, leads in gated:
            if leads.isdisjoint(keys):
                assert pattern.search(line) is None and pattern.search(label) is None, (pattern.pattern[:80], line)


def _pattern_lists(rule: object) -> list[GatedPatterns]:
    """The rule's patterns with their gates: its own (a line rule) and any ``GatedPatterns`` it holds."""
    found = [value for value in vars(rule).values() if isinstance(value, GatedPatterns)]
    if hasattr(rule, "leads") and hasattr(rule, "patterns"):
        found.append(rule)  # type: ignore[arg-type]
    return found


def test_index_finds_keys_and_overlapping_literals() -> None:
    index = LiteralIndex([(0, frozenset({"reserved"})), (1, frozenset({"serve"})), (2, frozenset({DIGIT}))])
    assert index.keys_in("nothing here") == set()
    assert index.keys_in("all rights reserved") == {0, 1}
    assert index.keys_in("in 2019") == {2}
    assert index.keys_in("in ٢٠١٩, reserved") == {0, 1, 2}  # any decimal digit, as the patterns' \d


def without_prefilter(cleaner: Cleaner) -> None:
    """Make every pattern ungated, as if no literal or lead character could be derived."""
    for rule in cleaner.all_rules:
        for name in ("gates", "leads"):
            if hasattr(rule, name):
                setattr(rule, name, [None] * len(getattr(rule, name)))
        for value in vars(rule).values():
            if isinstance(value, GatedPatterns):
                value.gates = value.leads = [None] * len(value.patterns)
    cleaner._plans.clear()
    cleaner._shared_plans.clear()


@pytest.mark.skipif(not PAGES.is_file(), reason="needs ../shared/eval")
def test_same_results_with_and_without_prefilter() -> None:
    gated, plain = Cleaner(), Cleaner()
    without_prefilter(plain)
    pages = [json.loads(line) for line in PAGES.read_text(encoding="utf-8").splitlines() if line]
    compared = 0
    for page in pages:
        for text in page["extracted"].values():
            assert gated.clean(text, page["url"]).removed == plain.clean(text, page["url"]).removed
            compared += 1
    assert compared > 500


def test_the_body_is_scanned_for_the_literals_of_its_own_rules(tmp_path: Path) -> None:
    """Inside the article body only the rules allowed there apply, so its blocks (long prose, holding many
    words) are scanned for their literals alone, not for those of every rule about the edges."""
    from cleaner.kinds.line import LineBatch

    rules = write_rules(tmp_path, """
        rules:
          - id: harbour-label
            kind: line
            category: navigation
            description: a label before or after the article
            zone: edges
            patterns: ['^harbour\\s+news$']
          - id: ferry-note
            kind: line
            category: meta
            description: a note anywhere
            zone: anywhere
            patterns: ['^ferry\\s+times\\s+changed$']
    """)
    cleaner = Cleaner([rules], defaults=False)
    (batch,) = [step for step in cleaner._plan(None).batches if isinstance(step, LineBatch)]
    assert set(batch.zones["head"].index.keys_of) == {"harbour news", "ferry times changed"}
    assert set(batch.zones["body"].index.keys_of) == {"ferry times changed"}
    text = "Harbour news\n\n" + "The harbour news spread fast, and ferry times changed twice that week. " * 3 + "\n"
    assert [removal.text for removal in cleaner.clean(text).removed] == ["Harbour news\n\n"]


def test_a_run_rule_gate_of_many_literals_spares_other_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run rules share one literal index, so a gate listing more words than a line-by-line check takes
    still keeps its pattern off the blocks that hold none of them."""
    from cleaner.kinds import run

    words = [f"{season}{number}" for season in ("spring", "summer", "autumn", "winter") for number in range(6)]
    assert len(words) > MAX_LINE_LITERALS
    rules = write_rules(tmp_path, f"""
        rules:
          - id: season-run
            kind: run
            category: related
            description: teasers naming a season
            zone: anywhere
            min_items: 2
            items: '^(?:{"|".join(words)})\\b.*'
    """)
    searched: list[str] = []

    def counting(pattern: regex.Pattern[str], text: str, *args: object) -> regex.Match[str] | None:
        searched.append(text)
        return pattern.search(text)

    monkeypatch.setattr(run, "search", counting)
    text = "Harbour news\nspring3 ferry times\nwinter5 ferry times\nOther line\n"
    result = Cleaner([rules], defaults=False).clean(text)
    assert [removal.text for removal in result.removed] == ["spring3 ferry times\nwinter5 ferry times\n"]
    assert sorted(searched) == ["spring3 ferry times", "winter5 ferry times"]


@pytest.mark.parametrize("source, text", [
    (r"\ball\s+rights\s+reserved\b", "All  rights\treserved."),
    (r"\ball\s+rights\s+reserved\b", "all\u00a0rights\u2003reserved"),
    (r"^\s*read\s+more\s*:", "  READ\n MORE: the harbour"),
    (r"ilgili\s+haberler", "İLGİLİ HABERLER"),
    (r"(?:prije|pre)\s+\d+\s+dana", "PRIJE 3 DANA"),
    (r"\s+foo\s", "\tfoo\n"),
])
def test_a_literal_gate_never_hides_a_match(source: str, text: str) -> None:
    """Gates are checked on ``gate_text`` (lower-cased, whitespace squeezed): a block the pattern matches
    holds one of its literals there, whatever its whitespace, case or dotted capitals."""
    pattern = regex.compile(source, regex.V0 | regex.IGNORECASE)
    literals = literals_of(source)
    assert pattern.search(text) and literals
    assert any(literal in gate_text(text) for literal in literals), (literals, gate_text(text))
