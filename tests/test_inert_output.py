"""No claim text, key, id or path reaches a terminal, CI log, JSON or Markdown in a form that acts."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from discrepancy.cli import main
from discrepancy.report.escape import (
    LINE_LIMIT,
    QUOTE_LIMIT,
    json_text,
    log_text,
    md_text,
    problem_line,
)

#: What must never come out raw: C0/C1 controls, DEL, line separators, bidi controls.
RAW = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=300)
HOSTILE = st.lists(
    st.sampled_from(
        [
            "\n",
            "\r",
            "\x1b]0;title\x07",
            "\x1b[2J",
            "\x00",
            "\x85",
            "\u2028",
            "\u202e",
            "::",
            ":",
            "::error::x",
            "::add-mask::",
            "@org/team",
            "@user",
            "#1",
            "GH-2",
            "https://x.org",
            "www.x.org",
            ":tada:",
            "a@b.com",
            "'",
            " ",
            "x",
        ]
    ),
    max_size=30,
).map("".join)
TEXTS = st.one_of(ANY_TEXT, HOSTILE)


@given(TEXTS)
def test_problem_line_is_one_inert_line(value: str) -> None:
    line = problem_line(value)
    assert not RAW.search(line)
    assert not line.lstrip().startswith(":")
    assert len(line) <= 4 * LINE_LIMIT


def test_problem_line_caps_quoted_values() -> None:
    line = problem_line(f"E104 invalid source id '{'x' * 9_500_000}' (e.g. 'x')")
    assert len(line) < 400
    assert f"'{'x' * (QUOTE_LIMIT - 1)}…'" in line


@given(TEXTS)
def test_log_text_starts_no_workflow_command(value: str) -> None:
    for line in log_text(value).split("\n"):
        assert not line.lstrip().startswith(":")


@given(TEXTS)
def test_markdown_text_breaks_mentions_refs_autolinks_and_emoji(value: str) -> None:
    out = md_text(value).replace("&#8203;", "\u200b")  # the entity GitHub shows as nothing
    assert not RAW.search(out)
    assert "\n" not in out
    assert not re.search(r"@\w", out)
    assert not re.search(r"#\d|\bGH-\d", out, re.IGNORECASE)
    assert not re.search(r"\w://|\bwww\.", out, re.IGNORECASE)
    assert not re.search(r":[\w+-]+:", out)


@given(
    st.recursive(
        TEXTS,
        lambda c: st.lists(c, max_size=3) | st.dictionaries(TEXTS, c, max_size=3),
        max_leaves=10,
    )
)
def test_json_text_is_the_same_json_without_raw_separators(value: object) -> None:
    encoded = json_text(json.dumps(value, ensure_ascii=False))
    assert json.loads(encoded) == value
    assert not RAW.search(encoded)
    assert encoded.splitlines() == [encoded]


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_exit_2_lines_are_inert(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    key = "\n::add-mask::x\n::error file=a::forged\x1b]0;owned\x07\u202e"
    path.write_text(
        "source: {id: a}\n"
        f"claims:\n  - {{subject: s, property: p, value: 1, {json.dumps(key)}: 1}}\n"
        f"  - {{id: {json.dumps('Bad' + 'y' * 100_000)}, subject: s, property: p, value: 2}}\n",
        encoding="utf-8",
    )
    code, _, err = run("check", path)
    assert code == 2
    assert "E101" in err and "E104" in err
    for line in err.splitlines():
        assert not RAW.search(line), line
        assert not line.lstrip().startswith(":"), line
        assert len(line) < 1000
    assert "\\n::add-mask::x" in err and "\\x1b]0;owned" in err


def test_report_lines_start_no_workflow_command(tmp_path: Path) -> None:
    for sid, value in (("a", "1500"), ("b", "12000")):
        (tmp_path / f"{sid}.yaml").write_text(
            f"source: {{id: {sid}}}\n"
            f"claims: [{{subject: '::stop-commands::x', property: p, value: {value},"
            f' note: "\\n::error::n"}}]\n'
        )
    for fmt in ("text", "markdown", "html", "json", "jsonl", "sarif", "junit"):
        code, out, _ = run("check", tmp_path, "--format", fmt, "--no-color")
        assert code == 1, fmt
        assert not any(line.lstrip().startswith(":") for line in out.splitlines()), fmt


@given(TEXTS)
def test_xml_and_html_text_hold_no_active_characters(value: str) -> None:
    from discrepancy.report.escape import html_text, xml_text

    for out in (xml_text(value), html_text(value)):
        assert not RAW.search(out.replace("\n", "").replace("\r", "").replace("\t", ""))
