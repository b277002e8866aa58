"""Golden files: each seed cleaned must equal its ``.expected.txt`` to the byte."""

from __future__ import annotations

import difflib
import json

import pytest

from cleaner import Cleaner, clean
from tests.conftest import FIXTURES, read_exact

SEEDS = FIXTURES / "seeds"
URLS: dict[str, str] = json.loads((SEEDS / "urls.json").read_text(encoding="utf-8"))
INPUTS = sorted(p for p in SEEDS.glob("*.txt") if not p.name.endswith(".expected.txt"))


def test_every_seed_has_an_expectation() -> None:
    assert len(INPUTS) == 5
    for path in INPUTS:
        assert path.with_name(path.stem + ".expected.txt").is_file(), path


@pytest.mark.parametrize("path", INPUTS, ids=[p.stem for p in INPUTS])
def test_seed_cleans_to_golden_file(path, cleaner: Cleaner) -> None:
    text = read_exact(path)
    expected = read_exact(path.with_name(path.stem + ".expected.txt"))
    result = cleaner.clean(text, URLS.get(path.name))
    if result.text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), result.text.splitlines(True),
                                            "expected", "got"))
        pytest.fail(f"{path.name} differs from its golden file:\n{diff}")
    assert not result.flags


@pytest.mark.parametrize("path", INPUTS, ids=[p.stem for p in INPUTS])
def test_seed_removals_rebuild_the_output(path) -> None:
    text = read_exact(path)
    result = clean(text, URLS.get(path.name))
    assert result.removed, "every seed carries chrome"
    for removal in result.removed:
        assert text[removal.start:removal.end] == removal.text
    rebuilt, position = [], 0
    for removal in result.removed:
        rebuilt.append(text[position:removal.start])
        position = removal.end
    rebuilt.append(text[position:])
    assert "".join(rebuilt) == result.text


def test_site_label_needs_its_site() -> None:
    """The section label is the site's own: without its url the generic rules leave it alone."""
    path = SEEDS / "004_908a65289c809937.txt"
    text = read_exact(path)
    assert "Weapons of Mass Destruction (WMD)" in clean(text).text
    assert "Weapons of Mass Destruction (WMD)" not in clean(text, "https://news.globalsecurity.org/x").text
