"""The one list of claim types: the built-ins below, then the ``discrepancy.types`` entry
points. Loaders (claim files and tables), the engine, consensus and reports look a type up
here.

Adding a built-in type is its module in this package and one line in :data:`BUILTIN_TYPES`;
a third party adds one through the entry-point group ``discrepancy.types`` (an object, or a
class, satisfying :class:`~discrepancy.types.protocol.ClaimType`). Type codes (the table
engine's ``type_code``) are indices into :func:`type_names`: the built-ins in this order,
then plugins by name.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from importlib.metadata import EntryPoint
from types import MappingProxyType
from typing import Any

import numpy as np

from discrepancy.errors import ValueParseError
from discrepancy.plugins import (
    PluginError,
    group_entry_points,
    load_plugin,
    plugin_name,
    positional,
)
from discrepancy.types.assertion import AssertionType
from discrepancy.types.date import DateType
from discrepancy.types.label import LabelType
from discrepancy.types.place import PlaceType
from discrepancy.types.protocol import BaseType, ClaimType, PluginType
from discrepancy.types.quantity import QuantityType
from discrepancy.types.set import SetType
from discrepancy.values import parse_value as parse_builtin
from discrepancy.values.infer import TYPES

#: entry-point group of third-party claim types (object satisfying ClaimType)
TYPES_GROUP = "discrepancy.types"
#: what a claim type's name looks like (the claim-file JSON schema accepts any such name
#: beside the built-ins, so an editor does not flag a plugin type)
TYPE_NAME_PATTERN = "^[a-z][a-z0-9_-]*$"

#: The built-in claim types, in type-code order (one line per type).
BUILTIN_TYPES: tuple[BaseType, ...] = (
    QuantityType(),
    DateType(),
    SetType(),
    LabelType(),
    AssertionType(),
    PlaceType(),
)
_BUILTIN: dict[str, BaseType] = {t.name: t for t in BUILTIN_TYPES}
#: The built-in type of a table's ``best``/``low``/``high`` columns and of the table
#: engine's vectorised interval path (the one with ``numeric_columns``), and its type code.
NUMERIC: BaseType = next(t for t in BUILTIN_TYPES if t.numeric_columns)
NUMERIC_CODE: int = BUILTIN_TYPES.index(NUMERIC)
#: Config-file sections of the built-in types: section name -> (key -> Config field).
CONFIG_SECTIONS: MappingProxyType[str, Mapping[str, str]] = MappingProxyType(
    {t.name: t.config_keys for t in BUILTIN_TYPES if t.config_keys}
)
#: the built-ins whose parsers the values package memoises (:func:`parse_as`)
_MEMOISED = frozenset(TYPES)


def validate_type(obj: object, *, plugin: str) -> ClaimType:
    """Check a third-party claim type as it loads; raises :class:`PluginError`."""
    if isinstance(obj, type):
        obj = obj()
    missing = [a for a in ("name", "parse", "compare") if not hasattr(obj, a)]
    if (
        missing
        or not callable(getattr(obj, "parse", None))
        or not callable(getattr(obj, "compare", None))
    ):
        msg = f"{plugin}: a claim type needs name, parse() and compare(); missing {missing or 'callables'}"
        raise PluginError(msg)
    name = obj.name  # type: ignore[attr-defined]
    if not isinstance(name, str) or re.fullmatch(TYPE_NAME_PATTERN, name) is None:
        msg = (
            f"{plugin}: a claim type's name must be lowercase letters, digits, '_' and '-' "
            f"starting with a letter (got {name!r})"
        )
        raise PluginError(msg)
    for builtin_only in ("numeric_columns", "config_keys"):
        if getattr(obj, builtin_only, None):
            msg = (
                f"{plugin}: '{builtin_only}' is for built-in types (the table's numbers "
                "columns and the Config fields are theirs); leave it unset"
            )
            raise PluginError(msg)
    compare_params = positional(obj.compare)  # type: ignore[attr-defined]
    if len(compare_params) != 4:
        names = ", ".join(p.name for p in compare_params)
        msg = f"{plugin}: compare must take (group, i, j, config); it takes ({names})"
        raise PluginError(msg)
    return obj  # type: ignore[return-value]


def _registered(kind: ClaimType) -> BaseType:
    return kind if isinstance(kind, BaseType) else PluginType(kind)


@lru_cache(maxsize=16)
def _with_plugins(eps: tuple[EntryPoint, ...]) -> MappingProxyType[str, BaseType]:
    out: dict[str, BaseType] = dict(_BUILTIN)
    for ep in eps:
        plugin = plugin_name(ep)
        kind = validate_type(load_plugin(ep), plugin=plugin)
        if kind.name in out:
            msg = f"{plugin}: claim type '{kind.name}' is already registered"
            raise PluginError(msg)
        out[kind.name] = _registered(kind)
    return MappingProxyType(out)


def claim_types(*, plugins: bool = True) -> dict[str, BaseType]:
    """Claim types by name: the built-ins, then plugins (which may not replace a built-in);
    plugins are loaded once per set of entry points."""
    if not plugins:
        return dict(_BUILTIN)
    return dict(_with_plugins(group_entry_points(TYPES_GROUP)))


def mapping_keys(name: str | None) -> tuple[str, ...]:
    """Keys a value of claim type ``name`` may be written as a mapping with; of every type
    when ``name`` is ``None`` or its type names none (parsing then decides)."""
    kind = None if name is None else find_type(name)
    if kind is not None and kind.mapping_keys:
        return kind.mapping_keys
    return tuple(k for t in claim_types().values() for k in t.mapping_keys)


def type_flags(names: Sequence[str], hook: Callable[[BaseType], bool]) -> np.ndarray:
    """``hook`` of each type of ``names`` (type codes' names) as a bool array by type code,
    so that a column of type codes takes a flag per row vectorised: ``flags[type_code]``."""
    return np.array([bool(hook(get_type(n))) for n in names], dtype=bool)


def type_names() -> tuple[str, ...]:
    """Every type name in type-code order: the built-ins, then plugins by name."""
    names = _with_plugins(group_entry_points(TYPES_GROUP))
    return tuple(_BUILTIN) + tuple(sorted(k for k in names if k not in _BUILTIN))


def get_type(name: str) -> BaseType:
    """The claim type called ``name``; raises ``KeyError`` naming the known types."""
    found = find_type(name)
    if found is None:
        msg = f"unknown claim type '{name}'; known: {', '.join(sorted(claim_types()))}"
        raise KeyError(msg)
    return found


def find_type(name: str) -> BaseType | None:
    """The claim type called ``name``, or ``None``."""
    builtin = _BUILTIN.get(name)
    if builtin is not None:
        return builtin
    return _with_plugins(group_entry_points(TYPES_GROUP)).get(name)


def unknown_type_message(name: str) -> str:
    """``unknown type 'x' (did you mean 'y'?); types are ...`` for a type no one registered."""
    names = type_names()
    near = difflib.get_close_matches(name, names, n=1)
    maybe = f" (did you mean {near[0]!r}?)" if near else ""
    return f"unknown type '{name}'{maybe}; types are {', '.join(names)}"


def parse_as(raw: object, name: str, *, published: dt.date | None, approx: float) -> Any:
    """``raw`` read as the claim type ``name``: the values package's built-ins through its
    parse memo (the same parsers their modules call), any other type through its ``parse``.

    Raises:
        ValueParseError: when ``raw`` does not parse, or no type is called ``name``.
    """
    if name in _MEMOISED:
        return parse_builtin(raw, name, published=published, approx=approx)
    kind = find_type(name)
    if kind is None:
        raise ValueParseError(unknown_type_message(name))
    return kind.parse(raw, published=published, approx=approx)


__all__ = [
    "BUILTIN_TYPES",
    "CONFIG_SECTIONS",
    "NUMERIC",
    "NUMERIC_CODE",
    "TYPES_GROUP",
    "TYPE_NAME_PATTERN",
    "ClaimType",
    "PluginError",
    "claim_types",
    "find_type",
    "get_type",
    "mapping_keys",
    "parse_as",
    "type_flags",
    "type_names",
    "unknown_type_message",
    "validate_type",
]
