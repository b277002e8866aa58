"""The HTML path: prune chrome nodes with selectolax, extract the article with trafilatura, clean the text.

Pruning first takes away what the extractor would otherwise keep (share bars, newsletter boxes,
teaser widgets, captions) and leaves it less to judge; the text rules then remove what is left. A
node that holds a large share of the page's text or paragraphs is never removed (it is the article,
whatever its class says), and if the pruned page yields almost no text the unpruned page is extracted
instead (trafilatura's "backup" idea).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaner.blocks import wide_chars
from cleaner.encoding import decode_bytes
from cleaner.kinds.html import HtmlRule, name_words, raw_names
from cleaner.result import CleanResult, Flag

if TYPE_CHECKING:
    from cleaner.engine import Cleaner
    from cleaner.kinds.base import Rule

#: A node holding more than this share of the page's text is the article (or contains it): never pruned.
MAX_PRUNED_SHARE = 0.4
#: Below this many characters, extraction from the pruned page is checked against the unpruned page.
MIN_EXTRACTED_CHARS = 250
#: A ``head`` rule prunes only before the first paragraph at least this long (the article's first);
#: paragraphs this long are the article's (a Chinese, Japanese or Korean character counts twice: those
#: scripts say in 60 characters what English says in 120).
MIN_PARAGRAPH_CHARS = 120
#: Code, not text: removed before anything is measured or extracted (structured data stays for trafilatura).
SCRIPTS = 'script:not([type="application/ld+json" i]), style, template'
#: How many distinct class/id names a ``Pruner`` remembers the answer for.
NAME_CACHE_SIZE = 50_000
#: The node a page marks as its article's body (schema.org).
ARTICLE_BODY = '[itemprop~="articleBody" i]'
#: Nodes that are never pruned, whatever their class or id.
PROTECTED_TAGS = frozenset({"html", "head", "body", "main"})
#: A post from a social network quoted in the story, in the embed code those networks hand out (the same
#: on every site): article text, though its wrapper is often named like a share widget.
EMBEDDED_POSTS = ("blockquote.twitter-tweet, blockquote.twitter-video, blockquote.instagram-media, "
                  "blockquote.tiktok-embed, blockquote.threads-post")
#: A wrapper holds nothing but the post when its text is at most this many characters longer.
EMBED_WRAPPER_SLACK = 40
#: trafilatura runs without comment sections (they are not the article) and on its fast path, since the
#: pruning already did the work its fallback extractors would do; the fallbacks run only when the fast
#: path covers less than this share of the page's article-length paragraphs.
MIN_PARAGRAPH_SHARE = 0.5


@dataclass(frozen=True)
class Pruned:
    """One node taken out of the page, for ``explain``-style accounts."""

    rule: str
    category: str
    tag: str
    text: str


def parse_page(html: str) -> LexborHTMLParser:
    """The page's tree without its scripts and styles, so that code never counts as text."""
    tree = LexborHTMLParser(html)
    for node in tree.css(SCRIPTS):
        node.remove()
    unwrap_embedded_posts(tree)
    return tree


def unwrap_embedded_posts(tree: LexborHTMLParser) -> None:
    """Take the class and id off the wrappers that hold nothing but an embedded post (a quoted tweet in
    ``<div class="social-media-embed">``): extractors and the html rules would otherwise discard the post
    for its wrapper's name, as if it were a share bar."""
    for post in tree.css(EMBEDDED_POSTS):
        size = len(post.text(deep=True, strip=True))
        node = post.parent
        while node is not None and node.tag not in PROTECTED_TAGS and node.tag != "article":
            if len(node.text(deep=True, strip=True)) > size + EMBED_WRAPPER_SLACK:
                break
            attributes = node.attrs
            for name in ("class", "id"):
                if name in attributes:
                    del attributes[name]
            node = node.parent


def page_url(tree: LexborHTMLParser) -> str | None:
    """The page's own url: ``<link rel=canonical>``, else ``og:url`` (absolute http(s) urls only)."""
    for selector, attribute in (('link[rel~="canonical" i][href]', "href"),
                                ('meta[property="og:url" i][content]', "content")):
        node = tree.css_first(selector)
        value = (node.attributes.get(attribute) or "").strip() if node is not None else ""
        if value.lower().startswith(("http://", "https://")):
            return value
    return None


