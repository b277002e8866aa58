"""Bad input through the command line: never mangled, never lost, always named in a message."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import Cleaner
from tests.cli_support import BODY, CHROME, CLEANER, cli, line_rule, run, seeds, write_rules

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_empty_file_is_fine_and_unchanged(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert cli("clean", empty, "--in-place").exit_code == 0
    assert empty.read_bytes() == b""
    result = cli("clean", empty)
    assert result.exit_code == 0 and result.stdout_bytes == b""


def test_binary_files_are_skipped_by_name_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "photo.txt").write_bytes(PNG)
    (tmp_path / "nul.txt").write_bytes(b"Donate now\n\x00\x01\x02" + CHROME.encode())
    (tmp_path / "doc.txt").write_text(CHROME, encoding="utf-8")
    result = cli("clean", tmp_path, "--in-place")
    assert result.exit_code == 0
    assert (tmp_path / "photo.txt").read_bytes() == PNG
    assert (tmp_path / "nul.txt").read_bytes() == b"Donate now\n\x00\x01\x02" + CHROME.encode()
    assert (tmp_path / "doc.txt").read_text(encoding="utf-8") == BODY
    assert f"{tmp_path / 'photo.txt'}: skipped: PNG image" in result.stderr
    assert f"{tmp_path / 'nul.txt'}: skipped: binary data" in result.stderr
    assert "2 skipped (binary data: 1, PNG image: 1)" in result.stderr


def test_latin1_is_written_back_in_latin1_and_never_as_replacement_chars(tmp_path: Path) -> None:
    body = BODY.replace("harbour", "café harbour").replace("designs", "designs, señor")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(("Donate now\n\n" + body + "\nAll rights reserved.\n").encode("latin-1"))
    result = cli("clean", latin, "--in-place")
    assert result.exit_code == 0
    assert latin.read_bytes() == body.encode("latin-1")
    assert b"\xef\xbf\xbd" not in latin.read_bytes()
    assert f"{latin}: not valid UTF-8" in result.stderr and "cp1252" in result.stderr


def test_undefined_cp1252_bytes_round_trip_through_latin1(tmp_path: Path) -> None:
    odd = tmp_path / "odd.txt"
    data = ("Donate now\n\n" + BODY).encode() .replace(b"Tuesday", b"Tuesday \x81\x8d\xe9")
    odd.write_bytes(data)
    result = cli("clean", odd)
    assert result.exit_code == 0
    assert result.stdout_bytes == BODY.encode().replace(b"Tuesday", b"Tuesday \x81\x8d\xe9")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_crlf_lone_cr_and_bom_are_kept_exactly(tmp_path: Path, newline: str, bom: str, cleaner: Cleaner) -> None:
    text = bom + CHROME.replace("\n", newline)
    doc = tmp_path / "doc.txt"
    doc.write_bytes(text.encode())
    assert cli("clean", doc, "--in-place").exit_code == 0
    assert doc.read_bytes() == (bom + BODY.replace("\n", newline)).encode()
    assert doc.read_bytes() == cleaner.clean(text).text.encode()


def test_a_missing_final_newline_stays_missing(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("Donate now\n\n" + BODY.rstrip("\n"), encoding="utf-8")
    assert cli("clean", doc, "--in-place").exit_code == 0
    assert doc.read_text(encoding="utf-8") == BODY.rstrip("\n")


def test_utf16_with_a_bom_is_written_back_as_utf16(tmp_path: Path) -> None:
    doc = tmp_path / "wide.txt"
    doc.write_bytes(("\ufeff" + CHROME).encode("utf-16-le"))
    assert cli("clean", doc, "--in-place").exit_code == 0
    assert doc.read_bytes() == ("\ufeff" + BODY).encode("utf-16-le")


def test_a_missing_path_exits_2_and_the_rest_is_still_cleaned(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(CHROME, encoding="utf-8")
    result = cli("clean", tmp_path / "nowhere.txt", tmp_path / "doc.txt", "--in-place")
    assert result.exit_code == 2
    assert f"{tmp_path / 'nowhere.txt'}: no such file or directory" in result.stderr
    assert (tmp_path / "doc.txt").read_text(encoding="utf-8") == BODY


def test_an_unreadable_file_exits_2_and_the_rest_is_still_cleaned(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(CHROME, encoding="utf-8")
    (tmp_path / "doc.txt").write_text(CHROME, encoding="utf-8")
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = cli("clean", tmp_path, "--in-place")
    assert result.exit_code == 2
    assert f"{locked}: Permission denied" in result.stderr
    assert locked.read_text(encoding="utf-8") == CHROME
    assert (tmp_path / "doc.txt").read_text(encoding="utf-8") == BODY


def peak_rss_mb(*args: str | Path) -> tuple[int, float]:
    """Exit code and peak resident memory (MB) of ``cleaner ARGS`` run as a child of a fresh process."""
    probe = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
             "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", probe, CLEANER, *map(str, args)], capture_output=True,
                          text=True, timeout=300, check=True)
    code, kilobytes = done.stdout.split()
    return int(code), int(kilobytes) / 1024


def test_a_large_jsonl_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    """About 60 MB of JSON lines, most of each line in a field that is not cleaned: memory stays flat."""
    corpus = tmp_path / "big.jsonl"
    padding = "x" * 20_000
    with open(corpus, "w", encoding="utf-8") as handle:
        for n in range(3000):
            handle.write(json.dumps({"id": n, "meta": padding, "text": CHROME}) + "\n")
    assert corpus.stat().st_size > 60e6
    code, peak = peak_rss_mb("clean", corpus, "--in-place", "--jobs", "1", "-q")
    assert code == 0
    assert peak < 200, f"peak RSS {peak:.0f} MB for a {corpus.stat().st_size / 1e6:.0f} MB file"
    with open(corpus, encoding="utf-8") as handle:
        lines = handle.readlines()
    assert len(lines) == 3000 and json.loads(lines[-1]) == {"id": 2999, "meta": padding, "text": BODY}


def test_a_huge_text_file_is_left_alone_in_bounded_memory(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(100_000_000)  # sparse: cheap to make, still 100 MB to read
    code, peak = peak_rss_mb("clean", huge, "--in-place")
    assert code == 0 and peak < 150
    assert huge.stat().st_size == 100_000_000
    result = cli("clean", huge, "--max-size", "0.001", "--check")
    assert "larger than --max-size" in result.stderr and str(huge) in result.stderr


@pytest.mark.parametrize("body, fragment", [
    ("rules: [\n  - id: broken\n    kind: [line\n", ":2: invalid YAML"),
    (line_rule("extra", "x", extra="    colour: red\n"), "extra"),
    (line_rule("badregex", "(unclosed"), "badregex"),
])
def test_a_malformed_rule_file_exits_2_with_file_line_and_rule(tmp_path: Path, body: str, fragment: str) -> None:
    rules = write_rules(tmp_path / "bad", body)
    (tmp_path / "doc.txt").write_text(CHROME, encoding="utf-8")
    result = cli("clean", tmp_path / "doc.txt", "--rules", rules, "--in-place")
    assert result.exit_code == 2
    assert f"{rules / 'rules.yaml'}:" in result.stderr and fragment in result.stderr
    assert (tmp_path / "doc.txt").read_text(encoding="utf-8") == CHROME


def test_a_malformed_toml_rule_file_exits_2_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "rules.toml").write_text('[[rules]]\nid = "x"\nkind = = "line"\n', encoding="utf-8")
    (tmp_path / "doc.txt").write_text(CHROME, encoding="utf-8")
    result = cli("clean", tmp_path / "doc.txt", "--rules", folder, "--in-place")
    assert result.exit_code == 2
    assert f"{folder / 'rules.toml'}:3: invalid TOML" in result.stderr
    assert (tmp_path / "doc.txt").read_text(encoding="utf-8") == CHROME


RUNAWAY = line_rule("runaway", "^(?:a|a)*$")


def test_a_runaway_pattern_is_stopped_reported_and_the_document_kept(tmp_path: Path) -> None:
    rules = write_rules(tmp_path / "rules", RUNAWAY)
    doc = tmp_path / "doc.txt"
    text = "Donate now\n\n" + BODY + "a" * 40 + "b\n"
    doc.write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = cli("clean", doc, "--rules", rules, "--timeout", "0.2", "--in-place")
    # The pattern left to run would take days on 40 "a"s; the bound leaves room for compiling the default
    # rules with a rule folder not cached yet (several seconds on a slow machine).
    assert time.monotonic() - started < 60
    assert result.exit_code == 0
    assert doc.read_text(encoding="utf-8") == text
    assert f"{doc}: rule 'runaway' timed out" in result.stderr
    assert "1 kept whole (timeout 1)" in result.stderr


def test_a_runaway_pattern_in_a_jsonl_line_is_reported_by_line_number(tmp_path: Path) -> None:
    rules = write_rules(tmp_path / "rules", RUNAWAY)
    line = json.dumps({"text": BODY + "a" * 40 + "b\n"}).encode() + b"\n"
    (tmp_path / "in.jsonl").write_bytes(json.dumps({"text": BODY}).encode() + b"\n" + line)
    result = cli("clean", tmp_path / "in.jsonl", "--rules", rules, "--timeout", "0.2")
    assert result.exit_code == 0
    assert result.stdout_bytes.splitlines(keepends=True)[1] == line
    assert "in.jsonl:2: rule 'runaway' timed out" in result.stderr


GREEDY = line_rule("greedy", "\\.$")


def test_the_guard_keeps_a_document_and_strict_makes_it_an_error(tmp_path: Path) -> None:
    rules = write_rules(tmp_path / "rules", GREEDY)
    doc = tmp_path / "doc.txt"
    doc.write_text(CHROME, encoding="utf-8")
    kept = cli("clean", doc, "--rules", rules, "--select", "greedy", "--in-place")
    assert kept.exit_code == 0 and doc.read_text(encoding="utf-8") == CHROME
    assert f"{doc}: the rules would remove" in kept.stderr and "1 kept whole (guard 1)" in kept.stderr
    strict = cli("clean", doc, "--rules", rules, "--select", "greedy", "--in-place", "--strict")
    assert strict.exit_code == 2 and "--strict" in strict.stderr
    assert doc.read_text(encoding="utf-8") == CHROME


def test_a_failed_write_leaves_every_file_original_or_cleaned(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up while the third file is written: it stays as it was, the others are cleaned."""
    for n in range(5):
        (tmp_path / f"doc{n}.txt").write_text(CHROME, encoding="utf-8")
    real_fsync, calls = os.fsync, []

    def failing_fsync(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    result = cli("clean", tmp_path, "--in-place")
    assert result.exit_code == 2
    assert f"{tmp_path / 'doc2.txt'}: cannot write" in result.stderr and "No space left" in result.stderr
    contents = [(tmp_path / f"doc{n}.txt").read_text(encoding="utf-8") for n in range(5)]
    assert contents == [BODY, BODY, CHROME, BODY, BODY]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"doc{n}.txt" for n in range(5)]


