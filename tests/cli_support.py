"""Helpers for the command-line tests: run the real CLI (in-process or as a subprocess), sample documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from cleaner.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
CLEANER = str(Path(sys.executable).with_name("cleaner"))

BODY = (
    "The city council voted on Tuesday to extend the harbour redevelopment plan by another two years, "
    "after residents raised concerns about traffic, noise and the cost of the new ferry terminal.\n\n"
    "Officials said the revised budget would be published next month and that construction crews "
    "would continue working on the northern pier while engineers review the remaining designs.\n"
)
#: A document with chrome at both ends that the default rules remove.
CHROME = "Donate now\n\n" + BODY + "\nAll rights reserved.\n"


def cli(*args: str | Path, stdin: bytes | None = None) -> Result:
    """The CLI run in-process, as ``cleaner ARGS``; stdout and stderr kept apart."""
    return CliRunner().invoke(app, [str(a) for a in args], input=stdin, catch_exceptions=False)


def run(*args: str | Path, stdin: bytes | None = None, cwd: Path | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """The installed ``cleaner`` command as a subprocess."""
    return subprocess.run([CLEANER, *map(str, args)], input=stdin, capture_output=True, cwd=cwd,
                          timeout=timeout, env={**os.environ, "PYTHONWARNINGS": "ignore"}, check=False)


def seeds() -> list[tuple[Path, str | None]]:
    """The seed documents (not the expected outputs), each with its url if it has one."""
    urls: dict[str, str] = json.loads((SEEDS / "urls.json").read_text(encoding="utf-8"))
    return [(path, urls.get(path.name)) for path in sorted(SEEDS.glob("*.txt"))
            if not path.name.endswith(".expected.txt")]


def write_rules(folder: Path, body: str, name: str = "rules.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return folder


def line_rule(rule_id: str, pattern: str, *, category: str = "footer", zone: str = "anywhere",
              max_chars: int = 100_000, extra: str = "") -> str:
    """A rule file with one ``line`` rule; ``extra`` adds keys (indented as rule keys)."""
    return (f"rules:\n  - id: {rule_id}\n    kind: line\n    category: {category}\n"
            f"    description: A rule made for a test.\n    zone: {zone}\n    max_chars: {max_chars}\n"
            f"    patterns: ['{pattern}']\n{extra}")
