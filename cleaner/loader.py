"""Read rule files (YAML or TOML) strictly: every fault names the file, the line and the rule id.

A rule directory holds rule files for every site at its top level and ``sites/<domain>.yaml`` files
that apply only to that domain and its subdomains. Any file may carry ``defines``: named pattern
fragments that rules use as ``{{name}}``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

from cleaner.categories import CATEGORIES
from cleaner.errors import RuleSetError
from cleaner.kinds import KINDS, Examples, Rule, RuleSpec
from cleaner.wordlists import WordListError, fragment

_TOML_LINE = regex.compile(r"\(at line (\d+), column \d+\)")
RULE_SUFFIXES = (".yaml", ".yml", ".toml")
FILE_KEYS = {"rules", "defines", "categories", "domains"}
COMMON_KEYS = {"id", "kind", "category", "description", "zone", "examples", "status"}
STATUSES = ("stable", "preview")
_ID = regex.compile(r"[a-z0-9][a-z0-9._/-]*\Z")


class _LineDict(dict[str, Any]):
    """A mapping that remembers the line it started on in its file."""

    line: int | None = None


#: libyaml's parser when PyYAML was built with it (several times faster on the rule files).
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[valid-type,misc]  # chosen at import
    """SafeLoader whose mappings know their line numbers (for error messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    mapping = _LineDict()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class RuleFile:
    """A parsed rule file before its rules are built."""

    path: Path
    data: Mapping[str, Any]
    site: str | None
    source: str


def parse_file(path: Path, site: str | None = None) -> RuleFile:
    """Parse one rule file into mappings, with line numbers where the format gives them."""
    where = str(path)
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleSetError(f"cannot read rule file: {exc}", where) from exc
    try:
        if path.suffix == ".toml":
            data: Any = tomllib.loads(source)
        else:
            data = yaml.load(source, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RuleSetError(f"invalid YAML: {exc.problem or exc}", where, line) from exc
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's error carries its position only in the message: "... (at line 3, column 13)".
        found = _TOML_LINE.search(str(exc))
        raise RuleSetError(f"invalid TOML: {exc}", where, int(found.group(1)) if found else None) from exc
    except yaml.YAMLError as exc:
        raise RuleSetError(f"invalid YAML: {exc}", where) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RuleSetError("a rule file must be a mapping with a 'rules' list", where, 1)
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        raise RuleSetError(f"unknown top-level key(s) {', '.join(map(str, unknown))} "
                           f"(allowed: {', '.join(sorted(FILE_KEYS))})", where, getattr(data, "line", 1))
    return RuleFile(path, data, site, source)


def rule_files(directory: Path) -> list[tuple[Path, str | None]]:
    """Rule files of a directory in a stable order: every file outside ``sites/`` applies to all
    documents; ``sites/<domain>.yaml`` applies to that domain and its subdomains."""
    if not directory.is_dir():
        raise RuleSetError("rule directory not found", str(directory))
    found: list[tuple[Path, str | None]] = []
    for path in sorted(directory.rglob("*")):
        if not path.is_file() or path.suffix not in RULE_SUFFIXES:
            continue
        relative = path.relative_to(directory).parts
        site = path.stem.lower().removeprefix("www.") if relative[0] == "sites" else None
        found.append((path, site))
    found.sort(key=lambda item: (item[1] is not None, str(item[0])))
    return found


def _line_of(item: Any, file: RuleFile, rule_id: str | None) -> int | None:
    """Line of a rule in its file: YAML tells directly, TOML by finding its id."""
    line = getattr(item, "line", None)
    if line is None and rule_id:
        for number, text in enumerate(file.source.splitlines(), 1):
            if regex.search(r"\bid\s*[=:]\s*[\"']?" + regex.escape(rule_id) + r"[\"']?\s*$", text):
                return number
    return line


def _examples(value: Any, where: tuple[str, int | None, str]) -> Examples:
    path, line, rule_id = where
    if value is None:
        return Examples()
    if not isinstance(value, dict):
        raise RuleSetError("'examples' must be a mapping with 'drop' and 'keep' lists", path, line, rule_id)
    unknown = sorted(set(value) - {"drop", "keep", "documents"})
    if unknown:
        raise RuleSetError(f"unknown key(s) in examples: {', '.join(unknown)} (allowed: drop, keep, documents)",
                           path, line, rule_id)
    lists: dict[str, tuple[str, ...]] = {}
    for name in ("drop", "keep"):
        items = value.get(name) or []
        if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
            raise RuleSetError(f"examples.{name} must be a list of non-empty strings", path, line, rule_id)
        lists[name] = tuple(items)
    documents = []
    for doc in value.get("documents") or []:
        if not isinstance(doc, dict) or set(doc) != {"input", "expect"} or not all(
                isinstance(v, str) for v in doc.values()):
            raise RuleSetError("each examples.documents item needs exactly 'input' and 'expect' strings",
                               path, line, rule_id)
        documents.append((doc["input"], doc["expect"]))
    return Examples(lists["drop"], lists["keep"], tuple(documents))


def build_rule(item: Any, file: RuleFile, defines: Mapping[str, str], categories: set[str]) -> Rule:
    """Validate the common keys of one rule, then let its kind validate and compile the rest."""
    path = str(file.path)
    if not isinstance(item, dict):
        raise RuleSetError("each rule must be a mapping", path, _line_of(item, file, None))
    rule_id = item.get("id")
    line = _line_of(item, file, rule_id if isinstance(rule_id, str) else None)
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise RuleSetError("every rule needs an 'id': lower-case letters, digits and . _ / -", path, line,
                           str(rule_id) if rule_id else None)
    for key in ("kind", "category", "description"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise RuleSetError(f"missing or empty {key!r}", path, line, rule_id)
    kind = KINDS.get(item["kind"])
    if kind is None:
        raise RuleSetError(f"unknown kind {item['kind']!r} (known: {', '.join(sorted(KINDS))})", path, line, rule_id)
    if item["category"] not in categories:
        raise RuleSetError(f"unknown category {item['category']!r} (known: {', '.join(sorted(categories))}; "
                           "declare new ones under 'categories:')", path, line, rule_id)
    status = item.get("status", "stable")
    if status not in STATUSES:
        raise RuleSetError(f"status must be one of {', '.join(STATUSES)}", path, line, rule_id)
    zone = item.get("zone", kind.default_zone)
    if not isinstance(zone, str):
        raise RuleSetError("'zone' must be a string", path, line, rule_id)
    spec = RuleSpec(
        id=rule_id, kind=item["kind"], category=item["category"], description=item["description"].strip(),
        zone=zone, examples=_examples(item.get("examples"), (path, line, rule_id)), path=path, line=line,
        site=file.site, status=status,
    )
    options = {k: v for k, v in item.items() if k not in COMMON_KEYS}
    return kind(spec, options, defines)


def _defines(file: RuleFile) -> dict[str, str]:
    value = file.data.get("defines") or {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, (str, dict))
                                              for k, v in value.items()):
        raise RuleSetError("'defines' must map names to pattern strings or word lists", str(file.path),
                           getattr(value, "line", None))
    fragments = {}
    for name, text in value.items():
        if isinstance(text, dict):  # a word list (see ``cleaner.wordlists``)
            try:
                fragments[name] = fragment(text)
            except WordListError as exc:
                raise RuleSetError(f"define {name!r}: {exc}", str(file.path), getattr(text, "line", None)) from exc
        else:
            # A fragment may be written over several lines (YAML ``|-``): line breaks and indentation are layout.
            fragments[name] = regex.sub(r"\s*\n\s*", "", text).strip()
    return fragments


def _categories(file: RuleFile) -> set[str]:
    value = file.data.get("categories") or []
    if not isinstance(value, list) or not all(isinstance(x, str) and _ID.match(x) for x in value):
        raise RuleSetError("'categories' must be a list of lower-case names", str(file.path))
    return set(value)


def _domains(file: RuleFile) -> list[str | None]:
    value = file.data.get("domains")
    if value is None:
        return [file.site]
    if not isinstance(value, list) or not value or not all(isinstance(x, str) and x for x in value):
        raise RuleSetError("'domains' must be a non-empty list of domain names", str(file.path))
    return [x.lower().removeprefix("www.") for x in value]


def load_rules(directories: Iterable[Path]) -> list[Rule]:
    """Every rule of the directories, in order; ids must be unique across all of them."""
    files = [parse_file(path, site) for directory in directories for path, site in rule_files(directory)]
    defines: dict[str, str] = {}
    categories = set(CATEGORIES)
    for file in files:
        defines.update(_defines(file))
        categories |= _categories(file)
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for file in files:
        items = file.data.get("rules") or []
        if not isinstance(items, list):
            raise RuleSetError("'rules' must be a list", str(file.path), getattr(file.data, "line", None))
        for domain in _domains(file):
            for item in items:
                rule = build_rule(item, RuleFile(file.path, file.data, domain, file.source), defines, categories)
                key = f"{rule.id}@{domain}" if domain else rule.id
                if key in seen:
                    other = seen[key].spec
                    raise RuleSetError(f"duplicate rule id (also at {other.path}:{other.line})",
                                       rule.spec.path, rule.spec.line, rule.id)
                seen[key] = rule
                rules.append(rule)
    return rules
