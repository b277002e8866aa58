"""The pre-commit hooks, driven by the real ``pre-commit`` against a throwaway corpus repository,
with this repository (at its current commit) as the hook repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import clean
from tests.conftest import FIXTURES, ROOT, read_exact

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
SEEDS = sorted(p for p in (FIXTURES / "seeds").glob("*.txt") if not p.name.endswith(".expected.txt"))
CLEAN_DOC = ("The council met on Tuesday and agreed the harbour plan after a long debate about traffic, "
             "noise and the cost of the ferry terminal.\n")

README = "# Corpus\n\n" + CLEAN_DOC + "\nAll rights reserved.\n"
HOUSE_RULE = """rules:
  - id: house-mark
    kind: line
    category: footer
    description: The corpus's own archive stamp.
    zone: edges
    patterns: ['^HOUSE-MARK\\b']
    examples: {drop: ["HOUSE-MARK archive copy"], keep: ["The house mark was unveiled."]}
"""

pytestmark = pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is a dev dependency")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def head_commit() -> str:
    if not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout of cleaner")
    return git(ROOT, "rev-parse", "HEAD")


def corpus(tmp_path: Path, hook: str) -> Path:
    repo = tmp_path / "corpus"
    (repo / "docs").mkdir(parents=True)
    for seed in SEEDS:
        shutil.copyfile(seed, repo / "docs" / seed.name)
    (repo / "docs" / "clean.txt").write_text(CLEAN_DOC, encoding="utf-8")
    (repo / "docs" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (repo / "README.md").write_text(README, encoding="utf-8")
    # The corpus carries its own rule directory, named in its pyproject.toml.
    (repo / "corpus_rules").mkdir()
    (repo / "corpus_rules" / "house.yaml").write_text(HOUSE_RULE, encoding="utf-8")
    (repo / "pyproject.toml").write_text('[tool.cleaner]\nrules = ["corpus_rules"]\n', encoding="utf-8")
    (repo / "docs" / "house.txt").write_text(CLEAN_DOC + "\nHOUSE-MARK archive copy\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head_commit()}\n    hooks:\n      - id: {hook}\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "corpus@example.com")
    git(repo, "config", "user.name", "Corpus")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "corpus")
    return repo


def run_hooks(repo: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(ROOT / ".venv" / "pre-commit-home")}
    return subprocess.run([str(PRE_COMMIT), "run", "--all-files"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=1200)


def test_hook_fixes_dirty_files_then_passes(tmp_path: Path) -> None:
    repo = corpus(tmp_path, "cleaner")
    png = (repo / "docs" / "image.png").read_bytes()
    first = run_hooks(repo)
    assert first.returncode == 1, first.stdout + first.stderr
    for seed in SEEDS:
        cleaned = read_exact(repo / "docs" / seed.name)
        assert cleaned != read_exact(seed), f"{seed.name} was not cleaned"
        assert cleaned == clean(read_exact(seed)).text, f"{seed.name}: the hook and the library differ"
    assert (repo / "docs" / "clean.txt").read_text(encoding="utf-8") == CLEAN_DOC
    assert (repo / "docs" / "image.png").read_bytes() == png
    assert (repo / "README.md").read_text(encoding="utf-8") == README, "the repository's own docs are left alone"
    assert (repo / "docs" / "house.txt").read_text(encoding="utf-8") == CLEAN_DOC, "[tool.cleaner] rules apply"
    second = run_hooks(repo)
    assert second.returncode == 0, second.stdout + second.stderr


def test_check_hook_reports_and_never_writes(tmp_path: Path) -> None:
    repo = corpus(tmp_path, "cleaner-check")
    before = {p.name: p.read_bytes() for p in (repo / "docs").iterdir()}
    result = run_hooks(repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert {p.name: p.read_bytes() for p in (repo / "docs").iterdir()} == before
    assert git(repo, "status", "--porcelain") == ""
