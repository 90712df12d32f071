"""The engine (``check`` of a claim file, ``check_table`` of a table) and its plain
per-object twin (``check_objects``) give the same report for the same claims: findings with their pairs, skipped claims, agreement
(matrix and n, per source), consensus (values, support, confidence) and reliability.

Claims of every type are generated with scopes, ``as_of`` ranges, convertible and
non-convertible units, echoes (``said_by``/``via``), sources that contradict themselves and
corrections (``supersedes``, ``retracted``, ``reason``, ``denied_by``, valid or not); each set
is written once as a JSON Lines claim file and once as a table. A second strategy
draws the claims the rules across facts concern (a subject within another, scopes within
and summing to others, running totals, dates ``after`` others), with and without a
configuration that makes the property a running total.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pl = pytest.importorskip("polars")

from discrepancy.config import Config  # noqa: E402
from discrepancy.engine import check, read_documents  # noqa: E402
from discrepancy.errors import ClaimFileError  # noqa: E402
from discrepancy.io.load import load  # noqa: E402
from discrepancy.model import Entity, ScopeRelation  # noqa: E402
from discrepancy.table import check_table  # noqa: E402
from reference.check_objects import check_objects  # noqa: E402

QUANTITY_TEXTS = [
    "1,500",
    "1500",
    "about 1,500",
    "12k",
    "11,000",
    "between 1,000 and 2,000",
    "over 1,000",
    "nearly 2,000",
    "up to 3,000",
    "1.609344",
    "1",
]
DATE_TEXTS = [
    *("2024-06", "June 2024", "2024-06-19", "2024", "2024-06-01..2024-06-30", "2023"),
    *("Friday", "Thursday", "2024-10-18"),
]
SET_TEXTS = [
    "Ussuriysk, Khabarovsk",
    "Khabarovsk",
    "Хабаровск and Ussuriysk",
    "Khabarovsk city, Ussuriysk",
    "exactly Ussuriysk, Khabarovsk",
    "only Ussuriysk",
]
LABEL_TEXTS = ["special forces", "Special Forces", "marines", "special  forces", "SOF"]
#: Places: nested through entities (Sudzha < Kursk oblast < Russia), an alias, places the
#: gazetteer knows when installed (Vladivostok, Paris), an ambiguous name and its settled
#: forms, and a name nothing knows.
PLACE_TEXTS = [
    *("Sudzha", "Kursk oblast", "Kursk region", "Russia", "Vladivostok", "Paris"),
    *("Richmond", "Richmond, Virginia", "Richmond, Kentucky", "Virginia", "Narnia"),
]
#: Entities of every claim set: an alias for a subject, a label and a set member, and
#: places inside places.
ENTITIES = {
    "troops": {"name": "Troops", "aliases": ["DPRK troops"]},
    "brigade": {"name": "Brigade", "aliases": [], "part_of": ["troops"]},
    "special-forces": {"name": "special forces", "aliases": ["SOF"]},
    "khabarovsk": {"name": "Khabarovsk", "aliases": ["Khabarovsk city"]},
    "sudzha": {"name": "Sudzha", "aliases": [], "part_of": ["kursk-oblast"]},
    "kursk-oblast": {"name": "Kursk oblast", "aliases": ["Kursk region"], "part_of": ["Russia"]},
    "russia": {"name": "Russia", "aliases": []},
}
ASSERTION_TEXTS = ["yes", "no", "true", "confirmed", "denied"]
#: Scopes declared within others and as sums of others (P001, P002).
SCOPES = [
    {"scope": {"group": "first", "stage": "planned"}, "part_of": {"stage": "planned"}},
    {"scope": {"stage": "planned"}, "part_of": {}},
    {"scope": {}, "sum_of": [{"stage": "planned"}]},
]
#: Configurations: the default, and ``count`` a running total (T001).
CONFIGS = [None, {"count": {"cumulative": True}}]

_values = {
    "quantity": st.one_of(
        st.sampled_from(QUANTITY_TEXTS),
        st.integers(min_value=0, max_value=3_000),
        st.tuples(st.integers(0, 3_000), st.integers(0, 3_000), st.integers(0, 3_000)).map(
            lambda t: dict(zip(("low", "best", "high"), sorted(t), strict=True))
        ),
    ),
    "date": st.sampled_from(DATE_TEXTS),
    "set": st.sampled_from(SET_TEXTS),
    "label": st.sampled_from(LABEL_TEXTS),
    "assertion": st.sampled_from(ASSERTION_TEXTS),
    "place": st.sampled_from(PLACE_TEXTS),
}


@st.composite
def claim_rows(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    return {
        "source": draw(st.sampled_from(["a", "b", "c", "d"])),
        "subject": draw(st.sampled_from(["troops", "Troops ", "DPRK troops", "brigade"])),
        "property": draw(st.sampled_from(["count", "Count"])),
        "type": draw(st.sampled_from([kind, kind, None])),
        "value": draw(_values[kind]),
        "unit": (
            draw(st.sampled_from([None, None, "km", "mi", "soldiers", "Soldier", "USD"]))
            if kind == "quantity"
            else None
        ),
        "scope": draw(st.sampled_from([None, None, "stage=planned", "group=first;stage=planned"])),
        "as_of": draw(
            st.sampled_from([None, None, "2024", "2023-05", "2023..2024", "2024-06", "Friday"])
        ),
        "said_by": draw(st.sampled_from([None, None, "agency", "a"])),
        "via": draw(st.sampled_from([None, None, "relay", "relay;wire"])),
        "claim": draw(st.sampled_from([None, None, "named"])),
        "quote": draw(st.sampled_from([None, None, "they said so", "nobody said this"])),
        "ignore": draw(
            st.sampled_from([None, None, None, "Q001=known", "Q001", "S001=why;L001=", "E301"])
        ),
        "note": draw(st.sampled_from([None, None, "a note"])),
        # corrections: "earlier" is made an earlier claim of the source below; the others
        # may name no claim, or one of another source (E125 on both sides)
        "supersedes": draw(st.sampled_from([None] * 6 + ["earlier"] * 4 + ["b/c1"])),
        "retracted": draw(st.sampled_from([None, None, None, True])),
        "reason": draw(st.sampled_from([None, None, None, "recount"])),
        "denied_by": draw(st.sampled_from([None, None, None, "agency", "agency;a"])),
        "verified": draw(st.sampled_from([None, None, None, "true"])),
        "grade": draw(st.sampled_from([None, None, None, "B2", "e5", "A", "3"])),
        "cumulative": draw(st.sampled_from([None, None, True, False])),
        "after": draw(st.sampled_from([None, None, "k0", "a/k0", "b/k1", "c/k2"]))
        if kind == "date"
        else None,
    }


#: Publication days a source may have ("Friday" resolves to the latest Friday on or before).
PUBLISHED = [None, "2024-10-18", "2024-10-20"]
WEEKDAYS = ("Friday", "Thursday")


@st.composite
def claim_sets(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Rows of one or two claim types (a property holds one type in practice; a second
    type on another property, or on the same one, exercises the type-split groups)."""
    kinds = draw(st.lists(st.sampled_from(sorted(_values)), min_size=1, max_size=2, unique=True))
    rows = draw(st.lists(st.sampled_from(kinds).flatmap(claim_rows), min_size=1, max_size=10))
    published = {s: draw(st.sampled_from(PUBLISHED)) for s in ("a", "b", "c", "d")}
    ids: dict[str, list[str]] = {}
    for n, r in enumerate(rows):  # named claims get ids of their own, others c1, c2, ...
        if r["claim"]:
            r["claim"] = f"k{n}"
        own = ids.setdefault(r["source"], [])
        if r["supersedes"] == "earlier":  # an earlier claim of the same source, if any
            r["supersedes"] = own[-1] if own else None
        own.append(r["claim"] or f"c{len(own) + 1}")
        if r["reason"] and not (r["supersedes"] or r["retracted"] or r["denied_by"]) and n % 3:
            r["reason"] = None  # a reason with nothing to explain (E125), now and then
        r["published"] = published[r["source"]]
        if r["published"] is None:  # a weekday needs a publication day to resolve
            if r["value"] in WEEKDAYS:
                r["value"] = "2024-10-18"
            if r["as_of"] in WEEKDAYS:
                r["as_of"] = "2024"
    return rows


