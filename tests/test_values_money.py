"""Quantities inside longer text, money with its currency as the unit, ambiguous thousands."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discrepancy.claim_units import given_unit
from discrepancy.cli import main
from discrepancy.errors import ValueParseError
from discrepancy.types.registry import NUMERIC
from discrepancy.values import Quantity, infer_type, parse_quantity
from discrepancy.values.currency import SYMBOLS, split_currency
from discrepancy.values.thousands import ambiguous_thousands


@pytest.mark.parametrize(
    ("text", "expected", "currency"),
    [
        ("a further 10,100", Quantity(10100, 10100, 10100), None),
        ("another 500", Quantity(500, 500, 500), None),
        ("could be up to 20,000", Quantity(0, 20000, 20000), None),
        ("the toll may be as many as 5,000 people", Quantity(0, 5000, 5000), None),
        ("$71.4 million", Quantity.exact(71_400_000), "USD"),
        ("€2bn", Quantity.exact(2e9), "EUR"),
        ("£3.5bn", Quantity.exact(3.5e9), "GBP"),
        ("USD 10m", Quantity.exact(1e7), "USD"),
        ("10m USD", Quantity.exact(1e7), "USD"),
        ("US$ 5 million", Quantity.exact(5e6), "USD"),
        ("up to $5m", Quantity(0, 5e6, 5e6), "USD"),
    ],
)
def test_parses(text: str, expected: Quantity, currency: str | None) -> None:
    assert parse_quantity(text) == expected
    assert split_currency(text)[1] == currency
    assert infer_type(text) == "quantity"


@pytest.mark.parametrize("text", ["about over 5", "Brigade five", "special forces", "unit 5 up"])
def test_still_not_quantities(text: str) -> None:
    with pytest.raises(ValueParseError):
        parse_quantity(text)


@given(st.sampled_from(sorted(SYMBOLS)), st.integers(1, 10**9))
def test_symbol_amounts_read_as_the_number(symbol: str, n: int) -> None:
    assert parse_quantity(f"{symbol}{n:,}") == Quantity.exact(n)
    assert split_currency(f"{symbol}{n:,}")[1] == SYMBOLS[symbol]


def currency_unit(raw: object, unit: str | None) -> tuple[str | None, str | None]:
    return given_unit(NUMERIC.implied_unit(raw), unit)


def test_currency_unit() -> None:
    assert currency_unit("$5m", None) == ("USD", None)
    assert currency_unit("$5m", "usd") == ("usd", None)
    unit, clash = currency_unit("$5m", "EUR")
    assert unit == "EUR" and clash is not None and "USD" in clash
    assert currency_unit("5m", "km") == ("km", None)
    assert currency_unit(5_000_000, "EUR") == ("EUR", None)


@pytest.mark.parametrize(
    ("text", "found"),
    [("3.000", "3.000"), ("1.500 troops", "1.500"), ("about 12.000", "12.000"),
     ("1.5", None), ("0.500", None), ("1.500.000", None), ("1.500,5", None),
     ("1.500 million", None), ("3,000", None), ("12.0001", None)],
)  # fmt: skip
def test_ambiguous_thousands(text: str, found: str | None) -> None:
    assert ambiguous_thousands(text) == found


def _run(folder: Path, *extra: str) -> tuple[int, dict[str, object]]:
    out = io.StringIO()
    code = main(
        ["check", str(folder), "--format", "json", *extra], stdout=out, stderr=io.StringIO()
    )
    return code, json.loads(out.getvalue()) if out.getvalue() else {}


def test_money_claims_compare_in_their_currency(tmp_path: Path) -> None:
    for name, value in (("a", "$71.4 million"), ("b", "USD 71.4m"), ("c", "€65m")):
        (tmp_path / f"{name}.yaml").write_text(
            f"source: {{id: {name}}}\nclaims:\n  - {{subject: deal, property: cost, "
            f'value: "{value}"}}\n',
            encoding="utf-8",
        )
    _, report = _run(tmp_path)
    findings = report["findings"]
    assert [f["rule"] for f in findings] == ["G001"]  # type: ignore[index]
    assert "unit 'EUR'" in findings[0]["message"]  # type: ignore[index]
    (tmp_path / "d.yaml").write_text(
        'source: {id: d}\nclaims:\n  - {subject: deal, property: cost, value: "$70m", unit: EUR}\n',
        encoding="utf-8",
    )
    err = io.StringIO()
    assert main(["check", str(tmp_path)], stdout=io.StringIO(), stderr=err) == 2
    assert "d.yaml:3:" in err.getvalue() and "in USD but the unit is 'EUR'" in err.getvalue()


def test_unquoted_yaml_thousands_are_flagged_as_written(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "source: {id: a}\nclaims:\n  - {subject: flood, property: injured, value: 3.000}\n",
        encoding="utf-8",
    )
    _, report = _run(tmp_path, "--select", "V001")
    (f,) = report["findings"]  # type: ignore[misc]
    assert f["claims"][0]["value"] == "3.000"  # type: ignore[index]
