"""Later passes skip the rules that cannot find anything new (``Rule.monotone``): a shortcut, never a
change in what is removed."""

from __future__ import annotations

import json

import pytest

from cleaner import Cleaner
from cleaner.kinds import KINDS
from tests.conftest import SHARED

PAGES = SHARED / "eval" / "news-dev" / "pages.jsonl"


def test_line_repeat_and_echo_are_monotone_run_and_cut_are_not() -> None:
    assert {name for name, kind in KINDS.items() if kind.monotone} == {"line", "repeat", "echo"}


@pytest.mark.skipif(not PAGES.is_file(), reason="needs ../shared/eval")
def test_same_removals_when_every_rule_runs_every_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [json.loads(line) for line in PAGES.read_text(encoding="utf-8").splitlines() if line]
    texts = [(text, page["url"]) for page in pages for text in page["extracted"].values() if text]
    cleaner = Cleaner()
    shortcut = [cleaner.clean(text, url) for text, url in texts]
    for kind in KINDS.values():
        monkeypatch.setattr(kind, "monotone", False)
    cleaner = Cleaner()
    full = [cleaner.clean(text, url) for text, url in texts]
    assert [r.removed for r in shortcut] == [r.removed for r in full]
    assert sum(len(r.removed) for r in full) > 1000
