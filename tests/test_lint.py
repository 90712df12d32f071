"""The code stays ruff-clean (lint and format), as CI would otherwise find out later."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _ruff() -> str:
    local = Path(sys.executable).parent / "ruff"
    if local.exists():
        return str(local)
    found = shutil.which("ruff")
    if found is None:
        pytest.skip("ruff is not installed (pip install '.[test]')")
    return found


@pytest.mark.parametrize("args", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff(args: list[str]) -> None:
    proc = subprocess.run(
        [_ruff(), *args, "src", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy() -> None:
    """The package is typed (it ships py.typed): mypy finds no issues."""
    api = pytest.importorskip("mypy.api")
    out, err, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), str(ROOT / "src" / "discrepancy")]
    )
    assert status == 0, out + err
