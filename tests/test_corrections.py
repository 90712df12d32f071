"""Corrections and retractions: ``supersedes``, ``retracted``/``reason``, ``denied_by``.

A withdrawn claim leaves findings, agreement and consensus (so an outlet that corrects itself
does not contradict itself) but stays in the report, marked by E304 in every format; a
``supersedes`` that cannot hold is an error at ``file:line:col`` (E125, exit 2). Claim files,
tables and the Python API give the same answers.
"""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import discrepancy as dy
from discrepancy.cli import main
from discrepancy.corrections import link_corrections, set_withdrawn_aside
from discrepancy.errors import ClaimFileError
from discrepancy.model import Claim, ClaimSet, Source
from discrepancy.values import parse_quantity

pl = pytest.importorskip("polars")

from discrepancy.table import check_table, claims_from_table  # noqa: E402


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(folder: Path, sid: str, claims: str, *, published: str = "2023-09-17") -> Path:
    body = textwrap.indent(textwrap.dedent(claims).strip(), "  ")
    path = folder / f"{sid}.yaml"
    path.write_text(
        f"discrepancy: 1\nsource:\n  id: {sid}\n  published: {published}\nclaims:\n{body}\n",
        encoding="utf-8",
    )
    return path


def toll(cid: str, value: str, extra: str = "") -> str:
    lines = [f"- id: {cid}", "  subject: derna-flood", "  property: deaths", f'  value: "{value}"']
    lines += [f"  {line}" for line in extra.splitlines() if line]
    return "\n".join(lines) + "\n"


@pytest.fixture
def flood(tmp_path: Path) -> Path:
    """A ministry that corrects its toll, an agency relaying a figure its origin denies, and a
    wire service that retracted one of its two figures."""
    write(
        tmp_path,
        "ministry",
        toll("toll-1", "5,300") + toll("toll-2", "3,958", "supersedes: toll-1\nreason: recount"),
    )
    write(
        tmp_path,
        "agency",
        toll("relay", "11,300", "said_by: red-crescent\ndenied_by: red-crescent")
        + toll("own", "about 4,000"),
    )
    write(
        tmp_path,
        "wire",
        toll("first", "20,000", "retracted: true\nreason: typo") + toll("second", "about 4,000"),
    )
    return tmp_path


def test_withdrawn_claims_leave_findings_agreement_and_consensus(flood: Path) -> None:
    code, out, _ = run("check", flood, "--format", "json")
    assert code == 0  # the corrected, denied and retracted figures conflict with nothing
    report = json.loads(out)
    assert sorted(f["rule"] for f in report["findings"]) == ["E304"] * 3
    assert report["summary"]["claims"] == 6
    [consensus] = report["consensus"]
    assert 3_800 <= consensus["low"] <= consensus["best"] <= consensus["high"] <= 4_200
    assert "wire" in consensus["support"]  # its second figure; its retracted one weighs nothing
    n = report["agreement"]["n"]
    assert sum(map(sum, n)) == 2 * 3  # three pairs among the three figures left
    assert [row[k] for k, row in enumerate(n)] == [0, 0, 0]  # no source against itself


def test_every_format_marks_each_withdrawn_claim(flood: Path) -> None:
    marks = {
        "ministry/toll-1": "superseded by ministry/toll-2",
        "agency/relay": "denied by red-crescent",
        "wire/first": "retracted: typo",
    }
    for fmt in ("text", "markdown", "html", "sarif", "github", "junit", "jsonl"):
        code, out, _ = run("check", flood, "--format", fmt, "--no-color")
        assert code == 0, fmt
        for ref, mark in marks.items():
            assert ref in out and mark in out, (fmt, ref)
    _, out, _ = run("check", flood, "--format", "json")
    by_ref = {f["claims"][0]["ref"]: f["claims"][0] for f in json.loads(out)["findings"]}
    assert by_ref["ministry/toll-1"]["superseded_by"] == ["ministry/toll-2"]
    assert by_ref["wire/first"]["retracted"] is True
    assert by_ref["wire/first"]["reason"] == "typo"
    assert by_ref["agency/relay"]["denied_by"] == ["red-crescent"]
    assert by_ref["agency/relay"]["withdrawn"] == "denied by red-crescent"


