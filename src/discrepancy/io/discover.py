"""Which files a check reads: claim files that declare themselves, and tables.

A folder scan (recursive, hidden files and folders skipped, sorted) takes

- YAML / JSON / JSON Lines files whose top level declares a claim file: a ``discrepancy:`` key,
  or ``source:``/``sources:`` with ``claims:``. A file with only part of that declaration
  (``claims:`` without a source, ``source:`` without claims) is read too, so that its mistake
  is reported instead of the file being skipped without a word;
- tables by their ending (``.csv``, ``.parquet``, ``.arrow``, ``.feather``, ``.ipc``);
- files matching a configured ``include`` glob, whatever their top level;

and leaves out files and folders matching an ``exclude`` glob, and the folders of
:data:`DEFAULT_EXCLUDE` (``node_modules``, ``venv``...). Other YAML/JSON files
(``mkdocs.yml``, ``package.json``...) are ignored and listed in :attr:`Discovery.ignored`.

A file named explicitly must be a claim file or a table: anything else is an E001 problem.

Deciding whether a YAML file declares itself reads its lines, not its YAML: top-level keys are
the lines that start in column 0 with ``key:``; only a document in flow style (``{...}``) is
parsed. JSON files are parsed by the standard library's C parser; for JSON Lines only the first
line is.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Final

from attrs import frozen

from discrepancy.errors import Problem
from discrepancy.io.files import FileRefused, check_regular, read_bytes, resolve_roots, walk_files
from discrepancy.io.yaml_reader import Limits, Map, ReadError, read_yaml
from discrepancy.location import Location

#: Endings of claim files.
CLAIM_EXTENSIONS: Final = (".yaml", ".yml", ".json", ".jsonl")
#: Endings of tables (kept in step with :data:`discrepancy.table.read.TABLE_EXTENSIONS`).
TABLE_EXTENSIONS: Final = (".csv", ".parquet", ".arrow", ".feather", ".ipc")
#: Top-level keys that mark a claim file (any one of them: see the module docstring).
MARKERS: Final = frozenset({"discrepancy", "source", "sources", "claims"})
#: Keys of a JSON Lines line that mark it as a claim file's (a header line or a claim).
_JSONL_MARKERS: Final = MARKERS | {"entities", "subject"}

_PLAIN_KEY = re.compile(r"""^([^\s#\-?:,\[\]{}&*!|>'"%@`][^#]*?)\s*:(?:\s|$)""")
_QUOTED_KEY = re.compile(r"""^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)')\s*:(?:\s|$)""")
#: Folders a folder scan never enters (besides hidden ones): installed packages and caches.
DEFAULT_EXCLUDE: Final = ("node_modules", "__pycache__", "site-packages", "venv")
#: Bytes read to decide on a file that is parsed rather than scanned (flow YAML, JSON Lines).
_PEEK_BYTES: Final = 1 << 20


@frozen
class Found:
    """A file the check reads: ``kind`` is ``claims`` or ``table``; ``display`` is the path as
    problems and reports name it."""

    path: Path
    display: str
    kind: str


@frozen
class Discovery:
    """What a set of paths comes to: the files to read (sorted per folder), the YAML/JSON files
    a folder scan left out, and problems (missing paths, files that are not claim files)."""

    files: tuple[Found, ...] = ()
    ignored: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def claim_files(self) -> list[Found]:
        return [f for f in self.files if f.kind == "claims"]

    @property
    def tables(self) -> list[Found]:
        return [f for f in self.files if f.kind == "table"]


def yaml_top_keys(text: str) -> set[str] | None:
    """Top-level keys of a block-style YAML mapping, from its lines (``None``: the document is
    in flow style or not a mapping, and must be parsed to tell)."""
    keys: set[str] = set()
    first = True
    for line in text.splitlines():
        if not line or line[0] in " \t#":
            continue
        if line.startswith(("---", "...", "%")):
            if (
                line.startswith("---")
                and line[3:].strip()
                and not line[3:].lstrip().startswith("#")
            ):
                return None  # content on the document-start line
            continue
        if first and line[0] in "{[":
            return None
        first = False
        if m := _QUOTED_KEY.match(line):
            keys.add(m.group(1) if m.group(1) is not None else m.group(2).replace("''", "'"))
        elif m := _PLAIN_KEY.match(line):
            keys.add(m.group(1).strip())
    return keys


#: Largest file whose top-level keys are read in full (the loader's own limit is the same).
_TOP_KEYS_LIMIT: Final = 10_000_000


def _head(path: Path) -> bytes:
    """The first :data:`_PEEK_BYTES` of a regular file (never a FIFO or device)."""
    check_regular(path)
    with path.open("rb") as f:
        return f.read(_PEEK_BYTES)


def _no_constant(name: str) -> object:
    msg = f"{name} is not JSON"
    raise ValueError(msg)


def top_keys(path: Path) -> set[str] | None:
    """Top-level keys of a claim-file candidate (JSON Lines: of its first line); ``None`` when
    they cannot be told (unreadable, not UTF-8, not a mapping, does not parse)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            head = _head(path)
            text = head.decode("utf-8-sig", errors="replace")
            line = next((ln for ln in text.splitlines() if ln.strip()), "")
            data = json.loads(line, parse_constant=_no_constant) if line else {}
            return set(data) if isinstance(data, dict) else None
        text = read_bytes(path, limit=_TOP_KEYS_LIMIT).decode("utf-8-sig")
    except (FileRefused, OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if suffix == ".json":
        try:
            data = json.loads(text, parse_constant=_no_constant) if text.strip() else {}
        except (ValueError, RecursionError):
            return None
        return set(data) if isinstance(data, dict) else None
    keys = yaml_top_keys(text)
    if keys is not None:
        return keys
    return _flow_yaml_keys(text)


def _flow_yaml_keys(text: str) -> set[str] | None:
    try:
        root = read_yaml(text, Limits())
    except ReadError:
        return None
    if not isinstance(root, Map):
        return None
    return set(root.keys())


#: A marker key written anywhere in a file whose top level could not be read.
_MARKER_TEXT = re.compile(r"""(?:^|[\s{,"'])(?:discrepancy|claims|sources?)["']?\s*:""", re.M)


def declares_claims(path: Path) -> bool:
    """Whether a YAML/JSON/JSON Lines file looks like a claim file (see the module docstring).

    A YAML or JSON file in which no marker key is written anywhere is not one, and is not
    parsed. A file whose top level cannot be read (broken JSON, not UTF-8) counts when a marker
    key appears anywhere in it: a claim file with a syntax error is read, so the error is
    reported.
    """
    if path.suffix.lower() != ".jsonl":
        try:
            text = read_bytes(path, limit=_TOP_KEYS_LIMIT).decode("utf-8", errors="replace")
        except (FileRefused, OSError):
            return True  # the loader reports why it cannot be read
        if _MARKER_TEXT.search(text) is None:
            return False
    keys = top_keys(path)
    if keys is None:
        try:
            head = _head(path).decode("utf-8", errors="replace")
        except (FileRefused, OSError):
            return True  # the loader reports why it cannot be read
        return _MARKER_TEXT.search(head) is not None
    markers = _JSONL_MARKERS if path.suffix.lower() == ".jsonl" else MARKERS
    return bool(keys & markers)


@functools.lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` as a regex over ``/``-separated paths: ``**/`` is any number of folders,
    ``/**`` at the end everything below, ``*`` and ``?`` stay within one name, ``[...]`` as in
    :mod:`fnmatch`."""
    out = []
    k = 0
    while k < len(pattern):
        if pattern.startswith("**/", k):
            out.append("(?:[^/]*/)*")
            k += 3
        elif pattern.startswith("/**", k) and k + 3 == len(pattern):
            out.append("(?:/.*)?")
            k += 3
        elif pattern.startswith("**", k):
            out.append(".*")
            k += 2
        elif pattern[k] == "*":
            out.append("[^/]*")
            k += 1
        elif pattern[k] == "?":
            out.append("[^/]")
            k += 1
        elif pattern[k] == "[" and (close := pattern.find("]", k + 2)) > 0:
            body = pattern[k + 1 : close]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            k = close + 1
        else:
            out.append(re.escape(pattern[k]))
            k += 1
    return re.compile("".join(out) + r"\Z")


def matches(path: str, globs: Iterable[str]) -> bool:
    """Whether ``path`` (``/``-separated, relative) matches one of ``globs``, gitignore-like: a
    glob without ``/`` matches a file or folder name anywhere; one with ``/`` matches the
    path from its start (``**/`` for any folders, ``dir/**`` for everything below ``dir``)."""
    name = PurePosixPath(path).name
    for glob in globs:
        pattern = glob.replace("\\", "/").removeprefix("./").rstrip("/")
        if "/" in pattern:
            if _glob_regex(pattern.removeprefix("/")).match(path):
                return True
        elif _glob_regex(pattern).match(name):
            return True
    return False


def discover(
    paths: Iterable[str | os.PathLike[str]],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    named_like_scanned: bool = False,
    roots: Sequence[Path] | None = None,
) -> Discovery:
    """The files ``paths`` (files or folders) come to; see the module docstring.

    ``named_like_scanned`` treats files named in ``paths`` as a folder scan treats the files it
    finds (excluded, ignored or read), instead of requiring each to be a claim file or a table:
    for hooks that pass every changed file name (pre-commit's ``pass_filenames``)."""
    files: list[Found] = []
    ignored: list[str] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(path: Path, display: str, kind: str) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(Found(path, display, kind))

    allowed = resolve_roots([Path.cwd()]) if roots is None else tuple(roots)
    for given in paths:
        path = Path(given)
        display = os.fspath(given)
        if path.is_dir():
            found, skipped = _scan(path, include, exclude, allowed, problems)
            for file, kind in found:
                add(file, os.fspath(file), kind)
            ignored.extend(skipped)
            if not found:
                extra = (
                    f"; {len(skipped)} other YAML/JSON file{'s' if len(skipped) != 1 else ''} "
                    "ignored (--verbose lists them)"
                    if skipped
                    else ""
                )
                problems.append(
                    Problem(
                        "E001",
                        f"folder '{display}' holds no claim files or tables{extra}. A claim "
                        "file declares itself with a top-level 'discrepancy: 1' (or 'source:' "
                        "and 'claims:'); tables end in " + ", ".join(TABLE_EXTENSIONS[:3]),
                        Location(display),
                    )
                )
        elif path.is_file() and named_like_scanned:
            rel = display.replace("\\", "/").removeprefix("./")
            kind = _classify(path, functools.partial(_hit_rel, rel), include, exclude)
            if kind in ("claims", "table"):
                add(path, display, kind)
            elif kind == "ignored":
                ignored.append(display)
        elif path.is_file():
            kind, problem = _explicit(path, display)
            if problem is not None:
                problems.append(problem)
            else:
                add(path, display, kind)
        elif os.path.lexists(path):  # a FIFO, device, socket or broken symlink
            try:
                check_regular(path)
            except FileRefused as err:
                problems.append(Problem(err.code, f"'{display}': {err.message}", Location(display)))
        else:
            problems.append(
                Problem("E001", f"no such file or folder '{display}'", Location(display))
            )
    return Discovery(tuple(files), tuple(ignored), tuple(problems))


def _explicit(path: Path, display: str) -> tuple[str, Problem | None]:
    suffix = path.suffix.lower()
    if suffix in TABLE_EXTENSIONS:
        return "table", None
    if suffix not in CLAIM_EXTENSIONS:
        msg = (
            f"'{display}' is neither a claim file ({', '.join(CLAIM_EXTENSIONS)}) nor a table "
            f"({', '.join(TABLE_EXTENSIONS)})"
        )
        return "", Problem("E001", msg, Location(display))
    keys = top_keys(path)
    markers = _JSONL_MARKERS if suffix == ".jsonl" else MARKERS
    if not keys or keys & markers:  # empty, not a mapping or broken: the loader says what
        return "claims", None
    has = f" (its top-level keys are {', '.join(sorted(keys)[:5])})" if keys else ""
    msg = (
        f"'{display}' is not a claim file{has}: a claim file has a top-level "
        "'discrepancy: 1', or 'source:' (or 'sources:') and 'claims:'"
    )
    return "", Problem("E001", msg, Location(display, 1, 1))


def _scan(
    folder: Path,
    include: Sequence[str],
    exclude: Sequence[str],
    roots: Sequence[Path],
    problems: list[Problem],
) -> tuple[list[tuple[Path, str]], list[str]]:
    """The claim files and tables below ``folder`` and the YAML/JSON files it ignored.

    The walk (:func:`~discrepancy.io.files.walk_files`) follows symlinks only while they stay
    inside ``roots`` and enters each real folder once; what it refuses (a link leading out, a
    loop, a FIFO or device) is a problem, never a silent skip."""
    found: list[tuple[Path, str]] = []
    skipped: list[str] = []

    def refused(path: Path, err: FileRefused) -> None:
        problems.append(Problem(err.code, err.message, Location(os.fspath(path))))

    def rel(path: Path) -> str:
        return path.relative_to(folder).as_posix()

    def hit(path: Path, globs: Sequence[str]) -> bool:
        if not globs:
            return False
        cands = (path.as_posix().removeprefix("./"), rel(path))
        return any(matches(c, globs) for c in cands) or any(
            matches(part, globs) for part in PurePosixPath(rel(path)).parts[:-1]
        )

    files = walk_files(
        folder,
        roots,
        keep_dir=lambda name: (
            not name.startswith(".")
            and name not in DEFAULT_EXCLUDE
            and not (exclude and matches(name, exclude))
        ),
        keep_file=lambda name: not name.startswith("."),
        refused=refused,
    )
    for file in files:
        kind = _classify(file, functools.partial(hit, file), include, exclude)
        if kind in ("claims", "table"):
            try:
                check_regular(file)
            except FileRefused as err:
                refused(file, err)
                continue
            found.append((file, kind))
        elif kind == "ignored":
            skipped.append(os.fspath(file))
    found.sort(key=lambda item: item[0].relative_to(folder).parts)
    return found, skipped


def _hit_rel(rel: str, globs: Sequence[str]) -> bool:
    return bool(globs) and matches(rel, globs)


def _classify(
    file: Path,
    hit: Callable[[Sequence[str]], bool],
    include: Sequence[str],
    exclude: Sequence[str],
) -> str:
    """What a folder scan makes of ``file``: ``claims``, ``table``, ``ignored`` (YAML/JSON that
    is no claim file) or ``""`` (excluded, or not a kind of file a check reads)."""
    if hit(exclude):
        return ""
    suffix = file.suffix.lower()
    if suffix in TABLE_EXTENSIONS:
        return "table"
    if suffix in CLAIM_EXTENSIONS:
        return "claims" if hit(include) or declares_claims(file) else "ignored"
    return "claims" if hit(include) else ""


__all__ = [
    "CLAIM_EXTENSIONS",
    "DEFAULT_EXCLUDE",
    "MARKERS",
    "TABLE_EXTENSIONS",
    "Discovery",
    "Found",
    "declares_claims",
    "discover",
    "matches",
    "top_keys",
    "yaml_top_keys",
]
