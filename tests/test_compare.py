"""Pairwise verdicts per type: the DESIGN table, symmetry, widening, and alignment."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from discrepancy.compare.date import date_arrays, date_verdicts
from discrepancy.compare.label import equality_verdicts, label_codes
from discrepancy.compare.members import SCORER, align, compare_member_sets
from discrepancy.compare.quantity import best_ratio, quantity_arrays, quantity_verdicts
from discrepancy.compare.result import Comparison
from discrepancy.compare.text import EntityIndex, fold
from discrepancy.model import Entity
from discrepancy.values import DateInterval, MemberSet, Quantity, parse_date, parse_quantity
from strategies import date_intervals, member_sets, quantities

AGREE, COMPATIBLE, PARTIAL, CONFLICT = 0, 1, 2, 3


def q_pair(a: Quantity, b: Quantity, *, major_ratio: float = 1.5) -> tuple[int, float, bool]:
    low, best, high = quantity_arrays([a, b], [None, None], None)
    r = quantity_verdicts(low, best, high, np.array([0]), np.array([1]), major_ratio=major_ratio)
    return int(r.verdict[0]), float(r.magnitude[0]), bool(r.major[0])


def d_pair(a: DateInterval, b: DateInterval, *, major_days: float = 7) -> tuple[int, float, bool]:
    start, end = date_arrays([a, b])
    r = date_verdicts(start, end, np.array([0]), np.array([1]), major_days=major_days)
    return int(r.verdict[0]), float(r.magnitude[0]), bool(r.major[0])


def s_pair(a: MemberSet, b: MemberSet, entities: EntityIndex | None = None) -> Comparison:
    return compare_member_sets(
        [a, b],
        np.array([0]),
        np.array([1]),
        entities=entities or EntityIndex(),
        threshold=90,
        major_distance=0.5,
    )


# --- quantity -------------------------------------------------------------------------------


def test_quantity_table() -> None:
    p = parse_quantity
    assert q_pair(p("11,000"), p("about 12,000"))[0] == CONFLICT  # 11,000 < 11,400
    assert q_pair(p("about 12,000"), p("approximately 12,000"))[0] == AGREE
    assert q_pair(p("between 1,500 and 12,000"), p("11,000"))[0] == COMPATIBLE
    assert q_pair(p("over a thousand"), p("1.2 million"))[0] == COMPATIBLE
    assert q_pair(p("12,000"), p("12000"))[0] == AGREE


def test_quantity_magnitude_and_severity() -> None:
    assert q_pair(Quantity.exact(1500), Quantity.exact(12000)) == (CONFLICT, 8.0, True)
    verdict, ratio, major = q_pair(Quantity.exact(11000), Quantity.exact(12000))
    assert (verdict, major) == (CONFLICT, False)
    assert math.isclose(ratio, 12 / 11)
    assert q_pair(Quantity.exact(1), Quantity.exact(2), major_ratio=3)[2] is False


def test_best_ratio_edges() -> None:
    r = best_ratio(np.array([0.0, 0.0, -5.0, -2.0]), np.array([5.0, 0.0, 5.0, -8.0]))
    assert r[0] == math.inf and r[1] == 1.0 and r[2] == math.inf and r[3] == 4.0


def test_quantity_units_convert_before_comparing() -> None:
    low, best, high = quantity_arrays(
        [Quantity.exact(1.609344), Quantity.exact(1)], ["km", "mi"], "km"
    )
    assert np.allclose(best, [1.609344, 1.609344])
    r = quantity_verdicts(low, best, high, np.array([0]), np.array([1]), major_ratio=1.5)
    assert r.verdict[0] == AGREE


@given(quantities(), quantities())
def test_quantity_verdict_symmetric(a: Quantity, b: Quantity) -> None:
    va, ma, ja = q_pair(a, b)
    vb, mb, jb = q_pair(b, a)
    assert (va, ja) == (vb, jb)
    assert ma == mb or (math.isnan(ma) and math.isnan(mb))


@given(quantities(), quantities(), st.floats(0, 1e6), st.floats(0, 1e6))
def test_widening_never_makes_a_quantity_conflict(
    a: Quantity, b: Quantity, down: float, up: float
) -> None:
    before = q_pair(a, b)[0]
    wider = Quantity(a.low - down, a.best, a.high + up)
    after = q_pair(wider, b)[0]
    if before in (AGREE, COMPATIBLE):
        assert after in (AGREE, COMPATIBLE)


@given(quantities(), quantities())
def test_quantity_agree_implies_overlap(a: Quantity, b: Quantity) -> None:
    """Agree means the same best value up to SAME_BEST_RTOL (which absorbs unit-conversion
    rounding), so the intervals overlap once widened by that same tolerance."""
    from discrepancy.compare.quantity import SAME_BEST_RTOL

    if q_pair(a, b)[0] == AGREE:
        tol = SAME_BEST_RTOL * max(abs(a.best), abs(b.best))
        assert a.low <= b.high + tol and b.low <= a.high + tol


def test_conversion_rounding_agrees() -> None:
    assert q_pair(Quantity.exact(1.609344), Quantity.exact(1.609344 * (1 + 1e-12)))[0] == AGREE


@settings(max_examples=50)
@given(st.integers(1, 10**9), st.sampled_from(["about ", "around ", "", "some "]))
def test_agree_survives_reparse(n: int, word: str) -> None:
    text = f"{word}{n:,}"
    a = parse_quantity(text)
    b = parse_quantity(text.replace(",", ""))
    assert q_pair(a, b)[0] == AGREE
    assert q_pair(a, parse_quantity(f"{n}"))[0] in (AGREE, COMPATIBLE)


# --- date -----------------------------------------------------------------------------------


def test_date_table() -> None:
    friday_18 = parse_date("Friday", published=dt.date(2024, 10, 18))
    friday_19 = parse_date("Friday", published=dt.date(2024, 10, 19))
    day = parse_date("2024-10-18")
    assert d_pair(friday_18, day)[0] == AGREE
    assert d_pair(friday_19, day)[0] == AGREE
    june, year, june19 = parse_date("June 2024"), parse_date("2024"), parse_date("2024-06-19")
    assert d_pair(june, year)[0] == COMPATIBLE
    assert d_pair(june19, june)[0] == COMPATIBLE
    assert d_pair(june19, year)[0] == COMPATIBLE
    # partial overlap without containment is compatible too (documented choice)
    a = DateInterval(dt.date(2024, 10, 8), dt.date(2024, 10, 13), "range")
    b = DateInterval(dt.date(2024, 10, 12), dt.date(2024, 10, 20), "range")
    assert d_pair(a, b)[0] == COMPATIBLE


def test_date_gap_and_severity() -> None:
    a = DateInterval(dt.date(2024, 10, 8), dt.date(2024, 10, 13), "range")
    verdict, gap, major = d_pair(a, DateInterval.day(dt.date(2024, 10, 18)))
    assert (verdict, gap, major) == (CONFLICT, 5.0, False)
    assert d_pair(a, DateInterval.day(dt.date(2024, 10, 20)))[1:] == (7.0, True)
    assert (
        d_pair(DateInterval.day(dt.date(2024, 10, 18)), DateInterval.day(dt.date(2024, 10, 19)))[1]
        == 1.0
    )


@given(date_intervals(), date_intervals())
def test_date_verdict_symmetric(a: DateInterval, b: DateInterval) -> None:
    assert d_pair(a, b) == d_pair(b, a)


@given(date_intervals(), date_intervals(), st.integers(0, 400), st.integers(0, 400))
def test_widening_never_makes_a_date_conflict(
    a: DateInterval, b: DateInterval, down: int, up: int
) -> None:
    before = d_pair(a, b)[0]
    lo = max(dt.date.min.toordinal(), a.start.toordinal() - down)
    hi = min(dt.date.max.toordinal(), a.end.toordinal() + up)
    wider = DateInterval(dt.date.fromordinal(lo), dt.date.fromordinal(hi), a.precision)
    if before in (AGREE, COMPATIBLE):
        assert d_pair(wider, b)[0] in (AGREE, COMPATIBLE)


# --- set ------------------------------------------------------------------------------------


def test_set_alignment_and_only() -> None:
    entities = EntityIndex.build([Entity("khabarovsk", "Khabarovsk")])
    insider = MemberSet(["Ussuriysk", "Khabarovsk", "Blagoveshchensk"])
    newslooks = MemberSet(["Ussuriysk", "Хабаровск", "Blagoveshchensk", "Vladivostok"])
    r = s_pair(insider, newslooks, entities)
    assert int(r.verdict[0]) == PARTIAL
    assert r.only_a == ((),) and r.only_b == (("Vladivostok",),)
    assert math.isclose(float(r.magnitude[0]), 0.25)
    # without entities, transliteration alone aligns them
    r = s_pair(insider, newslooks)
    assert r.only_b == (("Vladivostok",),)
    assert r.members is not None and r.members[0] == r.members[1][:3]


def test_set_names_written_last_first_align_with_written_order() -> None:
    """A bibliography's "Koenig, Andrew; Moo, Barbara" and a shop's "Andrew Koenig and
    Barbara Moo" name the same two people; "Moo, Barbara" is no "Barbara Koenig"."""
    from discrepancy.values import parse_set

    biblio = parse_set("Koenig, Andrew; Moo, Barbara")
    shop = parse_set("Andrew Koenig and Barbara Moo")
    r = s_pair(biblio, shop)
    assert int(r.verdict[0]) == AGREE and r.only_a == ((),) and r.only_b == ((),)
    r = s_pair(biblio, MemberSet(["Andrew Koenig", "Barbara Koenig"]))
    assert int(r.verdict[0]) == PARTIAL and r.only_a == (("Moo, Barbara",),)


