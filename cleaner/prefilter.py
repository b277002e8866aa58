"""Literal prefilters: most patterns cannot match a block unless it contains one of a few words.

From a pattern's syntax tree we take a set of literal strings of which every match must contain at
least one ("reserved" for ``\\ball\\s+rights\\s+reserved\\b``). One scan of a block's lowered text
for all those literals then tells which patterns are worth a real regex search; patterns with no such
set (dates, shapes) are always searched. This is a gate, never a verdict: the rule's own pattern
decides, so results are the same with or without it.
"""

from __future__ import annotations

import functools
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
    return bool(literals) and len(literals) <= MAX_LITERALS and all(_specific(lit) for lit in literals)


#: The repeats that take one or more characters.
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)
_SPACE_CLASS = [(sre_constants.CATEGORY, sre_constants.CATEGORY_SPACE)]


def _is_space(op: Any, av: Any) -> bool:
    """Whether the item is ``\\s`` or ``\\s+``: in the text gates are checked against, whitespace runs are
    squeezed to one space (``gate_text``), so such an item is a literal space there."""
    if op is sre_constants.IN:
        return list(av) == _SPACE_CLASS
    if op in _REPEATS:
        low, _high, body = av
        return low >= 1 and len(body) == 1 and body[0][0] is sre_constants.IN and list(body[0][1]) == _SPACE_CLASS
    return False


def _literal_char(op: Any, av: Any) -> str | None:
    """The character an item stands for in a literal: itself, or a space for ``\\s`` and ``\\s+``; None
    for anything else."""
    if op is sre_constants.LITERAL:
        char = chr(av)
        return None if char == _OPAQUE else char
    return " " if _is_space(op, av) else None


def gate_text(text: str) -> str:
    """``text`` as literal gates see it: lower-cased, whitespace runs squeezed to one space and one space
    at each end (so a literal may start or end with the space a pattern requires there), without the
    dot that lower-casing the Turkish "İ" adds ("i̇", where a case-insensitive pattern sees "i")."""
    return f" {' '.join(_lower(text).split())} "


def _lower(text: str) -> str:
    """Lower-cased as gates compare: literals and texts alike, without the dot of a lower-cased "İ"."""
    lowered = text.lower()
    return lowered.replace("\u0307", "") if "\u0307" in lowered else lowered


def _specific(literal: str) -> bool:
    """Long enough to be rare in text: three letters, or two in scripts without spaces between words
    (전재, 転載: a word of Korean, Japanese or Chinese), or punctuation."""
    return len(literal) >= 3 or not literal.isalnum() or (len(literal) == 2 and not literal.isascii())


def _is_rare_word(literal: str) -> bool:
    """Three letters or more, or a two-letter word of a script without spaces (记者, 입력)."""
    if literal == DIGIT:
        return False
    return len(literal) >= 3 or (len(literal) == 2 and literal.isalnum() and not literal.isascii())


#: Literals at least this long count as equally rare when two gates of a pattern are compared.
RARE_LENGTH = 8


def _score(literals: Literals) -> tuple[bool, int, int, int]:
    """Words before digits and punctuation (rarer in text), then longer ones up to ``RARE_LENGTH`` (a
    short word such as "new" or "tin" is inside many others: "news", "meeting"; words joined by their
    spaces, "all rights reserved", are rarer still), then fewer literals (they keep unions small)."""
    words = all(_is_rare_word(lit) for lit in literals)
    shortest = min(2 if lit == DIGIT else len(lit.strip()) for lit in literals)
    return words, min(shortest, RARE_LENGTH), -len(literals), shortest


def _best(candidates: Iterable[Literals]) -> Literals | None:
    usable = [c for c in candidates if _usable(c)]
    return max(usable, key=_score) if usable else None


#: How many alternatives deep ``_heads`` follows a sequence (each level may multiply the strings).
MAX_HEAD_DEPTH = 3


