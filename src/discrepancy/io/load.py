"""``load``: claim files (YAML, JSON, JSON Lines) in, one :class:`~discrepancy.model.ClaimSet` out.

Every problem in every file is collected before anything is raised, so a user sees all of them
at once (:class:`~discrepancy.errors.ClaimFileError`, problems sorted by path, line, column).
Nothing is dropped silently: either every claim written is loaded, or there is an error.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path, PureWindowsPath
from typing import Final

import attrs
import numpy as np
from attrs import define, field

from discrepancy.claim_units import given_unit
from discrepancy.compare.text import EntityIndex
from discrepancy.corrections import link_corrections
from discrepancy.errors import ClaimFileError, Problem, ValueParseError
from discrepancy.group_types import (
    LABEL,
    counted_rows,
    group_kinds,
    retype_message,
    strict_codes,
)
from discrepancy.grouping import scope_key
from discrepancy.io.discover import CLAIM_EXTENSIONS, Discovery, Found, discover
from discrepancy.io.files import (
    OUTSIDE_ROOTS,
    FileRefused,
    confine,
    read_bytes,
    resolve_roots,
)
from discrepancy.io.gold import mark_verified, with_gold
from discrepancy.io.keys import (
    CLAIM_KEYS,
    CLAIM_STATUSES,
    CODE_RE,
    ENTITY_KEYS,
    FORMAT_VERSIONS,
    ID_RE,
    SCOPE_KEYS,
    SOURCE_KEYS,
    TOP_KEYS,
)
from discrepancy.io.yaml_reader import (
    Limits,
    Map,
    Node,
    ReadError,
    Scalar,
    Seq,
    read_json,
    read_yaml,
    to_python,
)
from discrepancy.knowledge import grade_problem, reliability_problem
from discrepancy.location import Location
from discrepancy.lookalikes import id_problem, nfkc
from discrepancy.model import Claim, ClaimSet, Entity, ScopeRelation, Source
from discrepancy.progress import Progress, progress_for, track
from discrepancy.rules.declared import declaration_problems
from discrepancy.table.file_claims import table_file_claims
from discrepancy.types.registry import (
    find_type,
    mapping_keys,
    parse_as,
    type_names,
    unknown_type_message,
)
from discrepancy.values import Precision, infer_type, parse_date
from discrepancy.values.thousands import ambiguous_thousands

#: File name endings of claim files (folders also hold tables: see :mod:`.discover`).
EXTENSIONS: Final = CLAIM_EXTENSIONS

StrPath = str | os.PathLike[str]

_KINDS: Final = {Scalar: "a single value", Seq: "a list", Map: "a mapping"}

#: the keys of a claim :meth:`_Loader.build_claim` reads itself; any other is optional
_CORE_KEYS: Final = frozenset({"id", "source", "subject", "property", "value", "type"})
#: optional claim keys holding one text each
_OPTIONAL_TEXTS: Final = ("unit", "said_by", "quote", "note", "supersedes", "after")


def load(
    paths: StrPath | Iterable[StrPath],
    *,
    approx: float = 0.05,
    limits: Limits | None = None,
    progress: Progress | bool | None = None,
    document_roots: Iterable[StrPath] | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    gold: StrPath | Iterable[StrPath] = (),
) -> ClaimSet:
    """Read claim files, tables and folders of them into one :class:`ClaimSet`.

    Args:
        paths: files or folders. Folders are read recursively in sorted order, hidden files
            and folders skipped; they contribute the claim files that declare themselves
            (top-level ``discrepancy:``, or ``source:``/``sources:`` with ``claims:``) and
            tables (``.csv``, ``.parquet``, ``.arrow``), and ignore other YAML/JSON (see
            :mod:`discrepancy.io.discover`). A file named explicitly must be a claim file or
            a table. One path may be given on its own.
        approx: the half-width of "about"/"around" quantities, as a share (0.05 is ±5%).
        limits: size, nesting and node-count limits for each file (default :class:`Limits`).
        progress: a :class:`~discrepancy.progress.Progress` (or ``True`` for a terminal bar)
            advanced once per file read.
        document_roots: the folders a claim file's ``document:`` and the symlinks of a
            scanned folder may lead into (default: the working directory). A ``document:``
            that is absolute or leads outside them is an error (E005) and is never opened.
        include: globs of files a folder scan reads as claim files whatever their top level.
        exclude: globs of files and folders a folder scan leaves out.
        gold: claim files or tables of verified facts, read like the others, each of their
            claims marked ``verified`` (:mod:`discrepancy.io.gold`).

    Returns:
        Sources in file order, entities merged across files, claims in file order.

    A YAML or JSON file holds ``source:`` (one source) or ``sources:`` (claims then name theirs
    with ``source: <id>``; any source of the check may be named). In a JSON Lines file each
    line is one object: a line with ``source`` as a mapping, or with ``sources``,
    ``entities``, ``claims`` or ``discrepancy``, is read like a claim file's top level; any
    other line is one claim, naming its source with ``source: "<id>"`` (optional when the file
    defines exactly one source). A source id that no file (or table) of the check defines is an
    error (E122) at the claim's ``source``, so a typo is caught instead of making a new source.
    A table's rows name their sources, which claim files may also define.

    Claim ids default to ``c1``, ``c2``, ... by position among the source's claims.

    Raises:
        ClaimFileError: with every problem of every file, sorted by path, line and column.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    roots = resolve_roots([Path.cwd()] if document_roots is None else document_roots)
    found = discover(paths, include=include, exclude=exclude, roots=roots)
    gold_found = None
    if gold:
        gold_found = discover([gold] if isinstance(gold, str | os.PathLike) else gold, roots=roots)
    return load_discovered(
        found, approx=approx, limits=limits, progress=progress, roots=roots, gold=gold_found
    )


