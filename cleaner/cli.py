"""The ``cleaner`` command: clean files, explain removals, list and test rules."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from cleaner.config import load_settings
from cleaner.engine import Cleaner
from cleaner.errors import CleanerError, RuleSetError
from cleaner.patterns import DEFAULT_TIMEOUT

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Strip site chrome from scraped news text, keeping every article line byte for byte.")
rules_app = typer.Typer(no_args_is_help=True, help="List, explain and test the rules.")
app.add_typer(rules_app, name="rules")

RulesOpt = Annotated[list[Path] | None, typer.Option("--rules", help="Add a rule directory (repeatable).")]
SelectOpt = Annotated[list[str] | None, typer.Option("--select", help="Only these rule ids, globs or categories.")]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rule ids, globs or categories.")]
KeepOpt = Annotated[list[str] | None, typer.Option("--keep", help="Keep this category of chrome (repeatable).")]
UrlOpt = Annotated[str | None, typer.Option("--url", help="The documents' url, to pick site rules.")]


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"cleaner: {message}", err=True)
    return typer.Exit(code)


def build_cleaner(rules: list[Path] | None, select: list[str] | None, ignore: list[str] | None,
                  keep: list[str] | None) -> Cleaner:
    """A cleaner from ``[tool.cleaner]`` settings, with command-line flags taking precedence."""
    try:
        settings = load_settings()
        return Cleaner(
            [*settings.rules, *(rules or [])],
            select=select if select else settings.select,
            ignore=[*settings.ignore, *(ignore or [])],
            keep_categories=[*settings.keep, *(keep or [])],
            timeout=settings.timeout or DEFAULT_TIMEOUT,
        )
    except RuleSetError as exc:
        raise fail(str(exc)) from exc


def read_text(path: Path) -> str:
    """A text file's content, exactly (no newline translation); ``-`` reads standard input."""
    if str(path) == "-":
        return sys.stdin.buffer.read().decode("utf-8")
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


@app.command()
def clean(
    paths: Annotated[list[Path], typer.Argument(help="Files to clean; - for standard input.")],
    url: UrlOpt = None,
    rules: RulesOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    keep: KeepOpt = None,
) -> None:
    """Clean text files and write the cleaned text to standard output."""
    cleaner = build_cleaner(rules, select, ignore, keep)
    status = 0
    for path in paths:
        try:
            result = cleaner.clean(read_text(path), url)
        except (OSError, UnicodeDecodeError) as exc:
            typer.echo(f"cleaner: {path}: {exc}", err=True)
            status = 2
            continue
        for flag in result.flags:
            typer.echo(f"cleaner: {path}: {flag.message}", err=True)
        sys.stdout.write(result.text)
        sys.stdout.flush()
    raise typer.Exit(status)


@app.command()
def explain(
    paths: Annotated[list[Path], typer.Argument(help="Files to explain; - for standard input.")],
    url: UrlOpt = None,
    rules: RulesOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    keep: KeepOpt = None,
) -> None:
    """Show each removal with its line number, rule id and category."""
    cleaner = build_cleaner(rules, select, ignore, keep)
    color = sys.stdout.isatty()
    for path in paths:
        try:
            text = read_text(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"{path}: {exc}") from exc
        result = cleaner.clean(text, url)
        typer.echo(typer.style(f"{path}: {len(result.removed)} removal(s)", bold=True) if color
                   else f"{path}: {len(result.removed)} removal(s)")
        for flag in result.flags:
            typer.echo(f"  ! {flag.message}")
        for removal in result.removed:
            line = text.count("\n", 0, removal.start) + 1
            head = f"  {line:>5}  {removal.rule} [{removal.category}]"
            typer.echo(typer.style(head, fg="yellow") if color else head)
            for piece in removal.text.strip("\r\n").splitlines():
                if piece.strip():
                    body = f"         - {piece[:160]}"
                    typer.echo(typer.style(body, fg="red") if color else body)


@rules_app.command("list")
def rules_list(
    rules: RulesOpt = None,
    output: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """List every rule: id, kind, category, zone, site, description and file."""
    cleaner = build_cleaner(rules, None, None, None)
    enabled = {rule.id for rule in cleaner.rules}
    rows = [{
        "id": rule.id, "kind": rule.spec.kind, "category": rule.category, "zone": rule.spec.zone,
        "site": rule.spec.site, "enabled": rule.id in enabled, "description": rule.spec.description,
        "origin": f"{rule.spec.path}:{rule.spec.line}",
    } for rule in cleaner.all_rules]
    if output == "json":
        typer.echo(json.dumps(rows, indent=1, ensure_ascii=False))
        return
    if output != "text":
        raise fail("--format must be text or json")
    for row in rows:
        mark = " " if row["enabled"] else "-"
        site = f" @{row['site']}" if row["site"] else ""
        typer.echo(f"{mark} {row['id']:<38} {row['kind']:<6} {row['category']:<12} {row['zone']:<8}{site}  "
                   f"{str(row['description'])[:70]}")


@rules_app.command("explain")
def rules_explain(rule_id: str, rules: RulesOpt = None) -> None:
    """Show one rule in full: what it removes, where, and its examples."""
    cleaner = build_cleaner(rules, None, None, None)
    matches = [rule for rule in cleaner.all_rules if rule.id == rule_id]
    if not matches:
        raise fail(f"no rule {rule_id!r} (see 'cleaner rules list')")
    for rule in matches:
        spec = rule.spec
        typer.echo(f"{spec.id}  ({spec.kind}, {spec.category}, zone {spec.zone}"
                   f"{', site ' + spec.site if spec.site else ''})\n{spec.path}:{spec.line}\n\n{spec.description}\n")
        for label, items in (("drops", spec.examples.drop), ("keeps", spec.examples.keep)):
            for item in items:
                typer.echo(f"  {label}: {item!r}")


@rules_app.command("test")
def rules_test(rules: RulesOpt = None) -> None:
    """Run every rule's own examples; exit 1 naming each rule and example that fails."""
    from cleaner.examples import coverage_problems, run_all

    cleaner = build_cleaner(rules, None, None, None)
    results = run_all(cleaner)
    failures = [(case, problems) for case, problems in results if problems]
    for case, problems in failures:
        for problem in problems:
            typer.echo(f"FAIL {case.test_id}: {problem}  ({case.rule.spec.path}:{case.rule.spec.line})")
    uncovered = coverage_problems(cleaner.all_rules)
    for problem in uncovered:
        typer.echo(f"FAIL {problem}")
    typer.echo(f"{len(results) - len(failures)} passed, {len(failures) + len(uncovered)} failed")
    raise typer.Exit(1 if failures or uncovered else 0)


def main() -> None:
    try:
        app()
    except CleanerError as exc:
        typer.echo(f"cleaner: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
