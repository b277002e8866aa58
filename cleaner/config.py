"""Settings from ``[tool.cleaner]`` in the nearest ``pyproject.toml`` (flags on the command line win)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.errors import RuleSetError

KEYS = {"select", "ignore", "keep", "rules", "timeout", "strict", "per-site-ignore"}


@dataclass
class Settings:
    """What a ``[tool.cleaner]`` table can set; paths in ``rules`` are relative to its pyproject."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    rules: list[Path] = field(default_factory=list)
    timeout: float | None = None
    strict: bool = False
    site_ignore: dict[str, list[str]] = field(default_factory=dict)
    source: Path | None = None


def find_pyproject(start: Path | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` from ``start`` (default: the working directory) upward."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _strings(table: dict[str, Any], key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise RuleSetError(f"[tool.cleaner] {key} must be a list of strings", where)
    return list(value)


def load_settings(pyproject: Path | None = None, start: Path | None = None) -> Settings:
    """Read ``[tool.cleaner]``; a missing file or table gives the defaults, a malformed one an error."""
    path = pyproject or find_pyproject(start)
    if path is None:
        return Settings()
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleSetError(f"cannot read settings: {exc}", where) from exc
    table = data.get("tool", {}).get("cleaner")
    if table is None:
        return Settings(source=path)
    if not isinstance(table, dict):
        raise RuleSetError("[tool.cleaner] must be a table", where)
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise RuleSetError(f"[tool.cleaner] unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(KEYS))})",
                           where)
    timeout = table.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0):
        raise RuleSetError("[tool.cleaner] timeout must be a positive number of seconds", where)
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise RuleSetError("[tool.cleaner] strict must be true or false", where)
    per_site = table.get("per-site-ignore", {})
    if not isinstance(per_site, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in per_site.values()):
        raise RuleSetError("[tool.cleaner] per-site-ignore must map domains to lists of selectors", where)
    return Settings(
        site_ignore={str(k): list(v) for k, v in per_site.items()},
        select=_strings(table, "select", where),
        ignore=_strings(table, "ignore", where),
        keep=_strings(table, "keep", where),
        rules=[(path.parent / p).resolve() for p in _strings(table, "rules", where)],
        timeout=float(timeout) if timeout is not None else None,
        strict=strict,
        source=path,
    )