def test_without_the_correction_the_source_contradicts_itself(flood: Path) -> None:
    """The control: the same two figures of one ministry, no `supersedes`, are a conflict."""
    write(flood, "ministry", toll("toll-1", "5,300") + toll("toll-2", "3,958"))
    code, out, _ = run("check", flood, "--format", "json")
    assert code == 1
    [finding] = [f for f in json.loads(out)["findings"] if f["rule"] == "Q001"]
    assert {c["ref"] for c in finding["claims"]} >= {"ministry/toll-1", "ministry/toll-2"}


def test_a_speaker_may_supersede_its_figure_relayed_by_another_outlet(tmp_path: Path) -> None:
    write(tmp_path, "relay", toll("old", "5,300", "said_by: ministry"))
    write(tmp_path, "paper", toll("new", "3,958", "said_by: ministry\nsupersedes: relay/old"))
    write(tmp_path, "other", toll("own", "about 4,000"))
    code, out, _ = run("check", tmp_path, "--format", "json")
    assert code == 0
    [finding] = json.loads(out)["findings"]
    assert finding["claims"][0]["superseded_by"] == ["paper/new"]


BAD = [
    ("supersedes: toll-9", "no claim 'ministry/toll-9' exists"),
    ("supersedes: toll-2", "supersedes itself"),
    ("supersedes: wire/first", "a correction replaces a claim of the same source"),
]


