"""A plugin type's optional hooks reach the loaders like a built-in's: ``mapping_keys``
(which keys a value written as a mapping may have) and ``implied_unit`` (the unit a value
as written implies), from a claim file and from a table.

The plugin ``coin`` ("3 gold", or ``{amount: 3, coin: gold}``) is written into a temporary
folder and installed the way pip would (a ``*.dist-info`` with ``entry_points.txt`` on
``sys.path``).
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from discrepancy import load
from discrepancy.errors import ClaimFileError
from discrepancy.types.registry import get_type, mapping_keys

PLUGIN = """
import numpy as np
from attrs import frozen

from discrepancy.compare.result import Comparison
from discrepancy.errors import ValueParseError


@frozen
class Coins:
    kind = "coin"
    amount: int
    coin: str

    def to_dict(self):
        return {"amount": self.amount, "coin": self.coin}

    def render(self):
        return f"{self.amount} {self.coin}"


def _read(raw):
    if isinstance(raw, dict):
        return str(raw.get("amount", "")), str(raw.get("coin", ""))
    amount, _, coin = str(raw).strip().partition(" ")
    return amount, coin.strip()


class CoinType:
    name = "coin"
    mapping_keys = ("amount", "coin")

    def parse(self, raw, *, published=None, approx=0.05):
        amount, coin = _read(raw)
        if not amount.isdigit() or not coin:
            raise ValueParseError(f"cannot read {raw!r} as coins", hint="write '3 gold'")
        return Coins(int(amount), coin)

    def implied_unit(self, raw):
        return _read(raw)[1] or None

    def compare(self, group, i, j, config):
        amount = np.array([c.value.amount for c in group.claims])
        verdict = np.where(amount[i] == amount[j], 0, 3).astype(np.int8)
        return Comparison(verdict, np.full(len(i), np.nan), verdict == 3)
"""


@pytest.fixture
def coin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    site = tmp_path / "site"
    dist = site / "coin_plugin-0.1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: coin-plugin\nVersion: 0.1.0\n")
    (dist / "entry_points.txt").write_text("[discrepancy.types]\ncoin = coin_plugin:CoinType\n")
    (site / "coin_plugin.py").write_text(PLUGIN)
    monkeypatch.syspath_prepend(str(site))
    yield tmp_path
    sys.modules.pop("coin_plugin", None)


def _file(folder: Path, claims: str) -> Path:
    path = folder / "claims.yaml"
    path.write_text("source: {id: a}\nclaims:\n" + textwrap.indent(claims, "  "))
    return path


def test_a_plugin_type_names_its_mapping_keys(coin: Path) -> None:
    assert mapping_keys("coin") == ("amount", "coin")
    assert get_type("coin").mapping_keys == ("amount", "coin")
    claims = load(
        _file(coin, "- {subject: s, property: p, type: coin, value: {amount: 3, coin: gold}}\n")
    )
    assert claims.claims[0].value.render() == "3 gold"


def test_a_key_the_plugin_type_does_not_name_is_e101_at_its_place(coin: Path) -> None:
    path = _file(coin, "- {subject: s, property: p, type: coin, value: {amount: 3, low: 1}}\n")
    with pytest.raises(ClaimFileError) as info:
        load(path)
    (problem,) = info.value.problems
    assert problem.code == "E101" and "'low'" in problem.message
    assert problem.location.path == str(path) and problem.location.line == 3


def test_the_unit_a_plugin_value_implies_from_a_claim_file_and_a_table(coin: Path) -> None:
    claims = load(_file(coin, "- {subject: s, property: p, type: coin, value: 3 gold}\n"))
    assert claims.claims[0].unit == "gold"
    table = coin / "claims.csv"
    table.write_text("source,subject,property,type,value\na,s,p,coin,3 gold\n")
    assert load(table).claims[0].unit == "gold"


def test_a_unit_beside_a_plugin_value_that_implies_another_is_e110(coin: Path) -> None:
    path = _file(coin, "- {subject: s, property: p, type: coin, unit: silver, value: 3 gold}\n")
    with pytest.raises(ClaimFileError) as info:
        load(path)
    assert [p.code for p in info.value.problems] == ["E110"]
    assert "gold" in info.value.problems[0].message and "silver" in info.value.problems[0].message
    table = coin / "claims.csv"
    table.write_text("source,subject,property,type,unit,value\na,s,p,coin,silver,3 gold\n")
    with pytest.raises(ClaimFileError) as info:
        load(table)
    assert [p.code for p in info.value.problems] == ["E110"]
