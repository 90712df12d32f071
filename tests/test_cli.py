"""The command line through real files: exit codes, error lines, formats, baselines."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from discrepancy.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def source_file(folder: Path, sid: str, claims: str, *, published: str = "2024-10-18") -> Path:
    body = textwrap.indent(textwrap.dedent(claims).strip(), "  ")
    text = f"discrepancy: 1\nsource:\n  id: {sid}\n  published: {published}\nclaims:\n{body}\n"
    path = folder / f"{sid}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def troops(folder: Path, sid: str, value: str, *, said_by: str | None = None) -> Path:
    extra = f"\n  said_by: {said_by}" if said_by else ""
    return source_file(
        folder,
        sid,
        f"""
        - id: troops
          subject: dprk-troops-russia
          property: troops-sent
          value: "{value}"{extra}
        """,
    )


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.startswith("discrepancy ") and out.split()[1][0].isdigit()


def test_seeds_json_report() -> None:
    code, out, _ = run("check", SEEDS, "--format", "json")
    assert code in (0, 1)
    report = json.loads(out)
    assert report["schema_version"] == 1
    assert report["tool"]["name"] == "discrepancy"
    assert report["summary"]["sources"] >= 5
    assert report["summary"]["claims"] >= 30


def test_four_figures_one_finding(tmp_path: Path) -> None:
    for sid, value in [
        ("nis", "1,500"),
        ("zelenskyy", "10,000"),
        ("hur", "11,000"),
        ("yonhap", "12,000"),
    ]:
        troops(tmp_path, sid, value)
    code, out, _ = run("check", tmp_path, "--format", "json")
    assert code == 1
    report = json.loads(out)
    (finding,) = report["findings"]
    assert finding["rule"] == "Q001" and finding["severity"] == "error"
    assert finding["magnitude"] == pytest.approx(8.0)
    assert len(finding["pairs"]) == 6
    assert all(p["verdict"] == "conflict" for p in finding["pairs"])
    by_refs = {frozenset((p["a"], p["b"])): p for p in finding["pairs"]}
    assert by_refs[frozenset(("hur/troops", "yonhap/troops"))]["severity"] == "minor"
    assert by_refs[frozenset(("nis/troops", "yonhap/troops"))]["severity"] == "major"
    assert "1,500" in finding["message"] and "12,000" in finding["message"]


def test_clean_folder_exits_0(tmp_path: Path) -> None:
    troops(tmp_path, "a", "about 12,000")
    troops(tmp_path, "b", "approximately 12,000")
    troops(tmp_path, "c", "between 1,500 and 12,000")
    code, out, _ = run("check", tmp_path)
    assert code == 0
    assert "Found 0 findings" in out or "No findings" in out or "0 findings" in out


def test_misspelled_key_exits_2_with_location(tmp_path: Path) -> None:
    path = source_file(
        tmp_path,
        "a",
        """
        - id: troops
          subjcet: dprk-troops-russia
          property: troops-sent
          value: 1500
        """,
    )
    code, out, err = run("check", tmp_path)
    assert code == 2
    assert out == ""
    assert f"{path}:7:" in err
    assert "'subject'" in err
    assert "Traceback" not in err


def test_unparseable_quantity_names_value_line(tmp_path: Path) -> None:
    path = source_file(
        tmp_path,
        "a",
        """
        - id: troops
          subject: dprk-troops-russia
          property: troops-sent
          type: quantity
          value: a great many soldiers
        """,
    )
    code, _, err = run("check", tmp_path)
    assert code == 2
    assert f"{path}:10:" in err
    assert "a great many soldiers" in err
    assert "E110" in err


def test_broken_yaml_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "source:\n  id: a\nclaims: [\n  - {subject: x\n")
    code, _, err = run("check", path)
    assert code == 2
    assert str(path) in err and "E002" in err
    line = err.split(str(path) + ":", 1)[1].split(":", 1)[0]
    assert line.isdigit() and int(line) >= 1


def test_every_problem_of_every_file_is_reported(tmp_path: Path) -> None:
    source_file(tmp_path, "a", "- {subjcet: x, property: p, value: 1}")
    source_file(tmp_path, "b", "- {subject: x, property: p, type: quantity, value: lots}")
    code, _, err = run("check", tmp_path)
    assert code == 2
    assert "a.yaml" in err and "b.yaml" in err
    assert "Found 2 problems" in err


def test_schema_command() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/draft/2020-12")


def test_rules_and_rule() -> None:
    code, out, _ = run("rules")
    assert code == 0
    codes = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert {"Q001", "D001", "S001", "S002", "L001", "A001"} <= set(codes)
    code, out, _ = run("rule", "q001")
    assert code == 0
    assert out.startswith("Q001") and "What" in out
    code, _, err = run("rule", "Q999")
    assert code == 2 and "unknown rule" in err


def test_unknown_format_is_usage_error(tmp_path: Path) -> None:
    code, _, _ = run("check", tmp_path, "--format", "pdf")
    assert code == 2


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("sarif", '"version": "2.1.0"'),
        ("github", "::error file="),
        ("markdown", "|"),
        ("html", "<!DOCTYPE html>"),
        ("junit", "<testsuite"),
        ("jsonl", '"rule":"Q001"'),
    ],
)
def test_formats_exit_1_on_findings(tmp_path: Path, fmt: str, marker: str) -> None:
    troops(tmp_path, "a", "1,500")
    troops(tmp_path, "b", "12,000")
    code, out, _ = run("check", tmp_path, "--format", fmt)
    assert code == 1
    assert marker.lower() in out.lower()


def test_github_annotation_has_line(tmp_path: Path) -> None:
    troops(tmp_path, "a", "1,500")
    troops(tmp_path, "b", "12,000")
    _, out, _ = run("check", tmp_path, "--format", "github")
    first = next(line for line in out.splitlines() if line.startswith("::error"))
    assert ",line=" in first and "a.yaml" in first


def test_output_file_and_report_command(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    troops(claims, "a", "1,500")
    troops(claims, "b", "12,000")
    target = tmp_path / "report.html"
    code, out, err = run("report", claims, "-o", target)
    assert code == 0
    assert out == ""
    html = target.read_text(encoding="utf-8")
    assert "<table" in html and "dprk-troops-russia" in html
    assert str(target) in err


def test_fail_on(tmp_path: Path) -> None:
    source_file(tmp_path, "a", "- {subject: x, property: bases, value: [Ussuriysk, Khabarovsk]}")
    source_file(tmp_path, "b", "- {subject: x, property: bases, value: [Ussuriysk, Vladivostok]}")
    assert run("check", tmp_path)[0] == 0  # a partial is a warning
    assert run("check", tmp_path, "--fail-on", "warning")[0] == 1
    troops(tmp_path, "c", "1,500")
    troops(tmp_path, "d", "12,000")
    assert run("check", tmp_path, "--fail-on", "never")[0] == 0


def test_select_and_ignore(tmp_path: Path) -> None:
    troops(tmp_path, "a", "1,500")
    troops(tmp_path, "b", "12,000")
    assert run("check", tmp_path, "--ignore", "Q")[0] == 0
    assert run("check", tmp_path, "--select", "A001")[0] == 0
    assert run("check", tmp_path, "--select", "Q001")[0] == 1


def test_config_file_is_discovered_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "claims").mkdir()
    troops(tmp_path / "claims", "a", "11,000")
    troops(tmp_path / "claims", "b", "12,000")
    (tmp_path / "discrepancy.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "claims")
    code, _, err = run("check", ".")
    assert code == 0
    assert f"Configuration: {tmp_path / 'discrepancy.toml'}" in err


def test_config_among_the_checked_files_is_reported_not_obeyed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    troops(claims, "a", "1,500")
    troops(claims, "b", "12,000")
    (claims / "discrepancy.toml").write_text('fail-on = "never"\nignore = ["Q"]\n')
    (claims / "sub").mkdir()
    (claims / "sub" / "pyproject.toml").write_text('[tool.discrepancy]\nfail-on = "never"\n')
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "claims")
    assert code == 1
    assert "Configuration: none (defaults)" in err
    assert out.count("E203") == 2
    assert "configuration file among the checked files is not obeyed" in out
    # named explicitly, it is trusted
    assert run("check", "claims", "--config", claims / "discrepancy.toml")[0] == 0


def test_bad_config_key_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    troops(tmp_path, "a", "11,000")
    cfg = tmp_path / "discrepancy.toml"
    cfg.write_text("[quantity]\nmajor-ration = 2\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("check", tmp_path)
    assert code == 2
    assert f"{cfg}:2:" in err and "major-ratio" in err


def test_baseline_roundtrip(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    claims.mkdir()
    troops(claims, "a", "1,500")
    troops(claims, "b", "12,000")
    baseline = tmp_path / "baseline.json"
    assert run("check", claims, "--baseline", baseline, "--update-baseline")[0] == 0
    assert json.loads(baseline.read_text())["findings"]
    assert run("check", claims, "--baseline", baseline)[0] == 0
    # moving the claim within its file keeps the finding known
    text = (claims / "a.yaml").read_text()
    (claims / "a.yaml").write_text("# moved down\n\n" + text)
    assert run("check", claims, "--baseline", baseline)[0] == 0
    # a new conflict in another file is new
    source_file(
        claims,
        "c",
        """
        - {subject: pact, property: signed, type: assertion, value: confirmed}
        """,
    )
    source_file(
        claims,
        "d",
        """
        - {subject: pact, property: signed, type: assertion, value: denied}
        """,
    )
    code, out, _ = run("check", claims, "--baseline", baseline, "--format", "json")
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["A001"]


def test_stale_baseline_entries_are_reported(tmp_path: Path) -> None:
    troops(tmp_path, "a", "1,500")
    troops(tmp_path, "b", "12,000")
    baseline = tmp_path.parent / f"{tmp_path.name}-baseline.json"
    run("check", tmp_path, "--baseline", baseline, "--update-baseline")
    troops(tmp_path, "b", "1,500")  # the conflict is fixed
    code, out, _ = run("check", tmp_path, "--baseline", baseline, "--format", "json")
    assert code == 0
    assert len(json.loads(out)["stale_baseline"]) == 1


def test_update_baseline_needs_baseline(tmp_path: Path) -> None:
    assert run("check", tmp_path, "--update-baseline")[0] == 2


def test_missing_baseline_file_exits_2(tmp_path: Path) -> None:
    troops(tmp_path, "a", "1,500")
    code, _, err = run("check", tmp_path, "--baseline", tmp_path / "nope.json")
    assert code == 2 and "nope.json" in err


def test_hostile_names_render_inert(tmp_path: Path) -> None:
    write(
        tmp_path,
        "x.yaml",
        """
        sources:
          - {id: evil, name: "<script>alert(1)</script>"}
          - {id: other}
        claims:
          - {source: evil, subject: "<img src=x onerror=alert(2)>", property: p, value: 1}
          - {source: other, subject: "<img src=x onerror=alert(2)>", property: p, value: 50}
        """,
    )
    _, html, _ = run("check", tmp_path, "--format", "html")
    _, md, _ = run("check", tmp_path, "--format", "markdown")
    for text in (html, md):
        assert "<img src=x" not in text
        assert "<script>alert(1)" not in text


def test_console_script_subprocess() -> None:
    """The installed entry point runs with no traceback on a missing path."""
    proc = subprocess.run(
        [sys.executable, "-m", "discrepancy", "check", "does-not-exist/"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "does-not-exist" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_table_file_from_the_cli(tmp_path: Path) -> None:
    csv = tmp_path / "claims.csv"
    csv.write_text(
        "source,subject,property,value\n"
        'nis,troops,sent,"1,500"\n'
        'zelenskyy,troops,sent,"10,000"\n'
        'hur,troops,sent,"11,000"\n'
        'yonhap,troops,sent,"about 12,000"\n',
        encoding="utf-8",
    )
    code, out, _ = run("check", csv, "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["summary"]["claims"] == 4
    (finding,) = report["findings"]
    assert finding["rule"] == "Q001" and len(finding["pairs"]) == 6
    assert finding["claims"][0]["location"]["path"] == str(csv)
    assert {c["location"]["line"] for c in finding["claims"]} == {2, 3, 4, 5}


def test_table_and_claim_files_are_checked_together(tmp_path: Path) -> None:
    csv = tmp_path / "claims.csv"
    csv.write_text(
        'source,subject,property,value\na,dprk-troops-russia,troops-sent,"1,500"\n',
        encoding="utf-8",
    )
    troops(tmp_path, "b", "12,000")
    code, out, _ = run("check", csv, tmp_path / "b.yaml", "--format", "json")
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert {c["location"]["path"] for c in finding["claims"]} == {
        str(csv),
        str(tmp_path / "b.yaml"),
    }


def test_findings_list_pairs_between_clusters_unless_all_are_asked(tmp_path: Path) -> None:
    for sid, value in [
        ("a", "1,500"),
        ("b", "1,500"),
        ("c", "1,500"),
        ("d", "12,000"),
        ("e", "12,000"),
    ]:
        troops(tmp_path, sid, value)
    code, out, _ = run("check", tmp_path, "--format", "json")
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert [c["sources"] for c in finding["clusters"]] == [["a", "b", "c"], ["d", "e"]]
    assert [c["speakers"] for c in finding["clusters"]] == [["a", "b", "c"], ["d", "e"]]
    (pair,) = finding["pairs"]
    assert pair["count"] == 6 and sorted(pair["clusters"]) == [0, 1]
    assert pair["verdict"] == "conflict" and pair["magnitude"] == pytest.approx(8.0)

    code, out, _ = run("check", tmp_path, "--format", "json", "--pairs", "all")
    (finding,) = json.loads(out)["findings"]
    assert len(finding["pairs"]) == 10
    agreeing = [p for p in finding["pairs"] if p["verdict"] == "agree"]
    assert len(agreeing) == 4 and all(p["magnitude"] is None for p in agreeing)
