"""cleaner as a datatrove step: a real LocalPipelineExecutor run gives exactly what ``clean()`` gives.

Skipped when datatrove is missing, except under CI (which installs the extra): there it must fail.
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

if not os.environ.get("CI"):
    pytest.importorskip("datatrove")
    pytest.importorskip("orjson")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner import clean, clean_html
from cleaner.errors import RuleSetError
from cleaner.integrations.datatrove import GUARD_REASON, CleanerStep
from tests.conftest import FIXTURES, SHARED, read_exact
from tests.test_engine import BODY

NEWS_DEV = SHARED / "eval" / "news-dev"
SEEDS = SHARED / "seeds" if any((SHARED / "seeds").glob("*.txt")) else FIXTURES / "seeds"
#: Pages of news-dev whose extractor outputs go into the corpus (every extractor: ~12 documents a page).
PAGES = 25


def corpus() -> list[dict[str, Any]]:
    """Seed texts (with their urls where known) and news-dev extractor outputs (with the page url)."""
    urls = json.loads((FIXTURES / "seeds" / "urls.json").read_text(encoding="utf-8"))
    records = []
    for path in sorted(SEEDS.glob("*.txt")):
        if not path.name.endswith(".expected.txt"):
            record = {"id": f"seed/{path.stem}", "text": read_exact(path)}
            if path.name in urls:
                record["url"] = urls[path.name]
            records.append(record)
    with open(NEWS_DEV / "pages.jsonl", encoding="utf-8") as pages:
        for _, line in zip(range(PAGES), pages, strict=False):
            page = json.loads(line)
            for extractor, text in sorted(page["extracted"].items()):
                if text:
                    records.append({"id": f"{page['id'][:12]}/{extractor}", "text": text, "url": page["url"]})
    return records


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def stat_total(stats: dict[str, Any], name: str) -> float:
    """A datatrove metric's total (it saves a bare number when there is nothing more to say)."""
    value = stats.get(name, 0)
    return float(value["total"] if isinstance(value, dict) else value)


def test_local_executor_output_equals_clean(tmp_path: Path) -> None:
    records = corpus()
    assert len(records) > 200
    shards = [records[0::2], records[1::2]]
    for number, shard in enumerate(shards):
        write_jsonl(tmp_path / "in" / f"part-{number}.jsonl", shard)

    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            CleanerStep(),
            JsonlWriter(str(tmp_path / "out"), output_filename="${rank}.jsonl", compression=None),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()

    outputs = [read_jsonl(path) for path in sorted((tmp_path / "out").glob("*.jsonl"))]
    assert len(outputs) == 2
    # Each task read one input file: its output holds the same documents in the same order.
    by_first_id = {shard[0]["id"]: shard for shard in shards}
    changed, removals, removed_bytes = 0, Counter[str](), Counter[str]()
    for output in outputs:
        shard = by_first_id[output[0]["id"]]
        assert [doc["id"] for doc in output] == [record["id"] for record in shard]
        for doc, record in zip(output, shard, strict=True):
            expected = clean(record["text"], url=record.get("url"))
            assert doc["text"] == expected.text, record["id"]
            assert doc["metadata"].get("url") == record.get("url")
            changed += expected.changed
            for removal in expected.removed:
                removals[removal.category] += 1
                removed_bytes[removal.category] += len(removal.text.encode("utf-8"))
    assert changed > 20 and len(removals) >= 3

    stats = next(step["stats"] for step in json.loads((tmp_path / "logs" / "stats.json").read_text())
                 if "cleaner" in step["name"])
    assert stat_total(stats, "total") == len(records)
    assert stat_total(stats, "forwarded") == len(records)
    assert stat_total(stats, "changed") == changed
    assert stat_total(stats, "removals") == sum(removals.values())
    for category in removals:
        assert stat_total(stats, f"removals_{category}") == removals[category], category
        assert stat_total(stats, f"bytes_removed_{category}") == removed_bytes[category], category
    assert not [name for name in stats if name.startswith("removals_") and name[9:] not in removals]


