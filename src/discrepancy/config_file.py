"""Reading ``[tool.discrepancy]`` from pyproject.toml, or ``discrepancy.toml`` (top-level keys).

Like ruff, the nearest configuration file wins: :func:`find_config` walks up from a path and
stops at the first folder holding ``discrepancy.toml`` or a ``pyproject.toml`` with a
``[tool.discrepancy]`` table (``discrepancy.toml`` first when both are there).

Keys are kebab-case::

    [tool.discrepancy]
    paths = ["seeds"]
    document-roots = ["../shared-texts"]   # documents may also live here (default: project only)
    include = ["claims/**/*.yml"]  # read as claim files even without 'discrepancy:'
    exclude = ["drafts/**"]      # left out of folder scans
    select = ["Q", "S"]          # rule codes or prefixes (ruff semantics)
    ignore = ["S002"]
    fail-on = "error"            # error | warning | never
    consensus = "auto"           # consensus method name
    per-file-ignores = {"seeds/opinion/*.yaml" = ["L001"]}
    levels = {S002 = "error"}    # re-grade a rule (or a prefix)

    [tool.discrepancy.quantity]
    major-ratio = 1.5
    approx = 0.05
    [tool.discrepancy.date]
    major-days = 7
    [tool.discrepancy.set]
    fuzzy-threshold = 90
    major-distance = 0.5
    [tool.discrepancy.names]
    near-miss-threshold = 90     # N001: similarity 0-100 (above 100: exact after folding)
    [tool.discrepancy.properties]
    deaths = {cumulative = true}                 # a running total (T001)
    casualties = {sum-of = ["killed", "wounded"]}  # parts that add up to it (P002)

An unknown key is E201 (with a did-you-mean), a bad value E202, both at ``path:line:col``; all
problems of a file are reported at once. TOML syntax errors are E002.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

from discrepancy.config import Config
from discrepancy.errors import ConfigError, Problem
from discrepancy.io.files import FileRefused, read_text
from discrepancy.location import Location
from discrepancy.types.registry import CONFIG_SECTIONS

CONFIG_FILE = "discrepancy.toml"
PYPROJECT = "pyproject.toml"
#: The largest configuration file read, in bytes.
CONFIG_LIMIT = 1_000_000

_TOP = (
    "paths",
    "document-roots",
    "include",
    "exclude",
    "select",
    "ignore",
    "fail-on",
    "per-file-ignores",
    "consensus",
    "levels",
    *CONFIG_SECTIONS,  # a claim type's section: [tool.discrepancy.quantity], ...
    "names",
    "properties",
)
_TABLES: dict[str, tuple[str, ...]] = {
    **{section: tuple(keys) for section, keys in CONFIG_SECTIONS.items()},
    "names": ("near-miss-threshold",),
}
# (table, key) -> Config field
_FIELDS = {
    ("", "paths"): "paths",
    ("", "document-roots"): "document_roots",
    ("", "include"): "include",
    ("", "exclude"): "exclude",
    ("", "select"): "select",
    ("", "ignore"): "ignore",
    ("", "fail-on"): "fail_on",
    ("", "per-file-ignores"): "per_file_ignores",
    ("", "consensus"): "consensus_method",
    ("", "levels"): "levels",
    ("", "properties"): "properties",
    **{(section, k): f for section, keys in CONFIG_SECTIONS.items() for k, f in keys.items()},
    ("names", "near-miss-threshold"): "names_near_miss_threshold",
}


class _Bad(ValueError):
    """A value that does not fit its key; the message says what would."""


def _number(
    low: float, high: float | None = None, *, low_open: bool = False
) -> Callable[[object], float]:
    def check(v: object) -> float:
        if isinstance(v, bool) or not isinstance(v, int | float) or math.isnan(v):
            msg = f"must be a number (got {v!r})"
            raise _Bad(msg)
        x = float(v)
        if (x <= low if low_open else x < low) or (high is not None and x > high):
            rng = f"{'>' if low_open else '>='} {low:g}" + (
                f" and <= {high:g}" if high is not None else ""
            )
            msg = f"must be {rng} (got {v!r})"
            raise _Bad(msg)
        return x

    return check


def _strings(v: object) -> tuple[str, ...]:
    if isinstance(v, str):
        return (v,)
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        msg = f"must be a list of strings (got {v!r})"
        raise _Bad(msg)
    return tuple(v)


def _codes(v: object) -> tuple[str, ...]:
    codes = tuple(c.strip().upper() for c in _strings(v))
    from discrepancy.rules.registry import rules

    known = [r.code for r in rules()]
    for code in codes:
        if not code or not any(k.startswith(code) for k in known):
            hint = difflib.get_close_matches(code, known, n=1)
            extra = f" (did you mean '{hint[0]}'?)" if hint else ""
            msg = f"has unknown rule code '{code}'{extra}"
            raise _Bad(msg)
    return codes


def _choice(*options: str) -> Callable[[object], str]:
    def check(v: object) -> str:
        if v not in options:
            msg = f"must be one of {', '.join(repr(o) for o in options)} (got {v!r})"
            raise _Bad(msg)
        return str(v)

    return check


def _text(v: object) -> str:
    if not isinstance(v, str) or not v.strip():
        msg = f"must be a non-empty string (got {v!r})"
        raise _Bad(msg)
    return v.strip()


def _per_file(v: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(v, dict):
        msg = f"must be a table of glob = [codes] (got {v!r})"
        raise _Bad(msg)
    return tuple((str(glob), _codes(codes)) for glob, codes in v.items())


def _levels(v: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(v, dict):
        msg = f"must be a table of CODE = 'error' | 'warning' | 'info' (got {v!r})"
        raise _Bad(msg)
    out = []
    for code, level in v.items():
        _codes([code])
        out.append((code.upper(), _choice("error", "warning", "info")(level)))
    return tuple(out)


_PROPERTY_KEYS = ("cumulative", "sum-of")


def _properties(v: object) -> dict[str, dict[str, object]]:
    if not isinstance(v, dict):
        msg = f"must be a table of property = {{cumulative = true}} (got {v!r})"
        raise _Bad(msg)
    out: dict[str, dict[str, object]] = {}
    for prop, spec in v.items():
        if not isinstance(spec, dict):
            msg = f"'{prop}' must be a table like {{cumulative = true}} (got {spec!r})"
            raise _Bad(msg)
        for key in spec:
            if key not in _PROPERTY_KEYS:
                msg = f"'{prop}' has unknown key '{key}'{_suggest(key, _PROPERTY_KEYS)}"
                raise _Bad(msg)
        cumulative = spec.get("cumulative", False)
        if not isinstance(cumulative, bool):
            msg = f"'{prop}': 'cumulative' must be true or false (got {cumulative!r})"
            raise _Bad(msg)
        parts = _strings(spec.get("sum-of", []))
        out[str(prop)] = {"cumulative": cumulative, "sum_of": parts}
    return out


_CHECKS: dict[str, Callable[[object], object]] = {
    "paths": _strings,
    "document_roots": _strings,
    "include": _strings,
    "exclude": _strings,
    "select": _codes,
    "ignore": _codes,
    "fail_on": _choice("error", "warning", "never"),
    "per_file_ignores": _per_file,
    "consensus_method": _text,
    "levels": _levels,
    "properties": _properties,
    "quantity_major_ratio": _number(1),
    "quantity_approx": _number(0, 0.99),
    "date_major_days": _number(0),
    "set_fuzzy_threshold": _number(0, 100),
    "set_major_distance": _number(0, 1),
    "names_near_miss_threshold": _number(0, 101),
}


def has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(read_text(path, limit=CONFIG_LIMIT))
    except (FileRefused, tomllib.TOMLDecodeError):
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and "discrepancy" in tool


def find_config(start: Path) -> Path | None:
    """The nearest ``discrepancy.toml`` or ``pyproject.toml`` with ``[tool.discrepancy]`` at
    or above ``start`` (a file or a folder), or ``None``."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        own = folder / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and has_tool_table(pyproject):
            return pyproject
    return None


