"""Scoped suppressions: an ignore hides the pairs of its claim (or file), and is reported."""

from __future__ import annotations

import json
import tempfile
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discrepancy.config import Config
from discrepancy.engine import check, compare_group
from discrepancy.errors import ClaimFileError
from discrepancy.io.load import load
from discrepancy.location import Location
from discrepancy.suppress import without_claims
from discrepancy.table import check_table
from discrepancy.verdict import Verdict
from reference.grouping import build_groups
from test_cli import run
from test_engine import claim_set, q
from test_table_identity import _table, claims_file
from test_table_identity import row as TABLE_ROW

WHY = {"Q001": "counts only the first group"}


def refs(pairs: object) -> set[frozenset[str]]:
    return {frozenset((p.a, p.b)) for p in pairs if p.verdict is Verdict.CONFLICT}  # type: ignore[attr-defined]


def test_claim_ignore_keeps_the_conflicts_it_is_not_part_of() -> None:
    report = check(
        claim_set(q("nis", "1,500", ignore=WHY), q("budanov", "11,000"), q("yonhap", "12,000"))
    )
    (f,) = report.findings
    assert refs(f.pairs) == {frozenset({"budanov/c1", "yonhap/c1"})}
    assert [c.ref for c in f.claims] == ["budanov/c1", "yonhap/c1"]
    assert "1,500" not in f.message and "11,000" in f.message
    (s,) = report.suppressed
    assert (s.rule, s.code, s.by, s.claim, s.reason) == (
        "Q001",
        "Q001",
        "claim",
        "nis/c1",
        WHY["Q001"],
    )
    assert (s.pairs, s.whole) == (2, False)
    assert report.summary["suppressed"] == 1


def test_a_suppression_that_hides_the_whole_finding() -> None:
    report = check(claim_set(q("a", "1,500", ignore=WHY), q("b", "12,000")))
    assert report.findings == ()
    (s,) = report.suppressed
    assert (s.pairs, s.whole) == (1, True)
    assert report.to_dict()["suppressed"][0]["claim"] == "a/c1"


def test_an_ignore_that_hides_nothing_is_not_counted() -> None:
    report = check(claim_set(q("a", "12,000", ignore=WHY), q("b", "12,000"), q("c", "1,500")))
    # a agrees with b; c conflicts with both: a's ignore hides a vs c only
    (f,) = report.findings
    assert refs(f.pairs) == {frozenset({"b/c1", "c/c1"})}
    assert report.suppressed[0].pairs == 1
    quiet = check(claim_set(q("a", "12,000", ignore=WHY), q("b", "12,000")))
    assert quiet.findings == () and quiet.suppressed == ()


def test_per_file_ignores_scope_to_that_files_claims() -> None:
    opinion = Location("seeds/opinion/moscow-times.yaml", 3, 5)
    claims = claim_set(
        q("mt", "1,500", location=opinion),
        q("hur", "11,000", location=Location("seeds/hur.yaml", 3, 5)),
        q("yonhap", "12,000", location=Location("seeds/yonhap.yaml", 3, 5)),
    )
    report = check(claims, Config(per_file_ignores={"seeds/opinion/*": ["Q"]}))
    (f,) = report.findings
    assert refs(f.pairs) == {frozenset({"hur/c1", "yonhap/c1"})}
    (s,) = report.suppressed
    assert (s.by, s.glob, s.code, s.claim, s.pairs) == (
        "per-file-ignores",
        "seeds/opinion/*",
        "Q",
        None,
        2,
    )


def test_other_rules_still_see_the_claim() -> None:
    # the claim ignores Q001 only: its own missing reason (E301) is still reported
    report = check(claim_set(q("a", "1,500", ignore={"Q001": ""}), q("b", "12,000")))
    assert [f.rule for f in report.findings] == ["E301"]


@given(
    st.lists(st.sampled_from(["1,500", "10,000", "11,000", "12,000"]), min_size=2, max_size=7),
    st.data(),
)
def test_scoped_equals_checking_without_the_claim(values: list[str], data: st.DataObject) -> None:
    """Property: with one claim ignoring Q001, the finding's conflicting pairs are exactly those
    of the same check run without that claim."""
    claims = [q(f"s{k}", v) for k, v in enumerate(values)]
    drop = data.draw(st.integers(0, len(claims) - 1))
    marked = list(claims)
    marked[drop] = q(f"s{drop}", values[drop], ignore=WHY)
    every = Config(pairs="all")  # findings list every pair, not one per pair of values
    scoped = check(claim_set(*marked), every)
    without = check(claim_set(*(c for k, c in enumerate(claims) if k != drop)), every)
    assert {frozenset(refs(f.pairs)) for f in scoped.findings} == {
        frozenset(refs(f.pairs)) for f in without.findings
    }
    full = check(claim_set(*claims), every)
    hidden = sum(
        1
        for f in full.findings
        for p in f.pairs
        if p.verdict is Verdict.CONFLICT and f"s{drop}/c1" in (p.a, p.b)
    )
    assert sum(s.pairs for s in scoped.suppressed) == hidden


