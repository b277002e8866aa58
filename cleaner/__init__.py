"""cleaner: strip site chrome from scraped news text and keep every article line byte for byte.

    from cleaner import clean, clean_html, Cleaner
    result = clean(text, url="https://example.com/news/1")
    result.text, result.removed
"""

from __future__ import annotations

from functools import lru_cache

from cleaner.engine import Cleaner
from cleaner.errors import CleanerError, RuleSetError, RuleTimeout
from cleaner.result import CleanResult, Flag, Removal

__all__ = ["CleanResult", "Cleaner", "CleanerError", "Flag", "Removal", "RuleSetError", "RuleTimeout",
           "clean", "clean_html", "default_cleaner"]
__version__ = "0.1.0"


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The built-in rule set, compiled once per process and shared by ``clean`` and ``clean_html``."""
    return Cleaner()


def clean(text: str, url: str | None = None) -> CleanResult:
    """Remove chrome from ``text`` with the built-in rules (plus the rules of ``url``'s site)."""
    return default_cleaner().clean(text, url)


def clean_html(html: str | bytes, url: str | None = None) -> CleanResult:
    """Extract the article from ``html`` and clean it; ``url`` (or the page's canonical url) picks site rules."""
    return default_cleaner().clean_html(html, url)
