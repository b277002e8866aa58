"""``html``: page furniture (share bars, newsletter boxes, teaser widgets, ad slots) pruned from the HTML
tree before the article is extracted, found by CSS selectors or by words in class and id names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from cleaner.document import Document
from cleaner.kinds.base import Rule

#: A camelCase join ("shareBar") is a word boundary in a class name, like "-" and "_" are.
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_PROBE = LexborHTMLParser("<html><body><p>probe</p></body></html>")


def raw_names(node: LexborNode) -> str:
    """The node's class and id attributes, as written."""
    attrs = node.attrs
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}"


def name_words(names: str) -> str:
    """Class and id names as lower-case words between single spaces, with a space at each end
    ("socialShare-bar" -> " social share bar "), the form ``words`` patterns are matched against."""
    return f" {_NOT_WORD.sub(' ', _CAMEL.sub(' ', names).lower()).strip()} "


def words_pattern(words: list[str]) -> str:
    """A pattern matching any of ``words`` as whole words of a class/id name (see ``name_words``); it starts
    with a literal space, which lets the regex engine skip ahead quickly."""
    return r" (?:" + "|".join(words) + r")(?= )"


class HtmlRule(Rule):
    """Nodes matching any of ``selectors`` (CSS), or whose class or id holds one of ``words`` as a whole
    word (``share`` matches "share-bar" and "socialShare", not "shareholders"). Zone ``head`` prunes only
    nodes before the article's first paragraph (a standfirst, not a subheading in the body)."""

    kind = "html"
    default_zone = "anywhere"
    zones = ("anywhere", "head")
    on_text = False
    params: ClassVar[Mapping[str, tuple[type | tuple[type, ...], Any]]] = {
        "selectors": ((str, list), []),
        "words": ((str, list), []),
    }

    def setup(self, defines: Mapping[str, str]) -> None:
        self.selector = ", ".join(self._strings("selectors"))
        if self.selector:
            try:
                _PROBE.css(self.selector)
            except SelectolaxError as exc:
                self.fail(f"bad CSS selector in {self.selector!r}: {exc}")
        words = self._strings("words")
        self.words_source = words_pattern(words) if words else ""
        try:
            self.words = re.compile(self.words_source) if words else None
        except re.error as exc:
            self.fail(f"bad pattern in 'words': {exc}")
        if self.words is not None and self.words.search("  "):
            self.fail("'words' must not match an empty class name")
        if not (self.selector or self.words):
            self.fail("an html rule needs 'selectors' or 'words'")

    def _strings(self, name: str) -> list[str]:
        value = self.options[name]
        items = [value] if isinstance(value, str) else list(value)
        if not all(isinstance(item, str) and item.strip() for item in items):
            self.fail(f"{name!r} must be a string or a list of non-empty strings")
        return [item.strip() for item in items]

    def matches(self, tree: LexborHTMLParser) -> list[LexborNode]:
        """The nodes of ``tree`` this rule would prune (the HTML path batches ``words`` across rules
        instead, see ``cleaner.html.Pruner``)."""
        found = tree.css(self.selector) if self.selector else []
        if self.words is not None:
            found += [node for node in tree.css("[class], [id]") if self.words.search(name_words(raw_names(node)))]
        return found

    def find(self, doc: Document) -> Iterable[int]:
        """HTML rules never mark text blocks; the HTML path applies them to the tree (``matches``)."""
        return ()
