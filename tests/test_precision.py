"""Values written in different units are compared at the precision they were written with."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.cli import main
from discrepancy.compare.quantity import written_halfwidth
from discrepancy.config import Config
from discrepancy.engine import check, compare_group
from discrepancy.model import Claim, ClaimSet, Source
from discrepancy.values import Quantity, parse_quantity
from reference.grouping import build_groups

pl = pytest.importorskip("polars")


@pytest.mark.parametrize(
    ("raw", "half"),
    [("1.2", 0.05), (0.75, 0.005), ("1.2 million", 50_000), (12, 0.5), ("1,500", 0.5),
     ("about 1.2", 0.0), ("1.5e3", 0.0), ("between 1 and 2", 0.0)],
)  # fmt: skip
def test_written_halfwidth(raw: object, half: float) -> None:
    assert written_halfwidth(raw, parse_quantity(raw)) == pytest.approx(half)


def _files(folder: Path, a: str, b: str) -> None:
    for name, (value, unit) in (("a", a.split()), ("b", b.split())):
        (folder / f"{name}.yaml").write_text(
            f"source: {{id: {name}}}\nclaims:\n  - {{subject: road, property: length, "
            f'value: "{value}", unit: {unit}}}\n',
            encoding="utf-8",
        )


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [("1.2 km", "0.75 mi", False), ("12 m", "40 ft", False), ("1.2 km", "0.9 mi", True),
     ("1.2 km", "1.25 km", True)],
)  # fmt: skip
def test_cli_rounded_conversions_are_not_conflicts(
    tmp_path: Path, a: str, b: str, conflict: bool
) -> None:
    _files(tmp_path, a, b)
    out = io.StringIO()
    code = main(["check", str(tmp_path), "--format", "json", "--select", "Q"], stdout=out)
    assert code == (1 if conflict else 0)
    assert bool(json.loads(out.getvalue())["findings"]) is conflict
    table = tmp_path / "t.csv"
    (va, ua), (vb, ub) = a.split(), b.split()
    table.write_text(
        f"source,subject,property,value,unit\na,road,length,{va},{ua}\nb,road,length,{vb},{ub}\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    assert main(["check", str(table), "--select", "Q", "--format", "json"], stdout=out) == code


amounts = st.tuples(
    st.sampled_from(["0.75", "1.2", "1.25", "0.8", "12", "40", "1,300", "1.2 million"]),
    st.sampled_from([None, "km", "mi", "m", "ft"]),
)


@settings(max_examples=50, deadline=None)
@given(st.lists(amounts, min_size=2, max_size=6))
def test_group_batch_and_table_agree(rows: list[tuple[str, str | None]]) -> None:
    from discrepancy.table import check_table

    claims = [
        Claim(source=f"s{k}", subject="road", property="length", value=parse_quantity(v),
              id="c1", raw=v, unit=u)
        for k, (v, u) in enumerate(rows)
    ]  # fmt: skip
    cs = ClaimSet([Source(c.source) for c in claims], (), claims)
    groups, _ = build_groups(cs)
    per_group = sorted(
        (g.claims[i].ref, g.claims[j].ref, int(v))
        for g in groups
        for done in [compare_group(g, Config())]
        for i, j, v in zip(done.i.tolist(), done.j.tolist(), done.verdict.tolist(), strict=True)
    )
    batched = check(cs, Config(pairs="all"), documents={})  # every pair, not per cluster
    table = check_table(
        pl.DataFrame({"source": [c.source for c in claims], "subject": "road",
                      "property": "length", "value": [v for v, _ in rows],
                      "unit": [u for _, u in rows]})
    )  # fmt: skip
    q = lambda r: sorted(  # noqa: E731
        (f.rule, tuple(c.ref for c in f.claims)) for f in r.findings if f.rule == "Q001"
    )
    assert q(batched) == q(table)
    conflicts = {(a, b) for a, b, v in per_group if v == 3}
    found = {
        (p.a, p.b)
        for f in batched.findings
        if f.rule == "Q001"
        for p in f.pairs
        if p.verdict == "conflict"
    }
    assert found == conflicts


def test_exact_values_in_one_unit_still_conflict() -> None:
    claims = [
        Claim(source=s, subject="x", property="y", value=Quantity.exact(v), raw=v, unit="km")
        for s, v in (("a", 1.2), ("b", 1.25))
    ]
    report = check(ClaimSet([Source("a"), Source("b")], (), claims), documents={})
    assert [f.rule for f in report.findings] == ["Q001"]