def _heads(items: Any, depth: int = 0) -> set[str] | None:
    """The strings one of which every match of the sequence ``items`` starts with (its literal run, and
    the leading literals of the alternatives or class that follow), or None when it may start with
    anything. The parser moves what alternatives share out in front of them ("prije|pre" becomes "pr",
    then "ije" or "e"): joined back, the words are long enough to gate on."""
    run: list[str] = []
    for position, (op, av) in enumerate(items):
        char = _literal_char(op, av)
        if char is not None:
            run.append(char)
            continue
        if op is sre_constants.AT and not run:
            continue
        tails: set[str] | None = None
        if depth >= MAX_HEAD_DEPTH:
            pass
        elif op is sre_constants.BRANCH:
            tails = set()
            for branch in av[1]:
                heads = _heads(list(branch) + list(items[position + 1:]), depth + 1)
                if heads is None:
                    tails = None
                    break
                tails |= heads
        elif op is sre_constants.SUBPATTERN:
            tails = _heads(list(av[-1]) + list(items[position + 1:]), depth + 1)
        elif op is sre_constants.IN:
            chars = _class_literals(av)
            if chars is not None and DIGIT not in chars:
                tails = {char + "".join(_run_after(items, position + 1)) for char in chars}
        prefix = "".join(run)
        if tails is None or len(tails) > MAX_LITERALS:
            return {prefix} if prefix else None
        return {prefix + tail for tail in tails}
    prefix = "".join(run)
    return {prefix} if prefix else None


def _run_after(items: Any, start: int) -> list[str]:
    """The literal characters right after position ``start`` of ``items``."""
    run = []
    for op, av in items[start:]:
        char = _literal_char(op, av)
        if char is None:
            break
        run.append(char)
    return run


def _required(items: Any) -> Literals | None:
    """Literals one of which every match of the sequence ``items`` contains, or None."""
    candidates: list[Literals] = []
    run: list[str] = []

    def close_run() -> None:
        literal = _lower("".join(run))
        if literal.strip():
            candidates.append(frozenset([literal]))
        run.clear()

    for position, (op, av) in enumerate(items):
        char = _literal_char(op, av)
        if char is not None:
            run.append(char)
            continue
        if op is sre_constants.AT:
            continue  # anchors take no text
        if op in (sre_constants.BRANCH, sre_constants.SUBPATTERN, sre_constants.IN):
            # The run before alternatives, joined to each alternative's leading words.
            start = position - len(run)
            heads = _heads(items[start:])
            if heads is not None:
                lowered = frozenset(_lower(head) for head in heads)
                if all(head.strip() for head in lowered):
                    candidates.append(lowered)
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
    if items and all(op is sre_constants.LITERAL and chr(code) != _OPAQUE and not chr(code).isspace()
                     for op, code in items):
        return frozenset(_lower(chr(code)) for _, code in items)
    return None


@functools.lru_cache(maxsize=4096)
def _parse(source: str) -> Any:
    """The stdlib syntax tree of a ``regex`` pattern (parsed once for both gates), its Unicode
    properties (``\\p{Lu}``) written as a private-use character both analyses read as "some character,
    cannot tell which"; None when the pattern uses other syntax of the ``regex`` module only."""
    if _REGEX_ONLY.search(source):
        source = _REGEX_ONLY.sub(lambda m: _OPAQUE if m.group().startswith(("\\p", "\\P")) else m.group(), source)
        if _REGEX_ONLY.search(source):
            return None
    try:
        return sre_parse.parse(source)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None


def literals_of(source: str) -> Literals | None:
    """The gate of one (expanded) pattern, or None when it has none we can trust."""
    tree = _parse(source)
    return _required(tree.data) if tree is not None else None


#: How many characters a class may list for the lead gate to enumerate them.
MAX_LEAD_CHARS = 64
#: How many first characters of a block's first word the lead gate compares.
LEAD_LENGTH = 3
#: Lead strings a pattern may have before the analysis gives up (a class of many letters, repeated).
MAX_LEADS = 3000
#: Word characters as the rules' own patterns see them (the ``regex`` module's ``\w``, not ``str.isalnum``).
_WORD = regex.compile(r"\w")
_WORD_RUN = regex.compile(r"\w+")
#: A private-use character standing for a Unicode property (``\p{Lu}``) in the lead analysis.
_OPAQUE = "\ue000"
#: Ends a lead string: the first word ends there (``"ad$"``: the word is "ad"), or its next character
#: cannot be told (``"de*"``: the word starts with "de").
_ENDED, _OPEN = "$", "*"
_NON_WORD = ""  # a character that is not a word character, in ``_extend``
#: Stands for any decimal digit, of any script (what ``\d`` takes), in lead strings and keys.
_ANY_DIGIT = "#"


