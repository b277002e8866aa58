"""No default pattern backtracks without end on a line that nearly matches it.

Each rule's own examples are varied into near misses (a word added after, the line doubled, extra
spaces, ...) and every pattern of the rule must settle each one well inside the per-match time limit.
A pattern that backtracks exponentially ("(?:\\s+|,\\s+|\\s+and\\s+)\\p{Lu}?[\\p{L}]+" repeated) takes
seconds on a 150-character line; a sound one takes microseconds, so the limit below is generous.
This is what lets the built-in patterns search blocks up to ``UNCLOCKED_MAX_CHARS`` long without the
per-search clock (see ``cleaner.patterns``), so the longest near miss is that long.
"""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.kinds import CutRule, LineRule, Rule, RunRule
from cleaner.patterns import UNCLOCKED_MAX_CHARS

#: Seconds a single search may take before the pattern counts as a runaway. The built-in patterns
#: run without a clock on blocks this test covers, so the limit is tight: the slowest search here
#: takes about 7 ms (a pattern anchored on both ends over a thousand spaces).
LIMIT = 0.1


#: Blocks as long as the unclocked search takes, of the shapes that make a backtracking pattern work
#: hardest: one character or one short word repeated, spaces, digits, capitals, punctuation runs.
STRESS = [text[:UNCLOCKED_MAX_CHARS] for text in (
    " " * 999 + "x", "a" * 999 + "!", "A " * 500, "ab " * 334, "1 " * 500, "12:30 " * 167, ". " * 500,
    "-" * 1000, "Ab Cd " * 167, "中文" * 500, "a, " * 334, "(" * 500 + "a", "https://a.b/" * 84)]


def near_misses(line: str) -> list[str]:
    """Variations of ``line`` that nearly match, up to the longest block the built-in patterns search
    without the clock (``UNCLOCKED_MAX_CHARS``)."""
    longest = ((line + " ") * (UNCLOCKED_MAX_CHARS // (len(line) + 1)))[:UNCLOCKED_MAX_CHARS - 2] + " x"
    return [line + " zqa", line + " and then some more words follow here", f"{line} {line}", line * 3,
            line.upper() + " x", line + ".", line + " 12", "x " + line, line.replace(" ", "  ") + " !", longest]


def patterns_of(rule: Rule) -> list:
    if isinstance(rule, LineRule):
        return [*rule.patterns, *rule.unless]
    if isinstance(rule, RunRule):
        return list(rule.items.patterns)
    if isinstance(rule, CutRule):
        return [*rule.markers.patterns, *rule.next]
    return []


RULES = [rule for rule in Cleaner().all_rules if patterns_of(rule)]


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_near_misses_settle_in_time(rule: Rule) -> None:
    examples = [*rule.spec.examples.drop, *rule.spec.examples.keep, *(d for d, _ in rule.spec.examples.documents)]
    lines = [line for example in examples for line in example.split("\n") if line.strip()]
    for pattern in patterns_of(rule):
        for line in lines:
            for text in near_misses(line):
                try:
                    pattern.search(text, timeout=LIMIT)
                except TimeoutError:
                    pytest.fail(f"{rule.id}: {pattern.pattern[:80]!r}... runs away on {text[:100]!r}")
        for text in STRESS:
            try:
                pattern.search(text, timeout=LIMIT)
            except TimeoutError:
                pytest.fail(f"{rule.id}: {pattern.pattern[:80]!r}... runs away on {text[:40]!r}...")
