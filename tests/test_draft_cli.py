"""`discrepancy draft` through the real command line on real files: output, review flow,
bad input (exit 2 with the file named, no traceback), hostile text, and the seed articles."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from discrepancy.cli import main
from discrepancy.io.load import load
from discrepancy.io.yaml_reader import Limits


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the test's folder: documents outside the working directory are refused
    (E005), as they would be for a user whose claim files live elsewhere."""
    monkeypatch.chdir(tmp_path)


ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DISCREPANCY_SHARED", ROOT / ".." / "shared"))
ARTICLES = SHARED / "seeds"

ARTICLE = """Storm Report

March 10, 2023

Officials said on Friday that about 2,300 people were evacuated from Lagos, Abuja, and Kano.
According to the Red Cross, 120 people died between March 2 and 5.
"""


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "storm.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_draft_to_stdout(article: Path) -> None:
    code, out, err = run("draft", article, "--source", "wire")
    assert code == 0, err
    assert "status: draft" in out and "id: wire" in out
    assert "published: 2023-03-10" in out  # from the date line
    assert re.search(r"Drafted \d+ claims from .*storm.txt to stdout", err)
    saved = article.parent / "wire.yaml"
    saved.write_text(out, encoding="utf-8")
    claims = load(saved)
    values = {c.raw_text for c in claims.claims}
    assert {"about 2,300", "120", "between March 2 and 5", "Friday"} <= values
    said = {c.raw_text: c.said_by for c in claims.claims}
    assert said["120"] == "red-cross"


def test_draft_then_check_then_accept(article: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims" / "wire.yaml"
    code, _, err = run("draft", article, "--source", "wire", "-o", out)
    assert code == 0, err
    code, report, _ = run("check", out.parent, "--format", "json", "--fail-on", "warning")
    assert code == 1
    findings = json.loads(report)["findings"]
    assert findings and {f["rule"] for f in findings} == {"E303"}  # quotes all found: no E302
    accepted = re.sub(r"\n\s*status: draft", "", out.read_text(encoding="utf-8"))
    out.write_text(accepted, encoding="utf-8")
    code, report, _ = run("check", out.parent, "--format", "json", "--fail-on", "warning")
    assert "E303" not in report


def test_existing_file_needs_force(article: Path, tmp_path: Path) -> None:
    out = tmp_path / "wire.yaml"
    out.write_text("keep me", encoding="utf-8")
    code, _, err = run("draft", article, "-o", out)
    assert code == 2 and "exists; pass --force" in err
    assert out.read_text(encoding="utf-8") == "keep me"
    code, _, _ = run("draft", article, "-o", out, "--force")
    assert code == 0 and "status: draft" in out.read_text(encoding="utf-8")


def test_several_articles_need_a_folder(article: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("The army said 40 soldiers died on March 3, 2023.\n", encoding="utf-8")
    code, _, err = run("draft", article, other)
    assert code == 2 and "need -o FOLDER" in err
    code, _, err = run("draft", article, other, "--source", "x", "-o", tmp_path / "out")
    assert code == 2 and "--source names one source" in err
    code, _, err = run("draft", article, other, "-o", tmp_path / "out")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["other.yaml", "storm.yaml"]
    assert len(load(tmp_path / "out").sources) == 2


def test_dates_without_published_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The ministry said on Friday that 40 soldiers died.\n", encoding="utf-8")
    code, out, err = run("draft", path)
    assert code == 0
    assert "need --published" in err and "Friday" in out.split("discrepancy: 1")[0]


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"", "E007", "article is empty"),
        (b"  \n\n\t\n", "E007", "article is empty"),
        (b"PK\x03\x04\x00\x00binary", "E007", "binary file"),
        (b"caf\xe9 au lait\n", "E002", "not UTF-8 text (byte 0xe9)"),
        (bytes(range(1, 32)) * 10, "E007", "binary file"),
    ],
)
def test_bad_articles(tmp_path: Path, content: bytes, code: str, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    status, out, err = run("draft", path)
    assert status == 2 and out == ""
    assert "bad.txt" in err and code in err and message in err
    assert "Traceback" not in err and "nothing was drafted" in err


def test_non_utf8_points_at_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"fine line\nsecond \xff line\n")
    _, _, err = run("draft", path)
    assert f"{path}:2:8: E002" in err


