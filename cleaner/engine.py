"""The rule engine: rules compiled once per ``Cleaner``, applied to documents, removals assembled.

Rules run in passes over the lines still standing until nothing more goes, so cleaning the result
again changes nothing. A guard keeps the document whole (and flags it) when the rules would empty it
or take most of its prose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from urllib.parse import urlsplit

from cleaner.blocks import BOM, SplitText, paragraphs, split_text, wrap_width
from cleaner.cache import load_rules_cached
from cleaner.config import Settings
from cleaner.document import BlockFacts, Document
from cleaner.errors import RuleSetError, RuleTimeout
from cleaner.kinds import Rule, RuleBatch
from cleaner.patterns import DEFAULT_TIMEOUT
from cleaner.result import CleanResult, Flag, Removal
from cleaner.selection import enabled, unknown_selectors

MAX_PASSES = 6
#: The guard holds back a cut that would take more than this share of the document's prose.
MAX_PROSE_LOSS = 0.5


def builtin_rules_dir() -> Path:
    """The rule sets shipped with cleaner: ``cleaner/rules`` when installed, ``rules/`` in a checkout.

    Looked up on disk rather than through ``importlib.resources``: the rule folders hold no Python,
    so an installed ``cleaner.rules`` is a namespace package whose resource root is not a plain path.
    """
    package = Path(__file__).resolve().parent
    installed = package / "rules"
    return installed if installed.is_dir() else package.parent / "rules"


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    return host.lower().removeprefix("www.") if host else None


def _is_within(path: str | None, folder: Path) -> bool:
    return path is not None and Path(path).is_relative_to(folder)


def site_matches(site: str, host: str | None) -> bool:
    return host is not None and (host == site or host.endswith("." + site))


@dataclass
class _Plan:
    """The rules that apply to one host, in order; a kind that can apply its rules together (line
    rules share one prefilter, run rules one judgement per block) is one batch, in its first rule's place."""

    #: Each step with whether its kind is ``monotone``.
    steps: list[tuple[Rule | RuleBatch, bool]]
    #: Where two rules mark a block, the one ranked first names the removal: rules of a ``names_first``
    #: kind, then the others, each in rule-set order.
    rank: dict[Rule, int]

    def marks(self, doc: Document, *, again: bool = False) -> list[tuple[int, Rule]]:
        """What the rules mark in ``doc``. ``again``: ``doc`` is the previous pass's document less what
        that pass marked, with the same first and last prose block; rules whose kind is ``monotone``
        cannot find anything new in it, so only the others run."""
        found: list[tuple[int, Rule]] = []
        for finder, monotone in self.finders:
            if not (again and monotone):
                found += finder(doc)
        return found

    @cached_property
    def finders(self) -> list[tuple[Callable[[Document], Iterable[tuple[int, Rule]]], bool]]:
        """Each step's way of marking a document, with whether it is ``monotone`` (worked out once: an
        ``isinstance`` check against an abstract class costs more than most steps on a document seen
        before)."""
        return [(step.find if isinstance(step, RuleBatch) else partial(_marked_by, step), monotone)
                for step, monotone in self.steps]

    @property
    def batches(self) -> list[RuleBatch]:
        return [step for step, _ in self.steps if isinstance(step, RuleBatch)]


def _marked_by(rule: Rule, doc: Document) -> Iterable[tuple[int, Rule]]:
    return ((index, rule) for index in rule.find(doc))


def _plan_for(rules: Sequence[Rule]) -> _Plan:
    steps: list[tuple[Rule | RuleBatch, bool]] = []
    batched: set[type[Rule]] = set()
    for rule in rules:
        kind = type(rule)
        if kind in batched:
            continue
        batch = kind.batch([other for other in rules if type(other) is kind])
        if batch is not None:
            batched.add(kind)
        steps.append((rule, rule.is_monotone()) if batch is None else (batch, kind.monotone))
    ranked = sorted(range(len(rules)), key=lambda position: (not rules[position].names_first, position))
    return _Plan(steps, {rules[position]: rank for rank, position in enumerate(ranked)})


