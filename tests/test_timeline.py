"""Timelines: ``discrepancy timeline`` on real files, the builder's order-independence, the
consensus band and its per-window plug-in, and the reports that show one per finding.

Gold files of the command on the seeds: regenerate on purpose with
``DISCREPANCY_REGEN_GOLD=1 python -m pytest tests/test_timeline.py -k gold`` and review
``git diff tests/gold/timeline``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.cli import main
from discrepancy.report.timeline import build_timeline, consensus_band
from discrepancy.report.timeline_table import band_lines
from goldtest import SCRUBS, compare

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

GOLD = {
    "text": "timeline.txt",
    "markdown": "timeline.md",
    "json": "timeline.json",
    "html": "timeline.html",
}


def run(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", sorted(GOLD))
def test_gold_seeds_troops_sent(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run("timeline", "dprk-troops-russia/troops-sent", "seeds", "--format", fmt)
    assert code == 0, err
    compare(GOLD[fmt], out, case="timeline", scrubs=SCRUBS)


def test_troop_figures_in_time_order_by_speaker_and_outlet() -> None:
    code, out, _ = run("timeline", "dprk-troops-russia/troops-sent", SEEDS, "--format", "json")
    assert code == 0
    by_scope = {json.dumps(t["scope"]): t for t in json.loads(out)["timelines"]}
    total = by_scope["{}"]
    starts = [p["start"] for p in total["points"]]
    assert starts == sorted(starts)
    first = total["points"][0]
    assert (first["value"], first["speaker"], first["start"], first["dated_by"]) == (
        "11,000",
        "budanov",
        "2024-10-17",
        "as_of",
    )
    assert first["via"] == ["the-war-zone"] and first["source"] == "insider"
    # the Moscow Times' range has no as_of: placed at its published day, and says so
    range_ = next(p for p in total["points"] if p["source"] == "moscow-times")
    assert (range_["start"], range_["dated_by"]) == ("2024-10-21", "published")
    # the first group arrived Oct 8-13; another 1,500 since 18 October
    group = by_scope['{"group": "first"}']
    assert {(p["start"], p["end"]) for p in group["points"]} == {("2024-10-08", "2024-10-13")}
    second = by_scope['{"group": "second"}']["points"]
    assert [(p["best"], p["start"], p["end"]) for p in second] == [
        (1500, "2024-10-18", "2024-10-24")
    ]
    # the band spans the dated points, from the fact's own consensus (not another scope's)
    (band,) = group["band"]
    assert (band["start"], band["end"]) == ("2024-10-08", "2024-10-13")
    assert band["low"] <= 1500 <= band["high"] < 2000


def test_subject_by_alias_and_every_property() -> None:
    code, by_alias, _ = run("timeline", "North Korean troops in Russia/troops-sent", SEEDS)
    assert code == 0
    assert by_alias == run("timeline", "dprk-troops-russia/troops-sent", SEEDS)[1]
    code, every, _ = run("timeline", "dprk-troops-russia", SEEDS, "--format", "json")
    props = {t["property"] for t in json.loads(every)["timelines"]}
    assert {"troops-sent", "troops-planned", "troops-in-russia", "bases"} <= props


@pytest.mark.parametrize(
    ("fact", "hint"),
    [
        ("dprk-trops-russia", "did you mean dprk-troops-russia"),
        ("dprk-troops-russia/troop-sent", "did you mean troops-sent"),
        ("qqqqqq", "known subjects: dprk-munitions-russia"),
    ],
)
def test_unknown_fact_is_a_usage_error_with_suggestions(fact: str, hint: str) -> None:
    code, out, err = run("timeline", fact, SEEDS)
    assert code == 2
    assert out == ""
    assert err.startswith("discrepancy: error: unknown ") and hint in err
    assert "Traceback" not in err


@pytest.mark.parametrize("first", [SEEDS, SEEDS / "insider.yaml"])
def test_a_path_where_the_fact_goes_says_what_to_write(
    first: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # the working directory holds other claim files (test fixtures)
    code, out, err = run("timeline", first)
    assert code == 2
    assert out == ""
    assert "is a path, not a fact" in err
    assert f"discrepancy timeline SUBJECT[/PROPERTY] {first}" in err
    assert "E121" not in err  # the working directory was not checked


def test_bad_claim_file_is_reported_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "discrepancy: 1\nsource: {id: a}\nclaims:\n  - {subject: s, property: p, value: 1, as_of: someday}\n",
        encoding="utf-8",
    )
    code, _, err = run("timeline", "s", tmp_path)
    assert code == 2
    assert re.search(r"bad\.yaml:4:\d+: ", err), err


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "t.md"
    code, out, _ = run(
        "timeline", "dprk-troops-russia/troops-planned", SEEDS, "--format", "markdown", "-o", target
    )
    assert code == 0 and out == ""
    assert "| 2024-12-31 | as of | around 10,000 |" in target.read_text(encoding="utf-8")


# -- the builder ----------------------------------------------------------------------------

DAYS = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2020, 12, 31))


@st.composite
def claim_records(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 12))
    out = []
    for k in range(n):
        best = draw(st.integers(0, 50)) * 100
        rec: dict[str, Any] = {
            "ref": f"s{draw(st.integers(0, 4))}/c{k}",
            "type": "quantity",
            "value": f"{best:,}",
            "normalized": {"low": best, "best": best, "high": best},
            "said_by": draw(st.sampled_from([None, "nis", "budanov"])),
            "via": [],
        }
        rec["source"] = rec["ref"].split("/")[0]
        if draw(st.booleans()):
            a, b = sorted([draw(DAYS), draw(DAYS)])
            rec["as_of"] = {"start": a.isoformat(), "end": b.isoformat(), "precision": "range"}
        if draw(st.booleans()):
            rec["published"] = draw(DAYS).isoformat()
        out.append(rec)
    return out


FACT = {"subject": "s", "property": "p", "scope": {}, "type": "quantity", "unit": None}


@settings(max_examples=60, deadline=None)
@given(claim_records(), st.randoms(use_true_random=False))
def test_order_and_source_names_move_no_point(
    records: list[dict[str, Any]], rnd: random.Random
) -> None:
    base = build_timeline(FACT, records)
    shuffled = records[:]
    rnd.shuffle(shuffled)
    assert build_timeline(FACT, shuffled) == base
    # renamed sources: the same values at the same times, in the same order
    renamed = [dict(r, ref="z" + r["ref"], source="z" + r["source"]) for r in shuffled]
    other = build_timeline(FACT, renamed)

    def seen(t: dict[str, Any]) -> list[tuple[object, ...]]:
        return [(p["start"], p["end"], p["dated_by"], p["best"]) for p in t["points"]]

    assert seen(other) == seen(base)
    # every claim is placed or listed as undated, never both
    placed = {p["ref"] for p in base["points"]}
    assert placed.isdisjoint(base["undated"])
    assert len(placed) + len(base["undated"]) == len(records)
    for p, r in ((p, next(r for r in records if r["ref"] == p["ref"])) for p in base["points"]):
        assert p["dated_by"] == ("as_of" if "as_of" in r else "published")


def test_band_from_one_consensus_spans_the_points() -> None:
    points = [
        {"start": "2024-10-17", "end": "2024-10-17"},
        {"start": "2024-10-08", "end": "2024-10-13"},
    ]
    consensus = {"type": "quantity", "low": 1, "best": 2, "high": 3}
    assert consensus_band(consensus, points) == [
        {
            "start": "2024-10-08",
            "end": "2024-10-17",
            "value": "",
            "low": 1.0,
            "best": 2.0,
            "high": 3.0,
        }
    ]
    assert consensus_band({"type": "label", "value": "x"}, points) == []
    assert consensus_band(None, points) == []
    assert consensus_band(consensus, []) == []


def test_band_takes_per_window_consensus_when_given() -> None:
    """The plug-in point for a consensus per time window: its windows, as given."""
    windows = [
        {"start": "2024-10-08", "end": "2024-10-13", "low": 1400, "best": 1500, "high": 1600},
        {"start": "2024-10-17", "end": "2024-10-18", "low": 11000, "best": 12000, "high": 12600},
    ]
    band = consensus_band(
        {"type": "quantity", "low": 1, "best": 2, "high": 3, "windows": windows}, []
    )
    assert [(w["start"], w["best"]) for w in band] == [("2024-10-08", 1500), ("2024-10-17", 12000)]
    # an assertion's windows: its value per window, no numbers to draw
    said = [
        {"start": "2024-10-17", "end": "2024-10-17", "value": "false", "best": False},
        {"start": "2024-10-18", "end": "2024-10-24", "value": "true", "best": True},
    ]
    band = consensus_band({"type": "assertion", "value": "true", "windows": said}, [])
    assert [(w["value"], w["best"]) for w in band] == [("false", None), ("true", None)]
    timeline = {"band": band, "consensus": {"value": "true"}}
    assert band_lines(timeline) == [
        "Consensus 2024-10-17: false",
        "Consensus 2024-10-18..2024-10-24: true",
    ]


# -- the reports ----------------------------------------------------------------------------


def test_reports_draw_a_finding_timeline(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "discrepancy: 1\nsource: {id: wire, published: 2031-03-05}\nclaims:\n"
        "  - {id: early, subject: flood, property: deaths, value: 700, as_of: 2031-03-02}\n"
        "  - {id: late, subject: flood, property: deaths, value: about 2900}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        "discrepancy: 1\nsource: {id: paper, published: 2031-03-06}\nclaims:\n"
        "  - {id: toll, subject: flood, property: deaths, value: 9100}\n",
        encoding="utf-8",
    )
    _, html, _ = run("check", tmp_path, "--format", "html")
    (chart,) = re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)
    assert chart.count('class="point"') == 3
    assert chart.count('fill="#fff" stroke=') == 2  # two dots placed at their published day
    assert 'class="band"' in chart
    _, md, _ = run("check", tmp_path, "--format", "markdown")
    assert "<summary>Timeline</summary>" in md
    rows = [line for line in md.splitlines() if line.startswith("| 2031-03-")]
    assert [r.split(" | ")[0] for r in rows] == ["| 2031-03-02", "| 2031-03-05", "| 2031-03-06"]
    _, txt, _ = run("check", tmp_path, "--format", "text", "--no-color")
    over = txt.split("over time: ", 1)[1].split("\n\n", 1)[0]
    assert " ".join(over.split()) == (
        "2031-03-02 700 (wire) -> 2031-03-05 (published) about 2900 (wire) -> "
        "2031-03-06 (published) 9100 (paper)"
    )


def test_one_time_draws_no_timeline(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "discrepancy: 1\nsource: {id: a, published: 2031-03-05}\nclaims:\n"
        "  - {subject: flood, property: deaths, value: 700}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        "discrepancy: 1\nsource: {id: b, published: 2031-03-05}\nclaims:\n"
        "  - {subject: flood, property: deaths, value: 9100}\n",
        encoding="utf-8",
    )
    _, html, _ = run("check", tmp_path, "--format", "html")
    assert "<svg" not in html and "Timeline" not in html


def _tutorial_runs() -> list[tuple[str, str]]:
    """Each ``$ discrepancy timeline ...`` of the tutorial with the output it shows."""
    page = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"^```console\n(.*?)^```", page, re.MULTILINE | re.DOTALL):
        for cmd, shown in re.findall(
            r"^\$ (discrepancy timeline .*)\n((?:(?!\$ ).*\n)*)", block, re.MULTILINE
        ):
            out.append((cmd, shown))
    return out


@pytest.mark.parametrize(("cmd", "shown"), _tutorial_runs())
def test_tutorial_shows_the_real_output(
    cmd: str, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    _, out, err = run(*cmd.split()[1:])
    assert out + err == shown


def test_tutorial_has_timeline_runs() -> None:
    assert len(_tutorial_runs()) >= 3


NUMBERS = st.one_of(
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    st.sampled_from([float("inf"), float("-inf"), 0.0, 1e-9, 5e-324, 1.7e308, -1.7e308]),
)


@st.composite
def svg_timelines(draw: st.DrawFn) -> dict[str, Any]:
    points = []
    for k in range(draw(st.integers(0, 8))):
        a, b = sorted([draw(DAYS), draw(DAYS)])
        points.append(
            {
                "ref": f"s/c{k}",
                "start": a.isoformat(),
                "end": b.isoformat(),
                "dated_by": draw(st.sampled_from(["as_of", "published"])),
                "value": draw(st.text(max_size=8)),
                "speaker": draw(st.text(max_size=8)),
                "source": "s",
                "via": [],
                "low": draw(NUMBERS),
                "best": draw(NUMBERS),
                "high": draw(NUMBERS),
            }
        )
    band = []
    if points and draw(st.booleans()):
        band.append(
            {
                "start": min(p["start"] for p in points),
                "end": max(p["end"] for p in points),
                "low": draw(NUMBERS),
                "best": draw(NUMBERS),
                "high": draw(NUMBERS),
            }
        )
    return {**FACT, "points": points, "band": band}


@settings(max_examples=80, deadline=None)
@given(svg_timelines())
def test_chart_coordinates_are_always_finite(timeline: dict[str, Any]) -> None:
    """Open bounds, equal days, negative and huge values, a band without numbers: the chart
    is drawn with finite coordinates, or not at all when no point has a finite best value."""
    from discrepancy.report.timeline_svg import render_svg

    svg = render_svg(timeline)
    finite = [
        p for p in timeline["points"] if p["best"] is not None and abs(p["best"]) != float("inf")
    ]
    assert bool(svg) == bool(finite)
    if svg:
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        numbers = re.findall(r'\s(?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"', svg)
        assert all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers), numbers
        assert svg.count('class="point"') == len(finite)
