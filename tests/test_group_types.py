"""Type inference that looks at the group: a label among quantities or dates is an error, a
value that parses as the group's type takes it, and the majority type is never left out."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.cli import main
from discrepancy.errors import ClaimFileError
from discrepancy.group_types import counted_rows, group_kinds
from discrepancy.io.load import load
from discrepancy.values.infer import TYPES


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(folder: Path, name: str, source: str, claims: str) -> Path:
    path = folder / name
    path.write_text(f"source: {{id: {source}}}\nclaims:\n{claims}", encoding="utf-8")
    return path


def test_label_among_dates_is_an_error_at_its_place(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "alpha", "  - {subject: flood, property: date, value: 2025-03-14}\n")
    write(tmp_path, "b.yaml", "beta", "  - {subject: flood, property: date, value: 14/03/2025}\n")
    code, _, err = run("check", tmp_path)
    assert code == 2
    line = err.splitlines()[0]
    assert line.startswith(f"{tmp_path / 'b.yaml'}:3:45: E110")
    assert "'14/03/2025'" in line and "are dates" in line and "2024-06-19" in line
    assert "type: label" in line


def test_unknown_among_counts_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "alpha", "  - {subject: flood, property: deaths, value: 40}\n")
    write(tmp_path, "b.yaml", "beta", "  - {subject: flood, property: deaths, value: 41}\n")
    write(tmp_path, "c.yaml", "gamma", "  - {subject: flood, property: deaths, value: unknown}\n")
    code, _, err = run("check", tmp_path)
    assert code == 2 and "'unknown'" in err and "are quantities" in err and "12,000" in err


def test_declared_label_is_a_warning_finding_not_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "alpha", "  - {subject: flood, property: deaths, value: 40}\n")
    write(tmp_path, "b.yaml", "beta", "  - {subject: flood, property: deaths, value: 41}\n")
    write(
        tmp_path,
        "c.yaml",
        "gamma",
        "  - {subject: flood, property: deaths, value: unknown, type: label}\n",
    )
    code, out, _ = run("check", tmp_path, "--format", "json", "--fail-on", "warning")
    report = json.loads(out)
    g = [f for f in report["findings"] if f["rule"] == "G001"]
    assert code == 1 and len(g) == 1 and g[0]["claims"][0]["ref"] == "gamma/c1"


def test_year_text_among_dates_is_a_date(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "alpha", "  - {subject: pact, property: signed, value: 2024-06-19}\n")
    write(tmp_path, "b.yaml", "beta", '  - {subject: pact, property: signed, value: "2024"}\n')
    claims = load(tmp_path)
    assert [c.type for c in claims.claims] == ["date", "date"]


def test_tables_retype_like_claim_files(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(
        "source,subject,property,value\na,flood,date,2025-03-14\nb,flood,date,14/03/2025\n",
        encoding="utf-8",
    )
    code, _, err = run("check", tmp_path / "t.csv")
    assert code == 2 and "t.csv:3:4: E110" in err and "are dates" in err
    (tmp_path / "t.csv").write_text(
        "source,subject,property,value\na,pact,signed,2024-06-19\nb,pact,signed,2024\n",
        encoding="utf-8",
    )
    code, out, _ = run("check", tmp_path / "t.csv", "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["skipped"] == [] and report["summary"]["groups"] == 1


def _kinds(*names: str) -> np.ndarray:
    return np.array([TYPES.index(n) for n in names], dtype=np.int64)


def test_majority_ties_go_to_the_more_specific_type() -> None:
    fact = np.zeros(2, dtype=np.int64)
    kind = _kinds("quantity", "label")
    assert TYPES[group_kinds(fact, kind, np.ones(2, bool))[0]] == "quantity"
    kind = _kinds("date", "quantity")
    assert TYPES[group_kinds(fact, kind, np.ones(2, bool))[0]] == "date"


def test_inferred_labels_do_not_vote() -> None:
    fact = np.zeros(3, dtype=np.int64)
    kind = _kinds("label", "label", "quantity")
    inferred = np.array([True, True, False])
    got = group_kinds(fact, kind, counted_rows(kind, inferred))
    assert TYPES[got[0]] == "quantity"
    assert group_kinds(fact[:2], kind[:2], counted_rows(kind[:2], inferred[:2]))[0] == -1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.sampled_from(TYPES), st.booleans()), min_size=1),
    st.randoms(use_true_random=False),
)
def test_group_kind_is_the_majority_and_order_free(
    rows: list[tuple[int, str, bool]], rnd: random.Random
) -> None:
    def kinds(rs: list[tuple[int, str, bool]]) -> dict[int, int]:
        fact = np.array([f for f, _, _ in rs], dtype=np.int64)
        kind = _kinds(*[k for _, k, _ in rs])
        inferred = np.array([i for _, _, i in rs], dtype=bool)
        got = group_kinds(fact, kind, counted_rows(kind, inferred))
        return dict(zip(fact.tolist(), got.tolist(), strict=True))

    before = kinds(rows)
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert kinds(shuffled) == before
    for f, k in before.items():
        votes = [t for g, t, i in rows if g == f and not (i and t == "label")]
        if k >= 0:  # never fewer votes than another type
            assert votes.count(TYPES[k]) == max(votes.count(t) for t in TYPES)
        else:
            assert votes == []


def test_error_lists_every_bad_claim(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.yaml",
        "alpha",
        "  - {subject: f, property: d, value: 40}\n"
        "  - {subject: f, property: d, value: 41}\n"
        "  - {subject: f, property: d, value: n/a}\n"
        "  - {subject: f, property: d, value: unknown}\n",
    )
    with pytest.raises(ClaimFileError) as err:
        load(tmp_path)
    assert [p.location.line for p in err.value.problems] == [5, 6]  # type: ignore[union-attr]


@pytest.mark.parametrize("order", [0, 1])
def test_declared_type_tie_skips_the_label_whatever_the_order(tmp_path: Path, order: int) -> None:
    rows = [
        ("a", "  - {subject: f, property: d, value: 40, type: quantity}\n"),
        ("b", "  - {subject: f, property: d, value: many, type: label}\n"),
    ]
    if order:
        rows.reverse()
    for k, (source, claim) in enumerate(rows):
        write(tmp_path, f"{k}.yaml", source, claim)
    code, out, _ = run("check", tmp_path, "--format", "json")
    report = json.loads(out)
    assert code == 0 and [s["ref"] for s in report["skipped"]] == ["b/c1"]
    table = tmp_path / "t.csv"
    lines = ["source,subject,property,value,type"] + [
        "a,f,d,40,quantity" if s == "a" else "b,f,d,many,label" for s, _ in rows
    ]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = run("check", table, "--format", "json")
    assert code == 0 and [s["ref"] for s in json.loads(out)["skipped"]] == ["b/c1"]