def _yaml_claim(r: dict[str, Any]) -> dict[str, Any]:
    skip = ("scope", "via", "claim", "published", "ignore", "denied_by")
    out = {k: v for k, v in r.items() if v is not None and k not in skip}
    if r.get("denied_by"):
        out["denied_by"] = str(r["denied_by"]).split(";")
    if r.get("ignore"):
        pairs = [part.partition("=") for part in str(r["ignore"]).split(";")]
        out["ignore"] = {code: reason or None for code, _, reason in pairs}
    if r["claim"]:
        out["id"] = r["claim"]
    if r["scope"]:
        out["scope"] = dict(kv.split("=") for kv in str(r["scope"]).split(";"))
    if r["via"]:
        out["via"] = str(r["via"]).split(";")
    if r.get("verified"):
        out["verified"] = True
    return out


def _table(rows: list[dict[str, Any]], *, published: bool = True) -> Any:
    text_cols = (
        *("source", "subject", "property", "type", "unit", "scope", "as_of", "said_by", "via"),
        *("claim", "quote", "note", "ignore", "supersedes", "reason", "denied_by"),
        *("after",),
        *("verified", "grade"),
        *(("published",) if published else ()),
    )
    cols: dict[str, list[Any]] = {k: [r.get(k) for r in rows] for k in text_cols}
    cols["retracted"] = ["true" if r.get("retracted") else None for r in rows]
    cols |= {"value": [], "best": [], "low": [], "high": []}
    cols["cumulative"] = [r.get("cumulative") for r in rows]
    for r in rows:
        v = r["value"]
        text = v if isinstance(v, str) else None
        num = {"best": v} if isinstance(v, int) else (v if isinstance(v, dict) else {})
        cols["value"].append(text)
        for k in ("best", "low", "high"):
            cols["best" if k == "best" else k].append(num.get(k))
    schema = (
        dict.fromkeys(cols, pl.String)
        | dict.fromkeys(("best", "low", "high"), pl.Float64)
        | {"cumulative": pl.Boolean}
    )
    return pl.DataFrame(cols, schema=schema)


