"""The compiled-rule cache: read back only for the very rule files and code it was made from."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from cleaner import Cleaner, cache
from cleaner.errors import RuleSetError
from tests.cli_support import line_rule, run, write_rules
from tests.test_engine import BODY


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(where))
    return where


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("rules-*.pickle"))


def test_a_second_load_reads_the_compiled_rules_back(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Cleaner()
    assert len(entries(folder)) == 1

    def no_compiling(_directories: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(cache, "load_rules", no_compiling)
    second = Cleaner()
    assert [(r.id, r.kind, r.spec.path) for r in second.all_rules] == [(r.id, r.kind, r.spec.path)
                                                                      for r in first.all_rules]
    text = "Home\nWorld\nSport\nBusiness\nCulture\n\n" + BODY + "\nAll rights reserved.\n"
    assert second.clean(text).removed == first.clean(text).removed != []


def test_an_edited_rule_file_is_compiled_afresh(folder: Path, tmp_path: Path) -> None:
    rules = write_rules(tmp_path / "mine", line_rule("mine-kicker", "^KICKER:"))
    text = "KICKER: harbour\n" + BODY
    assert Cleaner([rules], defaults=False).clean(text).text == BODY
    write_rules(tmp_path / "mine", line_rule("mine-kicker", "^TEASER:"))
    assert Cleaner([rules], defaults=False).clean(text).text == text
    assert len(entries(folder)) == 2


def test_a_broken_entry_is_compiled_afresh_and_replaced(folder: Path, tmp_path: Path) -> None:
    rules = write_rules(tmp_path / "mine", line_rule("mine-kicker", "^KICKER:"))
    Cleaner([rules], defaults=False)
    (entry,) = entries(folder)
    entry.write_bytes(b"not a pickle")
    assert Cleaner([rules], defaults=False).clean("KICKER: x\n" + BODY).text == BODY
    assert isinstance(pickle.loads(entry.read_bytes()), list)
    entry.write_bytes(pickle.dumps(["a list of something else"]))
    assert [r.id for r in Cleaner([rules], defaults=False).all_rules] == ["mine-kicker"]


def test_a_rule_set_that_fails_to_load_still_fails_and_stores_nothing(folder: Path, tmp_path: Path) -> None:
    rules = write_rules(tmp_path / "bad", line_rule("bad-rule", "(unclosed"))
    for _ in range(2):
        with pytest.raises(RuleSetError, match="bad pattern"):
            Cleaner([rules], defaults=False)
    assert entries(folder) == []


def test_off_and_unwritable_folders_mean_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = write_rules(tmp_path / "mine", line_rule("mine-kicker", "^KICKER:"))
    monkeypatch.setenv("CLEANER_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    assert Cleaner([rules], defaults=False).clean("KICKER: x\n" + BODY).text == BODY
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(blocker / "cache"))  # cannot be made: a file is in the way
    assert Cleaner([rules], defaults=False).clean("KICKER: x\n" + BODY).text == BODY


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CLEANER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "cleaner"


def test_the_command_line_uses_and_fills_the_cache(folder: Path, tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("Home\nWorld\nSport\nBusiness\nCulture\n\n" + BODY, encoding="utf-8")
    outputs = [run("clean", doc) for _ in range(2)]
    assert outputs[0].returncode == outputs[1].returncode == 0
    assert outputs[0].stdout == outputs[1].stdout == BODY.encode()
    assert len(entries(folder)) == 1


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_an_entry_others_may_write_is_never_read(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = write_rules(tmp_path / "mine", line_rule("mine-kicker", "^KICKER:"))
    Cleaner([rules], defaults=False)
    (entry,) = entries(folder)
    entry.chmod(0o666)
    compiled = []
    real = cache.load_rules
    monkeypatch.setattr(cache, "load_rules", lambda dirs: compiled.append(dirs) or real(dirs))
    Cleaner([rules], defaults=False)
    assert compiled, "a world-writable entry was read"
    assert entry.stat().st_mode & 0o777 == 0o600, "the entry was written afresh, private"
