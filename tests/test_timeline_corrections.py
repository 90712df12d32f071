"""A corrected story on the timeline: the flood fixture (5,300 -> 6,000 -> 11,300 -> 3,958, the
3,958 superseding OCHA's earlier national figure), through the real CLI on real files.

A withdrawn claim (superseded, retracted, denied) keeps its place on the timeline, marked in
every format, and stays out of the per-window consensus band; T001 does not fire on the fall
the correction explains, and still fires on the one it doesn't.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from discrepancy.cli import main
from goldtest import SCRUBS, compare

FLOOD = Path(__file__).resolve().parent / "fixtures" / "flood"


def run(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def timeline(folder: Path, fmt: str = "json") -> tuple[int, str]:
    code, out, err = run(
        "timeline", "libya/deaths", folder, "--config", folder / "discrepancy.toml", "--format", fmt
    )
    assert "Traceback" not in err
    return code, out


def check_json(folder: Path) -> dict[str, object]:
    _, out, err = run("check", folder, "--config", folder / "discrepancy.toml", "--format", "json")
    assert "Traceback" not in err
    return json.loads(out)


def copy(tmp_path: Path, edit: tuple[str, str] | None = None) -> Path:
    folder = tmp_path / "flood"
    shutil.copytree(FLOOD, folder)
    if edit is not None:
        path = folder / "flood.yaml"
        old, new = edit
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_gold_flood_timeline(fmt: str) -> None:
    """Gold files: ``DISCREPANCY_REGEN_GOLD=1 ... pytest tests/test_timeline_corrections.py
    -k gold``, then review ``git diff tests/gold/timeline-flood``."""
    code, out = timeline(FLOOD, fmt)
    assert code == 0
    name = {"text": "timeline.txt", "markdown": "timeline.md"}.get(fmt, f"timeline.{fmt}")
    compare(name, out.replace(str(FLOOD), "FLOOD"), case="timeline-flood", scrubs=SCRUBS)


def test_superseded_figure_stays_in_place_marked() -> None:
    code, out = timeline(FLOOD)
    assert code == 0
    (t,) = json.loads(out)["timelines"]
    points = t["points"]
    assert [p["value"] for p in points] == ["5,300", "6,000", "11,300", "3,958"]
    marks = {p["ref"]: p.get("withdrawn") for p in points}
    assert marks == {
        "govt/early": None,
        "wire/update": None,
        "ocha/toll-1": "superseded by ocha/toll-2",
        "ocha/toll-2": None,
    }


def test_band_is_per_window_and_leaves_the_withdrawn_figure_out() -> None:
    (t,) = json.loads(timeline(FLOOD)[1])["timelines"]
    band = t["band"]
    assert len(band) >= 2  # one window per time the figures hold for, not one flat band
    assert [w["start"] for w in band] == sorted(w["start"] for w in band)
    assert all(w["high"] < 11300 for w in band)
    last = band[-1]
    assert (last["start"], last["best"]) == ("2023-09-17", 3958)


def test_every_format_marks_the_withdrawn_claim() -> None:
    text = timeline(FLOOD, "text")[1]
    header, *lines = [ln for ln in text.splitlines() if "ocha/" in ln or "When" in ln]
    assert header.split()[-1] == "Withdrawn"
    (row,) = [ln for ln in lines if "ocha/toll-1" in ln]
    assert row.rstrip().endswith("superseded by ocha/toll-2")
    (later,) = [ln for ln in lines if "toll-1" not in ln]
    assert later.rstrip().endswith("ocha/toll-2")  # its Withdrawn cell is empty
    markdown = timeline(FLOOD, "markdown")[1]
    assert "| Claim | Withdrawn |" in markdown
    assert "<code>ocha/toll-1</code> | superseded by ocha/toll-2 |" in markdown
    html = timeline(FLOOD, "html")[1]
    (mark,) = re.findall(r'<g class="point withdrawn"[^>]*><title>([^<]*)</title>', html)
    assert "ocha/toll-1" in mark and "withdrawn: superseded by ocha/toll-2" in mark
    assert html.count('class="point"') == 3  # the other three are drawn as before
    assert "<th>Withdrawn</th>" in html


def test_timeline_without_corrections_has_no_withdrawn_column(tmp_path: Path) -> None:
    folder = copy(
        tmp_path,
        (
            "    supersedes: toll-1\n    reason: the 11,300 was one city's count, given for the whole country\n",
            "",
        ),
    )
    code, out = timeline(folder, "text")
    assert code == 0 and "Withdrawn" not in out
    (t,) = json.loads(timeline(folder)[1])["timelines"]
    assert not any("withdrawn" in p for p in t["points"])


def test_retracted_claim_is_marked_too(tmp_path: Path) -> None:
    folder = copy(
        tmp_path,
        (
            "    supersedes: toll-1\n    reason: the 11,300 was one city's count, given for the whole country\n",
            "",
        ),
    )
    path = folder / "flood.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "said_by: redcrescent}", "said_by: redcrescent, retracted: true, reason: wrong}"
        ),
        encoding="utf-8",
    )
    (t,) = json.loads(timeline(folder)[1])["timelines"]
    marks = {p["ref"]: p.get("withdrawn") for p in t["points"]}
    assert marks["ocha/toll-1"] == "retracted: wrong"


def _t001(report: dict[str, object]) -> list[set[str]]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return [{c["ref"] for c in f["claims"]} for f in findings if f["rule"] == "T001"]


def test_t001_not_on_the_fall_the_correction_explains() -> None:
    report = check_json(FLOOD)
    # 11,300 -> 3,958 is OCHA correcting itself: no finding; the interior ministry's 6,000
    # three days earlier is another origin's count, and the WHO's 3,958 still falls below it
    assert _t001(report) == [{"wire/update", "ocha/toll-2"}]
    withdrawn = [f for f in report["findings"] if f["rule"] == "E304"]  # type: ignore[union-attr]
    assert [c["ref"] for f in withdrawn for c in f["claims"]] == ["ocha/toll-1"]


def test_without_the_correction_t001_names_the_11300(tmp_path: Path) -> None:
    folder = copy(
        tmp_path,
        (
            "    supersedes: toll-1\n    reason: the 11,300 was one city's count, given for the whole country\n",
            "",
        ),
    )
    falls = _t001(check_json(folder))
    assert {"ocha/toll-1", "ocha/toll-2"} in falls
    _, out, _ = run("check", folder, "--config", folder / "discrepancy.toml")
    # the same outlet: a correction is offered; another origin's figure is not
    assert "write 'supersedes: ocha/toll-1' on it" in out
    assert "supersedes: wire/update" not in out


@pytest.mark.parametrize("order", [0, 1])
def test_file_order_moves_nothing(tmp_path: Path, order: int) -> None:
    folder = copy(tmp_path)
    lines = (folder / "flood.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(k for k, ln in enumerate(lines) if ln.startswith("claims:")) + 1
    head, claims = lines[:start], lines[start:]
    singles, block = claims[:3], claims[3:]
    if order:
        (folder / "flood.yaml").write_text("".join(head + block + singles[::-1]), encoding="utf-8")
    assert json.loads(timeline(folder)[1]) == json.loads(timeline(FLOOD)[1])


def _page() -> str:
    return (FLOOD.parents[2] / "docs" / "parts-and-totals.md").read_text(encoding="utf-8")


def test_docs_show_the_fixture_and_the_real_timeline(monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page()
    fixture = (FLOOD / "flood.yaml").read_text(encoding="utf-8")
    assert "```yaml\n" + fixture[fixture.index("discrepancy: 1") :] + "```" in page
    ((cmd, shown),) = re.findall(
        r"^```console\n\$ (discrepancy timeline [^\n]*)\n(.*?)^```", page, re.MULTILINE | re.DOTALL
    )
    monkeypatch.chdir(FLOOD)
    code, out, err = run(*cmd.split()[1:])
    assert code == 0, err
    assert out == shown


def test_reports_draw_the_withdrawn_claim_on_the_findings_timeline() -> None:
    def report(fmt: str) -> str:
        code, out, err = run(
            "check", FLOOD, "--config", FLOOD / "discrepancy.toml", "--format", fmt, "--no-color"
        )
        assert code == 1, err
        return out

    text = report("text")
    (over,) = re.findall(r"over time: (.*?)\n\n", text, re.DOTALL)
    over = " ".join(over.split())
    assert over.index("6,000") < over.index("11,300 (redcrescent, withdrawn)") < over.index("3,958")
    markdown = report("markdown")
    assert "<code>ocha/toll-1</code> | superseded by ocha/toll-2 |" in markdown
    html = report("html")
    (mark,) = re.findall(r'<g class="point withdrawn"[^>]*><title>([^<]*)</title>', html)
    assert "ocha/toll-1" in mark and "superseded by ocha/toll-2" in mark