class Pruner:
    """The html rules for one site, compiled once: CSS selectors run rule by rule; the ``words`` of
    every rule are joined into one pattern, so each class/id name is read and searched once per page."""

    def __init__(self, rules: Sequence[HtmlRule]) -> None:
        self.css_rules = [rule for rule in rules if rule.selector]
        word_rules = [rule for rule in rules if rule.words is not None]
        self.word_rules = {f"r{n}": rule for n, rule in enumerate(word_rules)}
        self.words = re.compile("|".join(f"(?P<{group}>{rule.words_source})"
                                         for group, rule in self.word_rules.items())) if word_rules else None
        self._seen: dict[str, HtmlRule | None] = {}

    def candidates(self, tree: LexborHTMLParser) -> list[tuple[HtmlRule, LexborNode]]:
        """Nodes the rules match, each with the first rule that matched it."""
        found = [(rule, node) for rule in self.css_rules for node in tree.css(rule.selector)]
        if self.words is not None:
            for node in tree.css("[class], [id]"):
                rule = self._rule_for_names(raw_names(node))
                if rule is not None:
                    found.append((rule, node))
        return found

    def _rule_for_names(self, names: str) -> HtmlRule | None:
        """The first word rule matching a node's class and id; they repeat a lot, so answers are remembered."""
        if names in self._seen:
            return self._seen[names]
        match = self.words.search(name_words(names)) if self.words is not None else None
        rule = self.word_rules[match.lastgroup] if match is not None and match.lastgroup is not None else None
        if len(self._seen) >= NAME_CACHE_SIZE:
            self._seen.clear()
        self._seen[names] = rule
        return rule

    def prune(self, tree: LexborHTMLParser) -> list[Pruned]:
        """Remove the matched nodes from ``tree``, except protected nodes and nodes holding more than
        ``MAX_PRUNED_SHARE`` of the page's text. Returns what went."""
        candidates = self.candidates(tree)
        if not candidates:
            return []
        body = tree.body
        total = len(body.text(deep=True, separator=" ", strip=True)) if body is not None else 0
        prose = paragraph_chars(tree)
        pruned: list[Pruned] = []
        removed: set[int] = set()
        head: set[int] | None = None
        for rule, node in candidates:
            if node.tag in PROTECTED_TAGS or node.mem_id in removed or _inside(node, removed):
                continue
            if rule.spec.zone == "head":
                if head is None:
                    head = _before_first_paragraph(tree, {n.mem_id for r, n in candidates if r.spec.zone == "head"})
                if node.mem_id not in head:
                    continue
            text = node.text(deep=True, separator=" ", strip=True)
            if (total and len(text) > MAX_PRUNED_SHARE * total) or _holds_article(node, text, prose):
                continue
            removed.add(node.mem_id)
            pruned.append(Pruned(rule.id, rule.category, node.tag or "", text))
            node.remove()
        return pruned


@lru_cache(maxsize=256)
def pruner_for(rules: tuple[HtmlRule, ...]) -> Pruner:
    """One compiled ``Pruner`` per distinct rule set (per site), reused across pages."""
    return Pruner(rules)


def _holds_article(node: LexborNode, text: str, prose: int) -> bool:
    """Whether ``node`` is (or holds) the article: it is marked as the article body, or it holds more than
    ``MAX_PRUNED_SHARE`` of the page's article-length paragraphs (a page full of menus can make the
    article a small share of all its text, never of its paragraphs)."""
    if not _is_long(text):
        return False
    if node.css_first(ARTICLE_BODY) is not None or node.css_matches(ARTICLE_BODY):
        return True
    return bool(prose) and paragraph_chars(node) > MAX_PRUNED_SHARE * prose


def _ancestors(node: LexborNode) -> list[int]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent.mem_id)
        parent = parent.parent
    return found


def _inside(node: LexborNode, ids: set[int]) -> bool:
    """Whether an ancestor of ``node`` is one of ``ids`` (already removed, say)."""
    return bool(ids) and not ids.isdisjoint(_ancestors(node))