def test_set_complete_list_contradicted_either_side() -> None:
    closed = MemberSet(["Ussuriysk", "Khabarovsk"], complete=True)
    open_ = MemberSet(["Ussuriysk", "Vladivostok"])
    assert int(s_pair(closed, open_).verdict[0]) == CONFLICT
    assert int(s_pair(open_, closed).verdict[0]) == CONFLICT
    # a complete list the other does not contradict: only a subset named -> partial
    assert int(s_pair(closed, MemberSet(["Ussuriysk"])).verdict[0]) == PARTIAL
    assert int(s_pair(closed, MemberSet(["ussuriysk", "KHABAROVSK"])).verdict[0]) == AGREE


def test_fuzzy_spellings_merge_but_entities_do_not() -> None:
    """Merged spellings go by the one more lists write, in any order of the lists; a tie
    goes to the first in content order, not to the first list."""
    lists = [["Blagoveshchensk"], ["Blagoveschensk"], ["Blagoveshchensk"]]
    for order in (lists, lists[::-1], lists[1:] + lists[:1]):
        assert align(order, EntityIndex(), threshold=90) == [("blagoveshchensk",)] * 3
    tie = [["Blagoveshchensk"], ["Blagoveschensk"]]
    for order in (tie, tie[::-1]):
        assert align(order, EntityIndex(), threshold=90) == [("blagoveschensk",)] * 2
    ents = EntityIndex.build([Entity("a", "Kazan"), Entity("b", "Kazany")])
    assert align([["Kazan"], ["Kazany"]], ents, threshold=50) == [("a",), ("b",)]