_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
)


def _parts(dotted: str) -> list[str]:
    return [
        p.strip().strip("\"'") for p in re.split(r"\.(?=(?:[^\"']|\"[^\"]*\"|'[^']*')*$)", dotted)
    ]


def locate(text: str, table: list[str], key: str) -> tuple[int, int]:
    """1-based line and column of ``key`` in ``table`` (a list of names) of the TOML ``text``;
    ``(0, 0)`` when not found. Handles ``[a.b]`` headers and dotted keys; inline tables fall
    back to the first ``key =`` anywhere."""
    header: list[str] = []
    lines = text.splitlines()
    for n, line in enumerate(lines, 1):
        m = _HEADER.match(line)
        if m and not line.lstrip().startswith("[["):
            header = _parts(m.group(1))
            continue
        km = _KEY.match(line)
        if not km:
            continue
        full = header + _parts(km.group(1))
        if full == [*table, key]:
            return n, line.rfind(key, km.start(1), km.end(1)) + 1
    pattern = re.compile(rf"""(?<![\w-])["']?{re.escape(key)}["']?\s*=""")
    for n, line in enumerate(lines, 1):
        m = pattern.search(line)
        if m:
            return n, m.start() + 1
    return 0, 0


def _suggest(key: str, allowed: tuple[str, ...]) -> str:
    hint = difflib.get_close_matches(key, allowed, n=1)
    return f" (did you mean '{hint[0]}'?)" if hint else f"; allowed: {', '.join(allowed)}"


