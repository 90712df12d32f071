"""The founding story's structure in ``seeds/``: troops sent is a running total, the groups lie
within the total, dates are declared in order. The check finds the one fall the story really
has, and the declarations are live: breaking a figure in a copy makes them fire.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from discrepancy.cli import main

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
RULES = ("T001", "P001", "P002", "D002")


def cross_fact_findings(folder: Path) -> list[tuple[str, set[str]]]:
    out, err = io.StringIO(), io.StringIO()
    main(["check", str(folder), "--format", "json"], stdout=out, stderr=err)
    assert "Traceback" not in err.getvalue()
    return sorted(
        (f["rule"], {c["ref"] for c in f["claims"]})
        for f in json.loads(out.getvalue())["findings"]
        if f["rule"] in RULES
    )


def test_the_story_has_one_falling_total() -> None:
    # Budanov's 11,000 deployed on 17 October, NIS's 1,500 sent the next day: a day apart, so
    # Q001 never compares them; as a running total it can't fall
    assert cross_fact_findings(SEEDS) == [
        ("T001", {"insider/troops-sent-hur", "newslooks/troops-sent-quick-look"})
    ]


@pytest.mark.parametrize(
    ("file", "old", "new", "rule", "ref"),
    [
        # a second group larger than the total sent by its days: the part_of of `scopes:`
        (
            "training-report.yaml",
            "    value: 1,500\n",
            "    value: 13,000\n",
            "P001",
            "training-report/troops-sent-second",
        ),
        # the treaty "later replaced" before it was signed: the `after:` of the replacement
        (
            "yonhap-relay.yaml",
            "    value: 2000\n",
            "    value: 1950\n",
            "D002",
            "yonhap-relay/treaty-1961-replaced",
        ),
        # the NIS statement before the arrival it reports
        (
            "insider.yaml",
            "    value: 2024-10-18\n    after:",
            "    value: 2024-10-01\n    after:",
            "D002",
            "insider/nis-announced",
        ),
    ],
)
def test_declarations_are_live(
    tmp_path: Path, file: str, old: str, new: str, rule: str, ref: str
) -> None:
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    path = copy / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    found = cross_fact_findings(copy)
    assert any(r == rule and ref in refs for r, refs in found), found
