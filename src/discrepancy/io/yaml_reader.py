"""Safe reading of untrusted YAML and JSON into position-carrying nodes.

Claim files come from anywhere, so the readers build their own small tree of :class:`Scalar`,
:class:`Seq` and :class:`Map` nodes straight from parser events instead of letting a YAML
constructor build Python objects:

- anchors and aliases are refused (:data:`E004`) at the first one, before anything is expanded,
  so an alias bomb ("billion laughs") costs nothing;
- tags other than the core ``!!str``, ``!!seq``, ``!!map`` are refused, so nothing is ever
  constructed from ``!!python/object``;
- nesting deeper than :attr:`Limits.max_depth` and more than :attr:`Limits.max_nodes` nodes are
  refused while reading;
- duplicate keys are an error, never silently "last one wins".

Every node keeps its 1-based line and column. Plain YAML scalars resolve with the YAML 1.2 core
schema (null, booleans, integers, floats; everything else, dates included, stays text), so a
YAML file and its JSON twin read to equal trees.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from functools import lru_cache
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any, Final

from attrs import define, field, frozen
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

Plain = str | int | float | bool | None


@frozen
class Limits:
    """How large and deep a claim file may be before it is refused as unsafe."""

    #: Largest file read, in bytes (checked before reading; :data:`E003`).
    max_bytes: int = 10_000_000
    #: Deepest nesting of mappings and lists (:data:`E004`).
    max_depth: int = 32
    #: Most nodes (scalars, lists, mappings) in one file (:data:`E004`).
    max_nodes: int = 1_000_000


# Nodes are attrs classes but not frozen ones: a frozen class pays for its guard on every
# field of every node, and a claim file of 100,000 claims holds almost a million nodes. Nothing
# changes a node once the reader has built it.


@define
class Scalar:
    """A scalar: its Python value and the text it was written as."""

    value: Plain
    text: str
    line: int
    column: int


@define
class Seq:
    """A list of nodes."""

    items: tuple[Node, ...]
    line: int
    column: int


@define
class Map:
    """A mapping with text keys, in the order written. Keys are :class:`Scalar` nodes."""

    items: tuple[tuple[Scalar, Node], ...]
    line: int
    column: int
    #: each key's text and its value (given by the reader, which has built it); read it for
    #: speed (``by_key.get``, ``in by_key``), never change it
    by_key: dict[str, Node] = field(factory=dict, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.by_key and self.items:
            self.by_key = {k.text: v for k, v in self.items}

    def __contains__(self, key: str) -> bool:
        return key in self.by_key

    def get(self, key: str) -> Node | None:
        return self.by_key.get(key)

    def key_node(self, key: str) -> Scalar | None:
        return next((k for k, _ in self.items if k.text == key), None)

    def keys(self) -> list[str]:
        return [k.text for k, _ in self.items]

    def keys_within(self, allowed: AbstractSet[str]) -> bool:
        """Whether every key is one of ``allowed`` (one set comparison)."""
        return self.by_key.keys() <= allowed


Node = Scalar | Seq | Map


class ReadError(Exception):
    """Why a document could not be read: a problem code, a message and a 1-based position."""

    def __init__(self, code: str, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def to_python(node: Node) -> object:
    """The plain Python value of a node: ``str``/``int``/``float``/``bool``/``None``, lists, dicts."""
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Seq):
        return [to_python(n) for n in node.items]
    return {k.text: to_python(v) for k, v in node.items}


# ---------------------------------------------------------------------------------------- YAML

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
_NULL: Final = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL: Final = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT: Final = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT: Final = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_MAX_DIGITS: Final = 1000
_ALLOWED_TAGS: Final = {
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@lru_cache(maxsize=1 << 16)
def _resolve_plain(text: str) -> Plain:
    # memoised: keys ("subject", "value") and many values repeat on every claim
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text.lower() == "true"
    if _INT.match(text):
        if len(text) > _MAX_DIGITS:
            return text  # too long for a number: keep the text (the value parser reports it)
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text)
    if _FLOAT.match(text):
        lowered = text.lower()
        if lowered.endswith("nan"):
            return math.nan
        if lowered.endswith("inf"):
            return -math.inf if text.startswith("-") else math.inf
        return float(text)
    return text


def _tag_name(event: Event) -> str | None:
    tag = getattr(event, "tag", None)
    if tag is None or isinstance(tag, str):
        return tag
    return str(getattr(tag, "value", tag))


def _describe_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


def _has_libyaml() -> bool:
    try:
        import _ruamel_yaml  # noqa: F401  (ruamel.yaml.clib: libyaml's C parser)
    except ImportError:
        return False
    return True


#: libyaml's C parser (ruamel.yaml.clib) gives the same events and marks ~20x faster than the
#: pure-Python one; the pure parser is the fallback where the C extension is not installed.
_PURE = not _has_libyaml()


@frozen
class _EventKinds:
    """The event classes of one parser library (PyYAML's and ruamel.yaml's differ)."""

    scalar: type
    mapping_start: type
    mapping_end: type
    sequence_start: type
    sequence_end: type
    alias: type
    document_start: type
    stream_end: type


_RUAMEL_KINDS: Final = _EventKinds(
    ScalarEvent,
    MappingStartEvent,
    MappingEndEvent,
    SequenceStartEvent,
    SequenceEndEvent,
    AliasEvent,
    DocumentStartEvent,
    StreamEndEvent,
)


def _pyyaml_parser() -> (
    tuple[Callable[[str], Callable[[], Event]], _EventKinds, type[Exception]] | None
):
    """PyYAML's binding of libyaml, when installed: the same parser as ruamel.yaml.clib's
    (same events, marks and refusals) but about twice as fast to hand its events to Python."""
    try:
        import yaml
        from yaml import _yaml  # type: ignore[attr-defined]
    except ImportError:
        return None
    kinds = _EventKinds(
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.MappingEndEvent,
        yaml.SequenceStartEvent,
        yaml.SequenceEndEvent,
        yaml.AliasEvent,
        yaml.DocumentStartEvent,
        yaml.StreamEndEvent,
    )
    return (lambda text: _yaml.CParser(text).get_event), kinds, yaml.YAMLError


#: The fast event source (None without PyYAML's C extension). Only documents it reads without
#: a parse error are taken from it: on any error the reference parser (ruamel.yaml) reads the
#: document again, so messages and positions of broken files do not depend on what is installed.
_FAST: Final = _pyyaml_parser()


def _yaml_events(text: str) -> Iterator[Event]:
    # Nothing is constructed from the events but our own nodes.
    yaml = YAML(typ="safe", pure=_PURE)
    yield from yaml.parse(text)


def read_yaml(text: str, limits: Limits) -> Node | None:
    """Read one YAML document. ``None`` for an empty file.

    Raises:
        ReadError: E002 for text that is not YAML (or holds more than one document),
            E004 for anchors, aliases, tags, or nesting or size beyond ``limits``.
    """
    if _FAST is not None and not _PURE:
        events, kinds, error = _FAST
        try:
            return _build(events(text), kinds, limits)
        except error:
            pass  # the reference parser below says what is wrong, and where
    try:
        return _build(_yaml_events(text).__next__, _RUAMEL_KINDS, limits)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = " ".join(x for x in (err.context, err.problem) if x) or "not valid YAML"
        if mark is None:
            raise ReadError("E002", f"not valid YAML: {message}") from None
        raise ReadError(
            "E002", f"not valid YAML: {message}", mark.line + 1, mark.column + 1
        ) from None
    except YAMLError as err:
        raise _reader_error(err, text) from None


def _reader_error(err: YAMLError, text: str) -> ReadError:
    """A YAML error without a mark (the reader's: control characters) at its line:col."""
    position = getattr(err, "position", None)
    if not isinstance(position, int) or position < 0:
        return ReadError("E002", f"not valid YAML: {err}")
    if not _PURE:  # libyaml counts bytes of the UTF-8 text, the pure parser characters
        position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
    position = min(position, len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    reason = getattr(err, "reason", "") or "not valid YAML"
    if position < len(text):
        code = ord(text[position])
        reason = (
            f"{reason} (found U+{code:04X}); write it as an escape such as \\x{code:02x} "
            "in a double-quoted string, or remove it"
            if code < 0x100
            else f"{reason} (found U+{code:04X}); remove it"
        )
    return ReadError("E002", f"not valid YAML: {reason}", line, column)


def _pos(event: Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _refuse_unsafe(event: Event, kinds: _EventKinds) -> None:
    """Raise E004 for an alias, an anchor or a tag other than the core ones."""
    anchor = getattr(event, "anchor", None)
    if type(event) is kinds.alias:
        raise ReadError(
            "E004",
            f"YAML aliases are not allowed (found '*{anchor}'); write the value out in full",
            *_pos(event),
        )
    if anchor is not None:
        raise ReadError(
            "E004",
            f"YAML anchors are not allowed (found '&{anchor}'); write each value out in full",
            *_pos(event),
        )
    tag = _tag_name(event)
    if tag is not None and tag not in _ALLOWED_TAGS:
        raise ReadError(
            "E004",
            f"YAML tags are not allowed (found '{_describe_tag(tag)}'); write a plain value",
            *_pos(event),
        )


def _too_many(limits: Limits, event: Event) -> ReadError:
    return ReadError(
        "E004",
        f"file holds more than {limits.max_nodes:,} values; split it into smaller files",
        *_pos(event),
    )


def _build(next_event: Callable[[], Any], kinds: _EventKinds, limits: Limits) -> Node | None:
    """The node tree of the events ``next_event`` gives, refusing what is unsafe as soon as it
    appears (one loop over the events: this is the claim loader's innermost loop)."""
    scalar, alias, stream_end = kinds.scalar, kinds.alias, kinds.stream_end
    mapping_start, sequence_start = kinds.mapping_start, kinds.sequence_start
    mapping_end, sequence_end = kinds.mapping_end, kinds.sequence_end
    document_start = kinds.document_start
    max_nodes, max_depth = limits.max_nodes, limits.max_depth
    resolve = _resolve_plain
    nodes = 0
    documents = 0
    # each open collection: (line, column, its finished nodes); ``items``: the innermost's
    stack: list[tuple[int, int, list[Node]]] = []
    root: list[Node] = []
    add = root.append  # appends to the innermost open collection
    while True:
        event = next_event()
        kind = type(event)
        if kind is scalar:
            tag = event.tag
            if tag is not None or event.anchor is not None:
                _refuse_unsafe(event, kinds)
            nodes += 1
            if nodes > max_nodes:
                raise _too_many(limits, event)
            mark = event.start_mark
            text = event.value
            if type(text) is not str:
                text = str(text)
            # a plain scalar (style: None from the pure parser, "" from libyaml) resolves
            resolved = text if event.style or tag is not None else resolve(text)
            add(Scalar(resolved, text, mark.line + 1, mark.column + 1))
        elif kind is mapping_end or kind is sequence_end:
            line, column, done = stack.pop()
            add = stack[-1][2].append if stack else root.append
            if kind is mapping_end:
                add(_make_map(done, line, column))
            else:
                add(Seq(tuple(done), line, column))
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None:
                _refuse_unsafe(event, kinds)
            nodes += 1
            if nodes > max_nodes:
                raise _too_many(limits, event)
            if len(stack) >= max_depth:
                raise ReadError(
                    "E004",
                    f"nesting is deeper than {max_depth} levels; claim files need only a few",
                    *_pos(event),
                )
            mark = event.start_mark
            items: list[Node] = []
            add = items.append
            stack.append((mark.line + 1, mark.column + 1, items))
        elif kind is alias:
            _refuse_unsafe(event, kinds)
        elif kind is document_start:
            documents += 1
            if documents > 1:
                raise ReadError(
                    "E002",
                    "a claim file holds one YAML document; found a second one ('---'); "
                    "split it into two files",
                    *_pos(event),
                )
        elif kind is stream_end:
            return root[0] if root else None


def _make_map(flat: list[Node], line: int, column: int) -> Map:
    keys, values = flat[::2], flat[1::2]
    if len(keys) == len(values):
        # strict=False: the lengths are equal (strict=True costs a tenth of the time here)
        try:  # a list or mapping as a key has no text: reported below
            by_key = {k.text: v for k, v in zip(keys, values, strict=False)}  # type: ignore[union-attr]
        except AttributeError:
            by_key = {}
        if len(by_key) == len(keys):  # text keys, none twice: the common case
            return Map(tuple(zip(keys, values, strict=False)), line, column, by_key)  # type: ignore[arg-type]
    pairs: list[tuple[Scalar, Node]] = []
    seen: dict[str, Scalar] = {}
    for key, value in zip(flat[::2], flat[1::2], strict=True):
        if not isinstance(key, Scalar):
            raise ReadError(
                "E002",
                "a mapping key must be plain text, not a list or mapping",
                key.line,
                key.column,
            )
        if key.text in seen:
            first = seen[key.text]
            raise ReadError(
                "E002",
                f"duplicate key '{key.text}' (first written at line {first.line}); "
                "keep one of them",
                key.line,
                key.column,
            )
        seen[key.text] = key
        pairs.append((key, value))
    return Map(tuple(pairs), line, column)


# ---------------------------------------------------------------------------------------- JSON

_WS: Final = re.compile(r"[ \t\n\r]*")
_NUMBER: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_LITERALS: Final[dict[str, Plain]] = {"true": True, "false": False, "null": None}


class _JsonParser:
    """A small strict JSON parser that keeps each value's line and column."""

    def __init__(self, text: str, limits: Limits, *, first_line: int = 1) -> None:
        self.text = text
        self.limits = limits
        self.first_line = first_line
        self.nodes = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, index: int) -> tuple[int, int]:
        lo, hi = 0, len(self._line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._line_starts[mid] <= index:
                lo = mid
            else:
                hi = mid - 1
        return self.first_line + lo, index - self._line_starts[lo] + 1

    def fail(self, message: str, index: int, code: str = "E002") -> ReadError:
        return ReadError(code, message, *self.position(index))

    def skip(self, i: int) -> int:
        m = _WS.match(self.text, i)
        return m.end() if m else i

    def parse(self) -> Node:
        i = self.skip(0)
        node, i = self.value(i, 0)
        i = self.skip(i)
        if i != len(self.text):
            raise self.fail("not valid JSON: extra text after the value", i)
        return node

    def _count(self, i: int) -> None:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise self.fail(
                f"file holds more than {self.limits.max_nodes:,} values; split it into smaller files",
                i,
                "E004",
            )

    def value(self, i: int, depth: int) -> tuple[Node, int]:
        text = self.text
        if i >= len(text):
            raise self.fail("not valid JSON: the text ends where a value should be", i)
        self._count(i)
        line, column = self.position(i)
        c = text[i]
        if c in "{[":
            if depth >= self.limits.max_depth:
                raise self.fail(
                    f"nesting is deeper than {self.limits.max_depth} levels; "
                    "claim files need only a few",
                    i,
                    "E004",
                )
            return self.obj(i, depth + 1) if c == "{" else self.array(i, depth + 1)
        if c == '"':
            s, end = self.string(i)
            return Scalar(s, s, line, column), end
        m = _NUMBER.match(text, i)
        if m:
            token = m.group()
            if len(token) > _MAX_DIGITS:
                raise self.fail(f"number of {len(token)} characters is too long", i)
            number: int | float = float(token) if m.group(1) or m.group(2) else int(token)
            if isinstance(number, float) and math.isinf(number):
                raise self.fail(f"number '{token}' is too large", i)
            return Scalar(number, token, line, column), m.end()
        for word, literal in _LITERALS.items():
            if text.startswith(word, i):
                return Scalar(literal, word, line, column), i + len(word)
        raise self.fail(f"not valid JSON: unexpected {text[i]!r} where a value should be", i)

    def string(self, i: int) -> tuple[str, int]:
        try:
            s, end = scanstring(self.text, i + 1, True)
        except json.JSONDecodeError as err:
            raise self.fail(f"not valid JSON: {err.msg.lower()} in a string", err.pos) from None
        if "\\u" in self.text[i:end] and _SURROGATE.search(s):
            raise self.fail("not valid JSON: string holds an unpaired surrogate escape", i)
        return s, end

    def array(self, i: int, depth: int) -> tuple[Seq, int]:
        line, column = self.position(i)
        items: list[Node] = []
        i = self.skip(i + 1)
        if self.text.startswith("]", i):
            return Seq((), line, column), i + 1
        while True:
            node, i = self.value(i, depth)
            items.append(node)
            i = self.skip(i)
            if self.text.startswith(",", i):
                i = self.skip(i + 1)
            elif self.text.startswith("]", i):
                return Seq(tuple(items), line, column), i + 1
            else:
                raise self.fail("not valid JSON: expected ',' or ']' in a list", i)

    def obj(self, i: int, depth: int) -> tuple[Map, int]:
        line, column = self.position(i)
        flat: list[Node] = []
        i = self.skip(i + 1)
        if self.text.startswith("}", i):
            return Map((), line, column), i + 1
        while True:
            if not self.text.startswith('"', i):
                raise self.fail("not valid JSON: expected a key in double quotes", i)
            self._count(i)
            kline, kcol = self.position(i)
            key, i = self.string(i)
            flat.append(Scalar(key, key, kline, kcol))
            i = self.skip(i)
            if not self.text.startswith(":", i):
                raise self.fail("not valid JSON: expected ':' after a key", i)
            node, i = self.value(self.skip(i + 1), depth)
            flat.append(node)
            i = self.skip(i)
            if self.text.startswith(",", i):
                i = self.skip(i + 1)
            elif self.text.startswith("}", i):
                return _make_map(flat, line, column), i + 1
            else:
                raise self.fail("not valid JSON: expected ',' or '}' in an object", i)


def read_json(text: str, limits: Limits, *, first_line: int = 1) -> Node:
    """Read one JSON value (strict JSON: no NaN, no comments, no duplicate keys).

    ``first_line`` numbers the lines of ``text`` (for one line of a JSON Lines file).

    Raises:
        ReadError: E002 for text that is not JSON, E004 for nesting or size beyond ``limits``.
    """
    return _JsonParser(text, limits, first_line=first_line).parse()


__all__ = [
    "Limits",
    "Map",
    "Node",
    "Plain",
    "ReadError",
    "Scalar",
    "Seq",
    "read_json",
    "read_yaml",
    "to_python",
]
