"""``cleaner clean`` and friends through the real command line, on real files, against the library."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import pty
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
import zstandard

from cleaner import Cleaner
from tests.cli_support import BODY, CHROME, CLEANER, cli, line_rule, run, seeds, write_rules


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty folder, so no ``[tool.cleaner]`` from the checkout applies."""
    monkeypatch.chdir(tmp_path)


def library(cleaner: Cleaner, path: Path, url: str | None = None) -> bytes:
    with open(path, encoding="utf-8", newline="") as handle:
        return cleaner.clean(handle.read(), url).text.encode("utf-8")


def copy_seeds(folder: Path) -> list[tuple[Path, str | None]]:
    folder.mkdir(parents=True, exist_ok=True)
    return [(Path(shutil.copy(path, folder / path.name)), url) for path, url in seeds()]


# -- outputs: stdout, stdin, --out, --in-place ----------------------------------------------------------
def test_stdout_is_byte_identical_to_the_library(cleaner: Cleaner) -> None:
    for path, url in seeds():
        result = cli("clean", path, *(["--url", url] if url else []), "-q")
        assert result.exit_code == 0, result.stderr
        assert result.stdout_bytes == library(cleaner, path, url), path.name


def test_stdin_is_cleaned_to_stdout(cleaner: Cleaner) -> None:
    path, _ = seeds()[0]
    result = cli("clean", "-", "-q", stdin=path.read_bytes())
    assert result.exit_code == 0
    assert result.stdout_bytes == library(cleaner, path)


def test_installed_command_matches_the_library(cleaner: Cleaner) -> None:
    path, url = next((p, u) for p, u in seeds() if u)
    done = run("clean", path, "--url", url)
    assert done.returncode == 0, done.stderr
    assert done.stdout == library(cleaner, path, url)
    assert b"document(s)" in done.stderr


