"""Every rule's own examples, one test each (id ``<rule>_<kind><n>``), plus checks on the rule set."""

from __future__ import annotations

from collections import Counter

import pytest

from cleaner import Cleaner
from cleaner.categories import CATEGORIES
from cleaner.examples import cases, check, coverage_problems

ALL = Cleaner()
CASES = cases(ALL.all_rules)


@pytest.mark.parametrize("case", CASES, ids=[c.test_id for c in CASES])
def test_rule_example(case) -> None:
    problems = check(case, ALL)
    assert not problems, "\n".join(problems)


def test_every_rule_has_drop_and_keep_examples() -> None:
    assert not coverage_problems(ALL.all_rules)


def test_rule_ids_are_unique_per_site() -> None:
    counts = Counter((rule.id, rule.spec.site) for rule in ALL.all_rules)
    assert [key for key, n in counts.items() if n > 1] == []


def test_every_category_is_known_and_described() -> None:
    assert {rule.category for rule in ALL.all_rules} <= set(CATEGORIES)


def test_examples_can_fail() -> None:
    """A keep example that the rule does drop is reported, so these tests are not vacuous."""
    from dataclasses import replace

    from cleaner.examples import ExampleCase

    rule = next(r for r in ALL.all_rules if r.id == "footer-rights-reserved")
    wrong = ExampleCase(rule, "keep", 1, "All rights reserved.")
    assert any("must keep" in p for p in check(wrong, ALL))
    wrong_drop = replace(wrong, kind="drop", text="A perfectly ordinary closing line")
    assert any("must drop" in p for p in check(wrong_drop, ALL))