def footer_rule(rule_id: str, pattern: str, drop: str, keep: str) -> dict[str, Any]:
    return {"id": rule_id, "kind": "line", "category": "footer", "description": rule_id, "zone": "anywhere",
            "max_chars": 100_000, "patterns": [pattern], "examples": {"drop": [drop], "keep": [keep]}}


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """Two rules: ``Chrome:`` lines are footer chrome; a runaway pattern that a line of a's ending in b sets off."""
    folder = tmp_path / "rules"
    folder.mkdir()
    rule_set = [footer_rule("chrome-line", "^Chrome:", "Chrome: x", "Not chrome"),
                footer_rule("runaway", "^(?:a|a)*$", "aaa", "b")]
    (folder / "rules.yaml").write_text(yaml.safe_dump({"rules": rule_set}), encoding="utf-8")
    return folder


def run_step(step: CleanerStep, docs: list[Document]) -> list[Document]:
    return list(step.run(iter(docs)))


def test_failures_pass_through_unchanged_and_are_counted(rules: Path) -> None:
    step = CleanerStep([rules], defaults=False, timeout=0.2, removals_key="removed")
    runaway = BODY + "a" * 40 + "b\n"
    docs = [
        Document(text=BODY + "Chrome: subscribe\n", id="ok"),
        Document(text=runaway, id="timeout"),
        Document(text=b"\xff\xfe caf\xe9", id="bytes"),  # type: ignore[arg-type]  # a reader handing over bytes
        Document(text=None, id="none"),  # type: ignore[arg-type]
    ]
    out = run_step(step, docs)
    assert [doc.id for doc in out] == ["ok", "timeout", "bytes", "none"]
    assert out[0].text == BODY and out[0].metadata["removed"][0]["rule"] == "chrome-line"
    assert out[1].text == runaway and out[1].metadata["removed"] == []
    assert out[2].text == b"\xff\xfe caf\xe9" and out[3].text is None
    counts = {name: step.stats[name].total for name in ("total", "forwarded", "changed", "unchanged", "failed",
                                                          "failed_timeout", "failed_encoding", "failed_error")}
    assert counts == {"total": 4, "forwarded": 4, "changed": 1, "unchanged": 0, "failed": 3, "failed_timeout": 1,
                      "failed_encoding": 1, "failed_error": 1}, "each document counts once"


def test_guarded_documents_go_to_the_exclusion_writer(rules: Path, tmp_path: Path) -> None:
    only_chrome = "Chrome: one\n\nChrome: two\n"
    docs = [Document(text=only_chrome, id="all-chrome"), Document(text=BODY + "Chrome: x\n", id="article")]

    kept = run_step(CleanerStep([rules], defaults=False), [Document(d.text, d.id) for d in docs])
    assert [(doc.id, doc.text) for doc in kept] == [("all-chrome", only_chrome), ("article", BODY)]

    writer = JsonlWriter(str(tmp_path / "excluded"), output_filename="excluded.jsonl", compression=None)
    step = CleanerStep([rules], defaults=False, exclusion_writer=writer)
    assert [doc.id for doc in run_step(step, docs)] == ["article"]
    excluded = read_jsonl(tmp_path / "excluded" / "excluded.jsonl")
    assert [(doc["id"], doc["text"], doc["metadata"]["filter_reason"]) for doc in excluded] == [
        ("all-chrome", only_chrome, GUARD_REASON)]
    assert step.stats["guarded"].total == 1 and step.stats["dropped"].total == 1
    assert step.stats["changed"].total == 1 and step.stats["unchanged"].total == 0, "each document counts once"


def test_url_key_picks_the_site_rules() -> None:
    urls = json.loads((FIXTURES / "seeds" / "urls.json").read_text(encoding="utf-8"))
    name, url = next((name, url) for name, url in urls.items() if (SEEDS / name).exists())
    text = read_exact(SEEDS / name)
    assert clean(text, url=url).text != clean(text).text  # the site's own rules matter here
    out = run_step(CleanerStep(url_key="source"), [Document(text=text, id="a", metadata={"source": url})])
    assert out[0].text == clean(text, url=url).text


def test_html_documents_are_extracted_then_cleaned() -> None:
    page = json.loads((NEWS_DEV / "pages.jsonl").read_text(encoding="utf-8").splitlines()[0])
    html = gzip.decompress((NEWS_DEV / "html" / f"{page['id']}.html.gz").read_bytes()).decode("utf-8")
    out = run_step(CleanerStep(html=True), [Document(text=html, id="page", metadata={"url": page["url"]})])
    assert out[0].text == clean_html(html, url=page["url"]).text
    assert out[0].text and "<" not in out[0].text[:200]