def load_discovered(
    found: Discovery,
    *,
    approx: float = 0.05,
    limits: Limits | None = None,
    progress: Progress | bool | None = None,
    roots: Sequence[Path] | None = None,
    gold: Discovery | None = None,
) -> ClaimSet:
    """:func:`load` of the files a :func:`~discrepancy.io.discover.discover` found
    (``roots``: the allowed folders for ``document:``, default the working directory), with
    the claims of the ``gold`` files marked ``verified``."""
    gold_paths: frozenset[str] = frozenset()
    if gold is not None:
        found, gold_paths = with_gold(found, gold)
    displays = {f.display: str(f.path.resolve()) for f in found.files}
    allowed = resolve_roots([Path.cwd()]) if roots is None else tuple(roots)
    loader = _Loader(approx=approx, limits=limits or Limits(), roots=allowed)
    loader.problems.extend(found.problems)
    with progress_for(progress) as bar:
        for file in track(bar, list(found.files), "parsing"):
            if file.kind == "table":
                loader.read_table(file)
            else:
                loader.read_file(file.path, file.display)
    return mark_verified(loader.finish(), gold_paths, displays)


# ------------------------------------------------------------------------------------ files


# ------------------------------------------------------------------------------------ helpers


def _loc(path: str, node: Node | None) -> Location:
    if node is None:
        return Location(path)
    return Location(path, node.line, node.column)


def _kind(node: Node) -> str:
    if isinstance(node, Scalar):
        return "empty" if node.value is None else f"the value {node.text!r}"
    return _KINDS[type(node)]


_KEY_SETS: dict[tuple[str, ...], frozenset[str]] = {}


def _key_set(keys: Sequence[str]) -> frozenset[str]:
    """``keys`` as a set, made once per tuple of keys (the key tables of :mod:`.keys`)."""
    found = _KEY_SETS.get(keys) if isinstance(keys, tuple) else None
    if found is None:
        found = frozenset(keys)
        if isinstance(keys, tuple):
            _KEY_SETS[keys] = found
    return found


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _suggest_id(text: str) -> str:
    out = "".join(c if c.isalnum() or c in "_.-" else "-" for c in text.strip().lower())
    out = out.lstrip("_.-") or "x"
    return out if ID_RE.match(out) else "x"


@define
class _ClaimSpec:
    """A claim mapping read from a file, waiting for its source to be known."""

    node: Map
    path: str
    index: int  # 1-based position in its file's list (or line in JSON Lines)
    default_source: str | None
    auto_source: bool  # JSON Lines: an undefined source id creates the source
    source_failed: bool = False  # the file's source is broken (already reported)


