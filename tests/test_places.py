"""The `place` claim type (issue 15, item 5): places resolve through entities (`part_of`,
aliases) and the optional GeoNames gazetteer; a place inside another is compatible; places
that don't nest conflict (L002); ambiguous names stay ambiguous unless context settles them;
consensus is the deepest place a majority of the deciding voices supports."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.cli import main
from discrepancy.compare.place import place_verdicts
from discrepancy.compare.result import COMPATIBLE
from discrepancy.compare.text import EntityIndex
from discrepancy.consensus.hierarchy import hierarchy_choice
from discrepancy.engine import check
from discrepancy.model import Claim, ClaimSet, Entity, Source
from discrepancy.places.gazetteer import available
from discrepancy.places.resolve import (
    CONTAINS,
    DISJOINT,
    INSIDE,
    MAY_CONTAIN,
    MAY_INSIDE,
    OVERLAP,
    SAME,
    Resolved,
    relation,
    resolve,
)
from discrepancy.values.place import Place, parse_place

FIXTURES = Path(__file__).parent / "fixtures" / "places"
needs_gazetteer = pytest.mark.skipif(not available(), reason="the places extra is not installed")


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _json(*paths: Path) -> dict:
    code, out, err = _run("check", *map(str, paths), "--format", "json", "--fail-on", "never")
    assert code == 0, err
    return json.loads(out)


def _consensus(report: dict, subject: str) -> dict:
    (entry,) = [c for c in report["consensus"] if c["subject"] == subject]
    return entry


# ------------------------------------------------------------------ CLI on real files


def test_a_place_inside_another_is_compatible_and_consensus_is_the_deepest() -> None:
    report = _json(FIXTURES / "raid.yaml")
    rules = [(f["rule"], f["subject"]) for f in report["findings"]]
    assert rules == [("L002", "shelling")]  # Sudzha vs Belgorod oblast; not the incursion
    incursion = _consensus(report, "incursion")
    assert incursion["value"] == "Суджа"
    assert incursion["support"] == ["kyiv-independent", "reuters", "tass"]
    assert incursion["dissent"] == []
    assert incursion["basis"] == "unanimous"


def test_a_csv_with_the_entities_beside_it_gives_the_same_places(tmp_path: Path) -> None:
    for name in ("entities.yaml", "claims.csv"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    table = _json(tmp_path)
    claims = _json(FIXTURES / "raid.yaml")
    assert [(f["rule"], f["subject"]) for f in table["findings"]] == [("L002", "shelling")]
    for subject in ("incursion", "shelling"):
        got, want = _consensus(table, subject), _consensus(claims, subject)
        assert (got["value"], got["support"], got["dissent"]) == (
            want["value"],
            want["support"],
            want["dissent"],
        )


@pytest.mark.parametrize(
    "fmt", ["text", "markdown", "html", "json", "jsonl", "sarif", "github", "junit", "concise"]
)
def test_every_format_shows_the_places(fmt: str) -> None:
    code, out, err = _run("check", str(FIXTURES / "raid.yaml"), "--format", fmt)
    assert code == 1, err  # L002 is an error
    assert "Belgorod oblast" in out and "Sudzha" in out
    if fmt in ("text", "markdown", "html", "json"):  # the formats with the consensus
        assert "Суджа" in out  # the incursion's consensus, only there


def test_the_rule_is_documented_on_the_command_line() -> None:
    code, out, _ = _run("rule", "L002")
    assert code == 0 and "places differ" in out


@pytest.mark.parametrize(
    ("entities", "message", "where"),
    [
        (
            "  a: {name: A, part_of: nowhere}\n",
            "E130 entity 'a' has part_of 'nowhere', which is not a declared entity",
            ":3:25:",
        ),
        (
            "  a: {name: A, part_of: b}\n  b: {name: B, part_of: A}\n",
            "E131 entities lie within each other in a circle: a -> b -> a",
            ":3:3:",
        ),
        (
            "  a: {name: A, part_of: a}\n",
            "E131 entities lie within each other in a circle: a -> a",
            ":3:3:",
        ),
    ],
)
def test_a_bad_part_of_is_an_error_at_its_place(
    tmp_path: Path, entities: str, message: str, where: str
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "source: {id: s}\nentities:\n" + entities + "claims:\n"
        "  - {subject: x, property: p, type: place, value: A}\n",
        encoding="utf-8",
    )
    code, _, err = _run("check", str(path))
    assert code == 2 and "Traceback" not in err
    assert f"{path}{where} {message}" in err


def test_a_place_of_thousands_of_commas_is_read_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    long = ", ".join(f"x{k}" for k in range(5_000)) + ", Russia"
    path.write_text(
        "sources: [{id: s}, {id: t}]\nclaims:\n"
        f"  - {{source: s, subject: x, property: p, type: place, value: '{long}'}}\n"
        "  - {source: t, subject: x, property: p, type: place, value: 'x0, x1'}\n",
        encoding="utf-8",
    )
    code, out, err = _run("check", str(path), "--fail-on", "never")
    assert code == 0 and "Traceback" not in err
    assert "L002" in out  # two names nothing places: they conflict


def test_a_value_that_names_no_place_is_e110(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "source: {id: s}\nclaims:\n  - {subject: x, property: p, type: place, value: ' , '}\n",
        encoding="utf-8",
    )
    code, _, err = _run("check", str(path))
    assert code == 2 and ":3:51: E110 cannot parse place" in err


# ------------------------------------------------------------------ resolution


def _chain(n: int) -> list[Entity]:
    """Places p0 > p1 > ... > p(n-1), each inside the previous."""
    return [Entity(f"p{k}", f"Place {k}", part_of=(f"p{k - 1}",) if k else ()) for k in range(n)]


@given(n=st.integers(2, 6), data=st.data())
def test_a_place_and_any_of_its_ancestors_are_compatible(n: int, data: st.DataObject) -> None:
    index = EntityIndex.build([*_chain(n), Entity("q", "Elsewhere", part_of=("p0",))])
    pair = data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
    outer, inner = sorted(pair)
    a, b = resolve([f"Place {inner}"], index, geo=False), resolve([f"p{outer}"], index, geo=False)
    assert relation(a, b) == INSIDE and relation(b, a) == CONTAINS
    assert relation(a, a) == SAME
    # through the comparison: a place and its ancestor are compatible, never a conflict
    verdict = place_verdicts([a, b], np.array([0]), np.array([1])).verdict
    assert verdict.tolist() == [COMPATIBLE]
    # q lies in p0 beside p1: p0 contains it, p1 and everything inside p1 don't nest with it
    other = resolve(["Elsewhere"], index, geo=False)
    assert relation(a, other) == (CONTAINS if inner == 0 else DISJOINT)
    assert relation(b, other) == (CONTAINS if outer == 0 else DISJOINT)


def test_aliases_and_scripts_name_the_same_place() -> None:
    index = EntityIndex.build([Entity("sudzha", "Sudzha", ("Суджа",))])
    assert relation(resolve(["Суджа"], index), resolve(["SUDZHA"], index)) == SAME


def test_unknown_names_are_places_of_their_own() -> None:
    a, b = resolve(["Narnia"], None, geo=False), resolve(["Lilliput"], None, geo=False)
    assert relation(a, b) == DISJOINT and relation(a, resolve(["narnia "], None, geo=False)) == SAME


def test_readings_that_nest_both_ways_overlap() -> None:
    a = Resolved("name:a", (("x", "y"), ("z",)))  # one reading in x, one that holds w
    b = Resolved("name:b", (("x",), ("z", "w")))
    assert relation(a, b) == relation(b, a) == OVERLAP
    assert relation(a, Resolved("name:c", (("x", "y"),))) == MAY_CONTAIN


def test_parsing_keeps_the_context_after_commas() -> None:
    assert parse_place("Richmond,  Virginia ").parts == ("Richmond", "Virginia")
    assert parse_place(Place("x")) == Place("x")


@needs_gazetteer
def test_the_gazetteer_nests_cities_in_regions_and_countries() -> None:
    vladivostok, russia = resolve(["Vladivostok"], None), resolve(["Russia"], None)
    assert relation(vladivostok, russia) == INSIDE
    assert relation(resolve(["Minneapolis"], None), resolve(["Minnesota"], None)) == INSIDE
    assert relation(resolve(["Minneapolis"], None), resolve(["USA"], None)) == INSIDE
    assert relation(vladivostok, resolve(["Paris", "France"], None)) == DISJOINT


@needs_gazetteer
def test_an_ambiguous_name_stays_ambiguous_until_context_settles_it() -> None:
    richmond = resolve(["Richmond"], None)
    assert richmond.ambiguous
    virginia = resolve(["Richmond", "Virginia"], None)
    kentucky = resolve(["Richmond", "Kentucky"], None)
    assert not virginia.ambiguous and not kentucky.ambiguous
    assert relation(virginia, kentucky) == DISJOINT
    # compatible, and the settled name is the more specific: one of the readings
    assert relation(richmond, virginia) == MAY_CONTAIN
    assert relation(virginia, richmond) == MAY_INSIDE
    # Virginia is a US state and a South African town: a reading of Richmond lies in one
    # reading of Virginia, and no Virginia lies in a Richmond
    assert relation(richmond, resolve(["Virginia"], None)) == MAY_INSIDE
    # some readings of Los Angeles lie in California, none contains it
    assert relation(resolve(["Los Angeles"], None), resolve(["California"], None)) == MAY_INSIDE
    # an unknown town inside a known region is a place inside that region
    assert relation(resolve(["Nowhereville", "Minnesota"], None), resolve(["USA"], None)) == INSIDE


@needs_gazetteer
def test_an_entity_declaration_settles_an_ambiguous_name() -> None:
    declared = [
        Entity("richmond", "Richmond", part_of=("virginia",)),
        Entity("virginia", "Virginia"),
    ]
    # "Virginia" alone is a US state and a South African town: the entity stands apart ...
    alone = resolve(["Richmond"], EntityIndex.build(declared))
    assert not alone.ambiguous
    assert relation(alone, resolve(["USA"], EntityIndex.build(declared))) == DISJOINT
    # ... until it is declared inside the country, whose name the gazetteer knows once
    declared[1] = Entity("virginia", "Virginia", part_of=("usa",))
    index = EntityIndex.build([*declared, Entity("usa", "USA")])
    settled = resolve(["Richmond"], index)
    assert relation(settled, resolve(["USA"], index)) == INSIDE
    assert relation(settled, resolve(["Virginia"], index)) == INSIDE
    assert relation(settled, resolve(["Kentucky"], index)) == DISJOINT


@needs_gazetteer
def test_ambiguous_names_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    rows = [("a", "Richmond"), ("b", "Virginia"), ("c", "Richmond, Virginia")]
    rows += [("d", "Richmond, Virginia"), ("e", "Richmond, Kentucky")]
    subjects = ["x", "x", "x", "y", "y"]
    lines = [
        f"  - {{source: {s}, subject: {subj}, property: born, type: place, value: '{v}'}}"
        for (s, v), subj in zip(rows, subjects, strict=True)
    ]
    path.write_text(
        "sources: [{id: a}, {id: b}, {id: c}, {id: d}, {id: e}]\nclaims:\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    report = _json(path)
    assert [(f["rule"], f["subject"]) for f in report["findings"]] == [("L002", "y")]
    assert _consensus(report, "x")["value"] == "Richmond, Virginia"
    # two sources alike, one against one: no place holds, the method's tie-break shows
    assert _consensus(report, "y")["basis"] == "tie"


# ------------------------------------------------------------------ consensus


REL = np.array(  # 0 city < 1 region < 2 country; 3 another city of the region; 4 elsewhere
    [
        [SAME, INSIDE, INSIDE, DISJOINT, DISJOINT],
        [CONTAINS, SAME, INSIDE, CONTAINS, DISJOINT],
        [CONTAINS, CONTAINS, SAME, CONTAINS, DISJOINT],
        [DISJOINT, INSIDE, INSIDE, SAME, DISJOINT],
        [DISJOINT, DISJOINT, DISJOINT, DISJOINT, SAME],
    ],
    dtype=np.int8,
)
KEYS = ["city", "region", "country", "town", "far"]


def _choose(weights: list[float]) -> int | None:
    choice = hierarchy_choice(REL, np.arange(5), np.array(weights), KEYS, KEYS)
    return None if choice is None else choice.winner


def test_support_for_a_place_counts_for_the_places_around_it() -> None:
    assert _choose([1, 1, 1, 0, 0]) == 0  # nothing against the city: the deepest
    assert _choose([1, 0, 0, 1, 0]) == 1  # two cities of one region, one each: the region
    assert _choose([1, 0, 0, 1, 1]) == 1  # region 2 against 1
    assert _choose([1, 0, 0, 0, 1]) is None  # one against one at the top: the method decides
    assert _choose([2, 0, 0, 1, 0]) == 0  # the city holds 2 against 1


@settings(max_examples=200, deadline=None)
@given(weights=st.lists(st.floats(0.01, 1), min_size=5, max_size=5), perm=st.permutations(range(5)))
def test_the_choice_ignores_row_order(weights: list[float], perm: list[int]) -> None:
    w = np.array(weights)
    p = np.array(perm)
    keys = [KEYS[k] for k in perm]
    first = hierarchy_choice(REL, np.arange(5), w, KEYS, KEYS)
    second = hierarchy_choice(REL[np.ix_(p, p)], np.arange(5), w[p], keys, keys)
    assert (first is None) == (second is None)
    if first is not None and second is not None:
        assert KEYS[first.winner] == keys[second.winner]
        assert first.confidence == pytest.approx(second.confidence)


PLACES = ["Sudzha", "Kursk oblast", "Russia", "Belgorod oblast", "Narnia", "Суджа"]
HIERARCHY = (
    Entity("sudzha", "Sudzha", ("Суджа",), part_of=("kursk-oblast",)),
    Entity("kursk-oblast", "Kursk oblast", part_of=("russia",)),
    Entity("belgorod-oblast", "Belgorod oblast", part_of=("russia",)),
    Entity("russia", "Russia"),
)


def _place_report(rows: list[tuple[str, str, str]]) -> tuple[list[tuple], list[str]]:
    claims = [
        Claim(source=s, subject=subj, property="place", value=parse_place(v)) for s, subj, v in rows
    ]
    sources = sorted({s for s, _, _ in rows})
    report = check(ClaimSet([Source(s) for s in sources], HIERARCHY, claims))
    out = [(c.subject, c.value.casefold(), c.confidence, c.basis) for c in report.consensus]
    return sorted(out, key=repr), sorted(f.rule for f in report.findings)


def _canon(value: str) -> str:
    return "sudzha" if value == "суджа" else value


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from("abcde"), st.sampled_from(["x", "y"]), st.sampled_from(PLACES)),
        min_size=1,
        max_size=10,
        unique_by=lambda r: (r[0], r[1]),
    ),
    data=st.data(),
)
def test_place_consensus_ignores_row_order_and_source_names(
    rows: list[tuple[str, str, str]], data: st.DataObject
) -> None:
    perm = data.draw(st.permutations(rows))
    names = data.draw(st.permutations("vwxyz"))
    rename = dict(zip("abcde", names, strict=True))
    got, rules = _place_report(rows)
    again, rules_again = _place_report([(rename[s], subj, v) for s, subj, v in perm])
    assert rules == rules_again
    # the same place (a spelling or its alias may be shown: the smallest spelling wins)
    assert [(s, _canon(v), c, b) for s, v, c, b in got] == [
        (s, _canon(v), c, b) for s, v, c, b in again
    ]


@needs_gazetteer
@pytest.mark.parametrize(
    ("values", "chosen"),
    [
        (["Los Angeles", "California"], "Los Angeles"),  # a reading lies in California
        (["Richmond", "Richmond, Virginia"], "Richmond, Virginia"),  # one of its readings
        (["Vladivostok", "Russia", "Russia"], "Vladivostok"),
        (["Paris, France", "Lyon", "France"], "France"),  # the cities one against one
    ],
)
def test_the_most_specific_place_a_majority_allows(
    tmp_path: Path, values: list[str], chosen: str
) -> None:
    path = tmp_path / "c.yaml"
    ids = [f"s{k}" for k in range(len(values))]
    lines = [
        f"  - {{source: {s}, subject: x, property: born, type: place, value: '{v}'}}"
        for s, v in zip(ids, values, strict=True)
    ]
    sources = ", ".join(f"{{id: {s}}}" for s in ids)
    path.write_text(f"sources: [{sources}]\nclaims:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert _consensus(_json(path), "x")["value"] == chosen
