"""The JSON report's layout: indented down to a finding's parts, leaf records one a line."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.report.escape import json_safe
from discrepancy.report.json_format import render

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=4), values, max_size=5))
def test_reads_back_as_the_report(report: dict[str, object]) -> None:
    text = render(report)

    def strict(name: str) -> None:
        raise AssertionError(f"non-standard JSON constant {name}")

    parsed = json.loads(text, parse_constant=strict)
    assert parsed == json.loads(json.dumps(json_safe(report), allow_nan=False))
    assert text.endswith("\n")


def test_leaf_records_are_one_line_each() -> None:
    claim = {"ref": "a/c1", "location": {"path": "a.yaml", "line": 3, "column": 5}}
    report = {"findings": [{"rule": "Q001", "claims": [claim, claim], "scope": {}}]}
    lines = render(report).splitlines()
    one = '{"ref":"a/c1","location":{"path":"a.yaml","line":3,"column":5}}'
    assert lines.count(f"        {one},") == 1 and lines.count(f"        {one}") == 1
    assert '      "scope": {}' in lines


def test_normalized_memo_never_mixes_up_values_built_and_dropped() -> None:
    """A report's claims may be built finding by finding and dropped: a new value may then
    sit where a dropped one was, and must still get its own normalized form."""
    from discrepancy.location import Location
    from discrepancy.model import Claim
    from discrepancy.report.report import Normalized, claim_to_dict
    from discrepancy.values import Quantity

    memo: Normalized = {}
    for k in range(200):
        value = Quantity(float(k), float(k), float(k))
        claim = Claim("s", "x", "n", value, id=f"c{k}", location=Location("f", 1, 1))
        assert claim_to_dict(claim, memo=memo)["normalized"] == {"low": k, "best": k, "high": k}
        del claim, value
