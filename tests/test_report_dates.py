"""Every report format shows when each claim holds (``as_of``) and when it was published,
so a reader sees why two figures were or were not compared."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from discrepancy.cli import main

FILE = """\
discrepancy: 1
source: {id: wire, published: 2031-03-04}
claims:
  - {id: early, subject: flood, property: deaths, value: 700, as_of: 2031-03-02}
  - {id: late, subject: flood, property: deaths, value: 2900, as_of: 2031-03}
"""
OTHER = """\
discrepancy: 1
source: {id: paper}
claims:
  - {id: toll, subject: flood, property: deaths, value: 9100}
"""


@pytest.fixture
def claims(tmp_path: Path) -> Path:
    (tmp_path / "wire.yaml").write_text(FILE, encoding="utf-8")
    (tmp_path / "paper.yaml").write_text(OTHER, encoding="utf-8")
    return tmp_path


def _run(path: Path, fmt: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["check", str(path), "--format", fmt, "--no-color", "--full"], stdout=out, stderr=err
    )
    assert code == 1, err.getvalue()
    return out.getvalue()


def test_json_claims_carry_as_of_and_published(claims: Path) -> None:
    report = json.loads(_run(claims, "json"))
    by_ref = {c["ref"]: c for f in report["findings"] for c in f["claims"]}
    assert by_ref["wire/early"]["as_of"] == {
        "start": "2031-03-02",
        "end": "2031-03-02",
        "precision": "day",
    }
    assert by_ref["wire/late"]["as_of"]["start"] == "2031-03-01"
    assert by_ref["wire/late"]["as_of"]["end"] == "2031-03-31"
    assert by_ref["wire/early"]["published"] == "2031-03-04"
    # unknown: left out, not null
    assert "as_of" not in by_ref["paper/toll"]
    assert "published" not in by_ref["paper/toll"]


#: how each format shows wire/late's month-precision as_of (at its precision, not as
#: 2031-03-01..2031-03-31) next to its published day
MONTH = {
    "text": "as of 2031-03, published 2031-03-04",
    "markdown": "| 2031-03 | 2031-03-04 |",
    "html": '<td class="day">2031-03</td><td class="day">2031-03-04</td>',
    "sarif": "as of 2031-03, published 2031-03-04",
    "github": "as of 2031-03, published 2031-03-04",
    "junit": "as of 2031-03, published 2031-03-04",
}


@pytest.mark.parametrize("fmt", sorted(MONTH))
def test_formats_for_people_and_ci_show_the_dates(claims: Path, fmt: str) -> None:
    shown = _run(claims, fmt)
    assert "2031-03-02" in shown  # a day-precision as_of
    assert MONTH[fmt] in shown
