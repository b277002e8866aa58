"""Errors that name where the fault is: the rule file, its line and the rule id."""

from __future__ import annotations


class CleanerError(Exception):
    """Base class of every error cleaner raises on purpose."""


class RuleSetError(CleanerError):
    """A rule file is malformed, or a rule in it is invalid."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 rule: str | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.rule = rule
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<rules>"
        if self.line is not None:
            where += f":{self.line}"
        if self.rule:
            where += f": rule {self.rule!r}"
        return f"{where}: {self.message}"


class RuleTimeout(CleanerError):
    """A rule's pattern ran past its time budget on some block (catastrophic backtracking)."""

    def __init__(self, rule: str, seconds: float) -> None:
        self.rule = rule
        self.seconds = seconds
        super().__init__(f"rule {rule!r} timed out after {seconds:g}s; document left intact")
