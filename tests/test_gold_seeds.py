"""Golden reports of the bundled seeds, produced through the real CLI in every format.

Regenerate on purpose with ``DISCREPANCY_REGEN_GOLD=1 python -m pytest tests/test_gold_seeds.py``
and review ``git diff tests/gold/seeds``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from discrepancy.cli import main
from goldtest import SCRUBS, compare

ROOT = Path(__file__).resolve().parents[1]

#: floats beyond 6 decimals (iterative consensus) vary in the last bits across platforms
FLOAT_SCRUB = ((r"(\d\.\d{6})\d+", r"\1"),)

FORMATS = {
    "json": "report.json",
    "markdown": "report.md",
    "sarif": "report.sarif",
    "github": "report.github",
    "junit": "report.junit.xml",
    "text": "report.txt",
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_seeds_report(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "seeds", "--format", fmt, "--no-color"], stdout=out, stderr=err)
    assert code == 1, err.getvalue()
    compare(FORMATS[fmt], out.getvalue(), case="seeds", scrubs=SCRUBS + FLOAT_SCRUB)
