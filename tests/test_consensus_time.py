"""Through the real CLI: facts with ``as_of`` get a consensus per time window and the latest
estimate; earlier reports are not dissent, and speakers are named beside outlets."""

from __future__ import annotations

import io
import json
from pathlib import Path

from discrepancy.cli import main

FLOOD = [
    # outlet, value, as_of, said_by
    ("wire-a", "5,300", "2023-09-12", ""),
    ("daily", "5,300", "2023-09-12", ""),
    ("wire-b", "6,000", "2023-09-14", ""),
    ("daily", "6,000", "2023-09-14", ""),
    ("wire-a", "11,300", "2023-09-15", "LRC"),
    ("tv", "11,300", "2023-09-15", "lrc"),
    ("wire-b", "11,300", "2023-09-15", ""),
    ("wire-a", "3,958", "2023-09-17", ""),
    ("daily", "3,958", "2023-09-17", ""),
    ("tv", "3,958", "2023-09-17", ""),
    ("blog", "20,000", "2023-09-17", ""),
]


def _check(tmp_path: Path, name: str, rows: list[tuple[str, ...]], *extra: str) -> dict:
    path = tmp_path / name
    head = "source,subject,property,value,as_of,said_by"
    lines = [head] + [",".join([r[0], "flood", "deaths", f'"{r[1]}"', *r[2:]]) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(path), *extra], stdout=out, stderr=err)
    assert code in (0, 1), err.getvalue()
    return json.loads(out.getvalue()) if "json" in extra else {"text": out.getvalue()}


def test_each_window_has_its_consensus_and_the_latest_is_the_estimate(tmp_path: Path) -> None:
    report = _check(tmp_path, "flood.csv", FLOOD, "--format", "json")
    (c,) = report["consensus"]
    days = [(w["start"], w["end"], w["value"]) for w in c["windows"]]
    assert days == [
        ("2023-09-12", "2023-09-12", "5300"),
        ("2023-09-14", "2023-09-14", "6000"),
        ("2023-09-15", "2023-09-15", "11300"),
        ("2023-09-17", "2023-09-17", "3958"),
    ]
    assert c["value"] == "3958"
    assert c["as_of"] == {"start": "2023-09-17", "end": "2023-09-17"}
    # only the blog's 20,000 of the 17th is dissent: earlier figures are not
    assert c["dissent"] == ["blog"]
    assert sorted(c["support"]) == ["daily", "tv", "wire-a"]
    assert all(w["dissent"] == [] for w in c["windows"][:3])
    # LRC and lrc are one speaker (one origin), named beside the outlets
    assert c["windows"][2]["support_speakers"] == ["LRC"]
    # reliability only counts claims comparable in time: outlets that were right in every
    # window they reported in are not marked down for reporting early
    rel = report["consensus_method"]["reliability"]
    assert rel["daily"] == rel["wire-a"] > rel["blog"]
    per = {s["source"]: s for s in report["agreement"]["per_source"]}
    assert per["daily"]["consensus_share"] == 1.0


def test_a_later_wire_is_the_latest_estimate_not_dissent(tmp_path: Path) -> None:
    rows = [("wire-a", "12", "2024-03-15", ""), ("wire-b", "40", "2024-03-20", "")]
    (c,) = _check(tmp_path, "wires.csv", rows, "--format", "json")["consensus"]
    assert c["value"] == "40"
    assert c["dissent"] == []
    assert [w["value"] for w in c["windows"]] == ["12", "40"]
    reversed_ = _check(tmp_path, "wires2.csv", rows[::-1], "--format", "json")["consensus"]
    assert reversed_ == [c]


def test_every_format_shows_the_windows_with_their_dates(tmp_path: Path) -> None:
    rows = [("wire-a", "12", "2024-03-15", ""), ("wire-b", "40", "2024-03-20", "")]
    for fmt in ("text", "markdown", "html"):
        shown = _check(tmp_path, f"w.{fmt}.csv", rows, "--format", fmt)["text"]
        assert "2024-03-15" in shown, fmt
        assert "2024-03-20" in shown, fmt