@define
class _Loader:
    approx: float
    limits: Limits
    roots: tuple[Path, ...] = ()
    problems: list[Problem] = field(factory=list)
    sources: dict[str, Source] = field(factory=dict)
    entities: dict[str, Entity] = field(factory=dict)
    scope_relations: list[ScopeRelation] = field(factory=list)
    #: where each name of an entity's part_of / sum_of is written: (entity id, key, name)
    part_locations: dict[tuple[str, str, str], Location] = field(factory=dict)
    specs: list[_ClaimSpec] = field(factory=list)
    failed_sources: set[str] = field(factory=set)
    table_claims: list[tuple[Claim, bool]] = field(factory=list)
    table_sources: dict[str, Source] = field(factory=dict)
    warnings: list[Problem] = field(factory=list)
    #: each value read without ``type:``, by its text, the Python type the reader gave it and
    #: the source's ``published`` day: the value and the unit it implies
    values: dict[tuple[str, type, dt.date | None], tuple[object, str | None]] = field(factory=dict)

    def problem(self, code: str, message: str, location: Location) -> None:
        self.problems.append(Problem(code, message, location))

    # ---------------------------------------------------------------------------- reading

    def read_table(self, file: Found) -> None:
        table = table_file_claims(file.path, approx=self.approx)
        self.problems.extend(table.problems)
        self.warnings.extend(table.warnings)
        self.table_claims.extend(zip(table.claims, table.default_ids, strict=True))
        for source in table.sources:
            self.table_sources.setdefault(source.id, source)

    def read_file(self, path: Path, display: str) -> None:
        try:
            data = read_bytes(path, limit=self.limits.max_bytes)
        except FileRefused as err:
            self.problem(err.code, err.message, Location(display))
            return
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data.count(b"\n", 0, err.start) + 1
            column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
            self.problem(
                "E002",
                f"not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8",
                Location(display, line, column),
            )
            return
        if path.suffix.lower() == ".jsonl":
            self.read_jsonl(text, display)
            return
        try:
            if path.suffix.lower() == ".json":
                root: Node | None = read_json(text, self.limits)
            else:
                root = read_yaml(text, self.limits)
        except ReadError as err:
            self.problem(err.code, err.message, Location(display, err.line, err.column))
            return
        self.read_document(root, display)

    def read_jsonl(self, text: str, display: str) -> None:
        file_sources: list[str] = []
        claim_lines: list[tuple[int, Map]] = []
        # "\n" alone ends a line (JSON Lines): U+2028, U+0085 or a form feed inside a string
        # are text, not line breaks as str.splitlines() would have them
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                node = read_json(line, self.limits, first_line=number)
            except ReadError as err:
                self.problem(err.code, err.message, Location(display, err.line, err.column))
                continue
            if not isinstance(node, Map):
                self.problem(
                    "E103",
                    f"each line of a JSON Lines file must be an object (a claim with 'source', "
                    f"'subject', 'property' and 'value'), not {_kind(node)}",
                    _loc(display, node),
                )
                continue
            source = node.get("source")
            if isinstance(source, Map) or any(
                k in node for k in ("sources", "entities", "claims", "discrepancy")
            ):
                file_sources.extend(self.read_top(node, display, require_source=False))
            else:
                claim_lines.append((number, node))
        default = file_sources[0] if len(file_sources) == 1 else None
        for number, node in claim_lines:
            if self.check_keys(node, CLAIM_KEYS, "claim", display):
                self.specs.append(_ClaimSpec(node, display, number, default, auto_source=True))

    def read_document(self, root: Node | None, display: str) -> None:
        if root is None or (isinstance(root, Scalar) and root.value is None):
            self.problem(
                "E122",
                "claim file is empty; it needs 'source:' (or 'sources:') and 'claims:'",
                Location(display, 1, 1),
            )
            return
        if not isinstance(root, Map):
            self.problem(
                "E103",
                f"a claim file must be a mapping with 'source:' and 'claims:', not {_kind(root)}",
                _loc(display, root),
            )
            return
        self.read_top(root, display, require_source=True)

    def check_keys(self, node: Map, allowed: Sequence[str], what: str, path: str) -> bool:
        if node.keys_within(_key_set(allowed)):  # nearly always: one set comparison
            return True
        ok = True
        for key, _ in node.items:
            if key.text not in allowed:
                ok = False
                self.problem(
                    "E101",
                    f"unknown key '{key.text}' in {what}{_did_you_mean(key.text, allowed)}",
                    _loc(path, key),
                )
        return ok

    def read_top(self, node: Map, path: str, *, require_source: bool) -> list[str]:
        """Read a top-level mapping; return the ids of the sources it defines."""
        self.check_keys(node, TOP_KEYS, "claim file", path)
        version = node.get("discrepancy")
        if version is not None and not (
            isinstance(version, Scalar)
            and isinstance(version.value, int)
            and not isinstance(version.value, bool)
            and version.value in FORMAT_VERSIONS
        ):
            self.problem(
                "E105",
                f"unsupported format version {_kind(version)}; this discrepancy reads "
                f"'discrepancy: {FORMAT_VERSIONS[-1]}'",
                _loc(path, version),
            )
        defined: list[str] = []
        one, many = node.get("source"), node.get("sources")
        if "source" in node and "sources" in node:
            self.problem(
                "E103",
                "a claim file holds either 'source:' (one source) or 'sources:' (a list), not both",
                _loc(path, node.key_node("sources")),
            )
        if one is not None and not (isinstance(one, Scalar) and one.value is None):
            if isinstance(one, Map):
                defined.extend(self.read_sources([one], path))
            else:
                self.problem(
                    "E103",
                    f"'source' must be a mapping with at least 'id', not {_kind(one)}",
                    _loc(path, one),
                )
        elif many is not None and not (isinstance(many, Scalar) and many.value is None):
            if isinstance(many, Seq):
                defined.extend(self.read_sources(list(many.items), path))
            else:
                self.problem(
                    "E103",
                    f"'sources' must be a list of mappings with at least 'id', not {_kind(many)}",
                    _loc(path, many),
                )
        elif require_source:
            self.problem(
                "E122",
                "claim file has no source; add 'source: {id: ..., name: ...}' "
                "(or 'sources: [...]' with 'source: <id>' in each claim)",
                _loc(path, node),
            )
        entities = node.get("entities")
        if entities is not None:
            self.read_entities(entities, path)
        scopes = node.get("scopes")
        if scopes is not None:
            self.read_scopes(scopes, path)
        claims = node.get("claims")
        if claims is not None and not (isinstance(claims, Scalar) and claims.value is None):
            default = defined[0] if len(defined) == 1 else None
            failed = not defined and not isinstance(many, Seq)
            if not isinstance(claims, Seq):
                self.problem(
                    "E103",
                    f"'claims' must be a list of claims (each starting with '- '), "
                    f"not {_kind(claims)}",
                    _loc(path, claims),
                )
            else:
                allowed = _key_set(CLAIM_KEYS)
                add = self.specs.append
                for index, item in enumerate(claims.items, start=1):
                    if type(item) is Map and item.by_key.keys() <= allowed:  # nearly every claim
                        add(_ClaimSpec(item, path, index, default, False, failed))
                    elif not isinstance(item, Map):
                        self.problem(
                            "E103",
                            f"claim {index} must be a mapping with 'subject', 'property' and "
                            f"'value', not {_kind(item)}",
                            _loc(path, item),
                        )
                    elif self.check_keys(item, CLAIM_KEYS, "claim", path):
                        add(_ClaimSpec(item, path, index, default, False, failed))
        return defined

    # ---------------------------------------------------------------------------- fields

    def text(self, node: Map, key: str, path: str) -> str | None:
        """A text field: any non-empty scalar (as written), else ``None``; lists are E103."""
        value = node.by_key.get(key)
        if value is None:
            return None
        if type(value) is Scalar:
            return None if value.value is None else value.text
        self.problem(
            "E103", f"'{key}' must be a single value, not {_kind(value)}", _loc(path, value)
        )
        return None

    def ident(self, node: Map, key: str, path: str, what: str) -> str | None:
        text = self.text(node, key, path)
        if text is not None and (problem := id_problem(text)) is not None:
            self.problem(
                "E104",
                f"invalid {what} id '{text}': {problem}",
                _loc(path, node.get(key)),
            )
            return None
        if text is not None:
            text = nfkc(text)  # fullwidth 'ｎｉｓ' is the id 'nis'
        if text is not None and not ID_RE.match(text):
            self.problem(
                "E104",
                f"invalid {what} id '{text}'; ids are lower-case letters, digits and "
                f"'_.-', starting with a letter or digit (e.g. '{_suggest_id(text)}')",
                _loc(path, node.get(key)),
            )
            return None
        return text

    def texts(self, node: Map, key: str, path: str) -> tuple[str, ...]:
        """A list of text (a single text is a list of one)."""
        value = node.get(key)
        if value is None or (isinstance(value, Scalar) and value.value is None):
            return ()
        if isinstance(value, Scalar):
            return (value.text,)
        if isinstance(value, Seq) and all(
            isinstance(x, Scalar) and x.value is not None for x in value.items
        ):
            return tuple(x.text for x in value.items if isinstance(x, Scalar))
        self.problem(
            "E103",
            f"'{key}' must be a list of names like [a, b], not {_kind(value)}",
            _loc(path, value),
        )
        return ()

    def date(self, node: Map, key: str, path: str, published: dt.date | None = None) -> object:
        value = node.get(key)
        if value is None or (isinstance(value, Scalar) and value.value is None):
            return None
        try:
            return parse_date(to_python(value), published=published)
        except ValueParseError as err:
            self.problem("E112", f"'{key}': {err}", _loc(path, value))
            return None

    def reliability(self, node: Map, path: str) -> float | None:
        """A source's declared ``reliability``: a number from 0 to 1 (E113 otherwise)."""
        value = node.get("reliability")
        if value is None or _is_null(value):
            return None
        raw = to_python(value)
        problem = reliability_problem(raw)
        if problem is not None:
            self.problem("E113", problem, _loc(path, value))
            return None
        return float(raw)  # type: ignore[arg-type]

    def grade(self, node: Map, path: str) -> str | None:
        """An Admiralty ``grade`` (``B2``, ``A``, ``3``; E113 otherwise), upper-cased."""
        value = node.get("grade")
        if value is None or _is_null(value):
            return None
        text = str(to_python(value)) if isinstance(value, Scalar) else None
        problem = grade_problem(text) if text is not None else "a grade is one word"
        if problem is not None or text is None:
            self.problem("E113", problem or "", _loc(path, value))
            return None
        return text.strip().upper()

    def verified(self, node: Map, path: str) -> bool:
        """A claim's ``verified``: true or false (E113 otherwise)."""
        value = node.get("verified")
        if value is None or _is_null(value):
            return False
        raw = to_python(value)
        if not isinstance(raw, bool):
            self.problem(
                "E113",
                f"'verified' must be true or false, not '{raw}'",
                _loc(path, value),
            )
            return False
        return raw

    # ---------------------------------------------------------------------------- sources

    def read_sources(self, nodes: list[Node], path: str) -> list[str]:
        ids: list[str] = []
        for node in nodes:
            if not isinstance(node, Map):
                self.problem(
                    "E103",
                    f"a source must be a mapping with at least 'id', not {_kind(node)}",
                    _loc(path, node),
                )
                continue
            self.check_keys(node, SOURCE_KEYS, "source", path)
            if _is_null(node.get("id")) or "id" not in node:
                self.problem(
                    "E102",
                    "source has no 'id'; add 'id: <short-name>' (lower-case, e.g. 'newslooks')",
                    _loc(path, node),
                )
                continue
            source_id = self.ident(node, "id", path, "source")
            if source_id is None:
                id_node = node.get("id")
                if isinstance(id_node, Scalar):
                    self.failed_sources.add(id_node.text)
            published = self.date(node, "published", path)
            day: dt.date | None = None
            if published is not None:
                if getattr(published, "precision", None) != Precision.DAY:
                    self.problem(
                        "E112",
                        f"'published' must be one day like 2024-10-18, "
                        f"not '{to_python(node.get('published') or node)}'",
                        _loc(path, node.get("published")),
                    )
                else:
                    day = published.start  # type: ignore[attr-defined]
            document = self.document(node, path)
            if source_id is None:
                continue
            location = _loc(path, node)
            if source_id in self.sources:
                first = self.sources[source_id].location
                self.problem(
                    "E121",
                    f"source id '{source_id}' is already defined at {first}; "
                    "source ids must be unique across one check",
                    _loc(path, node.get("id")),
                )
                continue
            self.sources[source_id] = Source(
                id=source_id,
                name=self.text(node, "name", path),
                published=day,
                url=self.text(node, "url", path),
                document=document,
                note=self.text(node, "note", path),
                location=location,
                reliability=self.reliability(node, path),
                grade=self.grade(node, path),
            )
            ids.append(source_id)
        return ids

    def document(self, node: Map, path: str) -> str | None:
        """A source's ``document:``, relative to its claim file's folder and confined to the
        roots (checked without opening it); ``None`` after reporting E005/E006."""
        written = self.text(node, "document", path)
        if written is None:
            return None
        where = _loc(path, node.get("document"))
        if Path(written).is_absolute() or PureWindowsPath(written).is_absolute():
            self.problem(
                OUTSIDE_ROOTS,
                f"'document' is an absolute path ('{written}'); write it relative to the claim "
                "file's folder, inside the project",
                where,
            )
            return None
        document = os.path.normpath(Path(path).parent / written)
        try:
            confine(document, self.roots)
        except FileRefused as err:
            self.problem(err.code, f"'document': {err.message}", where)
            return None
        return document

    # ---------------------------------------------------------------------------- entities

    def read_entities(self, node: Node, path: str) -> None:
        if isinstance(node, Scalar) and node.value is None:
            return
        if not isinstance(node, Map):
            self.problem(
                "E103",
                f"'entities' must be a mapping of id to {{name: ..., aliases: [...]}}, "
                f"not {_kind(node)}",
                _loc(path, node),
            )
            return
        for key, value in node.items:
            if not isinstance(value, Map):
                self.problem(
                    "E103",
                    f"entity '{key.text}' must be a mapping like "
                    f"{{name: ..., aliases: [...]}}, not {_kind(value)}",
                    _loc(path, value),
                )
                continue
            self.check_keys(value, ENTITY_KEYS, "entity", path)
            entity = Entity(
                id=key.text,
                name=self.text(value, "name", path),
                aliases=self.texts(value, "aliases", path),
                location=_loc(path, key),
                part_of=self.texts(value, "part_of", path),
                sum_of=self.texts(value, "sum_of", path),
            )
            for name in ("part_of", "sum_of"):
                node_of = value.get(name)
                items = node_of.items if isinstance(node_of, Seq) else [node_of]
                for item in items:
                    if isinstance(item, Scalar) and item.value is not None:
                        where = (key.text, name, item.text)
                        self.part_locations.setdefault(where, _loc(path, item))
            self.merge_entity(entity, path, key)

    def read_scopes(self, node: Node, path: str) -> None:
        """``scopes:``: a list of ``{scope: {...}, part_of: {...}}`` or ``{scope: {...},
        sum_of: [{...}, ...]}``."""
        if isinstance(node, Scalar) and node.value is None:
            return
        if not isinstance(node, Seq):
            self.problem(
                "E103",
                "'scopes' must be a list like [{scope: {group: first}, part_of: {}}], "
                f"not {_kind(node)}",
                _loc(path, node),
            )
            return
        for item in node.items:
            if not isinstance(item, Map):
                self.problem(
                    "E103",
                    f"each item of 'scopes' must be a mapping with 'scope' and 'part_of' or "
                    f"'sum_of', not {_kind(item)}",
                    _loc(path, item),
                )
                continue
            if not self.check_keys(item, SCOPE_KEYS, "scope_relation", path):
                continue
            if "scope" not in item or ("part_of" not in item and "sum_of" not in item):
                self.problem(
                    "E102",
                    "a scope relation needs 'scope' and 'part_of' (the scope it lies within; "
                    "{} is the unscoped total) or 'sum_of' (the scopes adding up to it)",
                    _loc(path, item),
                )
                continue
            before = len(self.problems)
            scope = self.scope(item, path, "scope", empty=True)
            part_of = self.scope(item, path, "part_of", empty=True) if "part_of" in item else None
            sum_of: list[tuple[tuple[str, str], ...]] = []
            parts = item.get("sum_of")
            if parts is not None and not _is_null(parts):
                if not isinstance(parts, Seq) or not all(isinstance(x, Map) for x in parts.items):
                    self.problem(
                        "E103",
                        f"'sum_of' must be a list of scopes like [{{group: first}}, "
                        f"{{group: second}}], not {_kind(parts)}",
                        _loc(path, parts),
                    )
                else:
                    sum_of = [self.scope_map(x, path, "sum_of") for x in parts.items]  # type: ignore[arg-type]
            if len(self.problems) == before:
                self.scope_relations.append(
                    ScopeRelation(scope, part_of=part_of, sum_of=sum_of, location=_loc(path, item))
                )

    def merge_entity(self, entity: Entity, path: str, key: Scalar) -> None:
        old = self.entities.get(entity.id)
        if old is None:
            self.entities[entity.id] = entity
            return
        if old.name is not None and entity.name is not None and old.name != entity.name:
            self.problem(
                "E123",
                f"entity '{entity.id}' is named '{entity.name}' here but '{old.name}' at "
                f"{old.location}; use one name and list the other under 'aliases'",
                _loc(path, key),
            )
            return
        aliases = old.aliases + tuple(a for a in entity.aliases if a not in old.aliases)
        self.entities[entity.id] = Entity(
            id=old.id,
            name=old.name or entity.name,
            aliases=aliases,
            location=old.location,
            part_of=old.part_of + tuple(p for p in entity.part_of if p not in old.part_of),
            sum_of=old.sum_of or entity.sum_of,
        )

    # ---------------------------------------------------------------------------- claims

    def finish(self) -> ClaimSet:
        claims: list[Claim] = []
        inferred: list[bool] = []
        counters: dict[str, int] = {}
        seen: dict[tuple[str, str], tuple[Location, bool]] = {}
        for sid, source in self.table_sources.items():  # claim files' definitions win
            self.sources.setdefault(sid, source)
        for spec in self.specs:
            claim = self.build_claim(spec, counters, seen)
            if claim is not None:
                claims.append(claim)
                # text without `type:` (numbers are quantities, as in a table's best column)
                untyped = _is_null_or_missing(spec.node.get("type"))
                inferred.append(untyped and isinstance(claim.raw, str))
            elif not self.problems:  # pragma: no cover - a bug, never silent
                self.problem("E103", "claim could not be read", _loc(spec.path, spec.node))
        if not self.problems:
            claims = self.retype(claims, inferred)
        for claim, default_id in self.table_claims:
            counters[claim.source] = counters.get(claim.source, 0) + 1
            if default_id:  # numbered after the source's claims in claim files, as they are
                claim = attrs.evolve(claim, id=f"c{counters[claim.source]}")
            key = (claim.source, claim.id)
            if key in seen:
                self.problem(
                    "E120",
                    f"duplicate claim id '{claim.id}' in source '{claim.source}', first used at "
                    f"{seen[key][0]}; give the row a 'claim' id of its own",
                    claim.location or Location("<table>"),
                )
            else:
                seen[key] = (claim.location or Location("<table>"), False)
            claims.append(claim)
        if not self.problems:
            after = [c for c in claims if c.after is not None]
            # the claims' types by ref are read only for the claims with 'after' (mostly none)
            types_by_ref = {c.ref: c.type for c in claims} if after else {}
            self.problems.extend(
                declaration_problems(
                    list(self.entities.values()),
                    self.scope_relations,
                    after,
                    types_by_ref,
                    where=self.part_locations,
                )
            )
        if self.problems:
            raise ClaimFileError(
                sorted(
                    self.problems,
                    key=lambda p: (
                        p.location.path if p.location else "",
                        p.location.line if p.location else 0,
                        p.location.column if p.location else 0,
                        p.code,
                        p.message,
                    ),
                )
            )
        # supersedes across all files (E125); a claim without 'supersedes' or 'reason' has
        # nothing for it to check (most sets have none: no index of every claim made then)
        if any(c.supersedes is not None or c.reason is not None for c in claims):
            _, corrections = link_corrections(claims)
            if corrections:
                raise ClaimFileError(corrections)
        return ClaimSet(
            sources=tuple(self.sources.values()),
            entities=tuple(self.entities.values()),
            claims=tuple(claims),
            warnings=tuple(self.warnings),
            scopes=tuple(self.scope_relations),
        )

    def retype(self, claims: list[Claim], inferred: list[bool]) -> list[Claim]:
        """Claims without ``type:`` read again as their group's type (see
        :mod:`discrepancy.group_types`); a label among quantities or dates is E110."""
        if not any(inferred) or len({c.value.kind for c in claims}) == 1:
            return claims  # one type throughout: every group is of that type already
        index = EntityIndex.build(self.entities.values())
        facts: dict[tuple[object, ...], int] = {}
        fact = np.array(
            [
                facts.setdefault(
                    (index.canonical(c.subject), index.canonical(c.property), scope_key(c.scope)),
                    len(facts),
                )
                for c in claims
            ],
            dtype=np.int64,
        )
        names = type_names()
        code = {name: k for k, name in enumerate(names)}
        kind = np.array([code[c.type] for c in claims], dtype=np.int64)
        was_inferred = np.array(inferred, dtype=bool)
        group = group_kinds(fact, kind, counted_rows(kind, was_inferred), names)
        strict = strict_codes(names)
        out = list(claims)
        for k in np.flatnonzero(was_inferred & (group >= 0) & (group != kind)).tolist():
            c, target = claims[k], names[int(group[k])]
            source = self.sources.get(c.source)
            try:
                value = parse_as(
                    c.raw,
                    target,
                    published=source.published if source else None,
                    approx=self.approx,
                )
            except ValueParseError as err:
                if kind[k] == LABEL and int(group[k]) in strict:
                    where = f"{index.entity(c.subject) or c.subject} {c.property}"
                    message = retype_message(err.message, err.hint, target, where)
                    self.problem("E110", message, c.value_location or _loc("", None))
                continue
            out[k] = attrs.evolve(c, value=value)
        return out

    def claim_source(self, spec: _ClaimSpec) -> Source | None:
        node, path = spec.node, spec.path
        named = self.text(node, "source", path)
        if named is not None:
            named = nfkc(named)
        if named is None:
            if spec.default_source is not None:
                return self.sources.get(spec.default_source)
            if spec.source_failed:
                return None  # the file's source problem is reported already
            if "source" in node and node.get("source") is not None:
                return None  # E103 reported by text()
            defined = sorted(self.sources)
            self.problem(
                "E122" if not spec.auto_source else "E102",
                "claim names no source; add 'source: <id>'"
                + (f" (defined: {', '.join(defined[:5])})" if defined else ""),
                _loc(path, node),
            )
            return None
        if named in self.sources:
            return self.sources[named]
        if named in self.failed_sources:
            return None  # that source's problem is reported already
        if not ID_RE.match(named):
            self.ident(node, "source", path, "source")
            return None
        if spec.auto_source:
            define = (
                f'add a line {{"source": {{"id": "{named}"}}}} to this file, or define it '
                "in a claim file of the check"
            )
        else:
            define = "define it under 'source:' or 'sources:'"
        self.problem(
            "E122",
            f"claim names source '{named}', which is not defined"
            f"{_did_you_mean(named, list(self.sources))}; {define}",
            _loc(path, node.get("source")),
        )
        return None

    def build_claim(
        self,
        spec: _ClaimSpec,
        counters: dict[str, int],
        seen: dict[tuple[str, str], tuple[Location, bool]],
    ) -> Claim | None:
        node, path = spec.node, spec.path
        given = node.by_key
        before = len(self.problems)
        if "source" not in given and spec.default_source is not None:  # the file's source
            source = self.sources.get(spec.default_source)
        else:
            source = self.claim_source(spec)
        published = source.published if source is not None else None

        # the claim's location (and its id's, when it has none)
        where = Location(path, node.line, node.column)
        claim_id = self.ident(node, "id", path, "claim") if "id" in given else None
        default_id = False
        if source is not None:
            counters[source.id] = counters.get(source.id, 0) + 1
            if claim_id is None and _is_null_or_missing(given.get("id")):
                claim_id = f"c{counters[source.id]}"
                default_id = True
            if claim_id is not None:
                key = (source.id, claim_id)
                id_node = given.get("id")
                here = _loc(path, id_node) if id_node is not None else where
                if key in seen:
                    first, first_default = seen[key]
                    if default_id:
                        why = f"'{claim_id}' (the default id of a claim without 'id')"
                    elif first_default:
                        why = f"'{claim_id}' (also the default id of the claim without 'id' at {first})"
                    else:
                        why = f"'{claim_id}'"
                    self.problem(
                        "E120",
                        f"duplicate claim id {why} in source '{source.id}', first used at "
                        f"{first}; give each claim its own id",
                        here,
                    )
                else:
                    seen[key] = (here, default_id)

        # nearly always written as text: read here, else by required_text (which reports)
        said, about = given.get("subject"), given.get("property")
        subject = (
            said.text
            if type(said) is Scalar and said.value is not None
            else self.required_text(node, "subject", path)
        )
        prop = (
            about.text
            if type(about) is Scalar and about.value is not None
            else self.required_text(node, "property", path)
        )
        value, value_node, implied = self.claim_value(node, path, published)
        # a claim that writes only the keys above (most do) reads none of the optional ones:
        # one set comparison instead of a lookup per optional key
        extra = {} if given.keys() <= _CORE_KEYS else self.optional_fields(node, path, published)
        unit = extra.pop("unit", None)
        if implied is not None:  # the value names its unit ("$71.4 million")
            unit, clash = given_unit(implied, unit)  # type: ignore[arg-type]
            if clash is not None:
                self.problem("E110", clash, _loc(path, value_node))

        if len(self.problems) != before or source is None or claim_id is None:
            return None
        assert subject is not None and prop is not None and value_node is not None
        return Claim(
            source=source.id,
            subject=subject,
            property=prop,
            value=value,  # type: ignore[arg-type]
            id=claim_id,
            raw=_raw(value_node),
            unit=unit,  # type: ignore[arg-type]
            location=where,
            value_location=Location(path, value_node.line, value_node.column),
            **extra,  # type: ignore[arg-type]
        )

    def required_text(self, node: Map, key: str, path: str) -> str | None:
        """``subject`` or ``property`` not written as plain text (:meth:`build_claim` reads
        that inline): its text, else ``None`` after reporting E102 (or E103 for a list or
        mapping)."""
        value = node.by_key.get(key)
        text = self.text(node, key, path)
        if text is None and not (key in node.by_key and not _is_null(value)):
            self.problem(
                "E102",
                f"claim has no '{key}'; add '{key}: "
                + ("<what the claim is about>'" if key == "subject" else "<which attribute>'"),
                _loc(path, node),
            )
        return text

    def optional_fields(self, node: Map, path: str, published: dt.date | None) -> dict[str, object]:
        """The optional fields a claim writes, as :class:`Claim` keywords (a field not
        written is left to the class's default: each reader gives ``None`` or ``()`` for a
        key the claim does not have, so only the keys written are read)."""
        given = node.by_key
        out: dict[str, object] = {}
        if "as_of" in given:
            out["as_of"] = self.date(node, "as_of", path, published)
        if "scope" in given:
            out["scope"] = self.scope(node, path)
        if "ignore" in given:
            out["ignore"] = self.ignore(node, path)
        for key in _OPTIONAL_TEXTS:
            if key in given:
                out[key] = self.text(node, key, path)
        for key in ("via", "denied_by"):
            if key in given:
                out[key] = self.texts(node, key, path)
        if "status" in given:
            out["status"] = self.status(node, path)
        if "retracted" in given or "reason" in given:
            out["retracted"], out["reason"] = self.retraction(node, path)
        if "verified" in given:
            out["verified"] = self.verified(node, path)
        if "grade" in given:
            out["grade"] = self.grade(node, path)
        if "cumulative" in given:
            out["cumulative"] = self.flag(node, "cumulative", path)
        if out.get("supersedes"):
            out["supersedes_location"] = _loc(path, node.get("supersedes"))
        return out

    def claim_value(
        self, node: Map, path: str, published: dt.date | None
    ) -> tuple[object, Node | None, str | None]:
        """The claim's value, its node, and the unit the value implies (``None``: none).
        The value is ``None`` after a problem is reported."""
        given = node.by_key
        value_node = given.get("value")
        if type(value_node) is Scalar and value_node.value is not None and "type" not in given:
            # most claims: a value without `type:`; the same text (as typed by the YAML
            # reader) reads to the same value for every claim of a source
            memo = (value_node.text, type(value_node.value), published)
            known = self.values.get(memo)
            if known is None:
                known = self.read_value(node, value_node, path, published)
                if known[0] is not None:  # a problem is reported for each claim that has it
                    self.values[memo] = known
            return known[0], value_node, known[1]
        if value_node is None or _is_null(value_node):
            self.problem(
                "E102",
                "claim has no 'value'; add 'value: <what the source states>' "
                "(e.g. 'about 10,000', 2024-10-18, [Ussuriysk, Khabarovsk], true)",
                _loc(path, node.key_node("value") or node),
            )
            return None, None, None
        value, implied = self.read_value(node, value_node, path, published)
        return value, value_node, implied

    def read_value(
        self, node: Map, value_node: Node, path: str, published: dt.date | None
    ) -> tuple[object, str | None]:
        """:meth:`claim_value` of a value that is written: the value (``None`` after a
        problem) and the unit it implies."""
        given = node.by_key
        type_name = self.text(node, "type", path)
        if type_name is not None and find_type(type_name) is None:
            self.problem("E111", unknown_type_message(type_name), _loc(path, node.get("type")))
            return None, None
        if type_name is None and "type" in given and not _is_null(given.get("type")):
            return None, None  # E103 reported by text()
        if type(value_node) is Map:
            allowed = mapping_keys(type_name)
            if not self.check_keys(value_node, allowed, "value", path):
                return None, None
        raw = to_python(value_node)
        try:  # texts are parsed once per process (the memo in discrepancy.values.infer)
            kind = type_name if type_name is not None else infer_type(raw)
            value = parse_as(raw, kind, published=published, approx=self.approx)
        except ValueParseError as err:
            message = f"{err.message}; {err.hint}" if err.hint else err.message
            self.problem("E110", message, _loc(path, value_node))
            return None, None
        claim_type = find_type(getattr(value, "kind", ""))
        return value, claim_type.implied_unit(raw) if claim_type is not None else None

    def retraction(self, node: Map, path: str) -> tuple[bool, str | None]:
        """``retracted`` (``true``/``false``, or the reason as text) and ``reason``."""
        reason = self.text(node, "reason", path) if "reason" in node else None
        value = node.get("retracted")
        if value is None or _is_null(value):
            return False, reason
        raw = to_python(value)
        if isinstance(raw, bool):
            return raw, reason
        text = self.text(node, "retracted", path)
        if text is None:
            return False, reason
        if reason is not None:
            self.problem(
                "E103",
                "'retracted' gives a reason and so does 'reason'; write 'retracted: true' "
                "and the reason once",
                _loc(path, value),
            )
        return True, text

    def flag(self, node: Map, key: str, path: str) -> bool | None:
        """A yes/no field (``cumulative: true``); None when absent or null."""
        value = node.get(key)
        if value is None or _is_null(value):
            return None
        if isinstance(value, Scalar) and isinstance(value.value, bool):
            return value.value
        self.problem(
            "E103", f"'{key}' must be true or false, not {_kind(value)}", _loc(path, value)
        )
        return None

    def status(self, node: Map, path: str) -> str | None:
        status = self.text(node, "status", path)
        if status is not None and status not in CLAIM_STATUSES:
            self.problem(
                "E103",
                f"unknown status '{status}'{_did_you_mean(status, CLAIM_STATUSES)}; the only "
                "status is 'draft' (a claim not yet reviewed); delete the line to accept a claim",
                _loc(path, node.get("status")),
            )
            return None
        return status

    def scope(
        self, node: Map, path: str, key: str = "scope", *, empty: bool = False
    ) -> tuple[tuple[str, str], ...]:
        value = node.get(key)
        if value is None or _is_null(value):
            return ()
        if isinstance(value, Seq) and empty and not value.items:
            return ()  # `part_of: []` read as the unscoped fact, like `{}`
        if not isinstance(value, Map):
            self.problem(
                "E103",
                f"'{key}' must be a mapping of qualifiers like {{stage: planned}}, "
                f"not {_kind(value)}",
                _loc(path, value),
            )
            return ()
        return self.scope_map(value, path, key)

    def scope_map(self, value: Map, path: str, key: str) -> tuple[tuple[str, str], ...]:
        out: list[tuple[str, str]] = []
        for k, item in value.items:
            if not isinstance(item, Scalar) or item.value is None:
                self.problem(
                    "E103",
                    f"{key} '{k.text}' must be a single value like 'planned', not {_kind(item)}",
                    _loc(path, item),
                )
                continue
            out.append((k.text, item.text))
        return tuple(out)

    def ignore(self, node: Map, path: str) -> tuple[tuple[str, str], ...]:
        value = node.get("ignore")
        if value is None or _is_null(value):
            return ()
        if not isinstance(value, Map):
            self.problem(
                "E103",
                f"'ignore' must be a mapping of rule code to reason like "
                f'{{Q001: "scope differs"}}, not {_kind(value)}',
                _loc(path, value),
            )
            return ()
        out: list[tuple[str, str]] = []
        for key, item in value.items:
            if not CODE_RE.match(key.text):
                hint = key.text.upper() if CODE_RE.match(key.text.upper()) else "Q001"
                self.problem(
                    "E103",
                    f"'ignore' names '{key.text}', which is not a rule code; "
                    f"codes look like '{hint}'",
                    _loc(path, key),
                )
                continue
            if not isinstance(item, Scalar):
                self.problem(
                    "E103",
                    f"the reason for ignoring {key.text} must be text, not {_kind(item)}",
                    _loc(path, item),
                )
                continue
            out.append((key.text, "" if item.value is None else item.text))
        return tuple(out)


def _raw(node: Node) -> object:
    """A value as written: its Python value, but the text of a YAML number whose dot may be
    a thousands separator (``3.000``), so that it can be quoted and flagged (V001)."""
    if (
        isinstance(node, Scalar)
        and isinstance(node.value, float)
        and ambiguous_thousands(node.text)
    ):
        return node.text
    return to_python(node)


def _is_null(node: Node | None) -> bool:
    return isinstance(node, Scalar) and node.value is None


def _is_null_or_missing(node: Node | None) -> bool:
    return node is None or (type(node) is Scalar and node.value is None)


__all__ = ["EXTENSIONS", "Limits", "load"]
