"""Later passes skip the rules that cannot find anything new (``Rule.monotone``): a shortcut, never a
change in what is removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.kinds import KINDS
from tests.cli_support import write_rules
from tests.conftest import PARAGRAPHS, dev_texts


def test_line_repeat_and_echo_are_monotone_run_and_cut_are_not() -> None:
    assert {name for name, kind in KINDS.items() if kind.monotone} == {"line", "repeat", "echo"}


def test_same_removals_when_every_rule_runs_every_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = dev_texts()
    cleaner = Cleaner()
    shortcut = [cleaner.clean(text, url) for text, url in texts]
    for kind in KINDS.values():
        monkeypatch.setattr(kind, "monotone", False)
    cleaner = Cleaner()
    full = [cleaner.clean(text, url) for text, url in texts]
    assert [r.removed for r in shortcut] == [r.removed for r in full]
    assert sum(len(r.removed) for r in full) > 1000


def test_memos_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a corpus where no line repeats, every memo of judged blocks starts afresh when full."""
    from cleaner import memo
    from cleaner.kinds import base

    monkeypatch.setattr(memo, "MEMO_SIZE", 50)
    cleaner = Cleaner()
    body = ("The council met on Tuesday and agreed, after a long debate about traffic and noise, to extend "
            "the harbour plan by another two years.\n\n")
    for n in range(300):
        cleaner.clean(f"Menu item {n}\nRead more: story {n}\n\n{body}{body}Share this story {n}\n")

    def memos_of(owner: object) -> list[memo.Memo]:
        """The memos ``owner`` holds itself or in a dictionary of them (one per zone or place)."""
        found = []
        for value in vars(owner).values():
            if isinstance(value, memo.Memo):
                found.append(value)
            elif isinstance(value, dict):
                found += [inner for inner in value.values() if isinstance(inner, memo.Memo)]
        return found

    batches = [batch for plan in cleaner._shared_plans.values() for batch in plan.batches]
    memos = [found for batch in batches for found in memos_of(batch)]
    assert all(memos_of(batch) for batch in batches)
    memos += [found for rule in cleaner.all_rules for found in memos_of(rule)]
    memos += [value.memo for rule in cleaner.all_rules for value in vars(rule).values()
              if isinstance(value, base.GatedPatterns)]
    assert memos and max(len(memo) for memo in memos) <= 50
    assert max(len(memo) for memo in memos) > 0


def test_a_menu_stays_one_when_another_rule_took_some_of_its_labels_first(tmp_path: Path) -> None:
    """A run counts the items an earlier pass removed between its blocks: here the line rules take a
    section label and the teasers under it, and what is left of the menu around them is three labels,
    one short of a run without the label taken first."""
    rules = write_rules(tmp_path, """
        rules:
          - id: popular-label
            kind: line
            category: related
            description: a list heading
            zone: tail
            patterns: ['^most popular$']
          - id: bulleted-teaser
            kind: line
            category: related
            description: a teaser in a bulleted list
            zone: tail
            patterns: ['^\\* \\w+(?: \\w+){3,}$']
          - id: short-menu
            kind: run
            category: navigation
            description: four short labels in a row
            zone: tail
            items: '^\\w+(?: \\w+)?$'
            min_items: 4
    """)
    tail = ["Sign in", "Most popular", "* Harbour reopens after the storm", "* Ferry times change in May",
            "Edition", "English"]
    text = "\n\n".join([*PARAGRAPHS, *tail]) + "\n"
    result = Cleaner([rules], defaults=False).clean(text)
    assert result.text == "\n\n".join(PARAGRAPHS) + "\n"
    assert {removal.rule for removal in result.removed} == {"popular-label", "bulleted-teaser", "short-menu"}
    # Three labels in a row, with nothing taken between them, are no run.
    short = "\n\n".join([*PARAGRAPHS, "Sign in", "Edition", "English"]) + "\n"
    assert Cleaner([rules], defaults=False).clean(short).text == short
