"""The HTML report in a real browser: the script runs under the page's CSP, without errors.

Skipped when no Chromium is installed (``apt-get install chromium``).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from discrepancy.report.formats import render
from report_fixture import fixture_report, hostile_report


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


CHROMIUM = _chromium()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]


def _run(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        page.as_uri(),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def _console_problems(stderr: str) -> list[str]:
    """Console messages (the page logs none), uncaught exceptions and CSP refusals.

    With ``--enable-logging=stderr`` Chromium logs every console message as an
    ``INFO:CONSOLE`` line whatever its level, so any such line is a problem."""
    return [
        line
        for line in stderr.splitlines()
        if re.search(r":CONSOLE|Uncaught|Refused to|Content Security Policy", line)
    ]


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("chromium-profile")


def test_script_runs_and_renders_the_heatmap(tmp_path: Path, profile: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(fixture_report().to_dict(), "html"), encoding="utf-8")
    done = _run(page, profile, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert re.search(r'<body[^>]*data-ready="1"', dom), "the page's script did not run"
    assert dom.count('class="heat ') == 16  # 4 x 4 sources
    assert len(re.findall(r'<td class="heat na"[^>]*>.*?n=0', dom)) == 2
    assert 'id="findings-table"' in dom
    assert 'id="consensus-table"' in dom
    assert 'tabindex="0"' in dom  # headers made sortable
    assert "3 of 3 shown" in dom  # the filter counted the findings rows
    assert _console_problems(done.stderr) == []


def test_screenshot(tmp_path: Path, profile: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(fixture_report().to_dict(), "html"), encoding="utf-8")
    shot = tmp_path / "shot.png"
    done = _run(page, profile, f"--screenshot={shot}", "--window-size=1280,2000")
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000
    assert _console_problems(done.stderr) == []


def test_hostile_page_runs_no_injected_script(tmp_path: Path, profile: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(render(hostile_report().to_dict(), "html"), encoding="utf-8")
    done = _run(page, profile, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert re.search(r'<body[^>]*data-ready="1"', dom)
    assert "<img" not in dom
    assert len(re.findall(r"<script\b", dom)) == 1
    assert "alert(" not in done.stderr
    assert _console_problems(done.stderr) == []


#: Test-only driver appended to a copy of the page (its CSP removed so this script may run):
#: it sorts the consensus table by confidence, descending, and filters the findings.
_DRIVER = """<script>
document.addEventListener("DOMContentLoaded", function () {
  var th = document.querySelector("#consensus-table thead th:nth-child(10)");
  th.click();
  th.click();
  var rows = Array.prototype.map.call(
    document.querySelectorAll("#consensus-table tbody tr"),
    function (r) { return r.cells[1].textContent; });
  document.body.setAttribute("data-sorted", rows.join(";") + ";" + th.getAttribute("aria-sort"));
  var input = document.querySelector('input[data-filter="findings-table"]');
  input.value = "BASES";
  input.dispatchEvent(new Event("input"));
  var shown = document.querySelectorAll("#findings-table tbody tr:not(.hidden)");
  document.body.setAttribute("data-shown", String(shown.length));
});
</script>"""


def test_tables_sort_and_filter(tmp_path: Path, profile: Path) -> None:
    html = render(fixture_report().to_dict(), "html")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    page = tmp_path / "driven.html"
    page.write_text(html.replace("</body>", _DRIVER + "\n</body>"), encoding="utf-8")
    done = _run(page, profile, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert 'data-sorted="troops;in-combat;bases [group=first];descending"' in done.stdout
    assert 'data-shown="1"' in done.stdout
    assert "1 of 3 shown" in done.stdout
    assert _console_problems(done.stderr) == []


#: Test-only driver for the large report: once the page's own script has run, forces a
#: layout (reading scrollWidth) and records how long the page took to get there and whether
#: anything is wider than the window (a phone's 400 px).
_MEASURE = """<script>
document.addEventListener("DOMContentLoaded", function () {
  var root = document.documentElement;
  var overflow = root.scrollWidth - root.clientWidth;
  document.body.setAttribute("data-loaded-ms", String(Math.round(performance.now())));
  document.body.setAttribute("data-overflow", String(overflow));
  var visible = Array.prototype.filter.call(
    document.querySelectorAll("article.finding"), function (a) { return !a.hidden; });
  document.body.setAttribute("data-visible", String(visible.length));
});
</script>"""


@pytest.fixture(scope="module")
def large_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    from discrepancy.engine import check
    from discrepancy.io.load import load
    from test_report_size import write_layout

    folder = write_layout(tmp_path_factory.mktemp("large") / "news", noisy=False)
    return check(load([str(folder)])).render("html")


def test_large_report_renders_fast_and_pages_its_findings(
    tmp_path: Path, profile: Path, large_page: str
) -> None:
    assert len(large_page.encode("utf-8")) < 5_000_000
    page = tmp_path / "large.html"
    page.write_text(large_page, encoding="utf-8")
    done = _run(page, profile, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r'<body[^>]*data-ready="1"', done.stdout)
    assert "Findings 1–50 of 200 (page 1 of 4)" in done.stdout
    assert _console_problems(done.stderr) == []

    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", large_page)
    driven = tmp_path / "large-driven.html"
    driven.write_text(html.replace("</body>", _MEASURE + "\n</body>"), encoding="utf-8")
    done = _run(driven, profile, "--dump-dom", "--window-size=1280,900")
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = re.search(r'data-loaded-ms="(\d+)"', done.stdout)
    assert loaded is not None, "the page did not finish loading"
    assert int(loaded.group(1)) < 3000
    assert 'data-visible="50"' in done.stdout


@pytest.mark.parametrize("which", ["fixture", "large"])
def test_readable_on_a_phone(tmp_path: Path, profile: Path, large_page: str, which: str) -> None:
    source = render(fixture_report().to_dict(), "html") if which == "fixture" else large_page
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", source)
    page = tmp_path / "phone.html"
    page.write_text(html.replace("</body>", _MEASURE + "\n</body>"), encoding="utf-8")
    done = _run(page, profile, "--dump-dom", "--window-size=400,800")
    assert done.returncode == 0, done.stderr[-2000:]
    overflow = re.search(r'data-overflow="(-?\d+)"', done.stdout)
    assert overflow is not None, "the page did not finish loading"
    assert int(overflow.group(1)) <= 0  # nothing wider than the screen: wide tables scroll
    shot = tmp_path / "phone.png"
    done = _run(page, profile, f"--screenshot={shot}", "--window-size=400,800")
    assert done.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_timeline_charts_render_offline(tmp_path: Path, profile: Path) -> None:
    """The seeds report draws an SVG timeline under the troop findings, and the timeline
    command's page draws one per quantity fact: both under their CSP, with no error."""
    from discrepancy.cli import main

    root = Path(__file__).resolve().parents[1]
    report, timeline = tmp_path / "report.html", tmp_path / "timeline.html"
    seeds = str(root / "seeds")
    assert (
        main(["report", seeds, "-o", str(report)], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    )
    args = ["timeline", "dprk-troops-russia/troops-sent", seeds, "--format", "html"]
    assert main([*args, "-o", str(timeline)], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    done = _run(report, profile, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r'<body[^>]*data-ready="1"', done.stdout)
    charts = re.findall(r"<svg\b.*?</svg>", done.stdout, re.DOTALL)
    assert charts and all('class="point"' in c for c in charts)
    assert _console_problems(done.stderr) == []
    done = _run(timeline, profile, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    # troops-sent, its first group and its second group: three facts, three charts
    assert done.stdout.count("<svg") == 3
    assert _console_problems(done.stderr) == []
    shot = tmp_path / "timeline.png"
    done = _run(timeline, profile, f"--screenshot={shot}", "--window-size=800,1200")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
