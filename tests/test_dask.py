"""check_dask gives the report check_table gives, over a real (local, two-worker) cluster."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("dask.distributed")
pytest.importorskip("polars")
pd = pytest.importorskip("pandas")

import dask.dataframe as dd  # noqa: E402
from dask.distributed import Client, LocalCluster  # noqa: E402

from discrepancy.config import Config  # noqa: E402
from discrepancy.dask import check_dask  # noqa: E402
from discrepancy.distributed import check_partition, combine, merge_problems  # noqa: E402
from discrepancy.errors import ClaimFileError, Problem  # noqa: E402
from discrepancy.location import Location  # noqa: E402
from discrepancy.model import Entity  # noqa: E402
from discrepancy.table import check_table  # noqa: E402

SOURCES = ["reuters", "ap", "tass", "yonhap", "bbc", "kyiv-post", "x.user"]
SUBJECTS = ["troops", "Troops ", "casualties", "bases", "Vladivostok port", "vladivostok", "ships"]
QUANTITY_TEXT = ["1,500", "about 1,500", "12k", "11,000", "between 1,000 and 2,000", "over 900"]
DATES = ["2024-06", "June 2024", "2024-06-19", "2023"]
LABELS = ["special forces", "Special Forces", "marines"]
SETS = ["Ussuriysk, Khabarovsk", "Khabarovsk", "Ussuriysk, Vladivostok"]


def _row(rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["num", "num", "num", "text", "date", "label", "set", "yes"])
    r: dict[str, Any] = {
        "source": rng.choice(SOURCES),
        "subject": rng.choice(SUBJECTS),
        "property": rng.choice(["count", "Count", "deployed"]),
        "value": None,
        "best": None,
        "low": None,
        "high": None,
        "type": None,
        "unit": rng.choice([None, None, None, "soldiers", "km", "mi"]),
        "scope": rng.choice([None, None, "stage=planned"]),
        "as_of": rng.choice([None, None, "2024", "2023-05"]),
        "said_by": rng.choice([None, None, None, "agency", "ministry"]),
    }
    if kind == "num":
        b = rng.choice([1500, 1500, 1600, 10_000, 12_000, 11_000, 250])
        r["best"] = float(b)
        if rng.random() < 0.3:
            r["low"], r["high"] = float(b * 0.9), float(b * 1.1)
    elif kind == "text":
        r["value"] = rng.choice(QUANTITY_TEXT)
    else:
        r["unit"] = None
        r["property"] = {"date": "date", "label": "unit", "set": "bases", "yes": "confirmed"}[kind]
        r["value"] = {
            "date": DATES,
            "label": LABELS,
            "set": SETS,
            "yes": ["yes", "no", "confirmed"],
        }[kind]
        r["value"] = rng.choice(r["value"])
        r["type"] = "set" if kind == "set" else None
    return r


def claims_frame(n: int, seed: int = 7) -> Any:
    rng = random.Random(seed)
    rows = [_row(rng) for _ in range(n)]
    frame = pd.DataFrame(rows)
    for col in ("best", "low", "high"):
        frame[col] = frame[col].astype("float64")
    return frame


ENTITIES = (Entity(id="vladivostok", name="Vladivostok", aliases=("Vladivostok port",)),)


def _scrub(report: Any) -> dict[str, object]:
    out = report.to_dict()
    out.pop("tool")
    return out


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


@pytest.mark.parametrize("consensus", [True, False])
def test_dask_report_equals_check_table(client: Client, consensus: bool) -> None:
    frame = claims_frame(400)
    expected = check_table(
        frame, path="claims.csv", first_line=2, entities=ENTITIES, consensus=consensus
    )
    ddf = dd.from_pandas(frame, npartitions=5)
    got = check_dask(
        ddf, path="claims.csv", first_line=2, entities=ENTITIES, consensus=consensus, npartitions=3
    )
    assert len(expected.findings) > 3
    assert expected.skipped
    assert _scrub(got) == _scrub(expected)


def test_dask_claims_are_the_tables(client: Client) -> None:
    frame = claims_frame(60, seed=3)
    expected = check_table(frame)
    got = check_dask(dd.from_pandas(frame, npartitions=3))
    assert len(got.claims.claims) == 60
    assert got.claims.claims[41] == expected.claims.claims[41]
    assert list(got.claims.claims)[-3:] == list(expected.claims.claims)[-3:]
    assert [s.id for s in got.claims.sources] == [s.id for s in expected.claims.sources]


def test_dask_config_and_given_claim_ids(client: Client) -> None:
    frame = claims_frame(200, seed=11)
    frame["claim"] = [f"k{k}" if k % 3 == 0 else None for k in range(len(frame))]
    config = Config(quantity_major_ratio=3.0, consensus_method="majority")
    expected = check_table(frame, config)
    got = check_dask(dd.from_pandas(frame, npartitions=4), config)
    assert _scrub(got) == _scrub(expected)


def test_dask_errors_name_table_rows(client: Client) -> None:
    frame = claims_frame(120, seed=5)
    bad = [10, 70, 71, 100, 110]
    frame["value"] = frame["value"].astype(object)
    for k in bad:
        frame.loc[k, ["value", "best", "low", "high"]] = ["twelve-ish", None, None, None]
        frame.loc[k, "type"] = "quantity"
    with pytest.raises(ClaimFileError) as want:
        check_table(frame, path="t.csv", first_line=2)
    with pytest.raises(ClaimFileError) as got:
        check_dask(dd.from_pandas(frame, npartitions=4), path="t.csv", first_line=2)
    assert [str(p) for p in got.value.problems] == [str(p) for p in want.value.problems]


def test_one_partition_is_check_table() -> None:
    """check_partition needs no dask: the whole table as one key partition."""
    frame = claims_frame(150, seed=2)
    frame["claim"] = [f"c{k + 1}" for k in range(len(frame))]
    numbered = frame.assign(__row=range(len(frame)))
    sources = sorted(set(frame["source"]))
    part = check_partition(numbered, sources=sources)
    expected = check_table(frame)
    report = combine([part], claims=expected.claims)
    got, want = _scrub(report), _scrub(expected)
    got.pop("summary")
    want.pop("summary")
    assert got == want


def test_one_partition_lays_its_claims_by_group_then_row() -> None:
    """combine takes one partition's claims in their order (no sort): check_columns lays
    them by group, then table row, whatever the row order of the partition."""
    from discrepancy.table.combine import _group_then_row

    frame = claims_frame(150, seed=3)
    numbered = frame.assign(__row=range(len(frame))).sample(frac=1.0, random_state=4)
    part = check_partition(numbered, sources=sorted(set(frame["source"])))
    assert part.claim_group.shape[0] > 100
    assert _group_then_row(part.claim_group, part.claim_row) is None


def test_merge_problems_counts_rows_of_all_partitions() -> None:
    loc = Location("t.csv", 5, 4)
    a = Problem("E110", "column 'value', rows 4, 9, 12 and 2 more: bad", loc)
    b = Problem("E110", "column 'value', row 7: bad", Location("t.csv", 8, 4))
    (merged,) = merge_problems([a, b])
    assert merged.message == "column 'value', rows 4, 7, 9 and 3 more: bad"
    assert merged.location == loc


def test_dask_rules_across_partitions(client: Client) -> None:
    """Derna and Libya are different keys (partitions); a running total and a date ordered
    after a claim of another partition: the report is check_table's."""
    from discrepancy.model import ScopeRelation

    rows = [
        ("redcrescent", "derna", "Derna", "deaths", "11,300", "2023-09-16", None, None),
        ("who", "toll", "Libya", "deaths", "3,958", "2023-09-17", None, None),
        ("govt", "early", "Libya", "deaths", "over 5,000", "2023-09-12", None, None),
        ("ocha", "toll", "Libya", "deaths", "3,351", "2023-09-19", None, None),
        ("ocha", "sent", "teams", "sent", "2023-09-14", None, None, None),
        ("who", None, "teams", "arrived", "2023-09-11", None, "ocha/sent", None),
        ("a", None, "troops", "n", "15,000", None, None, "group=first"),
        ("b", None, "troops", "n", "12,000", None, None, None),
    ]
    names = ("source", "claim", "subject", "property", "value", "as_of", "after", "scope")
    frame = pd.DataFrame([dict(zip(names, r, strict=True)) for r in rows * 3])
    copy = [k // len(rows) for k in range(len(frame))]
    frame["claim"] = [
        f"{c}-{n}" if isinstance(c, str) else None
        for c, n in zip(frame["claim"], copy, strict=True)
    ]
    frame["after"] = [
        f"{a}-{n}" if isinstance(a, str) else None
        for a, n in zip(frame["after"], copy, strict=True)
    ]
    entities = (Entity("libya", "Libya"), Entity("derna", "Derna", part_of=("libya",)))
    scopes = (ScopeRelation({"group": "first"}, part_of={}),)
    config = Config(properties={"deaths": {"cumulative": True}})
    expected = check_table(frame, config, entities=entities, scopes=scopes)
    got = check_dask(
        dd.from_pandas(frame, npartitions=3), config, entities=entities, scopes=scopes,
        npartitions=4,
    )  # fmt: skip
    rules = sorted(f.rule for f in expected.findings if f.rule in ("D002", "P001", "T001"))
    assert rules == ["D002"] * 3 + ["P001"] * 6 + ["T001"] * 6
    assert _scrub(got) == _scrub(expected)
