"""Claim files and tables in one run of the real command: one claim set, one engine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

pl = pytest.importorskip("polars")

import discrepancy as dy  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _cli(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "discrepancy", *map(str, argv)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_a_claim_file_and_a_table_are_checked_together(tmp_path: Path) -> None:
    (tmp_path / "insider.yaml").write_text(
        "source: {id: insider, published: 2024-10-18}\n"
        "claims:\n"
        "  - {id: sent, subject: troops, property: sent, value: '12,000'}\n"
        "  - {id: met, subject: talks, property: held, value: Friday, type: date}\n",
        encoding="utf-8",
    )
    (tmp_path / "wire.csv").write_text(
        "source,subject,property,value,type,published\n"
        'wire,troops,sent,"1,500",,2024-10-20\n'
        "wire,talks,held,Friday,date,2024-10-20\n",
        encoding="utf-8",
    )
    done = _cli("check", "insider.yaml", "wire.csv", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["summary"]["sources"] == 2
    assert report["summary"]["claims"] == 4
    rules = sorted(f["rule"] for f in report["findings"])
    assert rules == ["Q001"]  # both Fridays are 2024-10-18
    where = {c["ref"]: c["location"] for f in report["findings"] for c in f["claims"]}
    assert where["insider/sent"]["path"] == "insider.yaml"
    assert where["wire/c1"] == {"path": "wire.csv", "line": 2, "column": 0}


def test_the_seeds_as_a_parquet_table_give_the_seeds_report(tmp_path: Path) -> None:
    claims = dy.load([ROOT / "seeds"])
    claims.to_table().write_parquet(tmp_path / "seeds.parquet")
    done = _cli("check", tmp_path / "seeds.parquet", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    got = json.loads(done.stdout)
    # the command line reads no entities or sources table beside a table: the same claims
    # without entities give the same findings (at the claim files' lines), agreement and
    # consensus
    expected = dy.check(attrs.evolve(claims, entities=())).to_dict()
    assert got["findings"] and got["findings"][0]["claims"][0]["location"]["path"].endswith(".yaml")
    for key in ("findings", "skipped", "agreement", "consensus", "consensus_method"):
        assert got[key] == expected[key], key


def test_a_bad_table_beside_claim_files_is_an_error_naming_its_row(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "source: {id: a}\nclaims:\n  - {subject: x, property: y, value: 1}\n", encoding="utf-8"
    )
    (tmp_path / "b.csv").write_text("source,subject,property,best\nb,x,y,many\n", "utf-8")
    done = _cli("check", "a.yaml", "b.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "b.csv:2:4: E110" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_issue_example_gives_one_answer_from_yaml_and_from_csv(tmp_path: Path) -> None:
    """One source, 1500 as of 2023-05 and 'between 1,000 and 2,000' as of 2024: not a
    self-contradiction (the claims are of different times and say the same best value)."""
    (tmp_path / "a.yaml").write_text(
        "source: {id: a}\n"
        "claims:\n"
        "  - {subject: x, property: n, value: 1500, as_of: 2023-05}\n"
        "  - {subject: x, property: n, value: 'between 1,000 and 2,000', as_of: '2024'}\n",
        encoding="utf-8",
    )
    (tmp_path / "a.csv").write_text(
        'source,subject,property,value,as_of\na,x,n,1500,2023-05\na,x,n,"between 1,000 and 2,000",2024\n',
        encoding="utf-8",
    )
    runs = [_cli("check", name, "--format", "json", cwd=tmp_path) for name in ("a.yaml", "a.csv")]
    yaml_report, csv_report = (json.loads(r.stdout) for r in runs)
    for report in (yaml_report, csv_report):
        (consensus,) = report["consensus"]
        assert (consensus["best"], consensus["support"], consensus["dissent"]) == (1500, ["a"], [])
        # both claims match the consensus: (2 hits + 0.8 x 1 pseudo-claim) / (2 + 1)
        assert report["consensus_method"]["reliability"] == {"a": round(2.8 / 3, 6)}
    assert yaml_report["consensus"] == csv_report["consensus"]
    assert yaml_report["agreement"] == csv_report["agreement"]
