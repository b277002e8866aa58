"""The interface every rule kind implements; the engine knows kinds only through it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import regex

from cleaner.blocks import as_label
from cleaner.document import ZONES, Document
from cleaner.errors import RuleSetError
from cleaner.memo import Memo
from cleaner.patterns import DEFAULT_TIMEOUT, compile_pattern, search
from cleaner.prefilter import gate_text, has_digit, lead_keys, lead_words_of, literals_of, may_match


@dataclass(frozen=True)
class Examples:
    """A rule's own tests: blocks it must drop, blocks it must keep, whole documents with results."""

    drop: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    documents: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RuleSpec:
    """The keys every rule has, whatever its kind."""

    id: str
    kind: str
    category: str
    description: str
    zone: str
    examples: Examples
    path: str | None = None
    line: int | None = None
    site: str | None = None
    status: str = "stable"
    extra: Mapping[str, Any] = field(default_factory=dict)


class Rule(ABC):
    """A compiled rule: validates its own parameters once, then marks blocks of documents."""

    kind: ClassVar[str]
    #: Zone used when the rule file does not name one.
    default_zone: ClassVar[str] = "edges"
    #: Zones this kind accepts.
    zones: ClassVar[tuple[str, ...]] = ZONES
    #: The kind's own parameters: name -> (type or tuple of types, default; ``...`` means required).
    params: ClassVar[Mapping[str, tuple[type | tuple[type, ...], Any]]] = {}
    #: Whether this kind works on text blocks (``html`` rules work on the HTML tree instead).
    on_text: ClassVar[bool] = True
    #: Whether, once other rules removed blocks and the zones stayed the same, running the rule again
    #: can only find less (its verdict on a block depends on the block, its zone and counts that only
    #: fall): the engine then skips it in later passes. Kinds that look at neighbours are not.
    monotone: ClassVar[bool] = False
    #: Whether the kind judges a block by its own words (a label), so that where a rule of another kind
    #: marks the same block, this one names the removal.
    names_first: ClassVar[bool] = False

    def __init__(self, spec: RuleSpec, options: Mapping[str, Any], defines: Mapping[str, str]) -> None:
        self.spec = spec
        self.timeout = DEFAULT_TIMEOUT
        #: Whether searches run with the time limit on every block (see ``patterns.UNCLOCKED_MAX_CHARS``):
        #: the engine lifts it for the built-in rule sets, whose patterns the test suite checks.
        self.clocked = True
        self.options = self._validate(options)
        if spec.zone not in self.zones:
            self.fail(f"zone {spec.zone!r} is not allowed for kind {self.kind!r} (use one of {', '.join(self.zones)})")
        self.setup(defines)

    # -- validation helpers -------------------------------------------------------------------------
    def fail(self, message: str) -> RuleSetError:
        raise RuleSetError(message, self.spec.path, self.spec.line, self.spec.id)

    def require_non_negative(self, *names: str) -> None:
        for name in names:
            if self.options[name] < 0:
                self.fail(f"key {name!r} must not be negative")

    def _validate(self, options: Mapping[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(options) - set(self.params))
        if unknown:
            known = ", ".join(sorted(self.params)) or "none"
            self.fail(f"unknown key(s) {', '.join(unknown)} for kind {self.kind!r} (its keys: {known})")
        values: dict[str, Any] = {}
        for name, (types, default) in self.params.items():
            if name not in options:
                if default is ...:
                    self.fail(f"missing required key {name!r} for kind {self.kind!r}")
                values[name] = default
                continue
            value = options[name]
            accepted = types if isinstance(types, tuple) else (types,)
            if isinstance(value, bool) and bool not in accepted:
                self.fail(f"key {name!r} must be {' or '.join(t.__name__ for t in accepted)}, not a boolean")
            if not isinstance(value, accepted):
                self.fail(f"key {name!r} must be {' or '.join(t.__name__ for t in accepted)}, "
                          f"not {type(value).__name__}")
            values[name] = value
        return values

    @staticmethod
    def gates_of(patterns: Sequence[regex.Pattern[str]]) -> list[frozenset[str] | None]:
        """Per pattern, the literals one of which any block it matches contains (see ``cleaner.prefilter``)."""
        return [literals_of(p.pattern) for p in patterns]

    @staticmethod
    def leads_of(patterns: Sequence[regex.Pattern[str]]) -> list[frozenset[str] | None]:
        """Per pattern, the ways a matching block's first word can begin, or None (see
        ``cleaner.prefilter.lead_words_of``)."""
        return [lead_words_of(p.pattern) for p in patterns]

    def compile_list(self, name: str, defines: Mapping[str, str], case_sensitive: bool) -> list[regex.Pattern[str]]:
        """Compile a ``pattern``-style option that may be one string or a list of strings."""
        value = self.options[name]
        sources = [value] if isinstance(value, str) else list(value or [])
        return [compile_pattern(s, defines, case_sensitive, self.spec.path, self.spec.line, self.spec.id)
                for s in sources]

    def gated(self, name: str, defines: Mapping[str, str], case_sensitive: bool) -> GatedPatterns:
        """A ``pattern``-style option compiled with its prefilter gates, for judging blocks by their text."""
        return GatedPatterns(self, self.compile_list(name, defines, case_sensitive))

    def any_match(self, patterns: Iterable[regex.Pattern[str]], text: str) -> bool:
        return any(search(p, text, self.spec.id, self.timeout, self.clocked) is not None for p in patterns)

    # -- what a kind provides -------------------------------------------------------------------------
    def setup(self, defines: Mapping[str, str]) -> None:  # noqa: B027 - optional hook
        """Compile the kind's parameters (called once, at load)."""

    @abstractmethod
    def find(self, doc: Document) -> Iterable[int]:
        """Indices of ``doc.blocks`` this rule makes chrome."""

    def is_monotone(self) -> bool:
        """``monotone`` for this rule: a kind may have options that make one of its rules look at
        neighbours."""
        return self.monotone

    @classmethod
    def batch(cls, rules: Sequence[Rule]) -> RuleBatch | None:
        """The kind's rules of a rule set applied together, when the kind has a faster way than one by
        one (None: the engine runs each rule's ``find``)."""
        return None

    # -- conveniences -----------------------------------------------------------------------------------
    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def category(self) -> str:
        return self.spec.category

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.spec.id} ({self.spec.category}, {self.spec.zone})>"