class Cleaner:
    """A compiled rule set. Build it once and reuse it for a whole batch of documents.

    ``rule_dirs`` are added to the built-in rules (``defaults=False`` leaves those out); ``select`` and
    ``ignore`` take rule ids, id globs or categories (the most specific wins); ``keep_categories`` keeps
    whole categories of chrome in the text.
    """

    def __init__(
        self,
        rule_dirs: Iterable[str | Path] = (),
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        keep_categories: Iterable[str] = (),
        defaults: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        max_prose_loss: float = MAX_PROSE_LOSS,
        site_ignore: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        directories = ([builtin_rules_dir()] if defaults else []) + [Path(d) for d in rule_dirs]
        self.all_rules: list[Rule] = load_rules_cached(directories)
        keep = list(keep_categories)
        self.select, self.ignore, self.keep = list(select), list(ignore), keep
        self.site_ignore = {site.lower().removeprefix("www."): list(sels) for site, sels in (site_ignore or {}).items()}
        unknown = unknown_selectors([*select, *ignore, *(s for sels in self.site_ignore.values() for s in sels)],
                                    self.all_rules)
        if unknown:
            raise RuleSetError(f"select/ignore name no rule, id pattern or category: {', '.join(unknown)}")
        self.rules = [rule for rule in self.all_rules if enabled(rule, self.select, self.ignore, keep)]
        builtin = builtin_rules_dir() if defaults else None
        for rule in self.all_rules:
            rule.timeout = timeout
            rule.clocked = builtin is None or not _is_within(rule.spec.path, builtin)
        self.timeout = timeout
        self.max_prose_loss = max_prose_loss
        self._plans: dict[str | None, _Plan] = {}
        self._shared_plans: dict[str, _Plan] = {}

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: object) -> Cleaner:
        """A cleaner configured by ``[tool.cleaner]`` settings; keyword arguments override them."""
        options: dict[str, object] = {
            "rule_dirs": settings.rules, "select": settings.select, "ignore": settings.ignore,
            "keep_categories": settings.keep, "site_ignore": settings.site_ignore,
        }
        if settings.timeout is not None:
            options["timeout"] = settings.timeout
        options.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**options)  # type: ignore[arg-type]

    # -- rule selection per document -------------------------------------------------------------------
    def rules_for(self, url: str | None, *, on_text: bool = True) -> list[Rule]:
        """The enabled rules that apply to a document from ``url``: defaults, then its site's rules."""
        host = host_of(url)
        rules = [rule for rule in self.rules
                 if rule.on_text == on_text and (rule.spec.site is None or site_matches(rule.spec.site, host))]
        extra = [sel for site, sels in self.site_ignore.items() if site_matches(site, host) for sel in sels]
        if extra:
            ignore = [*self.ignore, *extra]
            rules = [rule for rule in rules if enabled(rule, self.select, ignore, self.keep)]
        return rules

    def _plan(self, url: str | None) -> _Plan:
        host = host_of(url)
        plan = self._plans.get(host)
        if plan is None:
            rules = self.rules_for(url)
            # Hosts with the same rules share one plan (and so one memo of judged lines).
            key = ",".join(rule.id for rule in rules)
            plan = self._shared_plans.get(key)
            if plan is None:
                plan = self._shared_plans[key] = _plan_for(rules)
            if len(self._plans) < 100_000:
                self._plans[host] = plan
        return plan

    # -- cleaning ---------------------------------------------------------------------------------------
    def clean(self, text: str, url: str | None = None, *, rules: Sequence[Rule] | None = None) -> CleanResult:
        """Clean one document; never raises for a rule that runs away (the result is flagged instead).

        ``rules`` replaces the rule set for this call (used to test one rule alone).
        """
        split = split_text(text)
        blocks, texts, members = _blocks(split)
        plan = self._plan(url) if rules is None else _plan_for([r for r in rules if r.on_text])
        facts = BlockFacts(texts)
        try:
            marked = self._mark(blocks, plan, url, facts)
        except RuleTimeout as exc:
            return CleanResult(text, [], [Flag("timeout", str(exc), exc.rule)], text)
        if not marked:
            return CleanResult(text, [], [], text)
        held = self._guard(blocks, marked, facts)
        if held is not None:
            return CleanResult(text, [], [held], text)
        by_line = {line: rule for block, rule in marked.items() for line in members.get(block, (block,))
                   } if members else marked
        removed = _removals(text, split, by_line)
        return CleanResult(_cut(text, removed), removed, [], text)

    def clean_html(self, html: str | bytes, url: str | None = None) -> CleanResult:
        """Prune the HTML, extract the article text, then clean that text (see ``cleaner.html``)."""
        from cleaner.html import clean_html_with

        return clean_html_with(self, html, url)

    def _mark(self, blocks: list[int], plan: _Plan, url: str | None, facts: BlockFacts) -> dict[int, Rule]:
        """Block (its first line's number, ``blocks``) -> the rule that removes it, from passes run until
        nothing more goes."""
        alive = blocks
        positions: list[int] | None = None  # of the blocks still standing, in ``blocks`` (None: all)
        marked: dict[int, Rule] = {}
        again = False
        rank = plan.rank
        doc = Document(alive, url, facts, positions)
        for _ in range(MAX_PASSES):
            new: dict[int, Rule] = {}
            for index, rule in plan.marks(doc, again=again):
                key = alive[index]
                held = new.get(key)
                if held is None or rank[rule] < rank[held]:  # the rule listed first names the removal
                    new[key] = rule
            if not new:
                break
            marked.update(new)
            kept = [i for i, block in enumerate(alive) if block not in new]
            positions = kept if positions is None else [positions[i] for i in kept]
            alive = [alive[i] for i in kept]
            span = doc.span_in_document()
            doc = Document(alive, url, facts, positions)
            # A later pass may skip the kinds that judge a block alone when the zones stay the same.
            again = span is None or span == doc.span_in_document()
        return marked

    def _guard(self, blocks: list[int], marked: dict[int, Rule], facts: BlockFacts) -> Flag | None:
        """A flag when the cut would empty the document (its non-blank ``blocks``) or take most of its
        prose, else None."""
        if all(block in marked for block in blocks):
            return Flag("guard", "the rules would remove the whole document; left as it was")
        prose = [(block, len(text)) for block, text, is_prose in zip(blocks, facts.texts, facts.prose, strict=True)
                 if is_prose]
        total = sum(size for _, size in prose)
        lost = sum(size for block, size in prose if block in marked)
        if total and lost > self.max_prose_loss * total:
            rules = sorted({marked[block].id for block, _ in prose if block in marked})
            return Flag("guard", f"the rules would remove {lost / total:.0%} of the prose "
                                 f"({', '.join(rules)}); left as it was", rules[0] if len(rules) == 1 else None)
        return None


