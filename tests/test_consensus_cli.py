"""Through the real CLI on real files: a claim table reversed and with its sources renamed
gives the same consensus, and the JSON report says what each consensus rests on."""

from __future__ import annotations

import io
import json
from pathlib import Path

from discrepancy.cli import main

ROWS = [
    ("wire-a", "flood", "deaths", "5,300"),
    ("wire-b", "flood", "deaths", "5,300"),
    ("daily", "flood", "deaths", "6,000"),
    ("wire-a", "quake", "deaths", "120"),
    ("daily", "quake", "deaths", "140"),
    ("wire-b", "storm", "deaths", "12"),
    ("blog-x", "march", "city", "Paris"),
    ("blog-y", "march", "city", "Lyon"),
]


def _check(tmp_path: Path, name: str, rows: list[tuple[str, str, str, str]]) -> dict:
    path = tmp_path / name
    lines = ["source,subject,property,value"] + [",".join(f'"{x}"' for x in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(path), "--format", "json"], stdout=out, stderr=err)
    assert code in (0, 1), err.getvalue()
    return json.loads(out.getvalue())


def _consensus(report: dict, names: dict[str, str]) -> dict:
    back = {v: k for k, v in names.items()}
    return {
        (c["subject"], c["property"]): (
            c["value"],
            c["basis"],
            c["confidence"],
            sorted(back[s] for s in c["support"]),
        )
        for c in report["consensus"]
    }


def test_reversed_rows_and_renamed_sources_give_the_same_consensus(tmp_path: Path) -> None:
    same = {s: s for s in ("wire-a", "wire-b", "daily", "blog-x", "blog-y")}
    renamed = {"wire-a": "zz-1", "wire-b": "aa-2", "daily": "mm-3", "blog-x": "b", "blog-y": "a"}
    first = _check(tmp_path, "a.csv", ROWS)
    second = _check(tmp_path, "b.csv", [(renamed[s], *rest) for s, *rest in ROWS[::-1]])
    assert _consensus(first, same) == _consensus(second, renamed)
    rel = first["consensus_method"]["reliability"]
    rel2 = {k: second["consensus_method"]["reliability"][v] for k, v in renamed.items()}
    assert rel == rel2


def test_the_json_report_marks_single_origin_facts_and_ties(tmp_path: Path) -> None:
    names = {s: s for s in ("wire-a", "wire-b", "daily", "blog-x", "blog-y")}
    got = _consensus(_check(tmp_path, "a.csv", ROWS), names)
    assert got["storm", "deaths"][1] == "single-origin"
    assert abs(got["storm", "deaths"][2] - 2 / 3) < 1e-6
    assert got["march", "city"][1] == "tie"
    assert got["march", "city"][2] == 0.5
    assert got["flood", "deaths"][:2] == ("5300", "majority")
