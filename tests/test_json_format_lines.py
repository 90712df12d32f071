"""The JSON report writer encodes values as they are and makes only refused ones safe: the
same text as making the whole report safe first (:func:`json_safe`), then writing it."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from discrepancy.report.escape import json_safe, json_text
from discrepancy.report.json_format import render


def _reference(report: Any) -> str:
    """The writer as it was: json_safe over the whole report, then indent to depth 3."""
    out: list[str] = []

    def flat(value: Any) -> bool:
        items = value.values() if isinstance(value, dict) else value
        return not any(isinstance(v, dict | list) for v in items)

    def write(value: Any, depth: int) -> None:
        if not isinstance(value, dict | list) or not value:
            out.append(json.dumps(value, ensure_ascii=False, allow_nan=False))
            return
        if depth >= 4 or (depth >= 2 and flat(value)):
            out.append(
                json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
            )
            return
        pad, inner = "\n" + "  " * depth, "\n" + "  " * (depth + 1)
        if isinstance(value, dict):
            out.append("{")
            for k, (key, item) in enumerate(value.items()):
                out.append(("," if k else "") + inner + json.dumps(key, ensure_ascii=False) + ": ")
                write(item, depth + 1)
            out.append(pad + "}")
            return
        out.append("[")
        for k, item in enumerate(value):
            out.append(("," if k else "") + inner)
            write(item, depth + 1)
        out.append(pad + "]")

    write(json_safe(report), 0)
    return json_text("".join(out)) + "\n"


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.integers(-100, 100).map(np.int64),
    st.floats(allow_nan=True, allow_infinity=True).map(np.float64),
    st.sampled_from(["\u2028", "\x85", "a\u202eb", "del\x7f", "ascii"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=4), inner, max_size=4),
        st.dictionaries(st.integers(0, 9), inner, max_size=3),
    ),
    max_leaves=30,
)


@given(st.dictionaries(st.text(max_size=4), _values, max_size=5))
def test_writer_matches_safe_first(report: dict[str, Any]) -> None:
    assert render(report) == _reference(report)


def test_refused_values_deep_in_a_record() -> None:
    report = {"findings": [{"claims": [{"x": math.nan, "y": (1, np.int64(2)), "z": math.inf}]}]}
    text = render(report)
    assert json.loads(text)["findings"][0]["claims"][0] == {"x": None, "y": [1, 2], "z": None}
    assert text == _reference(report)


@given(st.lists(_values, min_size=1, max_size=6))
def test_leaf_records_match_safe_first(records: list[Any]) -> None:
    """A finding's list of leaf records (scalars, refused values and containers mixed)
    written in one pass is the text of making each safe first."""
    report = {"findings": [{"claims": records}]}
    assert render(report) == _reference(report)