def test_out_mirrors_the_tree_and_takes_text_files_by_extension(tmp_path: Path, cleaner: Cleaner) -> None:
    corpus = tmp_path / "corpus"
    top = copy_seeds(corpus)
    nested = copy_seeds(corpus / "deeper" / "still")
    (corpus / "table.csv").write_text("a,b\n", encoding="utf-8")
    (corpus / ".hidden").mkdir()
    (corpus / ".hidden" / "x.txt").write_text(CHROME, encoding="utf-8")
    result = cli("clean", corpus, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    for path, _ in [*top, *nested]:
        target = tmp_path / "out" / path.relative_to(corpus)
        assert target.read_bytes() == library(cleaner, path), target
    assert not (tmp_path / "out" / "table.csv").exists()
    assert not (tmp_path / "out" / ".hidden").exists()


def test_ext_chooses_which_files_a_folder_gives(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(CHROME, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(CHROME, encoding="utf-8")
    result = cli("clean", tmp_path / "in", "--ext", "md", "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.md"]


def test_in_place_writes_the_library_result_and_keeps_the_mode(tmp_path: Path, cleaner: Cleaner) -> None:
    files = copy_seeds(tmp_path / "docs")
    expected = {path: library(cleaner, path) for path, _ in files}
    for path, _ in files:
        path.chmod(0o640)
    untouched = tmp_path / "docs" / "plain.txt"
    untouched.write_text(BODY, encoding="utf-8")
    before = untouched.stat().st_ino
    result = cli("clean", tmp_path / "docs", "--in-place")
    assert result.exit_code == 0, result.stderr
    for path, cleaned in expected.items():
        assert path.read_bytes() == cleaned
        assert path.stat().st_mode & 0o777 == 0o640
    assert untouched.stat().st_ino == before, "an unchanged file is not rewritten"
    assert not list((tmp_path / "docs").glob(".*cleaner-tmp")), "no temporary file left behind"


@pytest.mark.parametrize("args", [["--out", "o", "--in-place"], []])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "a.txt").write_text(CHROME, encoding="utf-8")
    (tmp_path / "b.txt").write_text(CHROME, encoding="utf-8")
    result = cli("clean", tmp_path / "a.txt", tmp_path / "b.txt", *args)
    assert result.exit_code == 2
    assert "--out" in result.stderr


def test_out_refuses_two_inputs_with_one_target(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "doc.txt").write_text(CHROME, encoding="utf-8")
    result = cli("clean", tmp_path / "a" / "doc.txt", tmp_path / "b" / "doc.txt", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "doc.txt" in result.stderr
    assert not (tmp_path / "out").exists()


# -- --check and --diff ----------------------------------------------------------------------------------
def test_check_lists_what_would_change_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "dirty.txt").write_text(CHROME, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(BODY, encoding="utf-8")
    result = cli("clean", tmp_path, "--check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [str(tmp_path / "dirty.txt")]
    assert (tmp_path / "dirty.txt").read_text(encoding="utf-8") == CHROME
    assert cli("clean", tmp_path / "clean.txt", "--check").exit_code == 0


def test_diff_shows_what_would_go_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "dirty.txt").write_text(CHROME, encoding="utf-8")
    result = cli("clean", tmp_path / "dirty.txt", "--diff")
    assert result.exit_code == 1
    assert f"--- a/{tmp_path / 'dirty.txt'}" in result.stdout
    removed = [line for line in result.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert removed == ["-Donate now", "-", "-", "-All rights reserved."]
    assert (tmp_path / "dirty.txt").read_text(encoding="utf-8") == CHROME
    assert cli("clean", tmp_path / "dirty.txt", "--diff", "--check").exit_code == 1


# -- JSON Lines -----------------------------------------------------------------------------------------
def write_jsonl(path: Path, records: list[dict[str, object]]) -> list[bytes]:
    lines = [json.dumps(record).encode() + b"\n" for record in records]
    path.write_bytes(b"".join(lines))
    return lines


def seed_records() -> list[dict[str, object]]:
    return [{"id": n, "text": path.read_text(encoding="utf-8"), "url": url, "score": 0.5, "tags": ["a", n]}
            for n, (path, url) in enumerate(seeds())]


def test_jsonl_cleans_one_field_and_leaves_the_rest(tmp_path: Path, cleaner: Cleaner) -> None:
    records = [*seed_records(), {"id": "clean", "text": BODY, "url": None}]
    raw = write_jsonl(tmp_path / "corpus.jsonl", records)
    result = cli("clean", tmp_path / "corpus.jsonl", "-q")
    assert result.exit_code == 0, result.stderr
    out = result.stdout_bytes.splitlines(keepends=True)
    assert len(out) == len(records)
    for line, record, original in zip(out, records, raw, strict=True):
        got = json.loads(line)
        assert got["text"] == cleaner.clean(str(record["text"]), record["url"]).text  # type: ignore[arg-type]
        assert {k: v for k, v in got.items() if k != "text"} == {k: v for k, v in record.items() if k != "text"}
        assert list(got) == list(record), "key order kept"
        if got["text"] == record["text"]:
            assert line == original, "an unchanged line is passed through byte for byte"


def test_jsonl_field_names_and_the_url_field_pick_site_rules(tmp_path: Path, cleaner: Cleaner) -> None:
    path, url = next((p, u) for p, u in seeds() if u)
    text = path.read_text(encoding="utf-8")
    assert cleaner.clean(text, url).text != cleaner.clean(text).text, "the site's rules must matter here"
    write_jsonl(tmp_path / "in.jsonl", [{"body": text, "link": url}])
    result = cli("clean", "--jsonl", tmp_path / "in.jsonl", "--text-field", "body", "--url-field", "link", "-q")
    assert json.loads(result.stdout)["body"] == cleaner.clean(text, url).text


def test_jsonl_removed_field_records_what_went(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"text": CHROME}])
    result = cli("clean", tmp_path / "in.jsonl", "--removed-field", "removed", "-q")
    record = json.loads(result.stdout)
    assert record["text"] == BODY
    assert [r["text"].strip() for r in record["removed"]] == ["Donate now", "All rights reserved."]
    assert all(r["rule"] and r["category"] for r in record["removed"])


def test_jsonl_removed_field_survives_a_second_run(tmp_path: Path) -> None:
    """Cleaning the output again (a hook on every commit) changes nothing and keeps the first record."""
    write_jsonl(tmp_path / "in.jsonl", [{"text": CHROME}, {"text": BODY}])
    first = cli("clean", tmp_path / "in.jsonl", "--in-place", "--removed-field", "removed", "-q")
    assert first.exit_code == 0
    once = (tmp_path / "in.jsonl").read_bytes()
    records = [json.loads(line) for line in once.splitlines()]
    assert len(records[0]["removed"]) == 2 and records[1]["removed"] == [], "every line has the field"
    again = cli("clean", tmp_path / "in.jsonl", "--check", "--removed-field", "removed", "-q")
    assert again.exit_code == 0, again.stderr
    cli("clean", tmp_path / "in.jsonl", "--in-place", "--removed-field", "removed", "-q")
    assert (tmp_path / "in.jsonl").read_bytes() == once


def test_jsonl_bad_lines_are_reported_and_passed_through(tmp_path: Path) -> None:
    lines = [b'{"text": "Donate now\\n\\nfine"}\n', b"{not json\n", b'{"title": "no text"}\n', b"[1, 2]\n",
             b'{"text": 42}\n', json.dumps({"text": CHROME}).encode() + b"\n", b'{"text": "caf\xe9"}\n']
    (tmp_path / "in.jsonl").write_bytes(b"".join(lines))
    result = cli("clean", tmp_path / "in.jsonl")
    assert result.exit_code == 0
    out = result.stdout_bytes.splitlines(keepends=True)
    assert out[1:5] == lines[1:5]
    assert json.loads(out[5])["text"] == BODY
    assert out[6] == lines[6], "a line that is not UTF-8 is passed through byte for byte"
    for number in (2, 3, 4, 5, 7):
        assert f"in.jsonl:{number}:" in result.stderr
    assert "malformed JSON" in result.stderr and "no 'text' field" in result.stderr


def test_a_changed_jsonl_line_keeps_its_json_style(tmp_path: Path) -> None:
    record = {"id": 1, "title": "Café", "text": CHROME, "score": 0.25}
    compact = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode() + b"\r\n"
    escaped = json.dumps(record).encode() + b"\n"
    (tmp_path / "in.jsonl").write_bytes(compact + escaped)
    out = cli("clean", tmp_path / "in.jsonl", "-q").stdout_bytes.splitlines(keepends=True)
    cleaned = {**record, "text": BODY}
    assert out[0] == json.dumps(cleaned, ensure_ascii=False, separators=(",", ":")).encode() + b"\r\n"
    assert out[1] == json.dumps(cleaned).encode() + b"\n"


def test_jsonl_bad_line_can_stop_the_run(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_bytes(json.dumps({"text": CHROME}).encode() + b"\n{oops\n")
    result = cli("clean", tmp_path / "in.jsonl", "--in-place", "--on-bad-line", "stop")
    assert result.exit_code == 2
    assert "line 2" in result.stderr and "stopped" in result.stderr
    assert b"Donate now" in (tmp_path / "in.jsonl").read_bytes(), "a stopped in-place run replaces nothing"


@pytest.mark.parametrize("suffix, opener", [(".jsonl.gz", gzip.open),
                                            (".jsonl.zst", lambda p: zstandard.open(p, "rb"))])
def test_compressed_jsonl_in_and_out(tmp_path: Path, suffix: str, opener: object) -> None:
    plain = tmp_path / "plain.jsonl"
    write_jsonl(plain, seed_records())
    packed = tmp_path / f"corpus{suffix}"
    with opener(packed, "wb") if suffix == ".jsonl.gz" else zstandard.open(packed, "wb") as handle:  # type: ignore[operator]
        handle.write(plain.read_bytes())
    expected = cli("clean", plain, "-q").stdout_bytes
    assert cli("clean", packed, "--out", tmp_path / "out", "-q").exit_code == 0
    with opener(tmp_path / "out" / packed.name) as handle:  # type: ignore[operator]
        assert handle.read() == expected
    assert cli("clean", packed, "--in-place", "-q").exit_code == 0
    with opener(packed) as handle:  # type: ignore[operator]
        assert handle.read() == expected


def test_jsonl_check_and_diff(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"text": BODY}, {"text": CHROME}])
    checked = cli("clean", tmp_path / "in.jsonl", "--check")
    assert checked.exit_code == 1 and checked.stdout.strip() == str(tmp_path / "in.jsonl")
    diffed = cli("clean", tmp_path / "in.jsonl", "--diff")
    assert diffed.exit_code == 1 and "in.jsonl:2" in diffed.stdout and "-Donate now" in diffed.stdout


# -- workers ---------------------------------------------------------------------------------------------
def test_two_jobs_give_the_same_bytes_in_the_same_order(tmp_path: Path) -> None:
    for n in range(3):
        copy_seeds(tmp_path / "docs" / str(n))
    records = seed_records() * 40
    write_jsonl(tmp_path / "big.jsonl", records)
    one = run("clean", tmp_path / "docs", tmp_path / "big.jsonl", "--out", tmp_path / "one", "--jobs", "1")
    two = run("clean", tmp_path / "docs", tmp_path / "big.jsonl", "--out", tmp_path / "two", "--jobs", "2")
    assert one.returncode == two.returncode == 0, two.stderr
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert len(files) == 3 * len(seeds()) + 1
    for relative in files:
        assert (tmp_path / "two" / relative).read_bytes() == (tmp_path / "one" / relative).read_bytes()
    ids = [json.loads(line)["id"] for line in (tmp_path / "two" / "big.jsonl").read_bytes().splitlines()]
    assert ids == [record["id"] for record in records]


# -- rule selection and settings -------------------------------------------------------------------------
CUSTOM = line_rule("custom-kicker", "^KICKER:", category="navigation", zone="head", max_chars=40)


def test_rules_select_ignore_keep_match_the_library(tmp_path: Path) -> None:
    rules = write_rules(tmp_path / "mine", CUSTOM)
    doc = tmp_path / "doc.txt"
    doc.write_text("KICKER: Harbour\n\n" + CHROME, encoding="utf-8")
    cases: list[tuple[list[str], dict[str, list[str]]]] = [
        (["--select", "custom-kicker"], {"select": ["custom-kicker"]}),
        (["--ignore", "donation"], {"ignore": ["donation"]}),
        (["--keep", "footer"], {"keep_categories": ["footer"]}),
        ([], {}),
    ]
    outputs = set()
    for flags, options in cases:
        result = cli("clean", doc, "--rules", rules, *flags, "-q")
        assert result.exit_code == 0, result.stderr
        assert result.stdout_bytes == library(Cleaner([rules], **options), doc), flags  # type: ignore[arg-type]
        outputs.add(result.stdout_bytes)
    assert len(outputs) == len(cases), "each option changes the result"


def test_pyproject_settings_apply_and_flags_override(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nkeep = ["donation"]\n', encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text(CHROME, encoding="utf-8")
    kept = cli("clean", doc, "-q").stdout
    assert kept.startswith("Donate now") and "All rights reserved." not in kept
    overridden = cli("clean", doc, "--select", "footer", "-q").stdout
    assert overridden.startswith("Donate now") and "All rights reserved." not in overridden
    only_other = cli("clean", doc, "--select", "caption", "-q").stdout
    assert only_other == CHROME
    # a flag that names what the settings keep or ignore wins over them
    donation_rules = [rule.id for rule in Cleaner().all_rules if rule.category == "donation"]
    selected = cli("clean", doc, "--select", "donation", "-q").stdout
    assert not selected.startswith("Donate now") and "All rights reserved." in selected
    by_id = cli("clean", doc, *(f"--select={rule}" for rule in donation_rules), "-q").stdout
    assert by_id == selected
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nignore = ["footer-rights-reserved"]\n', encoding="utf-8")
    assert "All rights reserved." in cli("clean", doc, "-q").stdout
    assert "All rights reserved." not in cli("clean", doc, "--select", "footer-rights-reserved", "-q").stdout


def test_rule_set_error_exits_2_naming_the_file_and_line(tmp_path: Path) -> None:
    rules = write_rules(tmp_path / "bad", CUSTOM + "    colour: red\n")
    result = cli("clean", "-", "--rules", rules, stdin=b"x\n")
    assert result.exit_code == 2
    assert f"{rules / 'rules.yaml'}:" in result.stderr and "colour" in result.stderr


# -- HTML ------------------------------------------------------------------------------------------------
def html_pages(folder: Path, count: int) -> list[Path]:
    """A few real pages from ../shared, unpacked into ``folder``."""
    html_dir = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "news-dev" / "html"
    packed = sorted(html_dir.glob("*.html.gz"))[:count]
    if not packed:
        pytest.skip("no HTML pages in ../shared")
    pages = [folder / p.name.removesuffix(".gz") for p in packed]
    for source, page in zip(packed, pages, strict=True):
        page.write_bytes(gzip.decompress(source.read_bytes()))
    return pages


def test_html_by_flag_and_by_extension_matches_the_library(tmp_path: Path, cleaner: Cleaner) -> None:
    pages = html_pages(tmp_path, 2)
    for page in pages:
        expected = cleaner.clean_html(page.read_bytes()).text.encode("utf-8")
        assert cli("clean", page, "-q").stdout_bytes == expected
        assert cli("clean", "-", "--html", "-q", stdin=page.read_bytes()).stdout_bytes == expected
    result = cli("clean", pages[0], "--out", tmp_path / "out", "-q")
    assert (tmp_path / "out" / pages[0].name).with_suffix(".txt").exists(), result.stderr


def test_html_in_a_jsonl_field_and_in_explain(tmp_path: Path, cleaner: Cleaner) -> None:
    page = html_pages(tmp_path, 1)[0]
    html = page.read_text(encoding="utf-8", errors="strict")
    write_jsonl(tmp_path / "pages.jsonl", [{"html": html}])
    result = cli("clean", tmp_path / "pages.jsonl", "--html", "--text-field", "html", "-q")
    expected = cleaner.clean_html(html)
    assert json.loads(result.stdout)["html"] == expected.text
    explained = cli("explain", page)
    assert explained.exit_code == 0
    assert explained.stdout.startswith(f"{page}: {len(expected.removed)} removal(s)")


# -- explain and rules -----------------------------------------------------------------------------------
def test_explain_names_rule_category_line_and_text(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(CHROME, encoding="utf-8")
    result = cli("explain", doc)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"{doc}: 2 removal(s)"
    assert lines[1].split()[0] == "1" and "[donation]" in lines[1] and "- Donate now" in lines[2]
    last = CHROME.count("\n")
    assert lines[3].split()[0] == str(last) and "[footer]" in lines[3] and "All rights reserved." in lines[4]


def test_rules_list_text_and_json(tmp_path: Path) -> None:
    rules = write_rules(tmp_path / "mine", CUSTOM)
    listed = json.loads(cli("rules", "list", "--rules", rules, "--format", "json").stdout)
    mine = next(row for row in listed if row["id"] == "custom-kicker")
    assert (mine["kind"], mine["category"], mine["zone"]) == ("line", "navigation", "head")
    assert mine["description"] == "A rule made for a test."
    assert mine["origin"].startswith(str(rules / "rules.yaml") + ":")
    assert "custom-kicker" in cli("rules", "list", "--rules", rules).stdout


def test_rules_explain_shows_a_rule_in_full() -> None:
    shown = cli("rules", "explain", "navigation-title-echo")
    assert shown.exit_code == 0
    text = shown.stdout
    assert text.startswith("navigation-title-echo  (echo, navigation, zone head)")
    assert "rules/default/navigation.yaml:" in text
    assert "  max_affix_chars: 50" in text and "  separator: " in text, "the kind's settings"
    assert "  turns: 'Harbour reopens after the storm | Example News" in text, "document examples"
    assert "  drops: 'Associated Press'" in cli("rules", "explain", "byline-agency-line").stdout
    missing = cli("rules", "explain", "no-such-rule")
    assert missing.exit_code == 2 and "no rule 'no-such-rule'" in missing.stderr


def test_rules_test_names_the_failing_rule_and_example(tmp_path: Path) -> None:
    failing = CUSTOM + ('    examples:\n      drop: ["Harbour news, without the marker the pattern needs"]\n'
                        '      keep: ["The harbour reopened."]\n')
    rules = write_rules(tmp_path / "mine", failing)
    result = cli("rules", "test", "--rules", rules)
    assert result.exit_code == 1
    assert "FAIL custom-kicker_drop" in result.stdout and "Harbour news" in result.stdout


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """Standard error on a pseudo-terminal and a run over 8 MB: the bar is drawn, then the summary."""
    corpus = tmp_path / "big.jsonl"
    with open(corpus, "w", encoding="utf-8") as handle:
        for n in range(450):
            handle.write(json.dumps({"id": n, "meta": "x" * 20_000, "text": CHROME}) + "\n")
    leader, follower = pty.openpty()
    seen = bytearray()
    reader = threading.Thread(target=_drain, args=(leader, seen), daemon=True)
    reader.start()
    done = subprocess.run([CLEANER, "clean", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1"],
                          stderr=follower, stdout=subprocess.DEVNULL, timeout=120, check=False)
    os.close(follower)
    reader.join(timeout=10)
    assert done.returncode == 0
    assert b"cleaning" in seen and b"450 document(s), 450 changed" in seen


def _drain(descriptor: int, into: bytearray) -> None:
    with contextlib.suppress(OSError):
        while chunk := os.read(descriptor, 65536):
            into += chunk


def test_progress_stays_quiet_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(CHROME * 3, encoding="utf-8")
    result = run("clean", tmp_path / "doc.txt", "--out", tmp_path / "out")
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and "1 document(s), 1 changed" in lines[0]
    assert os.path.exists(tmp_path / "out" / "doc.txt")


# -- the closing summary and the default number of workers ----------------------------------------------
def test_summary_counts_documents_bytes_and_removals_by_category(tmp_path: Path, cleaner: Cleaner) -> None:
    corpus = tmp_path / "corpus"
    copied = copy_seeds(corpus)
    (corpus / "clean.txt").write_text(BODY, encoding="utf-8")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    result = cli("clean", corpus, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    results = [cleaner.clean(path.read_text(encoding="utf-8")) for path, _ in copied] + [cleaner.clean(BODY)]
    by_category: dict[str, int] = {}
    for outcome in results:
        for removal in outcome.removed:
            by_category[removal.category] = by_category.get(removal.category, 0) + 1
    size_in = sum(len(r.original.encode()) for r in results)
    size_out = sum(len(r.text.encode()) for r in results)
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"cleaner: {len(results)} document(s), {len(copied)} changed; ")
    assert f"{size_in:,} bytes in, {size_out:,} bytes out" in summary
    assert f"{sum(by_category.values())} removal(s) (" in summary
    for category, count in by_category.items():
        assert f"{category} {count}" in summary
    assert summary.endswith("; 1 skipped (PNG image: 1)")


def test_jobs_default_to_every_core_except_for_a_small_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner.cli import worker_count

    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert worker_count(3, 10, 1) == 3                  # --jobs always wins
    assert worker_count(None, 50_000_000, 1) == 6       # a big file: every core
    assert worker_count(None, 500_000, 40) == 6         # many small files: every core
    assert worker_count(None, 500_000, 3) == 1          # a small batch: no pool to start