def claims_scopes() -> list[ScopeRelation]:
    return [
        ScopeRelation(s["scope"], part_of=s.get("part_of"), sum_of=s.get("sum_of", ()))
        for s in SCOPES
    ]


def _strip(value: Any) -> Any:
    """``value`` without locations (a table row and a claim file line differ)."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "location"}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _first_difference(got: Any, expected: Any, where: str = "$") -> str | None:
    if isinstance(got, dict) and isinstance(expected, dict):
        for k in sorted(set(got) | set(expected), key=str):
            d = _first_difference(got.get(k), expected.get(k), f"{where}.{k}")
            if d:
                return d
        return None
    if isinstance(got, list) and isinstance(expected, list) and len(got) == len(expected):
        for n, (g, e) in enumerate(zip(got, expected, strict=True)):
            d = _first_difference(g, e, f"{where}[{n}]")
            if d:
                return d
        return None
    return None if got == expected else f"{where}: table {got!r} != claim file {expected!r}"


#: Source ``a`` has a document (its quotes are checked, E302); the others have none.
DOCUMENT = "They said so, and more."


def _sources(rows: list[dict[str, Any]], *, priors: bool = False) -> list[dict[str, Any]]:
    first = {r["source"]: r["published"] for r in reversed(rows)}
    out = []
    for s, p in sorted(first.items(), key=lambda item: item[0]):
        source: dict[str, Any] = {"id": s}
        if p:
            source["published"] = p
        if s == "a":
            source["document"] = "a.txt"
        if priors and s == "b":  # declared priors: a reliability, an Admiralty grade
            source["reliability"] = 0.9
        if priors and s == "c":
            source["grade"] = "D4"
        out.append(source)
    return out


def assert_same_report(
    rows: list[dict[str, Any]],
    folder: Path,
    *,
    sources_table: bool = False,
    properties: dict[str, Any] | None = None,
) -> None:
    """The claim file (sources with their ``published`` day, then claims) and the table
    (``published`` per row, or in a sources table) give the same report."""
    (folder / "a.txt").write_text(DOCUMENT, encoding="utf-8")
    path = folder / "claims.json"
    doc = {
        "sources": _sources(rows, priors=sources_table),
        "entities": ENTITIES,
        "scopes": SCOPES,
        "claims": [_yaml_claim(r) for r in rows],
    }
    config = Config(properties=properties or {})
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    try:
        claims = load(path, document_roots=[path.parent])
    except ClaimFileError as err:  # e.g. a label among dates (E110): the table says so too
        entities = [
            Entity(k, v["name"], v["aliases"], part_of=v.get("part_of", ()))
            for k, v in ENTITIES.items()
        ]
        with pytest.raises(ClaimFileError) as table_err:
            check_table(_table(rows), config, entities=entities, scopes=claims_scopes())
        assert {p.code for p in table_err.value.problems} == {p.code for p in err.problems}
        return
    expected = _strip(check_objects(claims, config).to_dict())  # the plain per-object twin
    engine = _strip(check(claims, config).to_dict())
    assert engine == expected, _first_difference(engine, expected)
    documents, _ = read_documents(claims)
    if sources_table:
        srcs = pl.DataFrame(
            [{k: v for k, v in s.items() if k != "document"} for s in _sources(rows, priors=True)],
            schema={
                "id": pl.String,
                "published": pl.String,
                "reliability": pl.Float64,
                "grade": pl.String,
            },
        )
        report = check_table(
            _table(rows, published=False),
            config,
            sources=srcs,
            documents=documents,
            entities=claims.entities,
            scopes=claims.scopes,
        )
    else:
        report = check_table(
            _table(rows),
            config,
            documents=documents,
            entities=claims.entities,
            scopes=claims.scopes,
        )
    got = _strip(report.to_dict())
    assert got == expected, _first_difference(got, expected)


@settings(
    max_examples=int(os.environ.get("TWIN_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=claim_sets(), sources_table=st.booleans(), properties=st.sampled_from(CONFIGS))
@example(
    sources_table=False,
    rows=[
        {"source": "a", "subject": "x", "property": "n", "type": "quantity", "value": 1500,
         "unit": None, "scope": None, "as_of": "2023-05", "said_by": None, "via": None, "claim": None, "quote": None, "note": None, "published": None, "ignore": None,
         "supersedes": None, "retracted": None, "reason": None, "denied_by": None},
        {"source": "a", "subject": "x", "property": "n", "type": "quantity",
         "value": "between 1,000 and 2,000", "unit": None, "scope": None, "as_of": "2024",
         "said_by": None, "via": None, "claim": None, "quote": None, "note": None, "published": None, "ignore": None,
         "supersedes": None, "retracted": None, "reason": None, "denied_by": None},
    ],
    properties=None,
)  # fmt: skip
def test_table_and_claim_file_give_the_same_report(
    rows: list[dict[str, Any]],
    sources_table: bool,
    properties: dict[str, Any] | None,
    tmp_path: Path,
) -> None:
    assert_same_report(rows, tmp_path, sources_table=sources_table, properties=properties)


DAYS = [None, "2024-10-08", "2024-10-12", "2024-10-18", "2024-10", "2024-10-10..2024-10-14"]


@st.composite
def cross_fact_sets(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Rows the rules across facts concern: counts of a whole and its parts (subjects and
    scopes) at several days, some running totals, and dates ordered by ``after``."""
    n = draw(st.integers(min_value=1, max_value=9))
    rows: list[dict[str, Any]] = []
    for k in range(n):
        is_date = draw(st.integers(0, 2)) == 0
        row = {
            "source": draw(st.sampled_from(["a", "b", "c"])),
            "subject": draw(st.sampled_from(["troops", "DPRK troops", "brigade", "convoy"])),
            "property": "arrived" if is_date else draw(st.sampled_from(["count", "Count"])),
            "type": "date" if is_date else "quantity",
            "value": draw(st.sampled_from([*DATE_TEXTS[:6], "2024-10-18"]))
            if is_date
            else draw(st.sampled_from([*QUANTITY_TEXTS, 500, 2500, 12000, 300])),
            "unit": None,
            "scope": draw(
                st.sampled_from([None, "stage=sent", "stage=planned", "group=first;stage=planned"])
            ),
            "as_of": draw(st.sampled_from(DAYS)),
            "said_by": draw(st.sampled_from([None, "agency"])),
            "via": None,
            "claim": f"k{k}",
            "quote": None,
            "note": None,
            "ignore": draw(st.sampled_from([None, None, None, "T001=known", "P001=why"])),
            "cumulative": draw(st.sampled_from([None, None, True, False])),
            "after": None,
        }
        earlier_dates = [j for j, r in enumerate(rows) if r["type"] == "date"]
        if is_date and earlier_dates and draw(st.booleans()):
            row["after"] = f"k{draw(st.sampled_from(earlier_dates))}"
        rows.append(row)
    published = {s: draw(st.sampled_from(PUBLISHED)) for s in ("a", "b", "c")}
    for r in rows:
        r["published"] = published[r["source"]]
        if r["after"] is not None:  # name the claim with its source
            target = rows[int(r["after"][1:])]
            r["after"] = f"{target['source']}/{r['after']}"
    return rows


