"""Literal prefilters: most patterns cannot match a block unless it contains one of a few words.

From a pattern's syntax tree we take a set of literal strings of which every match must contain at
least one ("reserved" for ``\\ball\\s+rights\\s+reserved\\b``). One scan of a block's lowered text
for all those literals then tells which patterns are worth a real regex search; patterns with no such
set (dates, shapes) are always searched. This is a gate, never a verdict: the rule's own pattern
decides, so results are the same with or without it.
"""

from __future__ import annotations

import re

# The stdlib parser: only its syntax tree is used, never its matcher.
import re._constants as sre_constants
import re._parser as sre_parse
from collections.abc import Iterable, Sequence
from typing import Any

import ahocorasick
import regex

#: Syntax of the ``regex`` module that the stdlib parser would misread rather than reject.
_REGEX_ONLY = regex.compile(r"\{\s*[eids]\s*[<=]|\(\?\||\\[pP]\{[^}]*\}")
#: A literal set larger than this is not worth keeping (one scan finds any number of literals,
#: but a line-by-line check of a big set costs more than the regex it saves).
MAX_LITERALS = 400
#: Line-by-line checks (``may_match``) use gates up to this size only.
MAX_LINE_LITERALS = 16

Literals = frozenset[str]
#: Stands for "some decimal digit" in a literal set (dates, times, years).
DIGIT = "\x00digit"
_DIGIT = re.compile(r"\d")


def _usable(literals: Literals) -> bool:
    return bool(literals) and len(literals) <= MAX_LITERALS and all(
        len(lit) >= 3 or not lit.isalnum() for lit in literals)


def _score(literals: Literals) -> tuple[bool, int, int]:
    """Words before digits and punctuation (rarer in text), then fewer literals (they keep unions
    small), then longer ones."""
    words = all(len(lit) >= 3 and lit != DIGIT for lit in literals)
    return words, -len(literals), min(2 if lit == DIGIT else len(lit) for lit in literals)


def _best(candidates: Iterable[Literals]) -> Literals | None:
    usable = [c for c in candidates if _usable(c)]
    return max(usable, key=_score) if usable else None


def _required(items: Any) -> Literals | None:
    """Literals one of which every match of the sequence ``items`` contains, or None."""
    candidates: list[Literals] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            candidates.append(frozenset(["".join(run).lower()]))
            run.clear()

    for op, av in items:
        if op is sre_constants.LITERAL:
            run.append(chr(av))
            continue
        if op is sre_constants.AT:
            continue  # anchors take no text
        close_run()
        found: Literals | None = None
        if op is sre_constants.IN:
            found = _class_literals(av)
        elif op is sre_constants.SUBPATTERN:
            found = _required(av[-1])
        elif op is sre_constants.ATOMIC_GROUP:
            found = _required(av)
        elif op is sre_constants.BRANCH:
            parts = [_required(branch) for branch in av[1]]
            if all(part is not None for part in parts):
                found = frozenset().union(*parts)  # type: ignore[arg-type]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            low, _high, body = av
            if low >= 1:
                found = _required(body)
        if found is not None:
            candidates.append(found)
    close_run()
    return _best(candidates)


def _class_literals(items: Any) -> Literals | None:
    """A character class as a literal set: its listed characters, or DIGIT for ``\\d``."""
    if len(items) == 1 and items[0] == (sre_constants.CATEGORY, sre_constants.CATEGORY_DIGIT):
        return frozenset([DIGIT])
    if items and all(op is sre_constants.LITERAL for op, _ in items):
        return frozenset(chr(code).lower() for _, code in items)
    return None


def literals_of(source: str) -> Literals | None:
    """The gate of one (expanded) pattern, or None when it has none we can trust."""
    if _REGEX_ONLY.search(source):
        source = _REGEX_ONLY.sub(lambda m: r"\w" if m.group().startswith(("\\p", "\\P")) else m.group(), source)
        if _REGEX_ONLY.search(source):
            return None
    try:
        tree = sre_parse.parse(source)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None
    return _required(tree.data)


class LiteralIndex:
    """All gates of a rule set as one Aho-Corasick automaton: one pass over a block finds every key whose
    literals it holds."""

    def __init__(self, gates: Sequence[tuple[int, Literals]]) -> None:
        self.keys_of: dict[str, set[int]] = {}
        for key, literals in gates:
            for literal in literals:
                self.keys_of.setdefault(literal, set()).add(key)
        self.digit_keys = self.keys_of.pop(DIGIT, set())
        ordered = sorted(self.keys_of, key=len, reverse=True)
        self.scanner: ahocorasick.Automaton | None = None
        if ordered:
            self.scanner = ahocorasick.Automaton()
            for literal in ordered:
                self.scanner.add_word(literal, literal)
            self.scanner.make_automaton()
        # A literal may contain another ("reserved" holds "serve"): a match stands for both.
        self.keys_in_literal = {
            lit: set().union(*(self.keys_of[other] for other in ordered if other in lit)) for lit in ordered
        }

    def keys_in(self, lowered: str) -> set[int]:
        """Keys whose literal occurs in ``lowered`` (one block, lower-cased)."""
        keys: set[int] = set()
        if self.digit_keys and has_digit(lowered):
            keys.update(self.digit_keys)
        if self.scanner is not None:
            for literal in {literal for _, literal in self.scanner.iter(lowered)}:
                keys.update(self.keys_in_literal[literal])
        return keys


def has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def may_match(gate: Literals | None, lowered_line: str, has_digit: bool) -> bool:
    """Whether a line could match a pattern with this gate (always, when it has none)."""
    if gate is None or len(gate) > MAX_LINE_LITERALS:
        return True
    return any(has_digit if literal == DIGIT else literal in lowered_line for literal in gate)