def _turn(text: str) -> str:
    """The twin's own "Last, First" -> "First Last": two non-empty parts around one comma."""
    parts = text.split(",")
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        return text
    return f"{parts[1].strip()} {parts[0].strip()}"


def reference_align(
    lists: list[list[str]], entities: EntityIndex, *, threshold: float
) -> list[tuple[str, ...]]:
    """The plain double loop the fast path must agree with."""
    keys: list[str] = []
    texts: list[str] = []
    is_entity: list[bool] = []
    for members in lists:
        for m in members:
            ent = entities.entity(m)
            key = ent if ent is not None else fold(m)
            if key not in keys:
                keys.append(key)
                texts.append(fold(m))
                is_entity.append(ent is not None)
    parent = list(range(len(keys)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    def rank(x: int) -> tuple[int, str]:  # more lists writing it first, then content order
        written = sum(
            any((entities.entity(m) or fold(m)) == keys[x] for m in members) for members in lists
        )
        return (-written, keys[x])

    for a in range(len(keys)):
        for b in range(a + 1, len(keys)):
            score = max(
                SCORER(x, y, score_cutoff=threshold)
                for x, y in [
                    (texts[a], texts[b]),
                    (_turn(texts[a]), texts[b]),
                    (texts[a], _turn(texts[b])),
                ]
            )
            if score < max(threshold, 1e-9):
                continue
            ra, rb = find(a), find(b)
            if ra == rb or (is_entity[ra] and is_entity[rb]):
                continue
            if is_entity[rb] or (not is_entity[ra] and rank(rb) < rank(ra)):
                ra, rb = rb, ra
            parent[rb] = ra
    out = []
    for members in lists:
        seen: dict[str, None] = {}
        for m in members:
            ent = entities.entity(m)
            seen[keys[find(keys.index(ent if ent is not None else fold(m)))]] = None
        out.append(tuple(seen))
    return out


_names = st.sampled_from(
    [
        "Khabarovsk",
        "Хабаровск",
        "Khabarovks",
        "Ussuriysk",
        "Ussuriisk",
        "Vladivostok",
        "Vladivostock",
        "Kazan",
        "Blagoveshchensk",
        "Blagoveschensk",
        "Pyongyang",
        "Kursk",
        "Koenig, Andrew",
        "Andrew Koenig",
        "Moo, Barbara E.",
        "Barbara Moo",
        "Washington, D.C.",
        "Washington DC",
    ]
) | st.text("abcdeKhr ,", min_size=1, max_size=8)


@settings(max_examples=200)
@given(
    st.lists(st.lists(_names, min_size=0, max_size=6), min_size=1, max_size=5),
    st.floats(40, 100),
    st.booleans(),
)
def test_fast_alignment_matches_reference(
    lists: list[list[str]], threshold: float, with_entities: bool
) -> None:
    entities = (
        EntityIndex.build([Entity("khabarovsk", "Khabarovsk"), Entity("kursk", "Kursk")])
        if with_entities
        else EntityIndex()
    )
    assert align(lists, entities, threshold=threshold) == reference_align(
        lists, entities, threshold=threshold
    )


def test_scorer_is_what_config_documents() -> None:
    assert SCORER is fuzz.ratio


@given(member_sets(), member_sets())
def test_set_verdict_symmetric(a: MemberSet, b: MemberSet) -> None:
    ab, ba = s_pair(a, b), s_pair(b, a)
    assert int(ab.verdict[0]) == int(ba.verdict[0])
    assert float(ab.magnitude[0]) == float(ba.magnitude[0])
    assert ab.only_a == ba.only_b and ab.only_b == ba.only_a


# --- label / assertion ----------------------------------------------------------------------


def test_labels_normalise_and_use_aliases() -> None:
    ents = EntityIndex.build([Entity("sof", "special forces", aliases=["SOF"])])
    codes = label_codes(["Special  Forces", "SOF", "спецназ", "infantry"], ents)
    r = equality_verdicts(codes, np.array([0, 0, 0]), np.array([1, 2, 3]))
    assert r.verdict.tolist() == [AGREE, CONFLICT, CONFLICT]
    assert r.major.tolist() == [False, True, True]
    assert np.isnan(r.magnitude).all()


@given(st.lists(st.text(max_size=6), min_size=2, max_size=6))
def test_label_verdict_symmetric(texts: list[str]) -> None:
    codes = label_codes(texts, EntityIndex())
    i, j = np.triu_indices(len(texts), k=1)
    assert (equality_verdicts(codes, i, j).verdict == equality_verdicts(codes, j, i).verdict).all()