@st.composite
def place_sets(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Place claims on one fact (no scope, time or correction to split them), so the
    hierarchy vote decides: nested, ambiguous and unknown places, echoes and sources that
    give two places."""
    rows = draw(st.lists(claim_rows("place"), min_size=2, max_size=9))
    for n, r in enumerate(rows):
        r |= {"subject": "troops", "property": "count", "type": "place", "scope": None}
        r |= {"as_of": None, "claim": None, "supersedes": None, "retracted": None}
        r |= {"reason": None, "denied_by": None, "ignore": None, "published": None}
        r["said_by"] = r["said_by"] if n % 2 else None
    return rows


@settings(
    max_examples=int(os.environ.get("TWIN_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=cross_fact_sets(), sources_table=st.booleans(), properties=st.sampled_from(CONFIGS))
def test_rules_across_facts_are_the_same_in_engine_and_twin(
    rows: list[dict[str, Any]],
    sources_table: bool,
    properties: dict[str, Any] | None,
    tmp_path: Path,
) -> None:
    assert_same_report(rows, tmp_path, sources_table=sources_table, properties=properties)


@settings(
    max_examples=int(os.environ.get("TWIN_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=place_sets())
def test_places_vote_the_same_in_the_engine_and_the_twin(
    rows: list[dict[str, Any]], tmp_path: Path
) -> None:
    assert_same_report(rows, tmp_path)
