"""The JSON report as text: the one source every other format renders.

Indented for reading down to a finding's parts, and each leaf record (a claim, a cluster, a
pair, a row of the agreement matrix) on one line of its own: a report of 100,000 claims is a
third of its fully indented size, and still diffs line by line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from discrepancy.report.escape import json_safe, json_text

#: containers this deep (the report is depth 0) go on one line
_LEAF_DEPTH = 4
#: one encoder each, built once (``json.dumps`` with options builds one per call)
_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
_SPACED = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def render(report: Mapping[str, Any], *, color: bool = False) -> str:
    """``report`` as strict JSON (NaN and infinities become ``null``), indented by two
    spaces down to depth 3, each deeper value on one line."""
    out: list[str] = []
    _write(json_safe(report), 0, out)
    return json_text("".join(out)) + "\n"


def _flat(value: Any) -> bool:
    """A container of scalars only (a list of refs, a location)."""
    items = value.values() if isinstance(value, dict) else value
    return not any(isinstance(v, dict | list) for v in items)


def _write(value: Any, depth: int, out: list[str]) -> None:
    if not isinstance(value, dict | list) or not value:
        out.append(_SPACED(value))
        return
    if depth >= _LEAF_DEPTH or (depth >= 2 and _flat(value)):
        out.append(_COMPACT(value))
        return
    pad, inner = "\n" + "  " * depth, "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        out.append("{")
        for k, (key, item) in enumerate(value.items()):
            out.append(("," if k else "") + inner + _SPACED(key) + ": ")
            _write(item, depth + 1, out)
        out.append(pad + "}")
        return
    out.append("[")
    for k, item in enumerate(value):
        out.append(("," if k else "") + inner)
        _write(item, depth + 1, out)
    out.append(pad + "]")


__all__ = ["render"]