def _blocks(split: SplitText) -> tuple[list[int], list[str], dict[int, list[int]]]:
    """The blocks the rules judge: the non-blank lines, or in text wrapped at a fixed width its paragraphs
    (see ``paragraphs``); each block's number (its first line's) and text, and the lines of each block
    of several."""
    width = wrap_width(split.texts)
    if width is None:
        return split.numbers, split.texts, {}
    blocks, members = paragraphs(split.lines(), width)
    return [block.index for block in blocks], [block.text for block in blocks], members


def _removals(text: str, split: SplitText, marked: dict[int, Rule]) -> list[Removal]:
    """Spans to cut: runs of removed lines (the non-blank ones of ``split``) by the same rule, each
    taking the blank lines after it (at the end of the document, the blank lines before it) so that no
    gap is left behind."""
    spans: list[tuple[Rule, int, int, int]] = []  # rule, start, end, position of the first line
    numbers, starts = split.numbers, split.starts
    size, last = len(text), len(numbers) - 1
    current: Rule | None = None  # the rule of the span the previous line went to
    rule_of = marked.get
    for position, number in enumerate(numbers):
        rule = rule_of(number)
        if rule is None:
            current = None
            continue
        # Up to the next non-blank line: the blank lines in between go with this one.
        end = starts[numbers[position + 1]] if position < last else size
        if rule is current:
            spans[-1] = (rule, spans[-1][1], end, spans[-1][3])
        else:
            spans.append((rule, starts[number], end, position))
            current = rule
    if spans and spans[-1][2] == size:
        first = len(spans) - 1
        while first > 0 and spans[first - 1][2] == spans[first][1]:
            first -= 1
        rule, _, end, position = spans[first]
        start = split.end(numbers[position - 1]) if position > 0 else (1 if text.startswith(BOM) else 0)
        spans[first] = (rule, start, end, position)
    return [Removal(rule.id, rule.category, start, end, text[start:end]) for rule, start, end, _ in spans]


def _cut(text: str, removed: list[Removal]) -> str:
    pieces, position = [], 0
    for removal in removed:
        pieces.append(text[position:removal.start])
        position = removal.end
    pieces.append(text[position:])
    return "".join(pieces)
