"""The review flow of drafted claims: `status: draft` is read, reported (E303) and kept out of
findings and consensus until accepted, unless --include-drafts."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import discrepancy as dy
from discrepancy.cli import main
from discrepancy.errors import ClaimFileError
from discrepancy.io.load import load


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def source(folder: Path, sid: str, value: str, *, status: str | None = None) -> Path:
    lines = [
        "discrepancy: 1",
        "source:",
        f"  id: {sid}",
        "  published: 2024-10-18",
        "claims:",
        "- id: troops",
        "  subject: dprk-troops-russia",
        "  property: troops-sent",
        f'  value: "{value}"',
    ]
    if status:
        lines.append(f"  status: {status}")
    path = folder / f"{sid}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    source(tmp_path, "insider", "1,500")
    source(tmp_path, "yonhap", "12,000", status="draft")
    return tmp_path


def test_status_is_read(folder: Path) -> None:
    claims = load(folder)
    by_source = {c.source: c for c in claims.claims}
    assert by_source["yonhap"].is_draft and by_source["yonhap"].status == "draft"
    assert not by_source["insider"].is_draft and by_source["insider"].status is None


def test_unknown_status_is_an_error(tmp_path: Path) -> None:
    path = source(tmp_path, "insider", "1,500", status="drfat")
    with pytest.raises(ClaimFileError) as err:
        load(path)
    (problem,) = err.value.problems
    assert problem.code == "E103"
    assert "unknown status 'drfat' (did you mean 'draft'?)" in problem.message
    assert problem.location is not None and problem.location.line == 10


def test_drafts_are_left_out_of_findings_and_consensus(folder: Path) -> None:
    report = dy.check(load(folder))
    assert [f.rule for f in report.findings] == ["E303"]
    (finding,) = report.findings
    assert finding.claims[0].ref == "yonhap/troops"
    assert [c.best for c in report.consensus] == [1500]


def test_include_drafts_compares_them(folder: Path) -> None:
    report = dy.check(load(folder), dy.Config(include_drafts=True))
    assert sorted(f.rule for f in report.findings) == ["E303", "Q001"]


def test_accepting_a_draft_is_deleting_the_status_line(folder: Path) -> None:
    path = folder / "yonhap.yaml"
    path.write_text(path.read_text().replace("\n  status: draft", ""), encoding="utf-8")
    report = dy.check(load(folder))
    assert [f.rule for f in report.findings] == ["Q001"]


def test_cli_warns_and_fails_on_warning(folder: Path) -> None:
    code, out, _ = run("check", folder, "--no-color")
    assert code == 0
    assert "E303 [warning] draft claim yonhap/troops" in out  # the line wraps at 120 columns
    assert "is not reviewed yet" in out
    assert "Q001" not in out
    code, out, _ = run("check", folder, "--fail-on", "warning", "--format", "json")
    assert code == 1
    rules = [f["rule"] for f in json.loads(out)["findings"]]
    assert rules == ["E303"]


def test_cli_include_drafts(folder: Path) -> None:
    code, out, _ = run("check", folder, "--include-drafts", "--format", "json")
    assert code == 1
    assert sorted(f["rule"] for f in json.loads(out)["findings"]) == ["E303", "Q001"]


def test_e303_can_be_ignored(folder: Path) -> None:
    code, out, _ = run("check", folder, "--ignore", "E303", "--fail-on", "warning")
    assert code == 0
    assert "E303" not in out


def test_rule_doc() -> None:
    code, out, _ = run("rule", "E303")
    assert code == 0
    assert out.startswith("E303 draft_claim_present (warning)")
    assert "--include-drafts" in out
