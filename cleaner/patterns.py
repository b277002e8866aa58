"""Compile rule patterns once, with shared named fragments and a time limit on every match."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import regex

from cleaner.errors import RuleSetError, RuleTimeout

#: ``{{name}}`` in a pattern is replaced by the fragment ``name`` from a ``defines`` file.
_MACRO = regex.compile(r"\{\{\s*([A-Za-z_][\w-]*)\s*\}\}")
_END_ANCHORED = regex.compile(r"(?<!\\)(?:\\\\)*\$\Z")

#: Seconds one pattern may spend on one block before the rule is stopped.
DEFAULT_TIMEOUT = 1.0


def expand(source: str, defines: Mapping[str, str], depth: int = 0) -> str:
    """Replace ``{{name}}`` fragments (which may nest) by their non-capturing definitions."""
    if depth > 8:
        raise ValueError("defines nest too deeply (a fragment refers to itself?)")

    def substitute(match: regex.Match[str]) -> str:
        name = match.group(1)
        if name not in defines:
            raise ValueError(f"unknown fragment {{{{{name}}}}}; known: {', '.join(sorted(defines)) or 'none'}")
        return "(?:" + expand(defines[name], defines, depth + 1) + ")"

    return str(_MACRO.sub(substitute, source))


def flags_for(case_sensitive: bool) -> int:
    return int(regex.V0 | (0 if case_sensitive else regex.IGNORECASE))


def compile_pattern(source: object, defines: Mapping[str, str], case_sensitive: bool,
                    path: str | None, line: int | None, rule: str) -> regex.Pattern[str]:
    """Compile one rule pattern, turning any fault into a RuleSetError that names where it is."""
    if not isinstance(source, str) or not source:
        raise RuleSetError("a pattern must be a non-empty string", path, line, rule)
    try:
        expanded = expand(source, defines)
        flags = flags_for(case_sensitive)
        if _END_ANCHORED.search(expanded) and not expanded.startswith("^"):
            flags |= regex.REVERSE  # matched from the end: a pattern tied to the end fails fast elsewhere
        return regex.compile(expanded, flags)
    except (regex.error, ValueError) as exc:
        raise RuleSetError(f"bad pattern {source!r}: {exc}", path, line, rule) from exc


#: Patterns of the built-in rule sets, which the test suite checks for runaway backtracking on blocks
#: up to this long, search such blocks without the clock: reading it costs a search ten times what a
#: typical search itself costs. Longer blocks, and every pattern of a user's own rule files, are timed.
UNCLOCKED_MAX_CHARS = 1000


def search(pattern: regex.Pattern[str], text: str, rule: str, timeout: float,
           clocked: bool = True) -> regex.Match[str] | None:
    """``pattern.search`` with a time limit; a runaway pattern raises RuleTimeout naming the rule.
    ``clocked=False`` (a built-in rule's pattern) leaves the limit out on blocks up to
    ``UNCLOCKED_MAX_CHARS`` long."""
    if not clocked and len(text) <= UNCLOCKED_MAX_CHARS:
        return pattern.search(text)
    try:
        return pattern.search(text, timeout=timeout)
    except TimeoutError as exc:
        raise RuleTimeout(rule, timeout) from exc


def finditer(pattern: regex.Pattern[str], text: str, rule: str, timeout: float,
             clocked: bool = True) -> Iterator[regex.Match[str]]:
    """``pattern.finditer`` with the same time limit, exemption and RuleTimeout as ``search``."""
    if not clocked and len(text) <= UNCLOCKED_MAX_CHARS:
        yield from pattern.finditer(text)
        return
    try:
        yield from pattern.finditer(text, timeout=timeout)
    except TimeoutError as exc:
        raise RuleTimeout(rule, timeout) from exc
