"""Tables carry everything claim files carry: a claim set converts to a claim table (plus a
sources table) and back without loss, and checking either form gives the same report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pl = pytest.importorskip("polars")

import discrepancy as dy  # noqa: E402
from discrepancy.errors import ClaimFileError  # noqa: E402
from discrepancy.table import check_table, check_table_file, claims_from_table  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _every_field(claim: dy.Claim) -> tuple[object, ...]:
    """A claim's fields including those ``==`` leaves out (raw text, locations)."""
    return (claim, claim.raw_text, claim.location, claim.value_location, claim.ignore)


def test_the_seeds_convert_to_a_table_and_back_without_loss() -> None:
    claims = dy.load([SEEDS])
    back = claims_from_table(
        claims.to_table(), sources=claims.sources_table(), entities=claims.entities
    )
    assert back.sources == claims.sources
    assert [s.location for s in back.sources] == [s.location for s in claims.sources]
    assert back.entities == claims.entities
    assert [_every_field(c) for c in back.claims] == [_every_field(c) for c in claims.claims]


def test_checking_the_seeds_as_a_table_gives_the_same_report() -> None:
    claims = dy.load([SEEDS])
    expected = dy.check(claims).to_dict()
    got = check_table(
        claims.to_table(), sources=claims.sources_table(), entities=claims.entities
    ).to_dict()
    assert got == expected


def test_a_parquet_file_round_trips_the_seeds(tmp_path: Path) -> None:
    claims = dy.load([SEEDS])
    path = tmp_path / "claims.parquet"
    claims.to_table().write_parquet(path)
    back = claims_from_table(
        pl.read_parquet(path), sources=claims.sources_table(), entities=claims.entities
    )
    assert [_every_field(c) for c in back.claims] == [_every_field(c) for c in claims.claims]


def _friday_table(tmp_path: Path, published: str) -> Path:
    path = tmp_path / "claims.csv"
    path.write_text(
        "source,subject,property,type,value,as_of,published\n"
        f"a,talks,held,date,Friday,Friday,{published}\n",
        encoding="utf-8",
    )
    return path


def test_a_published_column_resolves_weekdays_as_a_claim_file_does(tmp_path: Path) -> None:
    report = check_table_file(_friday_table(tmp_path, "2024-10-20"))
    (claim,) = list(report.claims.claims)
    friday = dy.DateInterval.day(dt.date(2024, 10, 18))
    assert claim.value == friday
    assert claim.as_of == friday
    assert report.claims.sources[0].published == dt.date(2024, 10, 20)


def test_a_sources_table_gives_rows_their_publication_day() -> None:
    table = pl.DataFrame(
        {"source": ["a", "b"], "subject": ["talks"] * 2, "property": ["held"] * 2,
         "type": ["date"] * 2, "value": ["Friday", "Friday"]}
    )  # fmt: skip
    sources = pl.DataFrame(
        {"id": ["a", "b"], "name": ["A", None], "published": ["2024-10-18", "2024-10-25"]}
    )
    report = check_table(table, sources=sources)
    assert [s.name for s in report.claims.sources] == ["A", None]
    (finding,) = report.findings
    assert finding.rule == "D001"
    values = sorted(str(c.value.start) for c in finding.claims)  # type: ignore[attr-defined]
    assert values == ["2024-10-18", "2024-10-25"]


def test_a_weekday_without_a_publication_day_is_an_error_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "source,subject,property,type,value\na,talks,held,date,Friday\n", encoding="utf-8"
    )
    with pytest.raises(ClaimFileError) as err:
        check_table_file(path)
    assert "claims.csv:2:5: E110" in str(err.value)
    assert "published" in str(err.value)


def test_a_published_that_is_not_one_day_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimFileError) as err:
        check_table_file(_friday_table(tmp_path, "2024-10"))
    assert "claims.csv:2:7: E112" in str(err.value)
    assert "one day" in str(err.value)


def test_sources_table_problems_name_row_and_column() -> None:
    table = pl.DataFrame({"source": ["a"], "subject": ["x"], "property": ["y"], "value": ["1"]})
    with pytest.raises(ClaimFileError) as err:
        check_table(table, sources=pl.DataFrame({"id": ["a"], "pubished": ["2024-10-18"]}))
    assert "E101 unknown column 'pubished' (did you mean 'published'?)" in str(err.value)
    with pytest.raises(ClaimFileError) as err:
        check_table(table, sources=pl.DataFrame({"id": ["a", "a"]}))
    assert "E121 source id 'a' is already defined in row 1" in str(err.value)


def test_a_partition_keeps_the_claim_file_locations_of_its_rows() -> None:
    """The key-partitioned step (what the Dask backend maps) over the seeds table gives the
    report check() gives, findings pointing at the claim files."""
    from discrepancy.distributed import check_partition, combine

    claims = dy.load([SEEDS])
    table = claims.to_table()
    numbered = table.with_row_index("__row")
    sources = sorted({c.source for c in claims.claims})
    part = check_partition(numbered, sources=sources, entities=claims.entities)
    got = combine([part], claims=claims).to_dict()
    expected = dy.check(claims).to_dict()
    assert got["findings"] == expected["findings"]
    assert got["consensus"] == expected["consensus"]
    assert got["findings"][0]["claims"][0]["location"]["path"].endswith(".yaml")


def test_an_ignore_column_suppresses_as_a_claim_file_does(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "source,subject,property,value,ignore\n"
        "a,troops,sent,1500,Q001=counted differently\n"
        "b,troops,sent,12000,\n"
        "c,bases,count,3,Q001\n"
        "d,bases,count,4,\n",
        encoding="utf-8",
    )
    report = check_table_file(path)
    rules = sorted((f.rule, f.subject) for f in report.findings)
    assert rules == [("E301", "bases")]  # both Q001 suppressed; one without a reason
    bad = tmp_path / "bad.csv"
    bad.write_text("source,subject,property,value,ignore\na,x,y,1,Q=why\n", encoding="utf-8")
    with pytest.raises(ClaimFileError) as err:
        check_table_file(bad)
    assert "bad.csv:2:5: E103" in str(err.value) and "not a rule code" in str(err.value)