def test_step_pickles_without_its_compiled_rules() -> None:
    step = CleanerStep(select=["all"], keep_categories=["byline"])
    assert step.compiled() is step.compiled()
    shipped = pickle.loads(pickle.dumps(step))
    assert shipped._cleaner is None
    assert len(pickle.dumps(step)) < 10_000
    text = read_exact(next(p for p in sorted(SEEDS.glob("*.txt")) if not p.name.endswith(".expected.txt")))
    assert run_step(shipped, [Document(text=text, id="a")])[0].text == clean(text).text


def test_bad_options_fail_where_the_pipeline_is_defined(tmp_path: Path) -> None:
    with pytest.raises(RuleSetError, match="no-such-rule"):
        CleanerStep(select=["no-such-rule"])
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "rules.yaml").write_text("rules:\n  - id: a\n    kind: nope\n", encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        CleanerStep([bad])
    assert caught.value.path and caught.value.path.endswith("rules.yaml")


def readme_local_pipeline() -> str:
    readme = (FIXTURES.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    return next(block for block in blocks if "LocalPipelineExecutor(" in block)


def test_readme_local_pipeline_runs_as_written(tmp_path: Path) -> None:
    """The README's example, run as a script over a small corpus with one page that is all chrome."""
    all_chrome = "Image courtesy of Example Agency\n\nPhoto: Example Agency\n"
    assert clean(all_chrome).flags[0].kind == "guard"
    records = [*corpus()[:30], {"id": "all-chrome", "text": all_chrome}]
    write_jsonl(tmp_path / "corpus" / "raw" / "part-0.jsonl", records)
    (tmp_path / "pipeline.py").write_text(readme_local_pipeline(), encoding="utf-8")

    subprocess.run([sys.executable, "pipeline.py"], cwd=tmp_path, check=True, capture_output=True)

    cleaned = [doc for path in sorted((tmp_path / "corpus" / "clean").glob("*.jsonl*")) for doc in read_jsonl(path)]
    excluded = [doc for path in (tmp_path / "corpus" / "not-articles").glob("*.jsonl*") for doc in read_jsonl(path)]
    assert [doc["id"] for doc in excluded] == ["all-chrome"]
    assert [doc["id"] for doc in cleaned] == [record["id"] for record in records[:-1]]
    texts = {record["id"]: record["text"] for record in records}
    for doc in cleaned:
        original, kept, position = texts[doc["id"]], [], 0
        for removal in doc["metadata"].get("removed", []):
            assert original[removal["start"]:removal["end"]] == removal["text"]
            kept.append(original[position:removal["start"]])
            position = removal["end"]
        assert doc["text"] == "".join(kept) + original[position:]
    assert any(doc["metadata"].get("removed") for doc in cleaned)


def _readme_pipelines() -> list[str]:
    """The Python examples of the README's datatrove section, in order."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## datatrove pipelines", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_the_readme_pipelines_build_on_every_executor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's pipeline, and its Slurm and Ray executors, are built as written (nothing is
    submitted: ``run()`` is left out, and the cluster connection of the Ray example)."""
    blocks = _readme_pipelines()
    assert len(blocks) == 3, "the local, Slurm and Ray examples"
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "readme_example"}  # not __main__: nothing runs
    exec(blocks[0], namespace)  # the README's own example
    step = next(s for s in namespace["pipeline"] if isinstance(s, CleanerStep))
    shipped = pickle.loads(pickle.dumps(step))  # what an executor sends to its workers
    assert run_step(shipped, [Document(text=BODY + "All rights reserved.\n", id="a")])[0].text == BODY
    for block, executor in zip(blocks[1:], ("SlurmPipelineExecutor", "RayPipelineExecutor"), strict=True):
        code = block.replace("/shared/", f"{tmp_path}/shared/").replace(".run()", "")
        code = code.replace(f"\n{executor}(", f"\nbuilt = {executor}(")
        code = "\n".join(line for line in code.splitlines() if line.strip() not in ("import ray", "ray.init()"))
        exec(code, namespace)
        assert type(namespace.pop("built")).__name__ == executor