@pytest.mark.parametrize(("extra", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_correction_that_cannot_hold_is_an_error_at_its_line(
    tmp_path: Path, extra: str, message: str
) -> None:
    write(tmp_path, "wire", toll("first", "20,000"))
    path = write(tmp_path, "ministry", toll("toll-1", "5,300") + toll("toll-2", "3,958", extra))
    code, out, err = run("check", tmp_path)
    assert code == 2
    assert out == "" or "nothing was checked" in out + err
    assert f"{path}:14:17: E125" in err
    assert message in err
    assert "Traceback" not in err


def test_a_missing_target_is_never_suggested_as_the_claim_itself(tmp_path: Path) -> None:
    """'did you mean' names another claim, not the one doing the superseding (it can't
    supersede itself)."""
    write(tmp_path, "ministry", toll("toll-2", "3,958", "supersedes: other/toll-2"))
    code, _, err = run("check", tmp_path)
    assert code == 2 and "E125" in err
    assert "did you mean 'ministry/toll-2'" not in err


def test_a_cycle_and_a_stray_reason_are_errors(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ministry",
        toll("a", "5,300", "supersedes: b")
        + toll("b", "3,958", "supersedes: a")
        + toll("c", "4,000", "reason: nobody asked"),
    )
    code, _, err = run("check", tmp_path)
    assert code == 2
    assert err.count("E125") == 3
    assert "leads back to it" in err
    assert f"{path}:16:5: E125 ministry/c gives a 'reason'" in err


def test_retracted_may_give_its_reason_but_not_twice(tmp_path: Path) -> None:
    write(tmp_path, "wire", toll("first", "20,000", "retracted: withdrawn on 16 Sep"))
    claims = dy.load(tmp_path)
    [claim] = claims.claims
    assert (claim.retracted, claim.reason) == (True, "withdrawn on 16 Sep")
    write(tmp_path, "wire", toll("first", "20,000", "retracted: typo\nreason: typo"))
    with pytest.raises(ClaimFileError, match="reason once"):
        dy.load(tmp_path)


# --- tables ----------------------------------------------------------------------------------


def test_table_columns_give_the_same_report_as_claim_files(flood: Path) -> None:
    claims = dy.load(flood)
    table = claims.to_table()
    assert {"supersedes", "retracted", "reason", "denied_by"} <= set(table.columns)
    expected = dy.check(claims).to_dict()
    got = check_table(table, sources=claims.sources_table()).to_dict()
    assert got == expected
    back = claims_from_table(table, sources=claims.sources_table())
    assert back.claims == claims.claims
    assert [(c.supersedes, c.retracted, c.reason, c.denied_by) for c in back.claims] == [
        (c.supersedes, c.retracted, c.reason, c.denied_by) for c in claims.claims
    ]


def test_a_csv_with_a_bad_supersedes_names_its_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "tolls.csv"
    path.write_text(
        "source,claim,subject,property,value,supersedes,retracted,reason,denied_by\n"
        'ministry,t1,flood,deaths,"5,300",,,,\n'
        'ministry,t2,flood,deaths,"3,958",t1,,recount,\n'
        'wire,w1,flood,deaths,"about 4,000",ministry/t1,,,\n'
        'wire,w2,flood,deaths,"20,000",,yes,typo,\n',
        encoding="utf-8",
    )
    code, _, err = run("check", path)
    assert code == 2
    assert f"{path}:4:6: E125 wire/w1" in err
    path.write_text(path.read_text().replace("ministry/t1", ""), encoding="utf-8")
    code, out, _ = run("check", path, "--format", "json")
    assert code == 0
    withdrawn = sorted(f["claims"][0]["ref"] for f in json.loads(out)["findings"])
    assert withdrawn == ["ministry/t1", "wire/w2"]


def test_a_retracted_cell_must_be_true_or_false() -> None:
    table = pl.DataFrame(
        {
            "source": ["a"],
            "subject": ["x"],
            "property": ["n"],
            "value": ["5"],
            "retracted": ["maybe"],
        }
    )
    with pytest.raises(ClaimFileError, match="'retracted' is true or false"):
        check_table(table)


# --- properties ------------------------------------------------------------------------------

_SOURCES = ("a", "b", "c")


@st.composite
def corrected_sets(draw: st.DrawFn) -> ClaimSet:
    """Claims on two facts; some retracted, denied, or superseded by a later claim of their
    source."""
    claims: list[Claim] = []
    for n in range(draw(st.integers(1, 9))):
        source = draw(st.sampled_from(_SOURCES))
        earlier = [c.id for c in claims if c.source == source]
        how = draw(st.sampled_from(["", "", "retracted", "denied", "supersedes"]))
        claims.append(
            Claim(
                source=source,
                subject=draw(st.sampled_from(["flood", "quake"])),
                property="deaths",
                value=parse_quantity(
                    draw(st.sampled_from(["1,000", "about 1,050", "3,958", "11,300"]))
                ),
                id=f"k{n}",
                retracted=how == "retracted",
                denied_by=("ministry",) if how == "denied" else (),
                supersedes=draw(st.sampled_from(earlier))
                if how == "supersedes" and earlier
                else None,
            )
        )
    order = draw(st.permutations(range(len(claims))))
    return ClaimSet(sources=[Source(s) for s in _SOURCES], claims=[claims[k] for k in order])


def _comparison(report: dy.Report) -> dict[str, Any]:
    out = report.to_dict()
    findings = [f for f in out["findings"] if f["rule"] != "E304"]
    for f in findings:  # a kept claim names what it superseded; the plain set has no such name
        for c in f["claims"]:
            c.pop("supersedes", None)
    return {
        "findings": findings,
        "agreement": out["agreement"],
        "consensus": out["consensus"],
    }


@settings(max_examples=40, deadline=None)
@given(corrected_sets())
def test_a_withdrawn_claim_counts_as_if_it_were_not_there(claims: ClaimSet) -> None:
    kept, withdrawn = set_withdrawn_aside(claims)
    report = dy.check(claims)
    # the same claims without those withdrawn (and without naming them)
    plain = attrs.evolve(kept, claims=[attrs.evolve(c, supersedes=None) for c in kept.claims])
    assert _comparison(report) == _comparison(dy.check(plain))
    assert sorted(f.claims[0].ref for f in report.findings if f.rule == "E304") == sorted(
        c.ref for c in withdrawn
    )
    superseded = {c.supersedes and f"{c.source}/{c.supersedes}" for c in claims.claims}
    assert {c.ref for c in withdrawn if c.superseded_by} == superseded - {None}


@given(corrected_sets())
def test_linking_does_not_depend_on_order(claims: ClaimSet) -> None:
    linked, problems = link_corrections(claims.claims)
    back, _ = link_corrections(tuple(reversed(claims.claims)))
    assert problems == []
    assert {c.ref: c.superseded_by for c in linked} == {c.ref: c.superseded_by for c in back}


def test_a_source_with_no_claims_left_is_coded_right_in_agreement() -> None:
    """A source whose claims are all set aside (here a draft; a retraction is the same) and
    whose id sorts first must not shift the other sources' agreement cells."""
    q = parse_quantity
    claims = ClaimSet(
        sources=[Source("aaa"), Source("bbb"), Source("ccc")],
        claims=[
            Claim("aaa", "f", "d", q("5,300"), id="t", status="draft"),
            Claim("bbb", "f", "d", q("1500"), id="x"),
            Claim("ccc", "f", "d", q("1500"), id="y"),
        ],
    )
    agreement = dy.check(claims).to_dict()["agreement"]
    assert agreement["sources"] == ["aaa", "bbb", "ccc"]
    assert agreement["n"] == [[0, 0, 0], [0, 0, 1], [0, 1, 0]]
