"""The docs site builds strictly, and the rule reference matches the registry."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from discrepancy.problem_codes import PROBLEM_CODES
from discrepancy.rules.reference import reference_markdown
from discrepancy.rules.registry import rules

ROOT = Path(__file__).resolve().parents[1]


def test_rules_page_is_generated_from_the_registry() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == reference_markdown(), (
        "docs/rules.md is stale: run `python -m discrepancy.rules.reference > docs/rules.md`"
    )


def test_every_rule_and_problem_code_has_an_entry() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for r in rules():
        if not r.plugin:
            assert f"## {r.code} {r.name}" in page
            assert "What" in r.doc and "Why" in r.doc and "Example" in r.doc
    for p in PROBLEM_CODES:
        assert f"| {p.code} |" in page


def test_problem_codes_cover_the_codes_the_code_emits() -> None:
    import re

    emitted = set()
    for path in (ROOT / "src" / "discrepancy").rglob("*.py"):
        emitted |= set(re.findall(r'"(E[0-9]{3})"', path.read_text(encoding="utf-8")))
    documented = {p.code for p in PROBLEM_CODES} | {r.code for r in rules()}
    assert emitted <= documented, sorted(emitted - documented)


@pytest.mark.skipif(
    shutil.which("mkdocs") is None and not (Path(sys.executable).parent / "mkdocs").exists(),
    reason="mkdocs is not installed (pip install '.[docs]')",
)
def test_docs_build_strict(tmp_path: Path) -> None:
    mkdocs = Path(sys.executable).parent / "mkdocs"
    exe = str(mkdocs) if mkdocs.exists() else "mkdocs"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [exe, "build", "--strict", "--quiet", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "site" / "index.html").exists()
