"""Hostile inputs end in one clear line each and exit 2: never a traceback, never a hang."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.cli import main
from discrepancy.errors import ClaimFileError
from discrepancy.io import Limits, yaml_reader
from discrepancy.io.yaml_reader import ReadError, read_yaml

pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev are POSIX")

GOOD = "source: {id: a}\nclaims:\n  - {subject: s, property: p, value: 1}\n"


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def attack(tmp_path: Path, name: str) -> list[str]:
    """Build the attack file ``name`` in ``tmp_path``; the CLI arguments that use it."""
    good = tmp_path / "good.yaml"
    good.write_text(GOOD)
    if name == "empty table":
        (tmp_path / "t.csv").write_text("")
        return ["check", str(tmp_path / "t.csv")]
    if name == "header-only CSV":
        (tmp_path / "t.csv").write_text("source,subject,property,value\n")
        return ["check", str(tmp_path / "t.csv")]
    if name == "duplicate columns":
        (tmp_path / "t.csv").write_text("source,subject,property,value,value\na,s,p,1,2\n")
        return ["check", str(tmp_path / "t.csv")]
    if name == "deep baseline":
        (tmp_path / "b.json").write_text("[" * 100_000 + "]" * 100_000)
        return ["check", str(good), "--baseline", str(tmp_path / "b.json")]
    if name == "baseline with duplicate keys":
        (tmp_path / "b.json").write_text(
            '{"discrepancy_baseline": 1, "findings": [], "findings": []}'
        )
        return ["check", str(good), "--baseline", str(tmp_path / "b.json")]
    if name == "baseline of another version":
        (tmp_path / "b.json").write_text('{"discrepancy_baseline": 99, "findings": []}')
        return ["check", str(good), "--baseline", str(tmp_path / "b.json")]
    if name == "FIFO claim file":
        os.mkfifo(tmp_path / "pipe.yaml")
        return ["check", str(tmp_path)]
    if name == "FIFO baseline":
        os.mkfifo(tmp_path / "b.json")
        return ["check", str(good), "--baseline", str(tmp_path / "b.json")]
    if name == "FIFO table":
        os.mkfifo(tmp_path / "t.csv")
        return ["check", str(tmp_path / "t.csv")]
    if name == "device as claim file":
        return ["check", "/dev/zero"]
    if name == "device as baseline":
        return ["check", str(good), "--baseline", "/dev/zero"]
    if name == "device symlinked in a folder":
        (tmp_path / "zero.yaml").symlink_to("/dev/zero")
        return ["check", str(tmp_path)]
    if name == "symlink loop":
        (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
        return ["check", str(tmp_path)]
    if name == "symlink loop named":
        (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
        return ["check", str(tmp_path / "loop.yaml")]
    if name == "update baseline into a missing folder":
        return [
            "check",
            str(good),
            "--baseline",
            str(tmp_path / "no" / "b.json"),
            "--update-baseline",
        ]
    if name == "output into a missing folder":
        return ["check", str(good), "-o", str(tmp_path / "no" / "r.txt")]
    if name == "document outside the project":
        good.write_text(GOOD.replace("{id: a}", "{id: a, document: /etc/passwd}"))
        return ["check", str(good)]
    if name == "control character in YAML":
        good.write_text(GOOD.replace("value: 1", 'value: "1\x1b[2J"'))
        return ["check", str(good)]
    if name == "infinite value":
        good.write_text(GOOD.replace("value: 1", "value: .inf"))
        return ["check", str(good)]
    raise AssertionError(name)


ATTACKS = [
    "empty table",
    "header-only CSV",
    "duplicate columns",
    "deep baseline",
    "baseline with duplicate keys",
    "baseline of another version",
    "FIFO claim file",
    "FIFO baseline",
    "FIFO table",
    "device as claim file",
    "device as baseline",
    "device symlinked in a folder",
    "symlink loop",
    "symlink loop named",
    "update baseline into a missing folder",
    "output into a missing folder",
    "document outside the project",
    "control character in YAML",
    "infinite value",
]


@posix_only
@pytest.mark.parametrize("name", ATTACKS)
def test_attack_files_exit_2_with_clear_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    if "device" in name and not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    monkeypatch.chdir(tmp_path)
    argv = attack(tmp_path, name)
    code, _, err = run(*argv)
    assert code == 2, err
    lines = err.splitlines()
    assert not lines[0].startswith("Configuration:")  # named only when one is used
    if "missing folder" in name:  # a usage error, caught before anything is checked
        assert len(lines) == 1 and lines[0].startswith("discrepancy: error: cannot write")
        assert "does not exist" in lines[0]
        return
    assert lines[-1].startswith("Found ") and "nothing was checked" in lines[-1]
    problems = lines[:-1]
    assert problems and all(": E" in line for line in problems), lines
    assert all(len(line) < 1000 for line in lines)
    assert "Traceback" not in err


@posix_only
def test_attack_files_through_the_real_command(tmp_path: Path) -> None:
    """One subprocess per kind of special file: exit 2, no traceback, no hang."""
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "discrepancy",
            "check",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "E006 not a regular file: a FIFO" in proc.stderr
    assert "E006 not a regular file: a symlink loop" in proc.stderr


def test_pandas_mixed_and_duplicate_columns_are_problems() -> None:
    from discrepancy.table import check_table

    mixed = pd.DataFrame(
        {"source": ["a", "b"], "subject": ["s", "s"], "property": ["p", "p"], "value": [1, "x"]}
    )
    with pytest.raises(ClaimFileError, match="column 'value' mixes kinds of values"):
        check_table(mixed)
    dup = pd.DataFrame(
        [["a", "s", "p", 1, 2]], columns=["source", "subject", "property", "value", "value"]
    )
    with pytest.raises(ClaimFileError, match="duplicate column names: 'value'"):
        check_table(dup)
    with pytest.raises(ClaimFileError, match="holds no claims"):
        check_table(pl.DataFrame({"source": [], "subject": [], "property": [], "value": []}))


def test_baseline_round_trip_is_a_valid_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claims").mkdir()
    for sid, value in (("a", 1500), ("b", 12000)):
        text = GOOD.replace("id: a", f"id: {sid}").replace("value: 1", f"value: {value}")
        (tmp_path / "claims" / f"{sid}.yaml").write_text(text)
    assert run("check", "claims", "--baseline", "b.json", "--update-baseline")[0] == 0
    assert run("check", "claims", "--baseline", "b.json")[0] == 0
    data = json.loads((tmp_path / "b.json").read_text())
    data["extra"] = 1
    (tmp_path / "b.json").write_text(json.dumps(data))
    code, _, err = run("check", "claims", "--baseline", "b.json")
    assert code == 2 and "unknown key 'extra' in a baseline" in err


CONTROLS = st.sampled_from([chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)])


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(GOOD) - 1), CONTROLS, st.booleans())
def test_control_characters_in_yaml_are_located(at: int, char: str, pure: bool) -> None:
    text = GOOD[:at] + char + GOOD[at:]
    saved = yaml_reader._PURE
    yaml_reader._PURE = pure
    try:
        read_yaml(text, Limits())
    except ReadError as err:
        assert err.line >= 1 and err.column >= 1, err.message
        if "control characters" in err.message:
            lines = text.split("\n")
            assert lines[err.line - 1][err.column - 1] == char
    finally:
        yaml_reader._PURE = saved


def test_json_lines_split_on_newline_only(tmp_path: Path) -> None:
    from discrepancy.io import load

    path = tmp_path / "a.jsonl"
    rows = [{"source": "a", "subject": "s\u2028x", "property": "p\x85", "value": 1},
            {"source": "a", "subject": "t\u2029", "property": "p\x0c", "value": 2}]  # fmt: skip
    header = json.dumps({"source": {"id": "a"}})  # a JSON Lines claim names a defined source
    path.write_text(
        "\n".join([header, *(json.dumps(r, ensure_ascii=False) for r in rows)]) + "\n",
        encoding="utf-8",
    )
    claims = load(path)
    assert [c.subject for c in claims.claims] == ["s\u2028x", "t\u2029"]
    assert [c.location.line for c in claims.claims if c.location] == [2, 3]