def test_huge_and_missing_articles(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * (Limits().max_bytes // 5 + 1))
    status, _, err = run("draft", path)
    assert status == 2 and "E003" in err and "larger than the limit" in err
    status, _, err = run("draft", tmp_path / "nope.txt")
    assert status == 2 and "E001" in err and "nope.txt" in err
    status, _, err = run("draft", tmp_path)
    assert status == 2 and "is a folder" in err


def test_bad_options(article: Path) -> None:
    status, _, err = run("draft", article, "--published", "someday")
    assert status == 2 and "E112" in err and "someday" in err
    status, _, err = run("draft", article, "--published", "2023-03")
    assert status == 2 and "one day" in err
    status, _, err = run("draft", article, "--source", "Not An Id")
    assert status == 2 and "is not an id" in err


HOSTILE = (
    "March 10, 2023\n"
    'The army said 40 soldiers <script>alert("x")</script> died, ::error::boom | `x` '
    "[a](javascript:alert(1)) ]]></x> on Friday.\n"
)


@pytest.mark.parametrize(
    "fmt", ["html", "markdown", "github", "sarif", "junit", "text", "json", "jsonl"]
)
def test_hostile_quotes_stay_inert(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "claims" / "hostile.yaml"
    assert run("draft", path, "-o", out)[0] == 0
    code, report, err = run("check", out.parent, "--include-drafts", "--format", fmt)
    assert code in (0, 1), err
    if fmt == "html":
        assert '<script>alert("x")' not in report and 'href="javascript' not in report
    if fmt == "github":
        assert not any(line.startswith("::error::boom") for line in report.splitlines())
    if fmt in ("sarif", "json"):
        json.loads(report)
    if fmt == "jsonl":
        for line in report.splitlines():
            json.loads(line)
    if fmt == "junit":
        ET.fromstring(report)


def test_subprocess_smoke(article: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "discrepancy", "draft", str(article), "--source", "wire"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "status: draft" in result.stdout


@pytest.mark.skipif(not ARTICLES.is_dir(), reason=f"seed articles not found at {ARTICLES}")
def test_seed_articles_draft_and_check(tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    articles = sorted(ARTICLES.glob("*.txt"))
    code, _, err = run("draft", *articles, "-o", out, "--published", "2024-10-18")
    assert code == 0, err
    claims = load(out)
    assert len(claims.sources) == len(articles)
    assert all(c.is_draft for c in claims.claims)
    code, report, _ = run("check", out, "--format", "json")
    rules = {f["rule"] for f in json.loads(report)["findings"]}
    assert rules == {"E303"}  # every quote is in its article (no E302), drafts set aside


HTML = """<!DOCTYPE html>
<html><head><title>Storm</title></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Storm hits the coast</h1>
<p>According to the Red Cross, about 2,300 people were evacuated on Friday from the coastal
towns, and 120 people died between March 2 and 5, officials said in the capital.</p>
<p>The army said it had deployed 3,000 troops to help with the rescue work in the region.</p>
</article>
<footer>Copyright 2023</footer>
</body></html>
"""


def test_html_article_through_the_extractor(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    path = tmp_path / "storm.html"
    path.write_text(HTML, encoding="utf-8")
    code, out, err = run("draft", path, "--published", "2023-03-10")
    assert code == 0, err
    assert "about 2,300" in out and "3,000" in out
    assert "document:" not in out  # quotes come from the extracted text, not the HTML
    assert "Copyright" not in out


def test_html_without_the_extra_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails
    path = tmp_path / "storm.html"
    path.write_text(HTML, encoding="utf-8")
    code, _, err = run("draft", path)
    assert code == 2 and "discrepancy[html]" in err and "storm.html" in err


@pytest.mark.skipif(not ARTICLES.is_dir(), reason=f"seed articles not found at {ARTICLES}")
def test_the_tutorial(tmp_path: Path) -> None:
    """docs/drafting.md: draft the Yonhap relay next to two hand-written files, then check."""
    review = tmp_path / "review"
    review.mkdir()
    for name in ("insider.yaml", "newslooks.yaml"):
        (review / name).write_text((ROOT / "seeds" / name).read_text(encoding="utf-8"))
    out = review / "yonhap-relay.yaml"
    article = ARTICLES / "004_e52ba4af9c357606.txt"
    argv = ["draft", article, "--source", "yonhap-relay", "--published", "2024-10-19", "-o", out]
    code, _, err = run(*argv)
    assert code == 0, err
    assert "reusing ids from" in err
    drafted = {c.id: c for c in load(out).claims}
    sent = drafted["troops-sent"]
    assert (sent.raw_text, sent.said_by, sent.via) == ("approximately 12,000", "nis", ("yonhap",))
    assert drafted["nis-announced"].raw_text == "Friday"
    code, report, _ = run("check", review, "--fail-on", "warning", "--format", "json")
    assert code == 1
    assert "E303" in {f["rule"] for f in json.loads(report)["findings"]}
