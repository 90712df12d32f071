"""Wording of findings and reports: values quoted as written, who said what named as what they
are, dates at their precision, plurals and thousands separators right."""

from __future__ import annotations

import json

import pytest

from discrepancy.config import Config
from discrepancy.engine import check
from discrepancy.model import Claim, ClaimSet, Source
from discrepancy.report.escape import plural, show_magnitude
from discrepancy.report.wording import (
    show_consensus_bounds,
    show_consensus_value,
    show_date_span,
    who_said,
)
from discrepancy.values import parse_quantity


def q(source: str, text: str, cid: str = "c1", **kw: object) -> Claim:
    return Claim(
        source=source,
        subject="flood",
        property="deaths",
        value=parse_quantity(text),
        raw=text,
        id=cid,
        **kw,  # type: ignore[arg-type]
    )


def claims(*items: Claim) -> ClaimSet:
    return ClaimSet([Source(s) for s in sorted({c.source for c in items})], (), items)


def test_messages_quote_values_as_written() -> None:
    (f,) = check(claims(q("a", "at least 19"), q("b", "12"))).findings
    assert "at least 19 (a)" in f.message and "over 19" not in f.message
    assert f.clusters[1].value == "at least 19"


def test_sources_counted_are_those_in_disagreeing_pairs() -> None:
    # "between 1 and 100" is compatible with both values: c does not disagree with anyone
    report = check(claims(q("a", "10"), q("b", "50"), q("c", "between 1 and 100")))
    (f,) = report.findings
    assert f.message.startswith("2 sources disagree on flood deaths: 10 (a) vs 50 (b);")
    assert "between 1 and 100" not in f.message


def test_speakers_and_relaying_outlets() -> None:
    report = check(
        claims(
            q("outlet", "100", "c1", said_by="ministry"),
            q("outlet", "300", "c2", said_by="ngo"),
            q("wire", "300", "c1"),
        )
    )
    (f,) = report.findings
    assert f.message.endswith("100 (ministry) vs 300 (ngo, wire); largest ratio 3.0")
    low, high = (c.to_dict() for c in f.clusters)
    assert low["speakers"] == ["ministry"] and low["sources"] == ["outlet"]
    assert who_said(low) == "ministry (reported by outlet)"  # the outlet did not say it
    assert who_said(high) == "ngo, wire (reported by outlet)"
    assert who_said({"speakers": ["a", "b"], "sources": ["a", "b"]}) == "a, b"
    many = {"speakers": [f"s{k}" for k in range(9)], "sources": []}
    assert who_said(many) == "s0, s1, s2 and 6 more"


def test_no_magnitude_on_agreeing_or_compatible_pairs() -> None:
    report = check(
        claims(q("a", "10"), q("b", "10"), q("c", "about 10"), q("d", "50")), Config(pairs="all")
    )
    (f,) = report.findings
    for p in f.pairs:
        if p.verdict in ("agree", "compatible"):
            assert p.magnitude is None and p.severity is None
        else:
            assert p.magnitude == pytest.approx(5.0)
    data = json.loads(report.render("json"))["findings"][0]["pairs"]
    assert {p["magnitude"] for p in data if p["verdict"] != "conflict"} == {None}


def test_dates_show_at_their_precision() -> None:
    assert show_date_span("1961-01-01", "1961-12-31") == "1961"
    assert show_date_span("2024-06-01", "2024-06-30") == "2024-06"
    assert show_date_span("2024-02-01", "2024-02-29") == "2024-02"
    assert show_date_span("1990-01-01", "1999-12-31") == "1990s"
    assert show_date_span("2024-10-08", "2024-10-13") == "2024-10-08..2024-10-13"
    assert show_date_span("2024-10-08", "2024-10-08") == "2024-10-08"
    year = {"type": "date", "value": "1961-01-01..1961-12-31", "low": "1961-01-01",
            "best": "1961-01-01", "high": "1961-12-31"}  # fmt: skip
    assert show_consensus_value(year) == "1961"
    assert show_consensus_bounds(year) == ("-", "1961", "-")


def test_numbers_and_plurals() -> None:
    assert show_magnitude(1, "date") == "1 day" and show_magnitude(2, "date") == "2 days"
    assert plural(1, "day") == "1 day" and plural(6000, "claim") == "6,000 claims"
    quantity = {"type": "quantity", "value": "1500", "best": 1500}
    assert show_consensus_value(quantity) == "1,500"
    assert show_consensus_value({**quantity, "value": "about 12,000"}) == "about 12,000"


def test_consensus_table_text_has_one_number_style() -> None:
    report = check(claims(q("a", "1500"), q("b", "1,500"), q("c", "1500")))
    out = report.render("text")
    assert "1,500" in out and " 1500" not in out
