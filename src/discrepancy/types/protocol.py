"""What a claim type is: the :class:`ClaimType` protocol a plugin satisfies, and
:class:`BaseType`, the full set of hooks the engine calls, with defaults.

The engine never compares type names: it asks the type. A type's hooks:

- ``parse(raw, *, published, approx)``: the value object (``kind == name``, ``to_dict()``,
  ``render()``) of a value as written, or ``ValueParseError``;
- ``compare(group, i, j, config)``: the :class:`~discrepancy.compare.result.Comparison` of the
  pairs ``(group.claims[i[k]], group.claims[j[k]])``, as numpy arrays;
- ``consensus``: how consensus reads values: ``"quantity"`` or ``"date"`` (numeric intervals
  from :meth:`BaseType.numbers`), ``"set"`` (member shares) or ``"categorical"`` (one value
  per :meth:`BaseType.consensus_key`, shown by :meth:`BaseType.consensus_value`);
- ``show(norm, number, text)``, ``show_magnitude(shown)``, ``quote(raw, value)`` and
  ``worst_phrase(worst)``: display in reports and finding messages;
- ``tie_rank`` and ``label_is_error``: inference over a group (see
  :mod:`discrepancy.group_types`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from discrepancy.compare.result import Comparison
    from discrepancy.compare.text import EntityIndex
    from discrepancy.config import Config
    from discrepancy.groups import Group

#: how consensus reads values, per :attr:`BaseType.consensus`
CONSENSUS_KINDS = ("quantity", "date", "set", "categorical")
#: rank of types without one (plugins): after every built-in, ties by name
LAST_RANK = 1 << 16


_V = TypeVar("_V")


def values_of(group: Group, kind: type[_V], what: str) -> list[_V]:
    """The values of ``group``'s claims, every one a ``kind``.

    Grouping puts one type in a group; a group holding another type's value is a bug upstream,
    so it raises (``TypeError``) instead of comparing nonsense.
    """
    values = [c.value for c in group.claims]
    for v in values:
        if not isinstance(v, kind):
            msg = f"{what} group {group.subject}/{group.property} holds non-{what} values"
            raise TypeError(msg)
    return values  # type: ignore[return-value]  # each checked just above


@runtime_checkable
class ClaimType(Protocol):
    """What a claim type provides at the least: its ``name`` (the ``type:`` of claims), a
    parser and a vectorised comparison of all pairs of one group.

    ``parse(raw, *, published, approx)`` turns a value as written into a value object (which
    has ``kind == name``, ``to_dict()`` and ``render()``), raising ``ValueParseError``.
    ``compare(group, i, j, config)`` returns a :class:`~discrepancy.compare.result.Comparison`
    for the pairs ``(group.claims[i[k]], group.claims[j[k]])``: int8 verdict codes
    (0 agree, 1 compatible, 2 partial, 3 conflict), float magnitudes (NaN: none) and a
    major flag, as numpy arrays of ``len(i)``.
    """

    name: str

    def parse(self, raw: object, *, published: dt.date | None, approx: float) -> object: ...

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison: ...


class BaseType:
    """A claim type with every hook the engine calls. Built-in types subclass it; a plugin
    may too (to override any hook), else the registry wraps it (:class:`PluginType`) and the
    defaults below apply: categorical consensus on ``repr`` of the value, the value's
    ``render()`` in reports."""

    name: str = ""
    #: how consensus reads the values (one of :data:`CONSENSUS_KINDS`)
    consensus: str = "categorical"
    #: whether values are number intervals (:meth:`intervals`) that the table engine holds
    #: in its ``low``/``best``/``high`` arrays and compares on its vectorised path; a
    #: table's ``best``/``low``/``high`` columns give values of the built-in type that sets
    #: it (one built-in at most: :data:`~discrepancy.types.registry.NUMERIC`)
    numeric_columns: bool = False
    #: keys of a value written as a mapping (``{low: 1, high: 2}``); none: the keys of
    #: every type are allowed, and parsing decides
    mapping_keys: tuple[str, ...] = ()
    #: keys of this type's config section (``[tool.discrepancy.<name>]``) -> the
    #: :class:`~discrepancy.config.Config` field each sets
    config_keys: Mapping[str, str] = MappingProxyType({})
    #: tie-break when a group's claims are of several types: the lower wins
    tie_rank: int = LAST_RANK
    #: whether a text value without ``type:`` that reads only as a label is an error (E110)
    #: in a group of this type, rather than a claim left out of it
    label_is_error: bool = False
    #: the name in messages about several values ("the other claims are quantities")
    plural: str = ""
    #: whether a group of one claim is compared too (a set aligns its members even alone)
    compare_single: bool = False
    #: whether values nest (places): consensus then votes over :meth:`nesting`
    nested: bool = False

    def parse(self, raw: object, *, published: dt.date | None = None, approx: float = 0.05) -> Any:
        raise NotImplementedError

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        raise NotImplementedError

    def numbers(
        self, values: Sequence[Any], units: Sequence[str | None], target: str | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``low, best, high`` arrays of ``values`` (numeric consensus kinds only)."""
        msg = f"claim type '{self.name}' has no numbers"
        raise TypeError(msg)

    def intervals(self, values: Sequence[Any]) -> np.ndarray:
        """``low, best, high`` of each value as an ``(n, 3)`` float array, in the values'
        own units (types with :attr:`numeric_columns`)."""
        msg = f"claim type '{self.name}' has no numeric columns"
        raise TypeError(msg)

    def implied_unit(self, raw: object) -> str | None:
        """The unit a value as written implies ("$71.4 million": ``USD``), ``None``: none."""
        return None

    def ambiguous(self, raw: object) -> bool:
        """Whether a value as written reads two ways (V001: "1,500" or "1.500")."""
        return False

    def consensus_key(
        self, value: Any, members: Sequence[str] | None, entities: EntityIndex | None
    ) -> Hashable:
        """What "the same value" is for consensus before verdicts join values."""
        return ("other", repr(value))

    def consensus_value(self, value: Any) -> tuple[str, float | str | bool | None]:
        """A categorical consensus entry's ``value`` text and ``best`` (``None``: none)."""
        return str(value.render()), None

    def nesting(self, values: Sequence[Any], entities: EntityIndex | None) -> np.ndarray | None:
        """For values in a hierarchy (places): the n x n relation codes of
        :mod:`discrepancy.places.resolve` (0 same, 1 inside, 2 contains, 3 overlap,
        4 disjoint, 5 may lie inside, 6 may contain), which consensus votes over (:mod:`discrepancy.consensus.hierarchy`);
        ``None`` (the default): flat values."""
        return None

    def show(
        self,
        norm: Mapping[str, Any],
        number: Callable[[object], str],
        text: Callable[[object], str],
    ) -> str | None:
        """A normalised value (``to_dict()``) for reports, ``None`` when ``norm`` is not of
        this type (``number`` and ``text`` are the report's formatters)."""
        return None

    def show_magnitude(self, shown: str) -> str:
        """A disagreement's magnitude (already formatted) in this type's terms."""
        return shown

    def quote(self, raw: str, value: Any) -> str:
        """A claim's value as findings quote it (``raw``: as written, capped)."""
        return raw

    def worst_phrase(self, worst: float) -> str | None:
        """What a finding's message adds about its largest magnitude (``None``: nothing)."""
        return None


