"""Worker processes: results in order, a site's documents sent to one worker, nothing lost or reordered
when a chunk goes out in parts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.config import Settings
from cleaner.jsonl import CHUNK_BYTES, ChunkResult, JsonlOptions, SiteLanes, clean_chunk, site_of
from cleaner.workers import WorkerError, Workers
from tests.cli_support import run
from tests.test_engine import BODY

CHROME = "Home\nWorld\nSport\n\n" + BODY + "\nAll rights reserved.\n"


def pid_of(_cleaner: Cleaner, value: int) -> tuple[int, int]:
    return value, os.getpid()


def fail(_cleaner: Cleaner, value: int) -> int:
    raise ValueError(f"bad value {value}")


@pytest.fixture(scope="module")
def workers() -> Workers:
    with Workers(Settings(), Cleaner(), 2) as pool:
        yield pool  # type: ignore[misc]


def test_results_come_in_order_and_a_lane_keeps_to_its_worker(workers: Workers) -> None:
    routed = [(n % 2, (n,)) for n in range(40)]
    results = list(workers.map_routed(pid_of, routed))
    assert [value for value, _ in results] == list(range(40))
    by_lane = {lane: {pid for value, pid in results if value % 2 == lane} for lane in (0, 1)}
    assert len(by_lane[0]) == len(by_lane[1]) == 1 and by_lane[0] != by_lane[1]
    assert os.getpid() not in by_lane[0] | by_lane[1]


def test_an_unfinished_map_does_not_leak_into_the_next(workers: Workers) -> None:
    first = workers.map(pid_of, [(n,) for n in range(30)])
    assert [next(first)[0] for _ in range(3)] == [0, 1, 2]
    first.close()  # the caller stops reading with work still out
    assert [value for value, _ in workers.map(pid_of, [(n,) for n in range(100, 120)])] == list(range(100, 120))


def test_a_task_that_raises_is_raised_with_the_workers_traceback(workers: Workers) -> None:
    with pytest.raises(WorkerError, match="bad value 7"):
        list(workers.map(fail, [(7,)]))
    assert [value for value, _ in workers.map(pid_of, [(1,), (2,)])] == [1, 2]


def test_one_job_runs_here() -> None:
    with Workers(Settings(), Cleaner(), 1) as pool:
        assert list(pool.map_routed(pid_of, [(1, (5,)), (None, (6,))])) == [(5, os.getpid()), (6, os.getpid())]


# -- sites ------------------------------------------------------------------------------------------------
def line(url: str | None, text: str = "x", **extra: object) -> bytes:
    record: dict[str, object] = {"text": text, **extra}
    if url is not None:
        record["url"] = url
    return json.dumps(record).encode() + b"\n"


@pytest.mark.parametrize("raw, site", [
    (b'{"url": "https://www.Example.com/a/b?c=1", "text": "x"}', b"www.example.com"),
    (b'{"text": "the \\"url\\" is elsewhere", "url":"http://news.example.org"}', b"news.example.org"),
    (b'{"url": "example.net/path"}', b"example.net"),
    (b'{"text": "no address"}', None),
    (b'{"url": null}', None),
    (b'{"url": null, "text": "a quoted word"}', None),
    (b'{"url":"https:\\/\\/www.example.com\\/a\\/b","text":"x"}', b"www.example.com"),
    (b'{"url": ""}', None),
])
def test_site_of_a_raw_line(raw: bytes, site: bytes | None) -> None:
    assert site_of(raw, b'"url"') == site


def test_sites_are_spread_over_the_workers_and_keep_to_theirs() -> None:
    sites = SiteLanes(2, "url")
    lanes = {f"https://site{n}.example/": sites.lane(line(f"https://site{n}.example/")) for n in range(10)}
    assert sorted(lanes.values()).count(0) == sorted(lanes.values()).count(1) == 5
    again = {url: sites.lane(line(url + "story")) for url in lanes}
    assert again == lanes
    assert sites.lane(line(None)) is None


def test_work_is_counted_in_lines_and_documents_not_bytes() -> None:
    sites = SiteLanes(2, "url")
    many_short_lines = sites.lane(line("https://a.example/", "\n".join(["Menu"] * 200)))
    one_long_line = sites.lane(line("https://b.example/", "x" * 3000))
    # By bytes b.example has had the most; by lines and documents a.example has.
    assert sites.lane(line("https://c.example/", "short")) == one_long_line != many_short_lines


def test_a_site_bigger_than_a_workers_share_is_tied_to_none() -> None:
    sites = SiteLanes(2, "url")
    big = line("https://big.example/", "x" * 10_000)
    lanes = [sites.lane(big) for _ in range(4 * SiteLanes.SETTLED // len(big))]
    assert lanes[0] is not None and lanes[-1] is None
    assert sites.lane(line("https://small.example/")) is not None


def test_a_chunk_split_by_site_and_merged_is_the_chunk() -> None:
    cleaner, options = Cleaner(), JsonlOptions()
    lines = [line(f"https://site{n % 3}.example/", CHROME, id=n) for n in range(12)]
    lines[4] = b"{oops\n"
    lines[7] = line(None, CHROME, id=7)
    numbers = range(101, 113)
    whole = clean_chunk(cleaner, numbers, lines, options)
    parts = SiteLanes(2, "url").split(numbers, lines)
    assert len(parts) == 3  # two workers' sites, and the lines without a url
    merged = ChunkResult.merged([clean_chunk(cleaner, part_numbers, part, options)
                                 for _, part_numbers, part in parts])
    assert merged.lines == whole.lines and merged.numbers == list(numbers)
    assert (merged.first_line, merged.documents, merged.changed, merged.bytes_in, merged.bytes_out) == \
        (whole.first_line, whole.documents, whole.changed, whole.bytes_in, whole.bytes_out)
    assert merged.removals == whole.removals and merged.bad == whole.bad == [(105, merged.bad[0][1])]


def test_two_jobs_on_many_sites_stop_at_the_same_bad_line(tmp_path: Path) -> None:
    lines = [line(f"https://site{n % 7}.example/", CHROME, id=n) for n in range(3000)]
    lines[2500] = b"{oops\n"
    assert sum(map(len, lines)) > 2 * CHUNK_BYTES
    corpus = tmp_path / "in.jsonl"
    corpus.write_bytes(b"".join(lines))
    outputs = []
    for jobs in ("1", "2"):
        done = run("clean", corpus, "--jobs", jobs, "--on-bad-line", "stop")
        assert done.returncode == 2 and b"line 2501" in done.stderr, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") == 2500
    both = [run("clean", corpus, "--jobs", jobs, "-q").stdout for jobs in ("1", "2")]
    assert both[0] == both[1] and both[0].count(b"\n") == 3000


def test_a_worker_sends_back_only_the_lines_that_changed() -> None:
    cleaner, options = Cleaner(), JsonlOptions()
    plain = "The harbour reopened on Monday after the storm, and the first ferries sailed at noon.\n"
    lines = [line("https://a.example/", CHROME, id=0), line("https://a.example/", plain, id=1), b"{oops\n", b"\n"]
    numbers = range(1, 5)
    whole = clean_chunk(cleaner, numbers, lines, options)
    sparse = clean_chunk(cleaner, numbers, lines, options, False, True)
    assert whole.lines[0] != lines[0] and whole.lines[1:] == lines[1:]
    assert sparse.lines == [whole.lines[0], None, None, None]
    assert (sparse.bytes_out, sparse.changed, sparse.bad) == (whole.bytes_out, whole.changed, whole.bad)
