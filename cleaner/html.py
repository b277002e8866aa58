"""The HTML path: prune chrome nodes with selectolax, extract the article with trafilatura, clean the text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cleaner.result import CleanResult

if TYPE_CHECKING:
    from cleaner.engine import Cleaner


def decode_html(html: str | bytes) -> str:
    """Text of an HTML document given as str or bytes (BOM, then meta charset, then UTF-8 with fallback)."""
    if isinstance(html, str):
        return html
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if html.startswith(bom):
            return html[len(bom):].decode(encoding, errors="replace")
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        return html.decode("cp1252", errors="replace")


def clean_html_with(cleaner: Cleaner, html: str | bytes, url: str | None = None) -> CleanResult:
    """Extract the article text of ``html`` with trafilatura, then clean it with ``cleaner``."""
    import trafilatura

    text = trafilatura.extract(decode_html(html), url=url) or ""
    return cleaner.clean(text, url)
