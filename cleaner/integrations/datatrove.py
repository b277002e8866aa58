"""cleaner as a datatrove pipeline step, so corpus pipelines run it locally, on Slurm or on Ray unchanged.

``CleanerStep`` cleans ``doc.text`` with one compiled ``Cleaner`` per task. Executors pickle the
pipeline to ship it to their workers, so the step carries only its options there and compiles the
rule set when its task starts. It never drops a document silently: documents that fail are counted
and passed through as they came, and the only documents it holds back are those the guard flagged,
and only when an ``exclusion_writer`` is given to receive them (as datatrove's filters do).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.engine import Cleaner
from cleaner.patterns import DEFAULT_TIMEOUT
from cleaner.result import CleanResult

try:
    from datatrove.data import Document
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.writers.disk_base import DiskWriter
    from datatrove.utils.logging import logger
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("cleaner.integrations.datatrove needs datatrove: pip install 'cleaner[datatrove]'") from exc

__all__ = ["CleanerOptions", "CleanerStep"]

#: ``filter_reason`` given to documents sent to the exclusion writer.
GUARD_REASON = "cleaner_guard"


@dataclass(frozen=True)
class CleanerOptions:
    """What a ``Cleaner`` is built from: small and picklable, unlike the compiled rule set."""

    rule_dirs: tuple[Path, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    keep_categories: tuple[str, ...] = ()
    defaults: bool = True
    timeout: float = DEFAULT_TIMEOUT

    def build(self) -> Cleaner:
        return Cleaner(self.rule_dirs, select=self.select, ignore=self.ignore,
                       keep_categories=self.keep_categories, defaults=self.defaults, timeout=self.timeout)


class CleanerStep(PipelineStep):  # type: ignore[misc]  # datatrove ships no type hints
    """Clean ``doc.text`` (or, with ``html=True``, extract and clean the HTML in it).

    Options as for ``Cleaner``: ``rule_dirs``, ``select``, ``ignore``, ``keep_categories``, ``defaults``,
    ``timeout``. ``url_key`` names the metadata entry holding the document's url (site rules follow
    it). ``removals_key``, when set, stores the removals in ``doc.metadata`` under that key, as
    ``{rule, category, start, end, text}`` dicts with offsets into the text the step received (the
    extracted text with ``html=True``). ``exclusion_writer`` receives the documents the guard
    flagged (rules that would empty a document, or take most of its prose, point to a page that
    is not an article) instead of passing them on.

    Stats: ``total``, ``changed``, ``unchanged``, ``guarded``, ``failed`` (``failed_timeout``,
    ``failed_encoding``, ``failed_error``), ``removals`` and ``bytes_removed``, each also per
    category (``removals_<category>``, ``bytes_removed_<category>``), and ``forwarded`` / ``dropped``.
    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        rule_dirs: Iterable[str | Path] = (),
        *,
        select: Iterable[str] = (),
        ignore: Iterable[str] = (),
        keep_categories: Iterable[str] = (),
        defaults: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
        html: bool = False,
        url_key: str = "url",
        removals_key: str | None = None,
        exclusion_writer: DiskWriter | None = None,
    ) -> None:
        super().__init__()
        self.options = CleanerOptions(
            tuple(Path(d).resolve() for d in rule_dirs), tuple(select), tuple(ignore), tuple(keep_categories),
            defaults, timeout,
        )
        self.html = html
        self.url_key = url_key
        self.removals_key = removals_key
        self.exclusion_writer = exclusion_writer
        # Built here so a bad rule directory or selector fails where the pipeline is defined, not on
        # every worker; dropped when pickled (see __getstate__) and rebuilt once per task.
        self._cleaner: Cleaner | None = self.options.build()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_cleaner"] = None
        return state

    def compiled(self) -> Cleaner:
        """This task's ``Cleaner``, compiled on first use."""
        if self._cleaner is None:
            self._cleaner = self.options.build()
        return self._cleaner

    def run(self, data: Iterable[Document] | None, rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        if data is None:
            return
        cleaner = self.compiled()
        with self.exclusion_writer if self.exclusion_writer else contextlib.nullcontext() as writer:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    guarded = self.clean_document(cleaner, doc)
                if guarded and writer is not None:
                    doc.metadata["filter_reason"] = GUARD_REASON
                    writer.write(doc, rank)
                    self.stat_update(StatHints.dropped, f"dropped_{GUARD_REASON}")
                    continue
                self.stat_update(StatHints.forwarded)
                yield doc

    def clean_document(self, cleaner: Cleaner, doc: Document) -> bool:
        """Clean ``doc`` in place and record what happened; True when the guard flagged it.

        A document that cannot be cleaned is left exactly as it came, counted and logged.
        """
        url = doc.metadata.get(self.url_key)
        try:
            result = cleaner.clean_html(doc.text, url) if self.html else cleaner.clean(_as_text(doc.text), url)
        except UnicodeDecodeError as exc:
            self._failed(doc, "encoding", exc)
            return False
        except Exception as exc:  # one bad document must not end a task of millions
            self._failed(doc, "error", exc)
            return False
        doc.text = result.text
        if self.removals_key is not None:
            doc.metadata[self.removals_key] = [removal._asdict() for removal in result.removed]
        # Each document counts under exactly one of changed, unchanged, guarded and failed.
        kinds = {flag.kind for flag in result.flags}
        if "timeout" in kinds:
            self.stat_update("failed", "failed_timeout")
            logger.warning(f"cleaner: document {doc.id!r} left as it was: {result.flags[0].message}")
        elif "guard" in kinds:
            self.stat_update("guarded")
        else:
            self._count_removals(result)
        return "guard" in kinds

    def _failed(self, doc: Document, reason: str, exc: Exception) -> None:
        self.stat_update("failed", f"failed_{reason}")
        if self.removals_key is not None:
            doc.metadata[self.removals_key] = []
        logger.warning(f"cleaner: document {doc.id!r} left as it was ({reason}): {type(exc).__name__}: {exc}")

    def _count_removals(self, result: CleanResult) -> None:
        if not result.removed:
            self.stat_update("unchanged")
            return
        self.stat_update("changed")
        per_category: dict[str, tuple[int, int]] = {}
        for removal in result.removed:
            count, size = per_category.get(removal.category, (0, 0))
            per_category[removal.category] = (count + 1, size + _utf8_size(removal.text))
        for category, (count, size) in per_category.items():
            self.stat_update(f"removals_{category}", value=count)
            self.stat_update(f"bytes_removed_{category}", value=size)
        self.stat_update("removals", value=len(result.removed))
        self.stat_update("bytes_removed", value=sum(size for _, size in per_category.values()))


def _as_text(text: str | bytes) -> str:
    """The document text as str: bytes must be UTF-8 (anything else is an encoding failure)."""
    return text.decode("utf-8") if isinstance(text, bytes) else text


def _utf8_size(text: str) -> int:
    """Size in UTF-8 bytes; lone surrogates (from broken JSON escapes) count instead of raising."""
    return len(text.encode("utf-8", "surrogatepass"))
