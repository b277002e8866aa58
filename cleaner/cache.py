"""Compiled rule sets kept on disk between runs.

Compiling the default rule set (a few hundred patterns, some with alternations in 25 languages) takes
most of a second; reading it back compiled takes a hundredth of that. So the rules loaded from a set of
rule folders are stored, compiled, under a key made of everything they are built from: the content of
every rule file, the code of cleaner itself, and the versions of Python and of the libraries that
compile them. Change any of those and the key changes, so a stale entry is never read.

The cache lives in ``$CLEANER_CACHE_DIR``, else ``$XDG_CACHE_HOME/cleaner``, else ``~/.cache/cleaner``;
``CLEANER_CACHE_DIR=off`` turns it off. A cache that cannot be read or written is passed over: the rules
are compiled as if there were none, and nothing is reported. An entry is read only from a folder and a
file that belong to this user and that no one else may write to (unpickling one runs code).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import regex
import yaml

from cleaner.kinds import Rule
from cleaner.loader import load_rules, rule_files

#: Bump when what is stored changes shape in a way the code fingerprint would not show.
FORMAT = 1
#: Entries kept; older ones are removed when a new one is written.
MAX_ENTRIES = 16

_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """Where compiled rule sets are kept, or None when caching is off."""
    configured = os.environ.get("CLEANER_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "no", "false") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cleaner"


def _code_fingerprint() -> list[tuple[str, int, int]]:
    """Name, size and modification time of each source file of the package (an edited checkout counts)."""
    return [(str(path.relative_to(_PACKAGE)), stat.st_size, stat.st_mtime_ns)
            for path in sorted(_PACKAGE.rglob("*.py")) for stat in [path.stat()]]


def key_for(directories: Sequence[Path]) -> str:
    """A digest of everything the rules of ``directories`` are compiled from."""
    digest = hashlib.sha256()
    versions = (FORMAT, sys.version, regex.__version__, yaml.__version__, pickle.HIGHEST_PROTOCOL)
    digest.update(repr((versions, _code_fingerprint())).encode())
    for directory in directories:
        digest.update(b"\0dir\0" + str(directory.resolve()).encode())
        for path, site in rule_files(directory):
            digest.update(f"\0file\0{path}\0{site}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def load_rules_cached(directories: Sequence[Path]) -> list[Rule]:
    """``load_rules(directories)``, or what an earlier call with the same rule files stored. A rule set
    that fails to load raises as it would without a cache, and nothing is stored."""
    folder = cache_dir()
    if folder is None:
        return load_rules(directories)
    try:
        entry = folder / f"rules-{key_for(directories)}.pickle"
    except OSError:
        return load_rules(directories)  # a rule file vanished or cannot be read: loading reports it
    with contextlib.suppress(Exception):  # a missing, partial or foreign entry: compile afresh
        if not _private(folder) or not _private(entry):
            raise PermissionError(f"{folder} is not this user's alone")
        stored = pickle.loads(entry.read_bytes())
        if isinstance(stored, list) and all(isinstance(rule, Rule) for rule in stored):
            return stored
    rules = load_rules(directories)
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        _store(folder, entry, pickle.dumps(rules, pickle.HIGHEST_PROTOCOL))
    return rules


def _private(path: Path) -> bool:
    """Whether ``path`` belongs to this user and no one else may write to it: a compiled rule set is
    code, so an entry another user could have written is never read."""
    if not hasattr(os, "getuid"):
        return True
    status = path.stat()
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def _store(folder: Path, entry: Path, data: bytes) -> None:
    """Write ``entry`` atomically (another process may be writing the same one), then trim old entries."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".rules-", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, entry)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    entries = sorted(folder.glob("rules-*.pickle"), key=lambda path: path.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            old.unlink()
