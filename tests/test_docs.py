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
    """No broken cross-reference, no docstring mkdocstrings can't read. (Not ``--quiet``:
    with it, mkdocs 1.6 --strict does not abort on a plugin's warnings.)"""
    mkdocs = Path(sys.executable).parent / "mkdocs"
    exe = str(mkdocs) if mkdocs.exists() else "mkdocs"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [exe, "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "site" / "index.html").exists()


def _blocks(lang: str) -> list[tuple[str, int, str]]:
    import re

    out = []
    fence = re.compile(rf"^```{lang}\n(.*?)^```", re.MULTILINE | re.DOTALL)
    for page in sorted((ROOT / "docs").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for m in fence.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            out.append((page.name, line, m.group(1)))
    return out


PAGES_WITH_PYTHON = sorted({page for page, _, _ in _blocks("python")})


@pytest.mark.parametrize("page", PAGES_WITH_PYTHON)
def test_python_examples_in_docs_run(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ```python blocks of a page run in order, in one namespace, from a scratch folder
    that has the repository's seeds/ (as a reader following the page would)."""
    blocks = [(line, code) for p, line, code in _blocks("python") if p == page]
    if any("dask" in code for _, code in blocks):
        pytest.importorskip("dask.distributed")
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for line, code in blocks:
        exec(compile(code, f"docs/{page}:{line}", "exec"), namespace)
