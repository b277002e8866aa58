"""Run every rule's own examples: the same code serves ``cleaner rules test`` and the test suite.

Each example is placed where its rule may fire (before, inside or after a neutral article body) and
cleaned twice: by the rule alone and by the whole rule set. A ``drop`` example must lose every one of
its lines, a ``keep`` example none; the article body must always survive, and cleaning the result
again must change nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cleaner.engine import Cleaner
from cleaner.kinds import Rule

#: A neutral article body the examples are placed around (long prose blocks, so zones are clear).
BODY = (
    "The city council voted on Tuesday to extend the harbour redevelopment plan by another two years, "
    "after residents raised concerns about traffic, noise and the cost of the new ferry terminal.",
    "Officials said the revised budget would be published next month and that construction crews "
    "would continue working on the northern pier while engineers review the remaining designs.",
    "Several local businesses welcomed the decision, saying that the delay would give them more time "
    "to prepare for the changes, although some shop owners warned that customers were already staying away.",
)


@dataclass(frozen=True)
class ExampleCase:
    """One example of one rule, with a stable test id ``<rule>_<kind><n>``."""

    rule: Rule
    kind: str  # drop | keep | document
    number: int
    text: str
    expect: str | None = None

    @property
    def test_id(self) -> str:
        return f"{self.rule.id}_{self.kind}{self.number}"


def cases(rules: Iterable[Rule]) -> list[ExampleCase]:
    found: list[ExampleCase] = []
    for rule in rules:
        examples = rule.spec.examples
        found += [ExampleCase(rule, "drop", n, text) for n, text in enumerate(examples.drop, 1)]
        found += [ExampleCase(rule, "keep", n, text) for n, text in enumerate(examples.keep, 1)]
        found += [ExampleCase(rule, "document", n, text, expect)
                  for n, (text, expect) in enumerate(examples.documents, 1)]
    return found


def placements(zone: str) -> list[str]:
    """Where to put an example of a rule of ``zone``: an ``edges`` rule is tried at both ends."""
    return {"head": ["head"], "tail": ["tail"], "edges": ["head", "tail"]}.get(zone, ["body"])


def build(example: str, where: str) -> tuple[str, list[str]]:
    """A document holding ``example`` at ``where``, and the example's non-blank lines."""
    lines = example.strip("\n").split("\n")
    if where == "head":
        blocks = [*lines, *BODY]
    elif where == "tail":
        blocks = [*BODY, *lines]
    else:
        # Past the second paragraph: right after the first one is the lede, which head rules judge too.
        blocks = [*BODY[:2], *lines, *BODY[2:]]
    return "\n".join(blocks) + "\n", [line for line in lines if line.strip()]


def url_for(rule: Rule) -> str | None:
    return f"https://{rule.spec.site}/news/example" if rule.spec.site else None


def _kept_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def check(case: ExampleCase, cleaner: Cleaner) -> list[str]:
    """Problems with one example (an empty list when it behaves as written)."""
    rule = case.rule
    if not rule.on_text:
        return check_html(case, cleaner)
    url = url_for(rule)
    problems: list[str] = []
    if case.kind == "document":
        got = cleaner.clean(case.text, url, rules=[rule]).text
        if got != case.expect:
            problems.append(f"document example cleaned to {got!r}, expected {case.expect!r}")
        return problems
    for where in placements(rule.spec.zone):
        document, lines = build(case.text, where)
        for label, rules in (("the rule alone", [rule]), ("the full rule set", None)):
            result = cleaner.clean(document, url, rules=rules)
            kept = _kept_lines(result.text)
            if result.flags:
                problems.append(f"{label} ({where}): flagged: {'; '.join(f.message for f in result.flags)}")
            missing_body = [p for p in BODY if p not in kept]
            if missing_body:
                problems.append(f"{label} ({where}): removed article text {missing_body[0][:40]!r}...")
            if case.kind == "drop":
                left = [line for line in lines if line in kept]
                if left:
                    problems.append(f"{label} ({where}): kept {left[0]!r}, which it must drop")
            else:
                gone = [line for line in lines if line not in kept]
                if gone:
                    problems.append(f"{label} ({where}): dropped {gone[0]!r}, which it must keep")
            again = cleaner.clean(result.text, url, rules=rules).text
            if again != result.text:
                problems.append(f"{label} ({where}): cleaning twice changed the text again")
    return problems


def check_html(case: ExampleCase, cleaner: Cleaner) -> list[str]:
    """An html rule's example is an HTML snippet placed in a small page beside the article (a ``drop``
    snippet of a ``head`` rule before it, any other inside it): a ``drop`` snippet must be pruned until
    only the article is left, a ``keep`` snippet must stay whole."""
    from cleaner.html import prune_page

    if case.kind == "document":
        return ["html rules take HTML snippets as drop/keep examples, not whole documents"]
    paragraphs = [f"<p>{paragraph}</p>" for paragraph in BODY]
    at = 0 if case.kind == "drop" and case.rule.spec.zone == "head" else 1
    page = "<html><body><article>{}</article></body></html>".format
    article, _ = prune_page(page("".join(paragraphs)), [])
    with_snippet = page("".join([*paragraphs[:at], case.text, *paragraphs[at:]]))
    whole, _ = prune_page(with_snippet, [])
    problems = []
    every = cleaner.rules_for(url_for(case.rule), on_text=False)
    for label, rules in (("the rule alone", [case.rule]), ("the full rule set", every)):
        text, pruned = prune_page(with_snippet, rules)
        if case.kind == "drop" and (text != article or not pruned):
            left = " ".join(word for word in text.split() if word not in article.split())
            problems.append(f"{label}: left {left[:80]!r} of a snippet it must drop")
        if case.kind == "keep" and text != whole:
            gone = "; ".join(p.text[:60] for p in pruned)
            problems.append(f"{label}: pruned {gone!r} from a snippet it must keep")
    return problems


def run_all(cleaner: Cleaner, rules: Iterable[Rule] | None = None) -> list[tuple[ExampleCase, list[str]]]:
    """Every example of ``rules`` (default: all the cleaner's rules) with its problems."""
    return [(case, check(case, cleaner)) for case in cases(cleaner.all_rules if rules is None else rules)]


def coverage_problems(rules: Iterable[Rule]) -> list[str]:
    """Rules without at least one drop and one keep example (an untested rule is a guess)."""
    problems = []
    for rule in rules:
        examples = rule.spec.examples
        if not (examples.drop or examples.documents) or not (examples.keep or examples.documents):
            problems.append(f"{rule.id} ({rule.spec.path}:{rule.spec.line}): needs at least one drop and one "
                            "keep example")
    return problems