class RuleBatch(ABC):
    """Rules of one kind applied to a document together (see ``Rule.batch``)."""

    @abstractmethod
    def find(self, doc: Document) -> list[tuple[int, Rule]]:
        """(index of a block of ``doc``, the rule that makes it chrome), first rule first."""


class GatedPatterns:
    """A rule's patterns with their prefilter gates (see ``cleaner.prefilter``). ``matches`` judges a
    block by its text alone, once: across passes and documents, a site's repeated lines cost nothing."""

    def __init__(self, rule: Rule, patterns: list[regex.Pattern[str]]) -> None:
        self.rule = rule
        self.patterns = patterns
        #: Per pattern, the literals one of which any block it matches contains (None: no such set).
        self.gates = rule.gates_of(patterns)
        #: Per pattern, the ways a matching block's first word can begin (None: any; see ``lead_words_of``).
        self.leads = rule.leads_of(patterns)
        self.memo: Memo[str, bool] = Memo()

    def matches(self, text: str) -> bool:
        found = self.memo.get(text)
        if found is None:
            found = self.search(text)
            self.memo.remember(text, found)
        return found

    def search(self, text: str) -> bool:
        """Whether ``text`` (or its label, when that differs) matches any pattern, skipping those whose
        literals or lead words it lacks."""
        lowered: str | None = None
        digit = False
        keys: frozenset[str] | None = None
        rule = self.rule
        label = as_label(text)  # tried too when it differs: a Markdown heading or link line
        for pattern, gate, leads in zip(self.patterns, self.gates, self.leads, strict=True):
            if leads is not None:
                if keys is None:
                    keys = lead_keys(text, label)
                if leads.isdisjoint(keys):
                    continue
            if gate is not None:
                if lowered is None:
                    lowered = gate_text(text)
                    digit = has_digit(lowered)
                if not may_match(gate, lowered, digit):
                    continue
            if search(pattern, text, rule.spec.id, rule.timeout, rule.clocked) is not None:
                return True
            if label is not text and search(pattern, label, rule.spec.id, rule.timeout, rule.clocked) is not None:
                return True
        return False
