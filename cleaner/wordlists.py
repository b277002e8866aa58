"""Word-list defines: a fragment given as lists of words, turned into one pattern when the rules load.

A long alternation of words (a thousand menu labels) is tried branch by branch, so a word that is none
of them costs a comparison with each. Grouped by script and by shared first letters ("P(?:olitics|ortugal)"),
a word that is none of them fails after a few comparisons. Writing that grouping by hand is unreadable,
so a rule file lists the words and this module builds it:

.. code-block:: yaml

    defines:
      menu-label:
        cases: [as written, capitalised, title, upper]   # the forms each word is printed in
        small: [of, and, the]                          # words a title leaves in lower case
        exact: [LinkedIn, YouTube]                     # forms taken as they are, in no other case
        words:
          en: [home, news, terms of use]                # by language (casing rules differ)
          tr: [gündem, iletişim]

The fragment matches exactly the forms so made and the ``exact`` ones (case-sensitively, when the pattern
using it is), longer forms tried first; an apostrophe in a word matches ' and ’ alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

#: The forms a word list may ask for, each a function of a word and its language.
CASES = ("as written", "capitalised", "title", "upper")
#: Characters a pattern must escape.
_SPECIAL = frozenset(".\\+*?[](){}|^$#")
#: A group of this many words or fewer is written as a plain alternation (longest first).
_SMALL_GROUP = 6
#: How many leading characters the alternation is grouped by.
_DEPTH = 3


class WordListError(ValueError):
    """A word-list define that is not one."""


def fragment(spec: object) -> str:
    """The pattern of a word-list define (see the module docstring)."""
    words = spec.get("words") if isinstance(spec, Mapping) else None
    if isinstance(words, list):
        words = {"": words}  # one list, in no language with casing rules of its own
    if not isinstance(spec, Mapping) or not isinstance(words, Mapping):
        raise WordListError("a word list has 'words': a list, or lists by language")
    cases = spec.get("cases", ["as written"])
    small = spec.get("small", [])
    exact = spec.get("exact", [])
    if not _strings(cases) or any(case not in CASES for case in cases):
        raise WordListError(f"'cases' must list some of: {', '.join(CASES)}")
    if not _strings(small) or not _strings(exact):
        raise WordListError("'small' and 'exact' must be lists of words")
    unknown = set(spec) - {"words", "cases", "small", "exact"}
    if unknown:
        raise WordListError(f"unknown key(s) {', '.join(sorted(unknown))} (known: words, cases, small, exact)")
    forms: set[str] = set(exact)
    for language, listed in words.items():
        if not _strings(listed):
            raise WordListError(f"the words of {language!r} must be a list of strings")
        for word in listed:
            forms.update(forms_of(word.replace("’", "'"), str(language), cases, frozenset(small)))
    forms.discard("")
    if not forms:
        raise WordListError("the word list is empty")
    return _grouped(forms)


def forms_of(word: str, language: str, cases: Iterable[str], small: frozenset[str]) -> set[str]:
    """The forms of ``word`` (lower case, words separated by single spaces) that ``cases`` ask for."""
    found: set[str] = set()
    parts = word.split(" ")
    for case in cases:
        if case == "as written":
            found.add(word)
        elif case == "capitalised":
            found.add(_capital(word, language))
            if "-" in word:  # "Schleswig-Holstein", "Moyen-Orient"
                found.add("-".join(_capital(part, language) for part in word.split("-")))
        elif case == "title":
            found.add(" ".join(_capital(part, language) for part in parts))
            if len(parts) > 1:  # "Terms of Use", "Mentions Légales"
                found.add(" ".join(part if index and part in small else _capital(part, language)
                                   for index, part in enumerate(parts)))
        else:
            upper = _upper(word, language)
            found.add(upper)
            if language == "el":  # Greek capitals drop their accents
                found.add("".join(char for char in unicodedata.normalize("NFD", upper)
                                  if unicodedata.category(char) != "Mn"))
    return found


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _upper(text: str, language: str) -> str:
    """Upper case, with the dotted and dotless i of Turkish."""
    if language == "tr":
        text = text.replace("i", "İ").replace("ı", "I")
    return text.upper()


def _capital(word: str, language: str) -> str:
    return _upper(word[:1], language) + word[1:] if word else word


def _escaped(char: str) -> str:
    return "\\" + char if char in _SPECIAL else char


def _literal(word: str) -> str:
    return "".join(map(_escaped, word))


def _script(char: str) -> str:
    """A coarse script name for grouping (Latin split into upper and lower case)."""
    name = unicodedata.name(char, "X").split()[0]
    if name == "LATIN":
        return "LATIN-U" if char.isupper() else "LATIN-L"
    return name


def _grouped(forms: set[str]) -> str:
    """One alternation of ``forms``, by script (each behind a check of its first characters), then by
    leading characters; longer forms first wherever one is a prefix of another."""
    variants = set()
    for form in forms:
        variants.add(form)
        if "'" in form:
            variants.add(form.replace("'", "’"))
    by_script: dict[str, list[str]] = {}
    for form in variants:
        by_script.setdefault(_script(form[0]), []).append(form)
    parts = []
    for script in sorted(by_script, key=lambda name: -len(by_script[name])):
        words = by_script[script]
        firsts = "".join("\\" + c if c in "-^]\\" else _escaped(c) for c in sorted({w[0] for w in words}))
        parts.append(f"(?=[{firsts}])" + _trie(sorted(words), _DEPTH))
    return "(?:" + "|".join(parts) + ")"


def _trie(words: list[str], depth: int) -> str:
    """``words`` (suffixes; "" ends a word) as an alternation grouped by their first ``depth`` characters."""
    optional = "" in words
    if depth == 0 or len(words) <= _SMALL_GROUP:
        alternatives = [_literal(word) for word in sorted(set(words), key=lambda w: (-len(w), w)) if word]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 and not optional else "(?:" + "|".join(alternatives) + ")"
        return body + ("?" if optional else "")
    groups: dict[str, list[str]] = {}
    for word in words:
        if word:
            groups.setdefault(word[0], []).append(word[1:])
    ordered = sorted(groups, key=lambda first: (-max(len(rest) for rest in groups[first]), first))
    body = "(?:" + "|".join(_escaped(first) + _trie(groups[first], depth - 1) for first in ordered) + ")"
    return body + ("?" if optional else "")
