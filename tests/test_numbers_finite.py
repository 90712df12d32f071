"""Infinities and NaN are errors, never values that agree with every number."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from discrepancy.errors import ClaimFileError, ValueParseError
from discrepancy.io import load
from discrepancy.values import parse_quantity

pl = pytest.importorskip("polars")


@pytest.mark.parametrize(
    "raw", [math.inf, -math.inf, math.nan, 1e309, "1e309", "about 1e309", {"best": math.inf},
            {"low": 1, "high": math.inf}, {"low": 1, "best": "1e400"}, "over 1e309"]
)  # fmt: skip
def test_infinite_quantities_do_not_parse(raw: object) -> None:
    with pytest.raises(ValueParseError):
        parse_quantity(raw)


def test_open_ends_are_still_written_as_words() -> None:
    q = parse_quantity("over 1,000")
    assert (q.low, q.best, q.high) == (1000, 1000, math.inf)
    assert parse_quantity(q.render()) == q


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1e309", '"1e309"'])
def test_yaml_infinities_are_errors_at_their_location(tmp_path: Path, value: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        f"source: {{id: a}}\nclaims:\n  - {{subject: s, property: p, value: {value}}}\n"
    )
    with pytest.raises(ClaimFileError) as info:
        load(path)
    [problem] = info.value.problems
    assert problem.code == "E110"
    assert str(problem).startswith(f"{path}:3:")


@pytest.mark.parametrize("cell", [math.inf, -math.inf, math.nan])
def test_table_infinities_are_errors(cell: float) -> None:
    from discrepancy.table import check_table

    df = pl.DataFrame({"source": ["a", "b"], "subject": ["s", "s"], "property": ["p", "p"],
                       "best": [cell, 3.0]})  # fmt: skip
    with pytest.raises(ClaimFileError) as info:
        check_table(df)
    assert [p.code for p in info.value.problems] == ["E110"]


def test_csv_text_infinity_is_an_error(tmp_path: Path) -> None:
    from discrepancy.table import check_table_file

    path = tmp_path / "t.csv"
    path.write_text("source,subject,property,best\na,s,p,inf\nb,s,p,3\n")
    with pytest.raises(ClaimFileError) as info:
        check_table_file(path)
    [problem] = info.value.problems
    assert problem.code == "E110" and "infinities" in problem.message
