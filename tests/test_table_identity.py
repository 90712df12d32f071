"""A table and the same claims as a claim file give the same findings (and skipped claims)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pl = pytest.importorskip("polars")

from discrepancy.engine import check  # noqa: E402
from discrepancy.errors import ClaimFileError  # noqa: E402
from discrepancy.io.load import load  # noqa: E402
from discrepancy.table import check_table  # noqa: E402

TEXTS = [
    "1,500",
    "1500",
    "about 1,500",
    "12k",
    "11,000",
    "between 1,000 and 2,000",
    "over 1,000",
    "nearly 2,000",
    "2024-06",
    "June 2024",
    "2024-06-19",
    "special forces",
    "Special Forces",
    "marines",
    "yes",
    "no",
]

row = st.fixed_dictionaries(
    {
        "source": st.sampled_from(["a", "b", "c"]),
        "subject": st.sampled_from(["troops", "Troops ", "bases"]),
        "property": st.sampled_from(["count", "Count"]),
        "value": st.one_of(
            st.sampled_from(TEXTS),
            st.integers(min_value=0, max_value=20_000),
            st.tuples(st.integers(0, 5_000), st.integers(0, 5_000), st.integers(0, 5_000)).map(
                lambda t: dict(zip(("low", "best", "high"), sorted(t), strict=True))
            ),
        ),
        "unit": st.sampled_from([None, None, "km", "mi", "soldiers", "Soldier"]),
        "scope": st.sampled_from([None, None, "stage=planned"]),
        "as_of": st.sampled_from([None, None, "2024", "2023-05"]),
        "said_by": st.sampled_from([None, None, "agency"]),
    }
)


def _yaml_claim(r: dict[str, object]) -> dict[str, object]:
    out = {k: v for k, v in r.items() if v is not None and k != "scope"}
    if r["scope"]:
        key, value = str(r["scope"]).split("=")
        out["scope"] = {key: value}
    return out


def _table(rows: list[dict[str, object]]) -> pl.DataFrame:
    cols: dict[str, list[object]] = {
        k: [] for k in ("source", "subject", "property", "value", "best", "low", "high")
    }
    for k in ("unit", "scope", "as_of", "said_by"):
        cols[k] = [r[k] for r in rows]
    for r in rows:
        for k in ("source", "subject", "property"):
            cols[k].append(r[k])
        v = r["value"]
        text = v if isinstance(v, str) else None
        num = {"best": v} if isinstance(v, int) else (v if isinstance(v, dict) else {})
        cols["value"].append(text)
        for k in ("best", "low", "high"):
            cols[k].append(num.get(k))
    schema = dict.fromkeys(cols, pl.String) | dict.fromkeys(("best", "low", "high"), pl.Float64)
    return pl.DataFrame(cols, schema=schema)


def _strip(findings: list[dict[str, object]]) -> list[dict[str, object]]:
    out = []
    for f in findings:
        f = dict(f)
        f.pop("location", None)
        f["claims"] = [{k: v for k, v in c.items() if k != "location"} for c in f["claims"]]  # type: ignore[attr-defined]
        out.append(f)
    return out


def claims_file(rows: list[dict[str, object]], folder: Path) -> Path:
    """``rows`` written as a JSON Lines claim file in ``folder``: a line defining the sources
    (in order of first row), then one claim a line."""
    path = folder / "claims.jsonl"
    sources = list(dict.fromkeys(str(r["source"]) for r in rows))
    header = json.dumps({"sources": [{"id": s} for s in sources]})
    lines = [header, *(json.dumps(_yaml_claim(r)) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def load_or_fail_alike(rows: list[dict[str, object]], folder: Path, **table: object) -> object:
    """The claims of ``rows`` as a claim file, or None when they do not load, after checking
    that the table does not either (a label among quantities is E110 in both)."""
    try:
        return load(claims_file(rows, folder))
    except ClaimFileError as err:
        with pytest.raises(ClaimFileError) as table_err:
            check_table(_table(rows), **table)  # type: ignore[arg-type]
        assert {p.code for p in table_err.value.problems} == {p.code for p in err.problems}
        quoted = {p.message.split("(the other")[0].split(": ")[-1] for p in err.problems}
        assert quoted == {
            p.message.split("(the other")[0].split(": ")[-1] for p in table_err.value.problems
        }
        return None


def compare(rows: list[dict[str, object]], folder: Path) -> None:
    claims = load_or_fail_alike(rows, folder)
    if claims is None:
        return
    expected = check(claims).to_dict()  # type: ignore[arg-type]
    got = check_table(_table(rows)).to_dict()
    assert _strip(got["findings"]) == _strip(expected["findings"])  # type: ignore[arg-type]
    assert [(s["ref"], s["reason"]) for s in got["skipped"]] == [  # type: ignore[union-attr]
        (s["ref"], s["reason"])
        for s in expected["skipped"]  # type: ignore[union-attr]
    ]
    for key in ("claims", "groups", "findings", "by_severity", "by_rule"):
        assert got["summary"][key] == expected["summary"][key]  # type: ignore[index]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(row, min_size=1, max_size=12))
def test_table_findings_equal_claim_file_findings(
    rows: list[dict[str, object]], tmp_path: Path
) -> None:
    compare(rows, tmp_path)


def test_mixed_types_units_scopes_and_as_of(tmp_path: Path) -> None:
    rows = [
        {"source": "a", "subject": "troops", "property": "count", "value": "1,500", "unit": "km", "scope": None, "as_of": "2024", "said_by": None},
        {"source": "b", "subject": "Troops", "property": "count", "value": 3, "unit": "mi", "scope": None, "as_of": None, "said_by": "agency"},
        {"source": "c", "subject": "troops", "property": "count", "value": "yes", "unit": None, "scope": None, "as_of": None, "said_by": None},
        {"source": "c", "subject": "troops", "property": "count", "value": "12k", "unit": "soldiers", "scope": None, "as_of": "2023-05", "said_by": None},
        {"source": "a", "subject": "bases", "property": "count", "value": "2024-06", "unit": None, "scope": "stage=planned", "as_of": None, "said_by": None},
        {"source": "b", "subject": "bases", "property": "count", "value": "June 2024", "unit": None, "scope": "stage=planned", "as_of": None, "said_by": None},
        {"source": "c", "subject": "bases", "property": "count", "value": "2024-07-01", "unit": None, "scope": "stage=planned", "as_of": None, "said_by": None},
        {"source": "a", "subject": "x", "property": "y", "value": "marines", "unit": None, "scope": None, "as_of": None, "said_by": None},
        {"source": "b", "subject": "x", "property": "y", "value": "Special Forces", "unit": None, "scope": None, "as_of": None, "said_by": None},
    ]  # fmt: skip
    compare(rows, tmp_path)