class _TooMany(Exception):
    """The lead analysis would list more than ``MAX_LEADS`` strings."""


def lead_words_of(source: str) -> frozenset[str] | None:
    """For a pattern anchored at the start, the ways its first word can begin: strings of up to
    ``LEAD_LENGTH`` case-folded characters, each the word's first characters ("adv" for "advertisement"),
    or the whole word followed by ``$`` when it is shorter ("ad$"); None when the pattern may start with
    any word or with none.

    A block can match only if ``lead_keys`` of its text meets the set: the gate for patterns whose words
    are too short or too many for a literal gate ("ad", "by", "x", a hundred section labels), and a finer
    one than the literals for a pattern whose words must open the block.
    """
    tree = _parse(source)
    if tree is None:
        return None
    items = list(tree.data)
    if not items or items[0][0] is not sre_constants.AT or items[0][1] not in (
            sre_constants.AT_BEGINNING, sre_constants.AT_BEGINNING_STRING):
        return None
    try:
        still, ended = _walk(items, _START)
    except (_TooMany, RecursionError):
        return None
    found = set()
    for lead in still | ended:
        lead = lead.removesuffix(_OPEN)
        if not lead or lead == _ENDED:
            return None  # a match may hold no word, or start with one we cannot tell
        found.add(lead)
    return frozenset(found)


def lead_keys(text: str, label: str | None = None) -> frozenset[str]:
    """What the lead gate compares of a block and of its label (``as_label``, when it differs): the first
    one to ``LEAD_LENGTH`` case-folded characters of each one's first word, and the word followed by
    ``$`` when it is shorter."""
    keys: set[str] = set()
    for seen in (text,) if label is None or label is text else (text, label):
        found = _WORD_RUN.search(seen)
        if found is None:
            continue
        word = found.group()
        folded = "".join(map(_lead_char, word[:LEAD_LENGTH]))
        keys.update(folded[:size] for size in range(1, len(folded) + 1))
        if len(word) < LEAD_LENGTH:
            keys.add(folded + _ENDED)
    return frozenset(keys)


def _is_word(char: str) -> bool:
    return _WORD.match(char) is not None


def _fold(char: str) -> str:
    return char.casefold()[0]


def _lead_char(char: str) -> str:
    """A word character as lead strings hold it: case-folded, any decimal digit as ``_ANY_DIGIT``."""
    return _ANY_DIGIT if char.isdecimal() else _fold(char)


#: The lead strings of the analysis so far: those that may still grow, and those that are done (as long
#: as ``LEAD_LENGTH``, or ended by ``_ENDED`` or ``_OPEN``).
_Leads = tuple[frozenset[str], frozenset[str]]
_START: _Leads = (frozenset([""]), frozenset())


def _extend(leads: _Leads, char: str) -> _Leads:
    """``leads`` after one more character: a word character (as ``_lead_char`` gives it), ``_NON_WORD``
    or ``_OPEN`` (any)."""
    still, ended = leads
    grown: set[str] = set()
    done = set(ended)
    for lead in still:
        if char == _NON_WORD:
            if not lead:
                grown.add(lead)  # before the first word, nothing changes
                continue
            lead += _ENDED
        else:
            lead += char
        (done if char == _OPEN or lead.endswith(_ENDED) or len(lead) >= LEAD_LENGTH else grown).add(lead)
    if len(grown) + len(done) > MAX_LEADS:
        raise _TooMany
    return frozenset(grown), frozenset(done)


def _walk(items: Any, leads: _Leads) -> _Leads:
    """The lead strings after a sequence of items, from ``leads`` before it."""
    for op, av in items:
        if not leads[0]:
            break
        leads = _step(op, av, leads)
    return leads


def _union(parts: list[_Leads]) -> _Leads:
    return frozenset().union(*(still for still, _ in parts)), frozenset().union(*(ended for _, ended in parts))


