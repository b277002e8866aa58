"""Every removal the default rules make on the dev pages, rule by rule, so precision can be audited.

For each rule: how many lines it removed, how many of them hold article text (their words are found
in the page's true text), and those lines first, then a sample of the rest. Run ``make audit``, or
``.venv/bin/python scripts/audit.py --rule 'related-*' --all`` to see one family in full.

The metric (word 4-gram shingles) is the one ``../shared/eval/score.py`` uses, imported from there.
"""

from __future__ import annotations

import argparse
import fnmatch
import importlib.util
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from cleaner import Cleaner

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
#: A removed line is article text when at least this share of its shingles is in the truth.
IN_TRUTH = 0.5


def score_module() -> ModuleType:
    """The benchmark's scorer, loaded from ../shared/eval/score.py (not a package)."""
    spec = importlib.util.spec_from_file_location("news_dev_score", EVAL / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {EVAL / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dev_pages() -> list[dict[str, Any]]:
    path = EVAL / "news-dev" / "pages.jsonl"
    if not path.is_file():
        raise SystemExit(f"{path}: not found (the dev pages come with ../shared beside the checkout)")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@dataclass(frozen=True)
class Truth:
    """A page's true text: 4-gram counts, one lower-cased run of words, and its one-word lines."""

    grams: Any
    words: str
    single: frozenset[str]

    @classmethod
    def of(cls, score: ModuleType, text: str) -> Truth:
        lines = [score.WORD.findall(line.lower()) for line in text.splitlines()]
        return cls(score.shingles(text), " " + " ".join(score.WORD.findall(text.lower())) + " ",
                   frozenset(words[0] for words in lines if len(words) == 1))


def truth_share(score: ModuleType, line: str, truth: Truth) -> float:
    """Share of ``line``'s word 4-grams found in the truth; a line of two or three words counts as
    found when its words occur there in a row, a one-word line when the truth has it as a line."""
    words = score.WORD.findall(line.lower())
    if not words:
        return 0.0
    if len(words) == 1:
        return 1.0 if words[0] in truth.single else 0.0
    if len(words) < 4:
        return 1.0 if " " + " ".join(words) + " " in truth.words else 0.0
    grams = score.shingles(line)
    found: int = sum(min(n, truth.grams[g]) for g, n in grams.items())
    return found / int(sum(grams.values()))


@dataclass
class RuleAudit:
    """What one rule removed: line text -> the pages and extractors it came from, and its truth share."""

    lines: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    share: dict[str, float] = field(default_factory=dict)

    def add(self, text: str, where: str, share: float) -> None:
        self.lines[text].append(where)
        self.share[text] = max(share, self.share.get(text, 0.0))

    @property
    def suspects(self) -> list[str]:
        return sorted((t for t, s in self.share.items() if s >= IN_TRUTH), key=lambda t: -len(self.lines[t]))

    @property
    def count(self) -> int:
        return sum(len(w) for w in self.lines.values())


def audit(extractors: list[str] | None, rule_glob: str, page_filter: str = "") -> dict[str, RuleAudit]:
    score, cleaner = score_module(), Cleaner()
    found: dict[str, RuleAudit] = defaultdict(RuleAudit)
    for page in dev_pages():
        if page_filter not in page["url"] and not page["id"].startswith(page_filter):
            continue
        truth = Truth.of(score, page["truth"])
        for name, text in page["extracted"].items():
            if extractors and name not in extractors:
                continue
            for removal in cleaner.clean(text or "", url=page["url"]).removed:
                if not fnmatch.fnmatchcase(removal.rule, rule_glob):
                    continue
                where = f"{page['id'][:8]}/{name}"
                for line in removal.text.splitlines():
                    if line.strip():
                        found[removal.rule].add(line.strip(), where, truth_share(score, line, truth))
    return found


def report(found: dict[str, RuleAudit], show_all: bool, sample: int) -> None:
    print(f"{'rule':<36} {'lines':>6} {'unique':>6} {'in truth':>8}")
    for rule, data in sorted(found.items(), key=lambda kv: -kv[1].count):
        print(f"{rule:<36} {data.count:>6} {len(data.lines):>6} {len(data.suspects):>8}")
    for rule, data in sorted(found.items()):
        print(f"\n== {rule}")
        for text in data.suspects:
            print(f"  !! in truth ({data.share[text]:.0%}, x{len(data.lines[text])}) {text[:150]!r}")
        rest = [t for t in sorted(data.lines, key=lambda t: -len(data.lines[t])) if data.share[t] < IN_TRUTH]
        for text in rest if show_all else rest[:sample]:
            print(f"     x{len(data.lines[text]):<3} {text[:150]!r}")
        if not show_all and len(rest) > sample:
            print(f"     ... {len(rest) - sample} more (--all)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-e", "--extractors", help="comma-separated extractor names (default: all)")
    parser.add_argument("--rule", default="*", help="rule id glob (default: every rule)")
    parser.add_argument("--page", default="", help="only pages whose url contains this (or id starts so)")
    parser.add_argument("--all", action="store_true", help="list every removed line, not a sample")
    parser.add_argument("--sample", type=int, default=8, help="lines shown per rule besides suspects")
    parser.add_argument("--suspects", action="store_true", help="only the summary and lines found in the truth")
    args = parser.parse_args()
    found = audit(args.extractors.split(",") if args.extractors else None, args.rule, args.page)
    report(found, args.all, 0 if args.suspects else args.sample)


if __name__ == "__main__":
    main()
