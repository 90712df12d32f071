"""check(): grouping, findings, suppressions and the acceptance cases of the founding example."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.config import Config
from discrepancy.engine import check, compare_group, run_rules
from discrepancy.grouping import ComparedGroup
from discrepancy.io.load import load
from discrepancy.location import Location
from discrepancy.model import Claim, ClaimSet, Entity, Source
from discrepancy.rules.registry import rules
from discrepancy.values import (
    DateInterval,
    MemberSet,
    Quantity,
    parse_assertion,
    parse_date,
    parse_quantity,
)
from discrepancy.verdict import Level, Severity, Verdict
from reference.grouping import build_groups

FIXTURES = Path(__file__).parent / "fixtures" / "engine"
SUBJECT, PROPERTY = "north-korean-troops", "sent-to-russia"


def q(source: str, text: str, *, id: str = "c1", **kw: object) -> Claim:
    kw.setdefault("subject", SUBJECT)
    kw.setdefault("property", PROPERTY)
    return Claim(source=source, value=parse_quantity(text), raw=text, id=id, **kw)  # type: ignore[arg-type]


def claim_set(*claims: Claim, entities: tuple[Entity, ...] = ()) -> ClaimSet:
    sources = sorted({c.source for c in claims})
    return ClaimSet([Source(s) for s in sources], entities, claims)


FOUR = claim_set(
    q("nis", "1,500", said_by="nis"),
    q("zelenskyy", "10,000"),
    q("hur", "11,000"),
    q("yonhap", "12,000"),
)


def test_four_voices_make_one_finding_with_six_conflicts() -> None:
    report = check(FOUR)
    assert report.groups == 1
    (f,) = report.findings
    assert (f.rule, f.level, f.verdict) == ("Q001", Level.ERROR, Verdict.CONFLICT)
    assert len(f.pairs) == 6
    assert all(p.verdict is Verdict.CONFLICT for p in f.pairs)
    assert f.magnitude == 8.0
    by = {(p.a, p.b): p for p in f.pairs}
    assert by[("hur/c1", "yonhap/c1")].severity is Severity.MINOR
    assert by[("nis/c1", "yonhap/c1")].severity is Severity.MAJOR
    assert by[("nis/c1", "yonhap/c1")].magnitude == 8.0
    assert f.message == (
        "4 sources disagree on north-korean-troops sent-to-russia: 1,500 (nis) vs "
        "10,000 (zelenskyy) vs 11,000 (hur) vs 12,000 (yonhap); largest ratio 8.0"
    )
    assert [c.value for c in f.clusters] == ["1,500", "10,000", "11,000", "12,000"]
    assert len(f.claims) == 4


def test_threshold_comes_from_config() -> None:
    (f,) = check(FOUR, Config(quantity_major_ratio=10)).findings
    assert {p.severity for p in f.pairs} == {Severity.MINOR}


def test_about_vs_exact_and_ranges() -> None:
    (f,) = check(claim_set(q("a", "11,000"), q("b", "about 12,000"))).findings
    assert f.pairs[0].verdict is Verdict.CONFLICT  # 11,000 < 11,400
    assert check(claim_set(q("a", "about 12,000"), q("b", "approximately 12,000"))).findings == ()
    report = check(claim_set(q("a", "between 1,500 and 12,000"), q("b", "11,000")))
    assert report.findings == () and report.groups == 1


def test_clusters_gather_agreeing_claims() -> None:
    report = check(
        claim_set(q("a", "about 12,000"), q("b", "approximately 12,000"), q("c", "1,500"))
    )
    (f,) = report.findings
    assert [c.sources for c in f.clusters] == [("c",), ("a", "b")]
    assert f.clusters[1].value == "about 12,000"


def test_scoped_first_group_is_not_compared_with_the_total() -> None:
    report = check(
        claim_set(q("insider", "1,500", scope={"group": "first"}), q("yonhap", "about 12,000"))
    )
    # each fact has one source: two info notes (N002), nothing compared
    assert [(f.rule, f.level) for f in report.findings] == [("N002", Level.INFO)] * 2
    assert report.groups == 2
    assert report.skipped == ()


def test_subject_aliases_and_units_normalise() -> None:
    ents = (Entity("dprk", "North Korean troops", aliases=["КНДР войска"]),)
    report = check(
        claim_set(
            q("a", "1,500", subject="dprk", unit="soldiers"),
            q("b", "12,000", subject="north  korean TROOPS", unit="Soldier"),
            q("c", "12,000", subject="КНДР войска"),
            entities=ents,
        )
    )
    (f,) = report.findings
    assert f.subject == "dprk" and len(f.claims) == 3


def test_sets_differ_only_by_vladivostok() -> None:
    bases = MemberSet(["Ussuriysk", "Khabarovsk", "Blagoveshchensk"])
    more = MemberSet(["Ussuriysk", "Хабаровск", "Blagoveshchensk", "Vladivostok"])
    report = check(
        claim_set(
            Claim("insider", "dprk", "bases", bases, id="bases"),
            Claim("newslooks", "dprk", "bases", more, id="bases"),
        )
    )
    (f,) = report.findings
    assert (f.rule, f.level, f.verdict) == ("S002", Level.WARNING, Verdict.PARTIAL)
    assert f.pairs[0].only_a == () and f.pairs[0].only_b == ("Vladivostok",)
    assert f.message.endswith("only newslooks names Vladivostok")


def test_complete_list_contradicted() -> None:
    closed = MemberSet(["Ussuriysk", "Khabarovsk"], complete=True)
    report = check(
        claim_set(
            Claim("insider", "dprk", "bases", closed, id="bases"),
            Claim("newslooks", "dprk", "bases", MemberSet(["Ussuriysk", "Vladivostok"]), id="b"),
        )
    )
    (f,) = report.findings
    assert (f.rule, f.level) == ("S001", Level.ERROR)
    assert "insider lists exactly 2 members but newslooks also names Vladivostok" in f.message


def test_confirmed_vs_denied() -> None:
    report = check(
        claim_set(
            Claim("nis", "dprk", "deployed", parse_assertion("confirmed"), raw="confirmed"),
            Claim("kremlin", "dprk", "deployed", parse_assertion("denied"), raw="denied"),
        )
    )
    (f,) = report.findings
    assert (f.rule, f.level, f.magnitude) == ("A001", Level.ERROR, None)
    assert f.pairs[0].severity is Severity.MAJOR
    assert f.message == "2 sources disagree on dprk deployed: confirmed (nis) vs denied (kremlin)"


def test_dates_friday_and_precision() -> None:
    def d(source: str, text: str, published: dt.date | None = None, id: str = "c1") -> Claim:
        value = parse_date(text, published=published)
        return Claim(source, "dprk", "announced", value, id=id, raw=text)

    report = check(
        claim_set(
            d("newslooks", "Friday", dt.date(2024, 10, 18)),
            d("yonhap", "Friday", dt.date(2024, 10, 19)),
            d("insider", "2024-10-18"),
        )
    )
    assert report.findings == ()
    report = check(claim_set(d("a", "June 2024"), d("b", "2024"), d("c", "2024-06-19")))
    assert report.findings == ()
    (f,) = check(claim_set(d("a", "Oct 8-13, 2024"), d("b", "2024-10-23"))).findings
    assert (f.rule, f.magnitude) == ("D001", 10.0)
    assert f.pairs[0].severity is Severity.MAJOR
    assert f.message.endswith("; largest gap 10 days")


def test_units_convert_or_skip() -> None:
    report = check(claim_set(q("a", "1.609344", unit="km"), q("b", "1", unit="mi")))
    assert report.findings == () and report.skipped == ()
    (f,) = check(claim_set(q("a", "1", unit="km"), q("b", "5", unit="mi"))).findings
    assert f.unit == "km"
    assert f.pairs[0].magnitude is not None and abs(f.pairs[0].magnitude - 5 * 1.609344) < 1e-9
    report = check(
        claim_set(q("a", "12", unit="km"), q("b", "12", unit="km"), q("c", "3", unit="kg"))
    )
    (s,) = report.skipped
    assert s.ref == "c/c1"
    assert s.reason.startswith("unit 'kg' cannot be compared with 'km' (")
    assert report.groups == 1


def test_other_type_is_skipped_lone_claim_is_not() -> None:
    report = check(
        claim_set(
            q("a", "12,000"),
            q("b", "12,000"),
            Claim("c", SUBJECT, PROPERTY, MemberSet(["x"]), id="c1"),
            q("d", "5", property="alone"),
        )
    )
    (s,) = report.skipped
    assert s.ref == "c/c1" and "type 'set' cannot be compared with 'quantity'" in s.reason
    assert report.groups == 2


def test_as_of_disjoint_pairs_get_no_verdict() -> None:
    oct_ = DateInterval(dt.date(2024, 10, 1), dt.date(2024, 10, 31), "month")
    dec = DateInterval(dt.date(2024, 12, 1), dt.date(2024, 12, 31), "month")
    report = check(claim_set(q("a", "1,500", as_of=oct_), q("b", "12,000", as_of=dec)))
    assert report.findings == ()
    (f,) = check(
        claim_set(q("a", "1,500", as_of=oct_), q("b", "12,000", as_of=dec), q("c", "11,000"))
    ).findings
    assert {(p.a, p.b) for p in f.pairs} == {("a/c1", "c/c1"), ("b/c1", "c/c1")}
    groups, _ = build_groups(
        claim_set(q("a", "1,500", as_of=oct_), q("b", "12,000", as_of=dec), q("c", "11,000"))
    )
    done = compare_group(groups[0], Config())
    assert done.comparable.tolist() == [False, True, True]
    assert done.i.tolist() == [0, 1] and done.j.tolist() == [2, 2]


def test_a_source_that_contradicts_itself() -> None:
    (f,) = check(claim_set(q("insider", "1,500"), q("insider", "11,000", id="c2"))).findings
    assert f.message.startswith("insider contradicts itself on")


def test_suppressions() -> None:
    ok = check(
        claim_set(q("a", "1,500", ignore={"Q001": "counts only the first group"}), q("b", "12,000"))
    )
    assert ok.findings == ()
    (warn,) = check(claim_set(q("a", "1,500", ignore={"Q001": ""}), q("b", "12,000"))).findings
    assert (warn.rule, warn.level) == ("E301", Level.WARNING)
    assert [c.ref for c in warn.claims] == ["a/c1"]
    assert "a/c1 suppresses Q001 without a reason" in warn.message
    prefix = check(claim_set(q("a", "1,500", ignore={"Q": "whole family"}), q("b", "12,000")))
    assert prefix.findings == ()


def test_select_ignore_and_levels() -> None:
    assert check(FOUR, Config(ignore=["Q"])).findings == ()
    assert check(FOUR, Config(select=["S", "E"])).findings == ()
    assert len(check(FOUR, Config(select=["Q"], ignore=["Q0"], levels={})).findings) == 0
    assert len(check(FOUR, Config(select=["Q001"], ignore=["Q"])).findings) == 1
    (f,) = check(FOUR, Config(levels={"Q": "warning"})).findings
    assert f.level is Level.WARNING


def test_per_file_ignores() -> None:
    loc = Location("seeds/opinion/moscow-times.yaml", 3, 5)
    claims = claim_set(q("a", "1,500", location=loc), q("b", "12,000"))
    assert check(claims, Config(per_file_ignores={"seeds/opinion/*": ["Q001"]})).findings == ()
    assert len(check(claims, Config(per_file_ignores={"other/*": ["Q001"]})).findings) == 1


def test_quote_not_in_document() -> None:
    text = "The first group of 1,500 North Korean special forces soldiers arrived in Vladivostok."
    found = q("insider", "1,500", quote="first group of 1,500 north korean  special forces")
    missing = q("insider", "1,500", id="c2", quote="“2,500 special forces soldiers arrived”")
    report = check(claim_set(found, missing), documents={"insider": text})
    (f,) = report.findings
    assert (f.rule, f.level) == ("E302", Level.WARNING)
    assert [c.ref for c in f.claims] == ["insider/c2"]
    assert "closest passage" in f.message and "special forces soldiers arrived" in f.message


def test_quote_checked_on_skipped_claims_too() -> None:
    report = check(
        claim_set(
            q("a", "1", unit="km"),
            q("a", "1", id="c2", unit="km"),
            q("a", "3", id="c3", unit="kg", quote="nowhere"),
        ),
        documents={"a": "some other text"},
    )
    # the kg claim is left out of the km group: listed in skipped and reported (G001)
    assert [f.rule for f in report.findings] == ["E302", "G001"]
    assert len(report.skipped) == 1


def test_documents_read_from_source_files(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("it said 12,000 soldiers", encoding="utf-8")
    src = Source("a", document=str(tmp_path / "doc.txt"))
    missing = Source("b", document=str(tmp_path / "gone.txt"))
    claims = ClaimSet(
        [src, missing], (), [q("a", "12,000", quote="it said 11,000"), q("b", "12,000", quote="x")]
    )
    report = check(claims)
    assert [f.rule for f in report.findings] == ["E302"]
    (w,) = report.warnings
    assert w.code == "E001" and "gone.txt" in w.message


def test_fixture_file_end_to_end() -> None:
    report = check(load([str(FIXTURES / "founding.yaml")]))
    rules_found = [f.rule for f in report.findings]
    assert [r for r in rules_found if r != "N002"] == ["Q001", "A001", "S002"]
    assert report.warnings == () and report.skipped == ()
    json.dumps(report.to_dict(), allow_nan=False)


def test_pure_steps_compose_to_check() -> None:
    config = Config()
    groups, skipped = build_groups(FOUR, config)
    compared = [compare_group(g, config) for g in groups]
    findings = [f for g in compared for f in run_rules(g, config, rules())]
    assert tuple(findings) == check(FOUR).findings
    assert skipped == []


def test_compared_group_contract() -> None:
    groups, _ = build_groups(FOUR)
    done = compare_group(groups[0], Config())
    assert isinstance(done, ComparedGroup)
    assert done.i.dtype.name == "int64" and done.verdict.dtype.name == "int8"
    assert done.magnitude.dtype.name == "float64" and done.major.dtype.name == "bool"
    for name in (
        "claims",
        "i",
        "j",
        "verdict",
        "subject",
        "property",
        "scope",
        "unit",
        "type",
        "members",
    ):
        assert hasattr(done, name)


def test_set_groups_expose_members() -> None:
    groups, _ = build_groups(
        claim_set(
            Claim("a", "s", "p", MemberSet(["Хабаровск", "Kursk"])),
            Claim("b", "s", "p", MemberSet(["Khabarovsk"])),
        )
    )
    done = compare_group(groups[0], Config())
    assert done.members == (("khabarovsk", "kursk"), ("khabarovsk",))


def test_json_has_no_infinities() -> None:
    report = check(claim_set(q("a", "0"), q("b", "5")))
    (f,) = report.findings
    assert f.magnitude is None and f.pairs[0].severity is Severity.MAJOR
    assert "infinite" in f.message
    json.dumps(report.to_dict(), allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 20), min_size=1, max_size=7))
def test_one_finding_iff_some_pair_conflicts(values: list[int]) -> None:
    claims = claim_set(*(q(f"s{k}", str(v)) for k, v in enumerate(values)))
    report = check(claims)
    distinct = len(set(values))
    assert len(report.findings) == (1 if distinct > 1 else 0)
    if report.findings:
        (f,) = report.findings
        n = len(values)
        # one representative pair per pair of distinct values, standing for all their pairs
        between = distinct * (distinct - 1) // 2
        assert len(f.pairs) == min(between, max(10, distinct))
        assert f.pairs_omitted == between - len(f.pairs)
        conflicting = sum(a != b for k, a in enumerate(values) for b in values[k + 1 :])
        assert sum(p.count for p in f.pairs) <= conflicting
        assert f.pairs_omitted or sum(p.count for p in f.pairs) == conflicting
        between = {tuple(sorted(p.clusters)) for p in f.pairs if p.clusters is not None}
        assert len(between) == len(f.pairs) and all(a != b for a, b in between)
        (every,) = check(claims, Config(pairs="all")).findings
        assert len(every.pairs) == n * (n - 1) // 2
        assert all(p.count == 1 and p.clusters is None for p in every.pairs)
        assert every.clusters == f.clusters and every.message == f.message
        assert len(f.clusters) == distinct
        assert [float(c.normalized["best"]) for c in f.clusters] == sorted(
            float(v) for v in set(values)
        )


def test_claims_keep_their_objects() -> None:
    c = q("a", "1,500")
    (f,) = check(claim_set(c, q("b", "9"))).findings
    assert f.claims[0] is c
    assert attrs.evolve(c, id="x").ref == "a/x"


def test_quantity_values_are_quantities() -> None:
    assert isinstance(FOUR.claims[0].value, Quantity)


def test_report_carries_agreement_and_consensus() -> None:
    report = check(FOUR)
    assert report.agreement.sources == ("hur", "nis", "yonhap", "zelenskyy")
    assert report.agreement.n.sum() > 0
    assert report.consensus_run is not None
    (c,) = report.consensus
    assert (c.subject, c.property) == (SUBJECT, PROPERTY)


def test_findings_order_by_level_then_magnitude_then_natural_ids() -> None:
    claims = claim_set(
        q("a", "100", subject="event-10", id="event-10"),
        q("b", "200", subject="event-10", id="event-10"),  # ratio 2
        q("a", "100", subject="event-2", id="event-2"),
        q("b", "200", subject="event-2", id="event-2"),  # ratio 2: natural order puts event-2 first
        q("a", "100", subject="event-3", id="event-3"),
        q("b", "900", subject="event-3", id="event-3"),  # ratio 9: first
    )
    report = check(claims)
    assert [f.subject for f in report.findings] == ["event-3", "event-2", "event-10"]
    shuffled = claim_set(*reversed(claims.claims))
    assert [f.subject for f in check(shuffled).findings] == ["event-3", "event-2", "event-10"]


def test_many_clusters_list_as_many_pairs_as_clusters() -> None:
    values = [100 * 2**k for k in range(12)]  # 12 values, every pair conflicts
    (f,) = check(claim_set(*(q(f"s{k}", str(v)) for k, v in enumerate(values)))).findings
    assert len(f.clusters) == 12
    assert len(f.pairs) == 12 and f.pairs_omitted == 66 - 12
    assert len({tuple(sorted(p.clusters or ())) for p in f.pairs}) == 12


def test_all_pairs_are_built_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    import discrepancy.rules.finding as finding

    def refuse(group: object) -> list[object]:
        raise AssertionError("every claim pair was built")

    monkeypatch.setattr(finding, "pairs", refuse)
    (f,) = check(FOUR).findings
    assert len(f.pairs) == 6
    with pytest.raises(AssertionError, match="every claim pair"):
        list(check(FOUR, Config(pairs="all")).findings)  # findings are built when read
