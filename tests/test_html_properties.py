"""Properties of the HTML path: it never raises on arbitrary or truncated HTML (text or bytes), valid
UTF-8 never comes out with replacement characters, and what comes out is the extracted text less whole
removed spans, stable under cleaning again, with no letter the page does not hold."""

from __future__ import annotations

import unicodedata

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from cleaner import Cleaner

CLEANER = Cleaner()
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TAGS = st.sampled_from(["p", "div", "span", "figure", "figcaption", "aside", "section", "article", "a", "li",
                        "ul", "script", "style", "meta", "br"])
NAMES = st.sampled_from(["share-bar", "newsletter", "related", "comments", "cookie", "ad-slot", "caption",
                         "content", "story", "socialShare", "promo", ""])
WORDS = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffd<>&"), max_size=60)


@st.composite
def pages(draw: st.DrawFn) -> str:
    """Well-formed-ish pages with chrome-like and article-like nodes, nested, possibly cut short."""
    parts = ["<html><head><title>", draw(WORDS), "</title></head><body>"]
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(TAGS)
        parts.append(f'<{tag} class="{draw(NAMES)}" id="{draw(NAMES)}">{draw(WORDS)}')
        if draw(st.booleans()):
            parts.append(f"</{tag}>")
    parts.append("</body></html>")
    html = "".join(parts)
    return html[: draw(st.integers(0, len(html)))] if draw(st.booleans()) else html


@SETTINGS
@given(st.text(max_size=400))
def test_never_raises_on_arbitrary_text(html: str) -> None:
    assert isinstance(CLEANER.clean_html(html).text, str)


@SETTINGS
@given(st.binary(max_size=400))
def test_never_raises_on_arbitrary_bytes(html: bytes) -> None:
    assert isinstance(CLEANER.clean_html(html).text, str)


@SETTINGS
@given(pages(), st.integers(0, 2000))
def test_never_raises_on_truncated_pages(html: str, cut: int) -> None:
    CLEANER.clean_html(html)
    CLEANER.clean_html(html.encode("utf-8")[:cut])


@SETTINGS
@given(pages())
def test_valid_utf8_never_yields_replacement_characters(html: str) -> None:
    result = CLEANER.clean_html(html.encode("utf-8"))
    assert "\ufffd" not in result.text
    assert not [flag for flag in result.flags if flag.kind == "encoding"]


def _letters(text: str) -> set[str]:
    return set(regex.findall(r"\w", unicodedata.normalize("NFC", text)))


@SETTINGS
@given(pages())
def test_the_result_is_the_extraction_minus_whole_removed_spans(html: str) -> None:
    """Whatever the page: the removals account for every cut, cleaning again changes nothing, and no
    letter appears that the page does not hold."""
    result = CLEANER.clean_html(html)
    kept, position = [], 0
    for removal in result.removed:
        assert result.original[removal.start:removal.end] == removal.text
        kept.append(result.original[position:removal.start])
        position = removal.end
    assert "".join(kept) + result.original[position:] == result.text
    assert CLEANER.clean(result.text).text == result.text
    page = LexborHTMLParser(html)
    source = page.root.text(deep=True, separator=" ") if page.root is not None else ""
    # (Characters, not words: the extractor drops unassigned code points, joining what they separated;
    # and it normalises to NFC.)
    assert _letters(result.text) <= _letters(source)