def test_without_claims_remaps_pairs_and_mask() -> None:
    claims = claim_set(*(q(f"s{k}", v) for k, v in enumerate(["1", "2", "3", "4", "5"])))
    (group,), _ = build_groups(claims, Config())
    done = compare_group(group, Config())
    sub = without_claims(done, [1, 3])
    assert [c.ref for c in sub.claims] == ["s0/c1", "s2/c1", "s4/c1"]
    i, j = np.triu_indices(3, 1)
    assert sub.i.tolist() == i.tolist() and sub.j.tolist() == j.tolist()
    assert sub.comparable.tolist() == [True, True, True]
    direct = compare_group(
        build_groups(claim_set(*(claims.claims[k] for k in (0, 2, 4))), Config())[0][0], Config()
    )
    assert sub.verdict.tolist() == direct.verdict.tolist()
    assert sub.magnitude.tolist() == direct.magnitude.tolist()


def _yaml(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def _tutorial_case(folder: Path) -> None:
    for sid, value, extra in (
        ("nis", "1,500", 'ignore: {Q001: "summary bullet counts the first group only"}'),
        ("budanov", "11,000", ""),
        ("yonhap", "12,000", ""),
    ):
        _yaml(
            folder,
            f"{sid}.yaml",
            f"""
            discrepancy: 1
            source: {{id: {sid}}}
            claims:
              - id: troops
                subject: dprk-troops-russia
                property: troops-sent
                value: "{value}"
                {extra}
            """,
        )


def test_cli_reports_the_suppression_in_every_format(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    _tutorial_case(claims)
    code, out, _ = run("check", claims, "--format", "json")
    assert code == 1  # 11,000 vs 12,000 still fails the gate
    report = json.loads(out)
    assert report["summary"]["suppressed"] == 1
    (s,) = report["suppressed"]
    assert s["claim"] == "nis/troops" and s["location"]["path"].endswith("nis.yaml")
    (f,) = report["findings"]
    assert {c["ref"] for c in f["claims"]} == {"budanov/troops", "yonhap/troops"}
    for fmt in ("text", "markdown", "html", "sarif", "github", "junit", "jsonl"):
        _, out, _ = run("check", claims, "--format", fmt, "--no-color")
        assert "1 suppression" in out or '"suppressed"' in out, fmt


def test_baseline_run_says_how_many_findings_it_matched(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    _tutorial_case(claims)
    baseline = tmp_path / "baseline.json"
    assert run("check", claims, "--baseline", baseline, "--update-baseline")[0] == 0
    code, out, _ = run("check", claims, "--baseline", baseline, "--format", "json")
    assert code == 0
    assert json.loads(out)["summary"]["baseline_matched"] == 1
    _, out, _ = run("check", claims, "--baseline", baseline, "--no-color")
    assert "1 known finding matched the baseline" in out
    _, out, _ = run("check", claims, "--format", "json")
    assert "baseline_matched" not in json.loads(out)["summary"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(TABLE_ROW, min_size=2, max_size=10))
def test_table_per_file_ignores_count_as_the_claim_file_engine_does(
    tmp_path: Path, rows: list[dict[str, object]]
) -> None:
    """The table engine (fast Q001 path included) hides and counts what check() does."""
    config = Config(per_file_ignores={"claims.*": ["Q", "L"]})
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one folder per example
    try:
        expected = check(load(claims_file(rows, folder)), config)
    except ClaimFileError as err:  # a label among quantities (E110): the table says so too
        with pytest.raises(ClaimFileError) as table_err:
            check_table(_table(rows), config, path=str(folder / "claims.csv"))
        assert {p.code for p in table_err.value.problems} == {p.code for p in err.problems}
        return
    got = check_table(_table(rows), config, path=str(folder / "claims.csv"))

    def counts(report: object) -> list[tuple[object, ...]]:
        return sorted(
            (s.rule, s.code, s.by, s.subject, s.property, s.scope, s.glob, s.pairs, s.whole)
            for s in report.suppressed  # type: ignore[attr-defined]
        )

    assert counts(got) == counts(expected)
    assert got.summary["findings"] == expected.summary["findings"]
