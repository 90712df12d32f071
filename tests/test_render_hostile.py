"""Hostile report data stays data in every format: no markup, no commands, no broken syntax."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import pytest

from discrepancy.report.escape import (
    gh_data,
    gh_property,
    html_text,
    md_block,
    md_code,
    md_text,
    printable,
    xml_text,
)
from discrepancy.report.formats import FORMATS, render
from discrepancy.report.html import _asset
from report_fixture import IMG, NASTY, SCRIPT, hostile_report


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return hostile_report().to_dict()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.data: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.data).append(data)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_hostile_data(report: dict[str, Any], fmt: str) -> None:
    assert render(report, fmt)


def test_html_has_no_injected_markup(report: dict[str, Any]) -> None:
    page = render(report, "html")
    parser = _Tags()
    parser.feed(page)
    parser.close()
    names = [tag for tag, _ in parser.tags]
    assert "img" not in names
    assert names.count("script") == 1  # ours, at the end
    assert parser.scripts == [_asset("report.js")]
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action", "formaction"):
                assert value is not None
                assert value.startswith("#"), (tag, name, value)
            if name == "id":
                assert value is not None
                assert re.fullmatch(r"[a-z0-9-]+", value), value
    text = "".join(parser.data)
    assert SCRIPT in text  # shown as text
    assert IMG in text
    assert "<script>alert" not in page
    assert "<img" not in page


def test_html_timeline_chart_is_inert(report: dict[str, Any]) -> None:
    """The hostile finding's claims hold on two different days: its SVG chart carries the
    hostile names only as text (in <title> and <text>), never as markup or attributes."""
    page = render(report, "html")
    charts = re.findall(r"<svg\b.*?</svg>", page, re.DOTALL)
    assert len(charts) == 1
    parser = _Tags()
    parser.feed(charts[0])
    allowed = {"svg", "title", "rect", "line", "text", "g", "circle"}
    assert {tag for tag, _ in parser.tags} <= allowed
    for _, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), name
            assert "<" not in (value or "") and "javascript:" not in (value or "")
    assert SCRIPT in "".join(parser.data)  # shown as text


def test_html_content_security_policy(report: dict[str, Any]) -> None:
    page = render(report, "html")
    parser = _Tags()
    parser.feed(page)
    csp = [
        dict(attrs).get("content")
        for tag, attrs in parser.tags
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(csp) == 1
    policy = csp[0] or ""
    assert "default-src 'none'" in policy
    assert "script-src 'sha256-" in policy
    assert "style-src 'sha256-" in policy
    assert "http" not in policy
    assert "unsafe-eval" not in policy
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)


def test_markdown_has_no_raw_html_or_broken_tables(report: dict[str, Any]) -> None:
    md = render(report, "markdown")
    for raw in ("<img", "<script", "<!--", "-->"):
        assert raw not in md, raw
    # only our own folds: one per finding with disagreeing pairs, one per finding whose
    # claims hold at different times (its timeline)
    assert md.count("<details>") == md.count("</details>") == 2
    assert md.count("<summary>Timeline</summary>") == 1
    assert "[link](" not in md  # brackets escaped: no link
    assert "\x1b" not in md
    assert "\x00" not in md
    unescaped_pipe = re.compile(r"(?<!\\)\|")
    widths: list[int] = []
    for line in md.splitlines():
        if not line.startswith("|"):
            widths = []
            continue
        cells = len(unescaped_pipe.split(line)) - 2
        if not widths:
            widths.append(cells)
        assert cells == widths[0], line
    for tag in re.findall(r"</?([a-zA-Z]+)", md):
        assert tag in ("code", "sub", "a", "details", "summary"), tag


def test_text_cannot_emit_terminal_controls(report: dict[str, Any]) -> None:
    plain = render(report, "text")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", plain)
    coloured = render(report, "text", color=True)
    assert "\x1b" not in re.sub("\x1b\\[[0-9;]*m", "", coloured)
    assert "\\x1b[31mred" in plain  # shown, not obeyed


def test_github_commands_stay_one_line_each(report: dict[str, Any]) -> None:
    lines = render(report, "github").splitlines()
    assert len(lines) == len(report["findings"]) + len(report["warnings"])
    for line in lines:
        assert re.match(r"::(error|warning)( |::)", line), line
        assert "\x1b" not in line
        head, sep, _message = line[2:].partition("::")
        assert sep
        _, _, props = head.partition(" ")
        for prop in props.split(","):
            key, eq, value = prop.partition("=")
            assert eq and key in ("file", "line", "col", "title"), prop
            assert ":" not in value
            assert "," not in value


def test_junit_is_well_formed(report: dict[str, Any]) -> None:
    root = ET.fromstring(render(report, "junit"))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert "\x00" not in ET.tostring(root, encoding="unicode")


def test_json_formats_are_strict_json(report: dict[str, Any]) -> None:
    def no_constants(name: str) -> None:
        raise AssertionError(f"non-standard JSON constant {name}")

    data = json.loads(render(report, "json"), parse_constant=no_constants)
    assert data["findings"][0]["subject"] in (IMG, SCRIPT)
    for line in render(report, "jsonl").splitlines():
        json.loads(line, parse_constant=no_constants)
    json.loads(render(report, "sarif"), parse_constant=no_constants)


# -- the escaping functions one by one -------------------------------------------------------


def test_html_text() -> None:
    assert html_text(SCRIPT) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert html_text("\"'&") == "&quot;&#x27;&amp;"
    assert html_text(None) == ""
    assert "\x00" not in html_text("a\x00b")


def test_md_text() -> None:
    assert md_text("a|b\nc") == "a\\|b c"
    assert md_text("`x` [l](u) *e* _u_ ~s~") == "\\`x\\` \\[l\\](u) \\*e\\* \\_u\\_ \\~s\\~"
    assert md_text(IMG) == "&lt;img src=x onerror=alert(2)&gt;"
    assert md_text("a & b") == "a &amp; b"
    assert md_block("# title") == "\\# title"
    assert md_block("1. item") == "1\\. item"
    assert md_block("- item") == "\\- item"
    assert md_code("a|`b`") == "<code>a&#124;&#96;b&#96;</code>"
    assert md_code("") == ""


def test_github_escapes() -> None:
    assert gh_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert gh_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert gh_data("\x1b[31m") == "\\x1b[31m"


def test_printable_and_xml_text() -> None:
    assert printable("a\nb\tc\x1b\u202e") == "a\\nb\\tc\\x1b\\u202e"
    assert xml_text("a\x00b\x0bc\td\n") == "abc\td\n"
    assert xml_text(NASTY).count("\x07") == 0