def load_config(path: str | Path) -> Config:
    """The :class:`Config` a configuration file describes (defaults for what it leaves out).

    Raises:
        ConfigError: every problem of the file, each with its location (E001 unreadable,
            E002 not TOML, E201 unknown key, E202 bad value).
    """
    path = Path(path)
    where = str(path)
    try:
        text = read_text(path, limit=CONFIG_LIMIT)
    except FileRefused as err:
        code = err.code if err.code != "E002" else "E001"
        raise ConfigError(
            [Problem(code, f"cannot read configuration: {err.message}", Location(where))]
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(err))
        loc = Location(where, int(m.group(1)), int(m.group(2))) if m else Location(where)
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))
        raise ConfigError([Problem("E002", f"not valid TOML: {msg}", loc)]) from None

    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        section = tool.get("discrepancy", {}) if isinstance(tool, dict) else {}
        base = ["tool", "discrepancy"]
    else:
        section, base = data, []
    problems: list[Problem] = []

    def at(table: list[str], key: str) -> Location:
        line, col = locate(text, base + table, key)
        return Location(where, line, col)

    def name(table: list[str]) -> str:
        parts = base + table
        return f"[{'.'.join(parts)}]" if parts else where

    if not isinstance(section, dict):
        problems.append(Problem("E202", f"{name([])} must be a table", at([], "discrepancy")))
        raise ConfigError(problems)

    values: dict[str, object] = {}

    def take(table: str, key: str, value: object) -> None:
        field = _FIELDS[(table, key)]
        tbl = [table] if table else []
        try:
            values[field] = _CHECKS[field](value)
        except _Bad as err:
            problems.append(Problem("E202", f"'{key}' in {name(tbl)} {err}", at(tbl, key)))

    for key, value in section.items():
        if key in _TABLES:
            if not isinstance(value, dict):
                msg = f"'{key}' in {name([])} must be a table (got {value!r})"
                problems.append(Problem("E202", msg, at([], key)))
                continue
            for sub, subvalue in value.items():
                if sub not in _TABLES[key]:
                    msg = f"unknown key '{sub}' in {name([key])}{_suggest(sub, _TABLES[key])}"
                    problems.append(Problem("E201", msg, at([key], sub)))
                else:
                    take(key, sub, subvalue)
        elif key in _TOP:
            take("", key, value)
        else:
            msg = f"unknown key '{key}' in {name([])}{_suggest(key, _TOP)}"
            problems.append(Problem("E201", msg, at([], key)))
    if problems:
        raise ConfigError(problems)
    roots = values.get("document_roots")
    if isinstance(roots, tuple):  # relative to the configuration file's folder
        folder = path.resolve().parent
        values["document_roots"] = tuple(os.path.normpath(folder / r) for r in roots)
    try:
        return Config(**values)  # type: ignore[arg-type]
    except (TypeError, ValueError) as err:
        raise ConfigError([Problem("E202", f"bad configuration: {err}", Location(where))]) from None


__all__ = ["CONFIG_FILE", "PYPROJECT", "find_config", "has_tool_table", "load_config", "locate"]
