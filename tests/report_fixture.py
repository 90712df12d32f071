"""One hand-built report for the renderer tests, made from the model classes (no engine).

``fixture_report()`` is the founding example in miniature: four sources, a quantity conflict
(1,500 / around 10,000 / at least 11,000 / about 12,000) with its pairs, a set partial with
``only_a``/``only_b``, an assertion conflict, an agreement matrix with one n = 0 cell, a
consensus table and one skipped claim. ``hostile_report()`` is the same shape filled with text
that tries to break out of every format.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from discrepancy.agreement import Agreement, SourceAgreement
from discrepancy.consensus.result import Consensus, ConsensusRun
from discrepancy.errors import Problem
from discrepancy.findings import Cluster, Finding, Pair
from discrepancy.location import Location
from discrepancy.model import Claim, ClaimSet, Source
from discrepancy.report import Report, Skipped
from discrepancy.values import Assertion, DateInterval, MemberSet, Quantity
from discrepancy.verdict import Severity, Verdict

NAN = float("nan")
INF = float("inf")
CONFLICT = Verdict.CONFLICT


def _norm(claim: Claim) -> dict[str, object]:
    return dict(claim.value.to_dict())


def _loc(source: str, line: int, column: int = 12) -> Location:
    return Location(f"seeds/{source}.yaml", line, column)


def fixture_report() -> Report:
    sources = (
        Source("insider", "The Insider", dt.date(2024, 10, 18)),
        Source("moscow-times", "The Moscow Times", dt.date(2024, 10, 21)),
        Source("newslooks", "Newslooks", dt.date(2024, 10, 18)),
        Source("yonhap-relay", "Yonhap relay", dt.date(2024, 10, 18)),
    )
    subject, prop, unit = "dprk-troops-russia", "troops", "soldiers"
    first = Claim(
        "insider",
        subject,
        prop,
        value=Quantity.exact(1500),
        id="troops-first",
        unit=unit,
        raw="1,500",
        said_by="nis",
        quote="the first group of 1,500 North Korean special forces soldiers",
        location=_loc("insider", 14),
    )
    planned = Claim(
        "newslooks",
        subject,
        prop,
        value=Quantity(9500, 10000, 10500),
        id="troops-planned",
        unit=unit,
        raw="around 10,000",
        said_by="zelenskyy",
        location=_loc("newslooks", 22),
    )
    budanov = Claim(
        "insider",
        subject,
        prop,
        value=Quantity(11000, 11000, INF),
        id="troops-budanov",
        unit=unit,
        raw="at least 11,000",
        said_by="budanov",
        via=["the-war-zone"],
        location=_loc("insider", 31),
    )
    total = Claim(
        "yonhap-relay",
        subject,
        prop,
        value=Quantity(11400, 12000, 12600),
        id="troops-total",
        unit=unit,
        raw="about 12,000",
        said_by="nis",
        via=["yonhap"],
        location=_loc("yonhap-relay", 9),
    )

    def q(
        a: Claim, b: Claim, verdict: Verdict, severity: Severity | None, magnitude: float | None
    ) -> Pair:
        return Pair(a.ref, b.ref, verdict, severity, magnitude)

    troops = Finding(
        rule="Q001",
        level="error",
        verdict="conflict",
        magnitude=8.0,
        subject="dprk-troops-russia",
        property="troops",
        message="4 sources give troops from 1,500 to about 12,000 (×8.0)",
        claims=(first, budanov, planned, total),
        pairs=(
            q(first, budanov, CONFLICT, Severity.MAJOR, 11000 / 1500),
            q(first, planned, CONFLICT, Severity.MAJOR, 10000 / 1500),
            q(first, total, CONFLICT, Severity.MAJOR, 8.0),
            q(budanov, planned, CONFLICT, Severity.MINOR, 1.1),
            q(budanov, total, Verdict.COMPATIBLE, None, None),
            q(planned, total, CONFLICT, Severity.MINOR, 1.2),
        ),
        clusters=(
            Cluster("1,500", _norm(first), ["insider"], [first.ref]),
            Cluster("around 10,000", _norm(planned), ["newslooks"], [planned.ref]),
            Cluster(
                "about 12,000",
                _norm(total),
                ["insider", "yonhap-relay"],
                [budanov.ref, total.ref],
            ),
        ),
        unit="soldiers",
        type="quantity",
    )

    bases_insider = Claim(
        "insider",
        "dprk-troops-russia",
        "bases",
        MemberSet(["Ussuriysk", "Khabarovsk", "Blagoveshchensk"]),
        id="bases",
        raw="Ussuriysk, Khabarovsk and Blagoveshchensk",
        scope={"group": "first"},
        location=_loc("insider", 40),
    )
    bases_mt = Claim(
        "moscow-times",
        "dprk-troops-russia",
        "bases",
        MemberSet(["Хабаровск", "Ussuriysk", "Vladivostok"]),
        id="bases",
        raw="Хабаровск, Ussuriysk, Vladivostok and other locations",
        scope={"group": "first"},
        location=_loc("moscow-times", 17, 5),
    )
    bases = Finding(
        rule="S002",
        level="warning",
        verdict="partial",
        magnitude=0.5,
        subject="dprk-troops-russia",
        property="bases",
        message="2 sources name different bases; no list is claimed complete",
        claims=(bases_insider, bases_mt),
        pairs=(
            Pair(
                bases_insider.ref,
                bases_mt.ref,
                "partial",
                Severity.MINOR,
                0.5,
                only_a=["Blagoveshchensk"],
                only_b=["Vladivostok"],
            ),
        ),
        clusters=(
            Cluster(
                bases_insider.raw_text,
                _norm(bases_insider),
                ["insider"],
                [bases_insider.ref],
            ),
            Cluster(bases_mt.raw_text, _norm(bases_mt), ["moscow-times"], [bases_mt.ref]),
        ),
        scope=(("group", "first"),),
        type="set",
    )

    combat_yes = Claim(
        "moscow-times",
        "dprk-troops-russia",
        "in-combat",
        Assertion(True),
        id="combat",
        raw="confirmed",
        location=_loc("moscow-times", 25, 5),
    )
    combat_no = Claim(
        "newslooks",
        "dprk-troops-russia",
        "in-combat",
        Assertion(False),
        id="combat",
        raw="no",
        said_by="nis",
        location=_loc("newslooks", 30),
    )
    combat = Finding(
        rule="A001",
        level="error",
        verdict="conflict",
        magnitude=None,
        subject="dprk-troops-russia",
        property="in-combat",
        message="moscow-times says confirmed, newslooks says no",
        claims=(combat_yes, combat_no),
        pairs=(Pair(combat_yes.ref, combat_no.ref, "conflict", Severity.MAJOR, None),),
        clusters=(
            Cluster("confirmed", _norm(combat_yes), ["moscow-times"], [combat_yes.ref]),
            Cluster("no", _norm(combat_no), ["newslooks"], [combat_no.ref]),
        ),
        type="assertion",
    )

    skipped_claim = Claim(
        "yonhap-relay",
        "dprk-troops-russia",
        "cost",
        Quantity.exact(2),
        id="cost",
        raw="2 million",
        unit="USD",
        location=_loc("yonhap-relay", 30),
    )
    claims = ClaimSet(
        sources=sources,
        claims=(
            first,
            budanov,
            bases_insider,
            planned,
            combat_no,
            bases_mt,
            combat_yes,
            total,
            skipped_claim,
        ),
    )

    ids = [s.id for s in sources]
    matrix = np.array(
        [
            [1.0, 0.5, 0.0, 0.5],
            [0.5, 1.0, 0.0, NAN],
            [0.0, 0.0, 1.0, 0.0],
            [0.5, NAN, 0.0, 1.0],
        ]
    )
    n = np.array([[2, 2, 2, 2], [2, 1, 1, 0], [2, 1, 2, 1], [2, 0, 1, 1]])
    agreement = Agreement(
        ids,
        matrix,
        n,
        per_source=[
            SourceAgreement("insider", 2, 6, 1 / 3, 0.0968, 0.7, 1, 2, 0.5, 0.61),
            SourceAgreement("moscow-times", 1, 3, 1 / 3, 0.0615, 0.7923, 0, 1, 0.0, 0.4),
            SourceAgreement("newslooks", 0, 4, 0.0, 0.0, 0.4899, 0, 2, 0.0, 0.35),
            SourceAgreement("yonhap-relay", 1, 3, 1 / 3, 0.0615, 0.7923, 1, 1, 1.0, 0.72),
        ],
    )
    consensus = (
        Consensus(
            "dprk-troops-russia",
            "bases",
            "set",
            "Ussuriysk, Khabarovsk",
            support=["insider", "moscow-times"],
            scope=(("group", "first"),),
            members=(
                ("Khabarovsk", 1.0),
                ("Ussuriysk", 1.0),
                ("Blagoveshchensk", 0.5),
                ("Vladivostok", 0.5),
            ),
            confidence=0.5,
        ),
        Consensus(
            "dprk-troops-russia",
            "in-combat",
            "assertion",
            "true",
            best=True,
            support=["moscow-times"],
            dissent=["newslooks"],
            confidence=0.53,
        ),
        Consensus(
            "dprk-troops-russia",
            "troops",
            "quantity",
            "about 12,000",
            low=11000,
            best=12000,
            high=12600,
            support=["insider", "yonhap-relay"],
            dissent=["newslooks"],
            unit="soldiers",
            confidence=0.71,
        ),
    )
    run = ConsensusRun(
        "truthfinder",
        iterations=7,
        converged=True,
        reliability=(
            ("insider", 0.61),
            ("moscow-times", 0.4),
            ("newslooks", 0.35),
            ("yonhap-relay", 0.72),
        ),
    )
    return Report(
        claims,
        findings=(troops, bases, combat),
        groups=5,
        skipped=(
            Skipped(
                "yonhap-relay/cost",
                "unit 'USD' is not comparable with 'KRW' (insider/cost)",
                _loc("yonhap-relay", 30),
            ),
        ),
        agreement=agreement,
        consensus=consensus,
        consensus_run=run,
        warnings=(Problem("W001", "suppression of Q001 has no reason", _loc("newslooks", 24, 7)),),
    )


#: Strings that try to break out of each format.
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
NASTY = (
    "a | b\nc\r\n`code` [link](javascript:alert(3)) **bold** %25 :: , = ; "
    "\x1b[31mred\x00\x07\x0b \u202e esrever & \"q\" 'q' </details> ]]> --> -->"
)


def hostile_report() -> Report:
    """Every user-controlled string is hostile; location paths too."""
    sources = (Source(SCRIPT, SCRIPT), Source("ok", IMG))
    path = "dir/" + IMG + "/x,y:z%.yaml"
    a = Claim(
        SCRIPT,
        IMG,
        NASTY,
        Quantity.exact(1),
        id=SCRIPT,
        raw=NASTY,
        said_by=IMG,
        via=[SCRIPT],
        quote=NASTY,
        scope={IMG: NASTY},
        unit=NASTY,
        location=Location(path, 3, 4),
        as_of=DateInterval.day(dt.date(2024, 10, 17)),  # two days: the finding has a timeline
    )
    b = Claim(
        "ok",
        IMG,
        NASTY,
        Quantity(5, 6, INF),
        id=IMG,
        raw=IMG,
        location=Location(path, 0, 0),
        as_of=DateInterval(dt.date(2024, 10, 18), dt.date(2024, 10, 20), "range"),
    )
    finding = Finding(
        rule="Q001",
        level="error",
        verdict="conflict",
        magnitude=INF,
        subject=IMG,
        property=NASTY,
        message=NASTY + " " + SCRIPT + " " + IMG,
        claims=(a, b),
        pairs=(Pair(a.ref, b.ref, "conflict", Severity.MAJOR, NAN, only_a=[SCRIPT], only_b=[IMG]),),
        clusters=(Cluster(IMG, {"members": [SCRIPT]}, [SCRIPT], [a.ref]),),
        scope=((IMG, NASTY),),
        unit=NASTY,
        type="quantity",
    )
    nolocation = Finding(
        rule=SCRIPT,
        level="warning",
        verdict="partial",
        magnitude=None,
        subject=SCRIPT,
        property=IMG,
        message=SCRIPT,
        claims=(Claim("ok", SCRIPT, IMG, Assertion(True), id="x", raw=True),),
    )
    agreement = Agreement(
        [SCRIPT, "ok"],
        np.array([[NAN, 0.5], [0.5, 1.0]]),
        np.array([[0, 2], [2, 1]]),
        per_source=[SourceAgreement(SCRIPT, 1, 2, 0.5, NAN, INF, reliability=NAN)],
    )
    return Report(
        ClaimSet(sources=sources, claims=(a, b)),
        findings=(finding, nolocation),
        groups=2,
        skipped=(Skipped(IMG, SCRIPT + NASTY, Location(path, 1, 1)),),
        agreement=agreement,
        consensus=(
            Consensus(
                IMG,
                NASTY,
                "quantity",
                SCRIPT,
                low=NAN,
                best=INF,
                high=IMG,
                support=[SCRIPT],
                dissent=[IMG],
                members=((SCRIPT, 0.5),),
            ),
        ),
        consensus_run=ConsensusRun(SCRIPT, reliability=((SCRIPT, NAN),)),
        warnings=(Problem(SCRIPT, NASTY, Location(path, 2, 2)),),
        stale_baseline=(SCRIPT, IMG),
    )
