"""The JSON report as text: the one source every other format renders.

Indented for reading down to a finding's parts, and each leaf record (a claim, a cluster, a
pair, a row of the agreement matrix) on one line of its own: a report of 100,000 claims is a
third of its fully indented size, and still diffs line by line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from json.encoder import encode_basestring as _encode_basestring  # encode() of a str
from typing import Any

from discrepancy.report.escape import json_safe, json_text

#: the C encoder json.JSONEncoder.encode builds on each call, built once here (None on a
#: Python without the _json accelerator; not in typeshed, hence getattr)
_c_make_encoder: Callable[..., Any] | None = getattr(json.encoder, "c_make_encoder", None)

#: containers this deep (the report is depth 0) go on one line
_LEAF_DEPTH = 4
#: one encoder each, built once (``json.dumps`` with options builds one per call)
_COMPACT: Callable[[Any], str] = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, separators=(",", ":")
).encode
_SPACED = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def _refused(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


if _c_make_encoder is not None:
    # what ``_COMPACT`` runs, without building the encoder anew for each leaf record
    _C_COMPACT = _c_make_encoder(
        None, _refused, _encode_basestring, None, ":", ",", False, False, False
    )

    def _compact(value: Any) -> str:
        return "".join(_C_COMPACT(value, 0))

    _COMPACT = _compact


def render(report: Mapping[str, Any], *, color: bool = False) -> str:
    """``report`` as strict JSON (NaN and infinities become ``null``), indented by two
    spaces down to depth 3, each deeper value on one line."""
    out: list[str] = []
    _write(report, 0, out)
    out.append("\n")  # joined with the rest: no second copy of a large report to add it
    text = "".join(out)
    # json_text rewrites only DEL and non-ASCII characters: an ASCII text without DEL (most
    # reports; ``isascii`` is a flag on the string) is already what it would return
    return text if text.isascii() and "\x7f" not in text else json_text(text)


#: what :func:`json_safe` turns into JSON objects and arrays
_CONTAINERS = (dict, list, tuple, Mapping)


def _flat(value: Any) -> bool:
    """A container of scalars only (a list of refs, a location)."""
    items = value.values() if isinstance(value, Mapping) else value
    return not any(isinstance(v, _CONTAINERS) for v in items)


def _line(value: Any) -> str:
    """``value`` on one line, as :func:`json_safe` would have it: encoded as it is, and
    only a value the encoder refuses (NaN, infinities, numpy scalars) made safe first.
    (The two agree on all else a report holds; its keys are text.)"""
    try:
        return _COMPACT(value)
    except (TypeError, ValueError):
        return _COMPACT(json_safe(value))


def _leaf(value: Any) -> str:
    """A value at :data:`_LEAF_DEPTH` or deeper, as :func:`_write` writes it."""
    if not isinstance(value, _CONTAINERS) or not value:
        return _SPACED(json_safe(value))
    return _line(value)


def _leaves(values: Any) -> list[str]:
    """:func:`_leaf` of each of ``values``: the encoder straight on each (what :func:`_leaf`
    gives whenever the encoder takes them all), else value by value."""
    try:
        return [_COMPACT(v) for v in values]
    except (TypeError, ValueError):
        return list(map(_leaf, values))


def _write(value: Any, depth: int, out: list[str]) -> None:
    if type(value) is str:  # most scalars above the leaf records (rule, message, subject)
        out.append(_encode_basestring(value))
        return
    if not isinstance(value, _CONTAINERS) or not value:
        out.append(_SPACED(json_safe(value)))
        return
    if depth >= _LEAF_DEPTH or (depth >= 2 and _flat(value)):
        out.append(_line(value))
        return
    pad, inner = "\n" + "  " * depth, "\n" + "  " * (depth + 1)
    if depth + 1 >= _LEAF_DEPTH and not isinstance(value, Mapping):
        # a list of leaf records (a finding's claims): each on its line, in one join
        out.append("[" + inner + ("," + inner).join(_leaves(value)) + pad + "]")
        return
    if isinstance(value, Mapping):
        out.append("{")
        for k, (key, item) in enumerate(value.items()):
            name = key if type(key) is str else str(key)
            out.append(("," if k else "") + inner + _encode_basestring(name) + ": ")
            _write(item, depth + 1, out)
        out.append(pad + "}")
        return
    out.append("[")
    for k, item in enumerate(value):
        out.append(("," if k else "") + inner)
        _write(item, depth + 1, out)
    out.append(pad + "]")


__all__ = ["render"]
