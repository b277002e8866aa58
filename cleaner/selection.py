"""Which rules run: ``select`` / ``ignore`` by id, glob or category; the most specific selector wins."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence

from cleaner.kinds import Rule

ALL = {"all", "*", "ALL"}


def specificity(selector: str, rule: Rule) -> int:
    """How precisely ``selector`` names ``rule``: 3 its id, 2 a glob over ids, 1 its category, 0 all; -1 not it."""
    if selector == rule.id:
        return 3
    if any(ch in selector for ch in "*?[") and selector not in ALL and fnmatch.fnmatchcase(rule.id, selector):
        return 2
    if selector == rule.category or selector == f"kind:{rule.spec.kind}":
        return 1
    if selector in ALL:
        return 0
    return -1


def enabled(rule: Rule, select: Sequence[str], ignore: Sequence[str], keep: Iterable[str]) -> bool:
    """A rule runs when the most specific selector naming it is a select, not an ignore. Keeping a
    category ignores it at category level: selecting one of its rules by id (or id glob) still runs
    that rule; selecting the category itself does not (keeping wins a tie)."""
    best_select = max((specificity(s, rule) for s in (select or ["all"])), default=-1)
    best_ignore = max((specificity(s, rule) for s in ignore), default=-1)
    if rule.category in set(keep):
        best_ignore = max(best_ignore, 1)
    return best_select >= 0 and best_select > best_ignore


def unknown_selectors(selectors: Iterable[str], rules: Sequence[Rule]) -> list[str]:
    """Selectors that name no rule, id glob or category: almost always a typo worth reporting."""
    return [s for s in selectors if not any(specificity(s, rule) >= 0 for rule in rules)]