class PluginType(BaseType):
    """A plugin type that gives only :class:`ClaimType`: its ``parse`` and ``compare``, and
    the default hooks of :class:`BaseType` (or the plugin's own, where it has them)."""

    _HOOKS: ClassVar[tuple[str, ...]] = (
        "numbers",
        "consensus_key",
        "consensus_value",
        "nesting",
        "show",
        "show_magnitude",
        "quote",
        "worst_phrase",
        "implied_unit",
    )

    def __init__(self, plugin: ClaimType) -> None:
        self.plugin = plugin
        self.name = plugin.name
        self.plural = str(getattr(plugin, "plural", "")) or f"{plugin.name}s"
        for attr in ("consensus", "tie_rank", "label_is_error", "compare_single", "nested"):
            if hasattr(plugin, attr):
                setattr(self, attr, getattr(plugin, attr))
        if hasattr(plugin, "mapping_keys"):
            self.mapping_keys = tuple(plugin.mapping_keys)
        for hook in self._HOOKS:
            if callable(getattr(plugin, hook, None)):
                setattr(self, hook, getattr(plugin, hook))

    def parse(self, raw: object, *, published: dt.date | None = None, approx: float = 0.05) -> Any:
        return self.plugin.parse(raw, published=published, approx=approx)

    def compare(self, group: Group, i: np.ndarray, j: np.ndarray, config: Config) -> Comparison:
        return self.plugin.compare(group, i, j, config)

    def __repr__(self) -> str:
        return f"PluginType({self.plugin!r})"


__all__ = ["CONSENSUS_KINDS", "LAST_RANK", "BaseType", "ClaimType", "PluginType"]
