"""The ``cleaner`` command: clean files, explain removals, list and test rules."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from cleaner.batch import DEFAULT_EXTENSIONS, STDIN, FileTask, Source, collect, kind_of
from cleaner.config import Settings, load_settings
from cleaner.engine import Cleaner
from cleaner.errors import CleanerError, RuleSetError
from cleaner.jsonl import JsonlOptions
from cleaner.patterns import DEFAULT_TIMEOUT
from cleaner.pipeline import BatchRun, Mode, RunOptions
from cleaner.report import Summary, progress, say
from cleaner.result import CleanResult
from cleaner.textio import SkipFile, decode_text, read_checked
from cleaner.workers import Workers

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Strip site chrome from scraped news text, keeping every article line byte for byte.")
rules_app = typer.Typer(no_args_is_help=True, help="List, explain and test the rules.")
app.add_typer(rules_app, name="rules")

RulesOpt = Annotated[list[Path] | None, typer.Option("--rules", help="Add a rule directory (repeatable).")]
SelectOpt = Annotated[list[str] | None, typer.Option("--select", help="Only these rule ids, globs or categories.")]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rule ids, globs or categories.")]
KeepOpt = Annotated[list[str] | None, typer.Option("--keep", help="Keep this category of chrome (repeatable).")]
UrlOpt = Annotated[str | None, typer.Option("--url", help="The documents' url, to pick site rules.")]
HtmlOpt = Annotated[bool, typer.Option("--html", help="Inputs are HTML (so are .html/.htm files).")]
TimeoutOpt = Annotated[float | None, typer.Option("--timeout", min=0.001,
                                                  help="Seconds a pattern may spend on one block.")]
PathsArg = Annotated[list[str], typer.Argument(help="Files or folders to clean; - for standard input.")]
#: Default --max-size: a single text file above this is not an article; it is left as it is.
DEFAULT_MAX_MB = 64


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"cleaner: {message}", err=True)
    return typer.Exit(code)


def effective_settings(rules: list[Path] | None, select: list[str] | None, ignore: list[str] | None,
                       keep: list[str] | None, timeout: float | None = None) -> Settings:
    """``[tool.cleaner]`` settings with the command-line flags applied. Flags win: ``--select`` and
    ``--timeout`` replace the settings' values; ``--ignore``, ``--keep`` and ``--rules`` add to them; and
    what ``--select`` names is taken out of the settings' ``ignore`` and ``keep`` (selecting a rule the
    settings ignore runs it)."""
    try:
        settings = load_settings()
    except RuleSetError as exc:
        raise fail(str(exc)) from exc
    chosen = set(select or ())
    return replace(
        settings,
        rules=[*settings.rules, *(rules or [])],
        select=list(select) if select else settings.select,
        ignore=[*(s for s in settings.ignore if s not in chosen), *(ignore or [])],
        keep=[*(k for k in settings.keep if k not in chosen), *(keep or [])],
        timeout=timeout or settings.timeout or DEFAULT_TIMEOUT,
    )


def build(settings: Settings) -> Cleaner:
    try:
        return Cleaner.from_settings(settings)
    except RuleSetError as exc:
        raise fail(str(exc)) from exc


def build_cleaner(rules: list[Path] | None, select: list[str] | None, ignore: list[str] | None,
                  keep: list[str] | None, timeout: float | None = None) -> Cleaner:
    """A cleaner from ``[tool.cleaner]`` settings, with command-line flags taking precedence."""
    return build(effective_settings(rules, select, ignore, keep, timeout))


def output_mode(paths: list[str], out: Path | None, in_place: bool, check: bool, diff: bool) -> Mode:
    """Where cleaned text goes; a usage error (exit 2) for combinations that make no sense."""
    if out is not None and in_place:
        raise fail("--out and --in-place exclude each other")
    if diff:
        return "diff"
    if check:
        return "check"
    if (out is not None or in_place) and STDIN in paths:
        raise fail("standard input (-) can only be cleaned to standard output")
    if out is not None:
        return "out"
    if in_place:
        return "in-place"
    if len(paths) > 1 or Path(paths[0]).is_dir():
        raise fail("several inputs: give --out DIR or --in-place (or --check / --diff)")
    return "stdout"


def outside_of(out: Path, sources: list[Source]) -> list[Source]:
    """The sources not already under ``out``; a usage error if two would be written to one file."""
    sources = [s for s in sources if s.path is None or not s.path.resolve().is_relative_to(out.resolve())]
    targets = Counter(s.out_relative for s in sources)
    clashes = sorted(str(target) for target, count in targets.items() if count > 1)
    if clashes:
        raise fail(f"two inputs would be written to the same file under --out: {', '.join(clashes)}")
    return sources


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported when the file is read


def worker_count(jobs: int | None, total_bytes: int, files: int) -> int:
    """``--jobs``, else every core; one for a small batch, where starting a pool costs more than it saves."""
    if jobs is not None:
        return jobs
    cores = os.cpu_count() or 1
    return 1 if total_bytes < 1_000_000 and files < 2 * cores else cores


@app.command()
def clean(
    paths: PathsArg,
    url: UrlOpt = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write cleaned files here, mirroring the tree.")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Replace each file (atomically).")] = False,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; list files that would change, exit 1.")
                     ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; show what would go as a unified diff.")
                    ] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Inputs are JSON Lines (as are .jsonl[.gz|.zst] files).")
                     ] = False,
    text_field: Annotated[str, typer.Option("--text-field", help="JSONL: the field to clean.")] = "text",
    url_field: Annotated[str, typer.Option("--url-field", help="JSONL: the field with the url.")] = "url",
    removed_field: Annotated[str | None, typer.Option("--removed-field",
                                                      help="JSONL: record what was removed in this field.")] = None,
    on_bad_line: Annotated[str, typer.Option("--on-bad-line",
                                             help="JSONL: a line that cannot be cleaned is passed through (pass) "
                                                  "or stops the run (stop).")] = "pass",
    html: HtmlOpt = False,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, help="Worker processes (default: all cores; one for a batch under 1 MB).")] = None,
    ext: Annotated[list[str] | None, typer.Option("--ext", help="File extensions taken from folders (repeatable).")
                   ] = None,
    max_size: Annotated[float, typer.Option("--max-size", min=0, help="Skip text files larger than this (MB).")
                        ] = DEFAULT_MAX_MB,
    strict: Annotated[bool, typer.Option("--strict", help="A document the guard kept whole is an error.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary at the end.")] = False,
    rules: RulesOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    keep: KeepOpt = None,
    timeout: TimeoutOpt = None,
) -> None:
    """Clean files, folders, standard input or JSON Lines corpora."""
    if on_bad_line not in ("pass", "stop"):
        raise fail("--on-bad-line must be pass or stop")
    mode = output_mode(paths, out, in_place, check, diff)
    settings = effective_settings(rules, select, ignore, keep, timeout)
    cleaner = build(settings)
    strict = strict or settings.strict
    extensions = [e if e.startswith(".") else f".{e}" for e in ext] if ext else list(DEFAULT_EXTENSIONS)
    sources, missing = collect(paths, [e.lower() for e in extensions], html=html, jsonl=jsonl)
    if out is not None:
        sources = outside_of(out, sources)
    summary = Summary()
    for name, message in missing:
        summary.error(name, message)
    options = RunOptions(mode, out, FileTask(url, int(max_size * 1e6), strict, mode == "diff"),
                         JsonlOptions(text_field, url_field, removed_field, html, strict), on_bad_line == "stop")
    total = sum(file_size(s.path) for s in sources if s.path is not None)
    try:
        with Workers(settings, cleaner, worker_count(jobs, total, len(sources))) as workers, \
                progress(total or None) as bar:
            run = BatchRun(workers, options, summary, bar)
            run.run_files([s for s in sources if s.kind != "jsonl"])
            for source in (s for s in sources if s.kind == "jsonl"):
                run.run_jsonl(source)
    except KeyboardInterrupt:
        say("interrupted: every file written so far is complete, the rest are untouched")
        _interrupt_reported.append(True)
        raise typer.Exit(130) from None
    except BrokenProcessPool:
        # Exit 2, not 1: 1 means "would change" to --check and to pre-commit.
        say("a worker process died (killed, or out of memory): every file written so far is complete, "
            "the rest are untouched; run again, or with --jobs 1 to find the document at fault")
        raise typer.Exit(2) from None
    if not quiet:
        say(summary.render())
    raise typer.Exit(run.exit_code)


def read_for_explain(cleaner: Cleaner, name: str, url: str | None, html: bool) -> tuple[str, CleanResult]:
    """The text whose lines are numbered, and what cleaning it does."""
    path = None if name == STDIN else Path(name)
    data = sys.stdin.buffer.read() if path is None else read_checked(path, int(DEFAULT_MAX_MB * 1e6))
    if kind_of(path, html, jsonl=False) == "html":
        result = cleaner.clean_html(data, url)
        return result.original, result
    text = decode_text(data).text
    return text, cleaner.clean(text, url)


def line_number(text: str, offset: int) -> int:
    """The 1-based line of ``offset``, counting CRLF, lone CR and LF as line ends."""
    before = text[:offset]
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


@app.command()
def explain(
    paths: PathsArg,
    url: UrlOpt = None,
    html: HtmlOpt = False,
    rules: RulesOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    keep: KeepOpt = None,
    timeout: TimeoutOpt = None,
) -> None:
    """Show each removal with its line number, rule id, category and text."""
    cleaner = build_cleaner(rules, select, ignore, keep, timeout)
    color = sys.stdout.isatty()
    status = 0
    for name in paths:
        try:
            text, result = read_for_explain(cleaner, name, url, html)
        except SkipFile as exc:
            say(f"{name}: skipped: {exc}")
            status = 2
            continue
        except OSError as exc:
            say(f"{name}: {exc.strerror or exc}")
            status = 2
            continue
        heading = f"{name}: {len(result.removed)} removal(s)"
        typer.echo(typer.style(heading, bold=True) if color else heading)
        for flag in result.flags:
            typer.echo(f"  ! {flag.message}")
        for removal in result.removed:
            line = line_number(text, removal.start + len(removal.text) - len(removal.text.lstrip("\r\n")))
            head = f"  {line:>5}  {removal.rule} [{removal.category}]"
            typer.echo(typer.style(head, fg="yellow") if color else head)
            for piece in removal.text.strip("\r\n").splitlines():
                if piece.strip():
                    body = f"         - {piece[:160]}"
                    typer.echo(typer.style(body, fg="red") if color else body)
    raise typer.Exit(status)


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
        for name, value in rule.options.items():
            typer.echo(f"  {name}: {value!r}")
        typer.echo("")
        for label, items in (("drops", spec.examples.drop), ("keeps", spec.examples.keep)):
            for item in items:
                typer.echo(f"  {label}: {item!r}")
        for given, expected in spec.examples.documents:
            typer.echo(f"  turns: {given!r}\n   into: {expected!r}")


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


#: Set once the batch loop has said it was interrupted: typer turns an interrupt anywhere else (loading
#: the rules, listing the files) into a silent exit 130, which ``main`` then explains.
_interrupt_reported: list[bool] = []


def main() -> None:
    code: int | str | None = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code
        if code == 130 and not _interrupt_reported:
            typer.echo("cleaner: interrupted before any document was cleaned; nothing was written", err=True)
    except CleanerError as exc:
        typer.echo(f"cleaner: {exc}", err=True)
        code = 2
    exit_now(code)


def exit_now(code: int | str | None) -> None:
    """Exit with ``code`` once the output is flushed, without tearing the interpreter down: freeing a
    compiled rule set and its memos object by object takes a fifth of a second and serves nothing.
    Every file is closed and every worker joined by then (they are used in ``with`` blocks)."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        code = code or 1
    with contextlib.suppress(BrokenPipeError, ValueError):
        sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    main()
