"""Compare rendered output with gold files under ``tests/gold/`` (as coverage.py does).

``compare("report.md", text)`` scrubs volatile text (the tool version), compares with
``tests/gold/<case>/report.md`` (XML in canonical form), and on a mismatch saves the output to
``tests/actual/<case>/`` for review and fails with a diff. ``DISCREPANCY_REGEN_GOLD=1`` rewrites
the gold files instead: regenerate on purpose, then review ``git diff tests/gold``.
"""

from __future__ import annotations

import difflib
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from discrepancy import __version__

TESTS = Path(__file__).parent
GOLD = TESTS / "gold"
ACTUAL = TESTS / "actual"

#: (regex, replacement) pairs applied to output before comparing.
_V = re.escape(__version__)
SCRUBS: tuple[tuple[str, str], ...] = (
    (rf'("(?:semanticVersion|version)": ?"){_V}"', r'\g<1>VERSION"'),
    (rf"\bdiscrepancy {_V}\b", "discrepancy VERSION"),
)


def scrub(text: str, scrubs: Sequence[tuple[str, str]] = SCRUBS) -> str:
    for pattern, repl in scrubs:
        text = re.sub(pattern, repl, text)
    return text


def regenerating() -> bool:
    return os.environ.get("DISCREPANCY_REGEN_GOLD", "") not in ("", "0")


def compare(
    name: str,
    actual: str,
    *,
    case: str = "fixture",
    scrubs: Sequence[tuple[str, str]] = SCRUBS,
) -> None:
    """Assert that ``actual`` (scrubbed) matches ``tests/gold/<case>/<name>``."""
    got = scrub(actual, scrubs)
    gold = GOLD / case / name
    saved = ACTUAL / case / name
    if regenerating():
        gold.parent.mkdir(parents=True, exist_ok=True)
        gold.write_text(got, encoding="utf-8", newline="")
        saved.unlink(missing_ok=True)
        return
    assert gold.exists(), f"no gold file {gold}; run with DISCREPANCY_REGEN_GOLD=1 to create it"
    expected = gold.read_text(encoding="utf-8")
    if _canonical(name, got) == _canonical(name, expected):
        saved.unlink(missing_ok=True)
        return
    saved.parent.mkdir(parents=True, exist_ok=True)
    saved.write_text(got, encoding="utf-8", newline="")
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            got.splitlines(keepends=True),
            fromfile=str(gold.relative_to(TESTS)),
            tofile=str(saved.relative_to(TESTS)),
        )
    )
    lines = diff.splitlines()
    if len(lines) > 80:
        diff = "\n".join([*lines[:80], f"... {len(lines) - 80} more diff lines"])
    raise AssertionError(f"{name} differs from its gold file (output saved to {saved}):\n{diff}")


def _canonical(name: str, text: str) -> str:
    if name.endswith(".xml"):
        return ET.canonicalize(text, strip_text=True)
    return text