def test_a_killed_batch_leaves_every_file_original_or_cleaned(tmp_path: Path, cleaner: Cleaner) -> None:
    """SIGKILL in the middle of an in-place run over many files: no file is ever partly written."""
    originals: dict[Path, bytes] = {}
    for n in range(60):
        for path, _ in seeds():
            target = tmp_path / "docs" / str(n) / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes() * 20)
            originals[target] = target.read_bytes()
    cleaned = {data: cleaner.clean(data.decode()).text.encode() for data in set(originals.values())}
    process = subprocess.Popen([CLEANER, "clean", str(tmp_path / "docs"), "--in-place", "--jobs", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(1.5)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    states = {"original": 0, "cleaned": 0}
    for path, original in originals.items():
        data = path.read_bytes()
        assert data in (original, cleaned[original]), f"{path} is neither the original nor the cleaned text"
        states["original" if data == original else "cleaned"] += 1
    assert sum(states.values()) == len(originals)


def test_an_interrupted_run_says_so_and_leaves_the_file_untouched(tmp_path: Path) -> None:
    rules = write_rules(tmp_path / "rules", RUNAWAY)
    doc = tmp_path / "doc.txt"
    text = "Donate now\n\n" + BODY + "a" * 40 + "b\n"
    doc.write_text(text, encoding="utf-8")
    # Compile the rule set into the cache first, so the interrupt lands while the document is cleaned.
    assert run("rules", "list", "--rules", rules).returncode == 0
    process = subprocess.Popen([CLEANER, "clean", str(doc), "--rules", str(rules), "--timeout", "3", "--in-place"],
                               stderr=subprocess.PIPE)
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert b"interrupted" in stderr
    assert doc.read_text(encoding="utf-8") == text
    assert set(os.listdir(tmp_path)) == {"rules", "doc.txt"}, "no temporary file left behind"


def test_an_interrupt_before_cleaning_begins_says_so(tmp_path: Path) -> None:
    """Typer turns an interrupt outside the batch loop (here: while the rules load) into a silent exit
    130; the command line says what happened."""
    doc = tmp_path / "doc.txt"
    doc.write_text(CHROME, encoding="utf-8")
    script = ("import sys, cleaner.cli as cli\n"
              "def interrupted(*args, **kwargs):\n    raise KeyboardInterrupt\n"
              "cli.build = interrupted\n"
              f"sys.argv = ['cleaner', 'clean', {str(doc)!r}, '--in-place']\n"
              "cli.main()\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 130
    assert "interrupted before any document was cleaned; nothing was written" in result.stderr
    assert doc.read_text(encoding="utf-8") == CHROME


def test_stdin_with_in_place_is_a_usage_error() -> None:
    result = run("clean", "-", "--in-place", stdin=CHROME.encode())
    assert result.returncode == 2 and b"standard input" in result.stderr


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc), deepest last."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finds the worker processes through /proc")
def test_a_killed_worker_exits_2_and_leaves_every_file_whole(tmp_path: Path) -> None:
    rules = write_rules(tmp_path / "rules", RUNAWAY)
    texts = {}
    for n in range(4):
        doc = tmp_path / "docs" / f"doc{n}.txt"
        doc.parent.mkdir(exist_ok=True)
        texts[doc] = "Donate now\n\n" + BODY + "a" * 40 + "b\n"
        doc.write_text(texts[doc], encoding="utf-8")
    process = subprocess.Popen([CLEANER, "clean", str(tmp_path / "docs"), "--rules", str(rules), "--timeout", "20",
                                "--in-place", "--jobs", "2"], stderr=subprocess.PIPE)
    workers: list[int] = []
    deadline = time.monotonic() + 20
    while len(workers) < 2 and time.monotonic() < deadline:  # the forkserver and its workers
        time.sleep(0.2)
        workers = _descendants(process.pid)
    assert workers, "no worker process was started"
    time.sleep(1.0)  # the workers are now deep in the runaway pattern
    os.kill(workers[-1], signal.SIGKILL)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2, stderr
    assert b"worker process died" in stderr
    assert b"Traceback" not in stderr
    for doc, text in texts.items():
        assert doc.read_text(encoding="utf-8") == text
    assert sorted(os.listdir(tmp_path / "docs")) == [f"doc{n}.txt" for n in range(4)], "no temporary file left"
