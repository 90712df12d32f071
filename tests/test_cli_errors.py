"""CLI misuse: every usage, config and output error exits 2 with one line, never a traceback;
outputs are written atomically; ``report`` honours ``--fail-on`` when given."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discrepancy.atomic_write import write_text_atomic
from discrepancy.rules.registry import rules
from discrepancy.rules.selectors import selector_problem, suggest
from test_cli import ROOT, run, troops

CODES = [r.code for r in rules()]


def conflict(folder: Path) -> Path:
    troops(folder, "a", "1,500")
    troops(folder, "b", "12,000")
    return folder


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("discrepancy: error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--select", "X999"], "unknown rule code or prefix 'X999'; rule codes start with"),
        (["--select", "Q01"], "did you mean 'Q001'"),
        (["--select", "q002"], "did you mean 'Q001'"),
        (["--ignore", "Q001,S0O1"], "--ignore has unknown rule code or prefix 'S0O1'"),
        (["--select", ","], "--select needs at least one rule code"),
        (["--consensus", "bogus"], "unknown consensus method 'bogus'"),
        (["--consensus", "majorty"], "did you mean 'majority'"),
    ],
)
def test_bad_options_exit_2_with_one_line(tmp_path: Path, argv: list[str], expected: str) -> None:
    code, out, err = run("check", conflict(tmp_path), *argv)
    assert code == 2
    assert out == ""
    assert expected in one_error_line(err)


def test_known_prefixes_still_select(tmp_path: Path) -> None:
    conflict(tmp_path)
    assert run("check", tmp_path, "--select", "q")[0] == 1
    assert run("check", tmp_path, "--select", "Q00")[0] == 1
    assert run("check", tmp_path, "--ignore", "Q0")[0] == 0


def test_output_into_missing_folder_or_onto_a_folder(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    claims = conflict(tmp_path / "c")
    code, _, err = run("check", claims, "-o", tmp_path / "nope" / "r.json")
    assert code == 2
    assert "folder" in one_error_line(err) and "does not exist" in err
    code, _, err = run("check", claims, "-o", tmp_path)
    assert code == 2
    assert "it is a folder" in one_error_line(err)
    code, _, err = run(
        "check", claims, "--baseline", tmp_path / "x" / "b.json", "--update-baseline"
    )
    assert code == 2
    assert "cannot write the baseline" in one_error_line(err)


def test_unwritable_folder_leaves_existing_report_untouched(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    claims = tmp_path / "c"
    claims.mkdir()
    conflict(claims)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "r.json"
    target.write_text("old", encoding="utf-8")
    out_dir.chmod(0o555)
    try:
        code, _, err = run("check", claims, "--format", "json", "-o", target)
    finally:
        out_dir.chmod(0o755)
    assert code == 2
    assert "cannot write the report" in one_error_line(err)
    assert target.read_text(encoding="utf-8") == "old"


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("previous report", encoding="utf-8")

    def boom(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="No space"):
        write_text_atomic(target, "new report")
    assert target.read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temp file left


def test_failed_write_through_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    claims = tmp_path / "c"
    claims.mkdir()
    conflict(claims)
    target = tmp_path / "r.json"
    target.write_text("previous report", encoding="utf-8")

    def boom(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    code, _, err = run("check", claims, "--format", "json", "-o", target)
    assert code == 2
    assert one_error_line(err).endswith("No space left on device")
    assert target.read_text(encoding="utf-8") == "previous report"


def test_atomic_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_text_atomic(target, "néw")
    assert target.read_text(encoding="utf-8") == "néw"
    assert target.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "fresh.txt"
    write_text_atomic(fresh, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask


def test_report_honours_fail_on_only_when_given(tmp_path: Path) -> None:
    claims = tmp_path / "c"
    claims.mkdir()
    conflict(claims)
    target = tmp_path / "r.html"
    assert run("report", claims, "-o", target)[0] == 0
    assert run("report", claims, "-o", target, "--fail-on", "error")[0] == 1
    assert run("report", claims, "-o", target, "--fail-on", "never")[0] == 0
    assert target.is_file()


def test_subprocess_prints_no_traceback(tmp_path: Path) -> None:
    conflict(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for argv in (["-o", str(tmp_path)], ["--consensus", "bogus"], ["--select", "Q01"]):
        proc = subprocess.run(
            [sys.executable, "-m", "discrepancy", "check", str(tmp_path), *argv],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert proc.returncode == 2, proc.stderr
        one_error_line(proc.stderr)


@given(st.sampled_from(CODES))
def test_every_code_and_prefix_is_a_valid_selector(code: str) -> None:
    for k in range(1, len(code) + 1):
        assert selector_problem(code[:k].lower(), CODES, option="--select") is None


@given(st.sampled_from(CODES), st.integers(0, 3), st.sampled_from("0123456789"))
def test_a_one_character_typo_suggests_something_close(code: str, at: int, digit: str) -> None:
    typo = code[: at + 1] + digit + code[at + 2 :]
    if any(c.startswith(typo) for c in CODES):
        return
    hints = suggest(typo, CODES)
    assert hints
    assert code in suggest(typo, CODES, limit=len(CODES) * 4)