def _before_first_paragraph(tree: LexborHTMLParser, candidates: set[int]) -> set[int]:
    """Nodes before the article's first paragraph (the first ``<p>`` of ``MIN_PARAGRAPH_CHARS``, not
    itself a candidate): the ``head`` zone of a page, where a standfirst sits and body subheadings do not."""
    body = tree.body
    seen: list[int] = []
    if body is None:
        return set()
    for node in body.traverse():
        if (node.tag == "p" and node.mem_id not in candidates and not _inside(node, candidates)
                and _is_long(node.text(deep=True, strip=True))):
            ancestors = set(_ancestors(node))
            return {mem_id for mem_id in seen if mem_id not in ancestors}
        seen.append(node.mem_id)
    return set()


def prune_page(html: str, rules: Sequence[Rule]) -> tuple[str, list[Pruned]]:
    """The body text of ``html`` (whitespace-normalised) after the html rules among ``rules`` pruned it,
    and what they pruned: how a selector rule's examples are checked."""
    tree = parse_page(html)
    html_rules = tuple(rule for rule in rules if isinstance(rule, HtmlRule))
    pruned = Pruner(html_rules).prune(tree) if html_rules else []
    body = tree.body
    return (" ".join(body.text(deep=True, separator=" ").split()) if body is not None else ""), pruned


def extract(html: str, url: str | None, *, fast: bool = True) -> str:
    """trafilatura's article text for ``html`` (empty when it finds none)."""
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False, fast=fast) or ""


def paragraph_chars(tree: LexborHTMLParser | LexborNode) -> int:
    """Characters in the page's article-length paragraphs: what a good extraction should mostly cover."""
    texts = (node.text(deep=True, strip=True) for node in tree.css("p"))
    return sum(len(text) for text in texts if _is_long(text))


def _is_long(text: str) -> bool:
    """Whether ``text`` is as long as an article's paragraph (``MIN_PARAGRAPH_CHARS``)."""
    return len(text) + wide_chars(text) >= MIN_PARAGRAPH_CHARS


@dataclass
class HtmlOutcome:
    """Everything the HTML path did to one page: the cleaned result, the nodes pruned before extraction
    (for ``explain``), the url that picked the rules and the encoding the bytes were read in."""

    result: CleanResult
    pruned: list[Pruned]
    url: str | None
    encoding: str | None


def clean_html_with(cleaner: Cleaner, html: str | bytes, url: str | None = None) -> CleanResult:
    """Decode, prune, extract and clean one page; ``url`` (or the page's canonical url) picks site rules."""
    return run_html(cleaner, html, url).result


def run_html(cleaner: Cleaner, html: str | bytes, url: str | None = None) -> HtmlOutcome:
    """``clean_html_with``, keeping the account of what was pruned."""
    flags: list[Flag] = []
    encoding = None
    if isinstance(html, bytes):
        decoded = decode_bytes(html)
        text_html, encoding = decoded.text, decoded.encoding
        if decoded.guessed:
            flags.append(Flag("encoding", f"no declared or UTF-8 encoding; read as {decoded.encoding}"))
    else:
        text_html = html
    tree = parse_page(text_html)
    url = url or page_url(tree)
    rules = tuple(rule for rule in cleaner.rules_for(url, on_text=False) if isinstance(rule, HtmlRule))
    pruned = pruner_for(rules).prune(tree) if rules else []
    page = tree.html or ""
    text = extract(page, url)
    if len(text) < MIN_PARAGRAPH_SHARE * paragraph_chars(tree):
        # The fast path missed much of the page's prose: let trafilatura compare its fallback extractors.
        text = max(text, extract(page, url, fast=False), key=len)
    if pruned and len(text) < MIN_EXTRACTED_CHARS:
        unpruned = extract(text_html, url)
        if len(unpruned) > 2 * max(len(text), 1):
            text, pruned = unpruned, []
            flags.append(Flag("backup", "the pruned page held almost no text; extracted the page unpruned"))
    # Extracted text is a new text file: end it with a newline, as the text path's inputs do.
    result = cleaner.clean(text + "\n" if text and not text.endswith("\n") else text, url)
    result.flags[:0] = flags
    return HtmlOutcome(result, pruned, url, encoding)
