"""Every output format against its gold file, and the contract all renderers share."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import numpy as np
import pytest

from discrepancy.report import Report
from discrepancy.report.formats import FORMATS, render
from discrepancy.report.options import RenderOptions
from discrepancy.report.report import SCHEMA_VERSION
from goldtest import compare
from report_fixture import fixture_report

#: The rule catalogue the SARIF gold file describes (fixed, so the registry can evolve).
RULES: list[dict[str, Any]] = [
    {
        "code": "A001",
        "name": "assertions_contradict",
        "summary": "assertions contradict",
        "doc": "What: one source confirms what another denies.",
        "level": "error",
    },
    {
        "code": "Q001",
        "name": "quantity_intervals_disjoint",
        "summary": "quantity conflict",
        "doc": "What: two comparable quantities whose intervals do not overlap.",
        "level": "error",
    },
]

GOLD_NAMES = {
    "text": "report.txt",
    "json": "report.json",
    "jsonl": "report.jsonl",
    "markdown": "report.md",
    "html": "report.html",
    "sarif": "report.sarif",
    "github": "report.github",
    "junit": "report.junit.xml",
}

ANSI = re.compile("\x1b\\[")


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return fixture_report().to_dict()


def test_formats_match_the_cli() -> None:
    assert FORMATS == ("text", "json", "jsonl", "markdown", "html", "sarif", "github", "junit")
    assert set(GOLD_NAMES) == set(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_gold(report: dict[str, Any], fmt: str) -> None:
    out = render(report, fmt, rules=RULES)
    compare(GOLD_NAMES[fmt], out)


@pytest.mark.parametrize("fmt", FORMATS)
def test_renders_the_json_it_was_given(report: dict[str, Any], fmt: str) -> None:
    """Renderers see only the JSON report: a report read back from JSON renders the same."""
    again = json.loads(render(report, "json"))
    assert render(again, fmt, rules=RULES) == render(report, fmt, rules=RULES)


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_report(fmt: str) -> None:
    out = render(Report(fixture_report().claims).to_dict(), fmt, rules=[])
    assert isinstance(out, str)
    if fmt in ("jsonl", "github"):
        assert out == ""
    else:
        assert out.endswith("\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_tolerates_a_sparse_dict(fmt: str) -> None:
    """A hand-written or older report with missing keys still renders."""
    sparse = {
        "summary": {"findings": 1},
        "findings": [{"rule": "Q001", "severity": "error", "message": "m", "claims": [{}]}],
        "agreement": {"sources": ["a", "b"], "matrix": [[1.0]], "n": []},
        "consensus": [{"subject": "s"}],
        "skipped": [{}],
    }
    assert isinstance(render(sparse, fmt), str)


def test_unknown_format_lists_the_formats(report: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="unknown report format 'yaml'") as info:
        render(report, "yaml")
    for fmt in FORMATS:
        assert fmt in str(info.value)


def test_report_render_dispatches() -> None:
    r = fixture_report()
    assert r.render("markdown") == render(r.to_dict(), "markdown")
    assert r.render() == render(r.to_dict(), "text")


def test_text_plain_has_no_escape_codes_and_colour_has(report: dict[str, Any]) -> None:
    plain = render(report, "text")
    coloured = render(report, "text", color=True)
    assert not ANSI.search(plain)
    assert ANSI.search(coloured)
    assert ANSI.sub("", re.sub("\x1b\\[[0-9;]*m", "", coloured)) == plain


def test_text_layout(report: dict[str, Any]) -> None:
    lines = render(report, "text", options=RenderOptions(width=200)).splitlines()
    assert lines[0] == (
        "seeds/insider.yaml:14:12: Q001 [error] 4 sources give troops from 1,500 to about 12,000 (×8.0)"
    )
    # in report order: errors (largest first), then warnings
    heads = [line.split(" ")[1] for line in lines if re.match(r"^\S+:\d+:\d+: ", line)]
    assert heads == ["Q001", "A001", "S002"]
    text = "\n".join(lines)
    assert "conflict (major, ×6.67): insider/troops-first vs newslooks/troops-planned" in text
    assert "compatible" not in text  # agreeing pairs aren't worth a line
    assert "only insider/bases: Blagoveshchensk; only moscow-times/bases: Vladivostok" in text
    assert "- n=0" in text
    assert (
        lines[-1]
        == "Found 3 findings (2 errors, 1 warning) in 5 groups of 9 claims from 4 sources."
    )


def test_text_summary_without_findings() -> None:
    out = render(Report(fixture_report().claims, groups=1).to_dict(), "text")
    assert out.splitlines()[-1] == "No findings in 1 group of 9 claims from 4 sources."


def test_json_is_the_report(report: dict[str, Any]) -> None:
    data = json.loads(render(report, "json"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["agreement"]["matrix"][1][3] is None
    assert data == json.loads(json.dumps(report))


def test_json_turns_nan_and_infinity_into_null() -> None:
    weird = {"a": float("nan"), "b": [float("inf"), -float("inf")], "c": (1.5,)}
    assert json.loads(render(weird, "json")) == {"a": None, "b": [None, None], "c": [1.5]}


def test_jsonl_is_one_finding_a_line(report: dict[str, Any]) -> None:
    lines = render(report, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == json.loads(json.dumps(report["findings"]))
    weird = {"findings": [{"message": "a\u2028b", "magnitude": float("nan")}]}
    out = render(weird, "jsonl")
    assert len(out.splitlines()) == 1
    assert json.loads(out) == {"message": "a\u2028b", "magnitude": None}


def test_markdown_tables(report: dict[str, Any]) -> None:
    md = render(report, "markdown")
    assert "| **moscow-times** | 50% (2) | 100% (1) | 0% (1) | - (0) |" in md
    assert (
        "| dprk-troops-russia | troops | about 12,000 soldiers | 11,000 | 12,000 | 12,600 |" in md
    )
    assert "only A: Blagoveshchensk; only B: Vladivostok" in md
    for line in md.splitlines():
        if line.startswith("|"):  # every row of a table has as many cells as its header
            assert line.endswith(" |")


def test_github_commands(report: dict[str, Any]) -> None:
    lines = render(report, "github").splitlines()
    assert lines[0].startswith(  # errors first, the largest magnitude first
        "::error file=seeds/insider.yaml,line=14,col=12,title=Q001::dprk-troops-russia"
    )
    assert lines[1].startswith(
        "::error file=seeds/moscow-times.yaml,line=25,col=5,title=A001::dprk-troops-russia"
    )
    assert lines[2].startswith("::warning file=seeds/insider.yaml,line=40,col=12,title=S002::")
    assert (
        lines[3]
        == "::warning file=seeds/newslooks.yaml,line=24,col=7,title=W001::suppression of Q001 has no reason"
    )


def test_junit_counts(report: dict[str, Any]) -> None:
    root = ET.fromstring(render(report, "junit"))
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("name") == "discrepancy"
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("5", "3", "1")
    cases = suite.findall("testcase")
    assert len(cases) == 5
    failures = [c.find("failure") for c in cases if c.find("failure") is not None]
    assert [f.get("type") for f in failures if f is not None] == ["error", "error", "warning"]
    assert cases[-1].get("name") == "2 groups agree"


def test_numpy_scalars_render() -> None:
    data: dict[str, Any] = {
        "summary": {"findings": np.int64(0), "groups": np.int64(2)},
        "agreement": {
            "sources": ["a"],
            "matrix": [[np.float64("nan")]],
            "n": [[np.int64(0)]],
        },
        "consensus": [
            {
                "subject": "s",
                "property": "p",
                "low": np.float64(1500.0),
                "best": np.int64(12000),
                "high": np.float64("inf"),
            }
        ],
    }
    parsed = json.loads(render(data, "json"))
    assert parsed["consensus"][0] == {
        "subject": "s",
        "property": "p",
        "low": 1500.0,
        "best": 12000,
        "high": None,
    }
    text = render(data, "text")
    assert "12,000" in text
    assert "No findings in 2 groups" in text
    assert "n=0" in render(data, "html")