def _step(op: Any, av: Any, leads: _Leads) -> _Leads:
    if op is sre_constants.LITERAL:
        char = chr(av)
        if char == _OPAQUE:
            return _extend(leads, _OPEN)
        return _extend(leads, _lead_char(char) if _is_word(char) else _NON_WORD)
    if op is sre_constants.AT:
        # The end of the text ends the word; the start and word boundaries take nothing.
        return _extend(leads, _NON_WORD) if av in (sre_constants.AT_END, sre_constants.AT_END_STRING) else leads
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return leads  # zero-width: leaving it out only lets more blocks through
    if op is sre_constants.IN:
        listed = _class_chars(av)
        if listed is None:
            return _extend(leads, _OPEN)
        return _union([_extend(leads, char) for char in listed])
    if op is sre_constants.SUBPATTERN:
        return _walk(av[-1], leads)
    if op is sre_constants.ATOMIC_GROUP:
        return _walk(av, leads)
    if op is sre_constants.BRANCH:
        return _union([_walk(branch, leads) for branch in av[1]])
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
        low, high, body = av
        for _ in range(min(low, LEAD_LENGTH + 2)):
            leads = _walk(body, leads)
        reached, current = leads, leads
        for _ in range(min(high - low, LEAD_LENGTH + 2)):
            current = _walk(body, current)
            if current[0] <= reached[0]:
                reached = (reached[0], reached[1] | current[1])
                break
            reached = _union([reached, current])
        return reached
    return _extend(leads, _OPEN)  # anything else: cannot tell what it takes


def _class_chars(items: Any) -> set[str] | None:
    """A character class as the characters it may take (word characters folded, ``_NON_WORD`` for any
    other), or None when it cannot be told (a property, a digit of any script, a wide range)."""
    ops = [op for op, _ in items]
    if (sre_constants.LITERAL, ord(_OPAQUE)) in items:
        return None
    if sre_constants.NEGATE in ops:
        # [^\w...] takes no word character at all; any other negated class may take any.
        categories = {av for op, av in items if op is sre_constants.CATEGORY}
        return {_NON_WORD} if categories & {sre_constants.CATEGORY_WORD, sre_constants.CATEGORY_UNI_WORD} else None
    chars: set[str] = set()
    for op, av in items:
        if op is sre_constants.LITERAL:
            listed = [chr(av)]
        elif op is sre_constants.RANGE and av[1] - av[0] < MAX_LEAD_CHARS:
            listed = [chr(code) for code in range(av[0], av[1] + 1)]
        elif op is sre_constants.CATEGORY and av in (sre_constants.CATEGORY_SPACE, sre_constants.CATEGORY_NOT_WORD,
                                                     sre_constants.CATEGORY_UNI_SPACE,
                                                     sre_constants.CATEGORY_UNI_NOT_WORD):
            chars.add(_NON_WORD)
            continue
        elif op is sre_constants.CATEGORY and av in (sre_constants.CATEGORY_DIGIT, sre_constants.CATEGORY_UNI_DIGIT):
            chars.add(_ANY_DIGIT)
            continue
        else:
            return None
        chars |= {_lead_char(char) if _is_word(char) else _NON_WORD for char in listed}
    return chars


class LiteralIndex:
    """All gates of a rule set as one Aho-Corasick automaton: one pass over a block finds every key whose
    literals it holds."""

    def __init__(self, gates: Sequence[tuple[int, Literals]]) -> None:
        self.keys_of: dict[str, set[int]] = {}
        for key, literals in gates:
            for literal in literals:
                self.keys_of.setdefault(literal, set()).add(key)
        self.digit_keys = self.keys_of.pop(DIGIT, set())
        self.scanner: ahocorasick.Automaton | None = None
        if self.keys_of:
            # Each literal's keys are its value. The automaton reports every literal found, those inside
            # another one ("serve" in "reserved") too.
            self.scanner = ahocorasick.Automaton()
            for literal, keys in self.keys_of.items():
                self.scanner.add_word(literal, frozenset(keys))
            self.scanner.make_automaton()

    def keys_in(self, lowered: str) -> set[int]:
        """Keys whose literal occurs in ``lowered`` (one block as ``gate_text`` gives it)."""
        keys: set[int] = set()
        if self.digit_keys and has_digit(lowered):
            keys.update(self.digit_keys)
        if self.scanner is not None:
            keys.update(*{found for _, found in self.scanner.iter(lowered)})
        return keys


def has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


def may_match(gate: Literals | None, lowered_line: str, has_digit: bool) -> bool:
    """Whether a line (``lowered_line``, as ``gate_text`` gives it) could match a pattern with this gate
    (always, when it has none)."""
    if gate is None or len(gate) > MAX_LINE_LITERALS:
        return True
    return any(has_digit if literal == DIGIT else literal in lowered_line for literal in gate)
