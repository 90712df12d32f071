"""Reports at any size: 30 outlets x 200 facts (6,000 claims) stay readable in every format.

The layouts are those of ``benchmarks/bench_report_size.py``: ``news`` (each outlet gives the
fact's figure with probability 0.8, else one of three others: ~200 findings of 4 values) and
``noisy`` (every value its own: findings of 30 values).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pytest

from discrepancy.cli import main
from discrepancy.engine import check
from discrepancy.io.load import load
from discrepancy.report.options import RenderOptions
from discrepancy.report.report import Report

OUTLETS, FACTS = 30, 200


def write_layout(folder: Path, noisy: bool, seed: int = 7) -> Path:
    rng = np.random.default_rng(seed)
    truth = rng.integers(100, 100_000, FACTS)
    if noisy:
        values = np.rint(truth[None, :] * rng.uniform(0.5, 1.5, (OUTLETS, FACTS)))
    else:
        factor = np.array([0.5, 1.5, 2.0])[rng.integers(0, 3, (OUTLETS, FACTS))]
        right = rng.random((OUTLETS, FACTS)) < 0.8
        values = np.where(right, truth[None, :], np.rint(truth[None, :] * factor))
    folder.mkdir()
    for s in range(OUTLETS):
        lines = ["discrepancy: 1", f"source: {{id: outlet-{s}}}", "claims:"]
        lines += [
            f'  - {{id: c{f}, subject: event-{f}, property: deaths, value: "{int(values[s, f]):,}"}}'
            for f in range(FACTS)
        ]
        (folder / f"outlet-{s}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_layout(tmp_path_factory.mktemp("layouts") / "news", noisy=False)


@pytest.fixture(scope="module")
def noisy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_layout(tmp_path_factory.mktemp("layouts") / "noisy", noisy=True)


@pytest.fixture(scope="module")
def news_report(news: Path) -> Report:
    return check(load([str(news)]))


@pytest.fixture(scope="module")
def noisy_report(noisy: Path) -> Report:
    return check(load([str(noisy)]))


def cli(*argv: str | Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    assert code in (0, 1), err.getvalue()
    return code, out.getvalue()


def test_default_text_of_6000_claims_is_short_and_fits_the_width(news: Path) -> None:
    code, out = cli("check", news, "--no-color")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) < 2000
    assert max(len(line) for line in lines) <= 120
    assert lines[-1] == (
        "Found 200 findings (200 errors, 0 warnings) in 200 groups of 6,000 claims from 30 sources."
    )
    assert "Not shown: agreement of 30 sources and consensus of 200 facts" in out
    assert "--full lists every claim" in out
    # a finding shows its values, with the outlets behind each (named up to 4)
    assert re.search(
        r"^    [\d,]+ +outlet-\d+, outlet-\d+, outlet-\d+ and \d+ more +\d+ claims ", out, re.M
    )


def test_width_follows_the_terminal(news_report: Report) -> None:
    narrow = news_report.render("text", options=RenderOptions(width=80)).splitlines()
    assert max(len(line) for line in narrow) <= 80


def test_concise_is_one_line_per_finding(news: Path, news_report: Report) -> None:
    _, out = cli("check", news, "--format", "concise", "--no-color")
    lines = out.splitlines()
    assert len(lines) == 201
    assert all(re.match(r"^\S+:\d+:\d+: Q001 \[error\] 30 sources disagree", x) for x in lines[:-1])
    assert news_report.render("text", options=RenderOptions(concise=True)) == out


def test_full_lists_every_claim_and_tables_show_when_asked(news_report: Report) -> None:
    full = news_report.render("text", options=RenderOptions(full=True, tables="always"))
    assert full.count("outlet-7/c") >= 200  # every claim of every finding
    assert "Agreement between sources" in full and "Consensus" in full
    assert "Not shown" not in full


def test_tables_hidden_with_select_on_a_small_run(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    _, out = cli("check", seeds, "--select", "Q", "--no-color")
    assert "Agreement between sources" not in out and "Not shown: agreement of 5 sources" in out
    _, out = cli("check", seeds, "--select", "Q", "--tables", "--no-color")
    assert "Agreement between sources" in out


def test_findings_come_by_magnitude_then_natural_order(news_report: Report) -> None:
    mags = [f.magnitude for f in news_report.findings]
    assert mags == sorted(mags, reverse=True)  # type: ignore[type-var]
    equal = [f.subject for f in news_report.findings if f.magnitude == mags[0]]
    numbers = [int(s.split("-")[1]) for s in equal]
    assert numbers == sorted(numbers)


def test_markdown_stays_under_a_mebibyte(noisy: Path, news_report: Report) -> None:
    _, out = cli("check", noisy, "--format", "markdown")
    assert len(out.encode("utf-8")) < 1024 * 1024
    assert re.search(r"\*\*\d+ more findings\*\* not shown", out)
    assert "--format json" in out.split("more findings")[-1]
    small = news_report.render("markdown")
    assert len(small.encode("utf-8")) < 1024 * 1024 and "more findings" not in small


def test_html_stays_under_5_mb(news_report: Report, noisy_report: Report) -> None:
    for report in (news_report, noisy_report):
        page = report.render("html")
        assert len(page.encode("utf-8")) < 5_000_000
        assert page.count('<article class="finding') == 200
        assert '<nav class="pager" data-page-size="50"' in page


def test_json_grows_with_claims_not_pairs(noisy_report: Report) -> None:
    report = json.loads(noisy_report.render("json"))
    for f in report["findings"]:
        assert len(f["pairs"]) <= max(10, len(f["clusters"]))
        assert f["pairs_omitted"] == len(f["clusters"]) * (len(f["clusters"]) - 1) // 2 - len(
            f["pairs"]
        )


def test_full_and_columns_through_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    _, folded = cli("check", seeds, "--no-color")
    _, full = cli("check", seeds, "--no-color", "--full")
    assert "newslooks/troops-in-russia-peskov" not in folded  # 7 claims: shown by value
    assert "denied     peskov, zelenskyy (reported by newslooks)" in folded
    assert "newslooks/troops-in-russia-peskov" in full
    monkeypatch.setenv("COLUMNS", "80")
    _, narrow = cli("check", seeds, "--no-color")
    assert max(len(line) for line in narrow.splitlines()) <= 80
