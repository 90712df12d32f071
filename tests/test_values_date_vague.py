"""Times of day and vague times: "Sunday night", "early Monday", "overnight", "at dawn",
"earlier this week", "previously". Forms, the days they resolve to, and their properties."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discrepancy.cli import main
from discrepancy.errors import ValueParseError
from discrepancy.values import DateInterval, Precision, parse_date
from strategies import dates

D = dt.date
DAY, RANGE, MONTH, YEAR, OPEN = (
    Precision.DAY,
    Precision.RANGE,
    Precision.MONTH,
    Precision.YEAR,
    Precision.OPEN,
)
MONDAY = D(2024, 10, 21)  # published on a Monday
SUN, SAT, TUE = D(2024, 10, 20), D(2024, 10, 19), D(2024, 10, 15)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

FORMS = [
    ("Sunday night", (SUN, MONDAY, RANGE)),
    ("on Sunday night", (SUN, MONDAY, RANGE)),
    ("late Sunday night", (SUN, MONDAY, RANGE)),
    ("Sunday overnight", (SUN, MONDAY, RANGE)),
    ("the night of Oct 13", (D(2024, 10, 13), D(2024, 10, 14), RANGE)),
    ("2024-10-13 night", (D(2024, 10, 13), D(2024, 10, 14), RANGE)),
    ("overnight Sunday", (SAT, MONDAY, RANGE)),  # either night that touches Sunday
    ("overnight into Monday", (SUN, MONDAY, RANGE)),
    ("Sunday night into Monday", (SUN, MONDAY, RANGE)),
    ("the night from Sunday to Monday", (SUN, MONDAY, RANGE)),
    ("overnight between Oct 13 and 14", (D(2024, 10, 13), D(2024, 10, 14), RANGE)),
    ("overnight", (SUN, MONDAY, RANGE)),
    ("last night", (SUN, MONDAY, RANGE)),
    ("tonight", (MONDAY, D(2024, 10, 22), RANGE)),
    ("early Monday", (MONDAY, MONDAY, DAY)),
    ("early on Monday", (MONDAY, MONDAY, DAY)),
    ("in the early hours of Monday", (MONDAY, MONDAY, DAY)),
    ("late Tuesday", (TUE, TUE, DAY)),
    ("late on Tuesday", (TUE, TUE, DAY)),
    ("Monday morning", (MONDAY, MONDAY, DAY)),
    ("Sunday afternoon", (SUN, SUN, DAY)),
    ("Saturday evening", (SAT, SAT, DAY)),
    ("yesterday morning", (SUN, SUN, DAY)),
    ("early Monday morning", (MONDAY, MONDAY, DAY)),
    ("at dawn", (MONDAY, MONDAY, DAY)),
    ("at dawn on Sunday", (SUN, SUN, DAY)),
    ("the morning of June 19, 2024", (D(2024, 6, 19), D(2024, 6, 19), DAY)),
    ("this morning", (MONDAY, MONDAY, DAY)),
    ("early this morning", (MONDAY, MONDAY, DAY)),
    ("earlier today", (MONDAY, MONDAY, DAY)),
    ("this week", (MONDAY, D(2024, 10, 27), RANGE)),
    ("earlier this week", (MONDAY, MONDAY, DAY)),  # the week began on the published day
    ("last week", (D(2024, 10, 14), SUN, RANGE)),
    ("over the weekend", (SAT, SUN, RANGE)),
    ("this month", (D(2024, 10, 1), D(2024, 10, 31), MONTH)),
    ("earlier this month", (D(2024, 10, 1), MONDAY, RANGE)),
    ("last month", (D(2024, 9, 1), D(2024, 9, 30), MONTH)),
    ("this year", (D(2024, 1, 1), D(2024, 12, 31), YEAR)),
    ("earlier this year", (D(2024, 1, 1), MONDAY, RANGE)),
    ("last year", (D(2023, 1, 1), D(2023, 12, 31), YEAR)),
    ("previously", (D.min, MONDAY, OPEN)),
    ("so far", (D.min, MONDAY, OPEN)),
    ("by Oct 18, 2024", (D.min, D(2024, 10, 18), OPEN)),
    ("before October 2024", (D.min, D(2024, 9, 30), OPEN)),
    ("prior to Sunday night", (D.min, SAT, OPEN)),
]


@pytest.mark.parametrize(("raw", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_forms(raw: str, expected: tuple[dt.date, dt.date, Precision]) -> None:
    assert parse_date(raw, published=MONDAY) == DateInterval(*expected)


def test_earlier_this_week_later_in_the_week() -> None:
    thursday = D(2024, 10, 24)
    assert parse_date("earlier this week", published=thursday) == DateInterval(
        MONDAY, thursday, RANGE
    )
    assert parse_date("the weekend", published=D(2024, 10, 27)) == DateInterval(
        D(2024, 10, 26), D(2024, 10, 27), RANGE
    )
    assert parse_date("last weekend", published=D(2024, 10, 27)) == DateInterval(SAT, SUN, RANGE)


BAD = [
    "Saturday night into Monday",  # that night ends on Sunday
    "the night from Sunday to Tuesday",
    "June night",  # a time of day needs one day
    "early foo",
    "next week",
    "before 0001-01-01",
]


@pytest.mark.parametrize("raw", BAD)
def test_bad_forms_say_so(raw: str) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_date(raw, published=MONDAY)
    assert caught.value.message.startswith(f"cannot parse date {raw!r}")


def test_errors_say_why() -> None:
    with pytest.raises(ValueParseError, match="does not run into 2024-10-21"):
        parse_date("Saturday night into Monday", published=MONDAY)
    with pytest.raises(ValueParseError, match="needs one day"):
        parse_date("June night", published=MONDAY)


@pytest.mark.parametrize(
    "raw", ["Sunday night", "early Monday", "overnight", "at dawn", "previously", "last week"]
)
def test_relative_needs_published(raw: str) -> None:
    with pytest.raises(ValueParseError, match="published"):
        parse_date(raw)


def test_a_night_meets_the_next_morning_not_the_one_after() -> None:
    """The point of nights spanning two days: "Sunday night" and "early Monday" can be the same
    event; "Saturday night" and "Monday morning" cannot."""
    sunday_night = parse_date("Sunday night", published=MONDAY)
    assert sunday_night.overlaps(parse_date("early Monday", published=MONDAY))
    assert not parse_date("Saturday night", published=MONDAY).overlaps(
        parse_date("Monday morning", published=MONDAY)
    )


def test_open_interval_bounds_an_estimate_without_a_best_day() -> None:
    low, best, high = parse_date("previously", published=MONDAY).bounds()
    assert low == float("-inf")
    assert best == high == MONDAY.toordinal()
    assert parse_date("Oct 8-10, 2024").bounds() == (
        D(2024, 10, 8).toordinal(),
        D(2024, 10, 9).toordinal(),
        D(2024, 10, 10).toordinal(),
    )


# --- properties ------------------------------------------------------------------------------

_DAY_NAMES = st.sampled_from([*WEEKDAYS, "yesterday", "today", "last Friday"])
_PARTS = st.sampled_from(["morning", "afternoon", "evening", "dawn", "noon", "dusk"])
#: Forms that name the published day or a time before it.
_PAST = st.sampled_from(
    [
        "last night",
        "overnight",
        "earlier this week",
        "earlier this month",
        "earlier this year",
        "last week",
        "last month",
        "last year",
        "previously",
        "so far",
        "at dawn",
        "this morning",
        "earlier today",
        "last weekend",
    ]
)
#: Forms that contain the published day, and may run after it.
_CURRENT = st.sampled_from(["tonight", "this week", "this month", "this year"])
_published = st.one_of(dates(), st.sampled_from([D.min, D.max, D(1, 1, 7), D(9999, 12, 25)]))


def _total(raw: str, published: dt.date) -> DateInterval | None:
    """Parse, where an error is the only other outcome (no traceback of any other kind)."""
    try:
        return parse_date(raw, published=published)
    except ValueParseError:
        return None


@given(_DAY_NAMES, st.sampled_from(["", "early ", "late ", "late on "]), _PARTS, _published)
def test_part_of_a_day_is_that_day(day: str, edge: str, part: str, published: dt.date) -> None:
    named = _total(day, published)
    for text in (f"{edge}{day}", f"{day} {part}", f"{part} on {day}"):
        got = _total(text, published)
        assert got == named
        assert got is None or (got.start == got.end <= published and got.precision is DAY)


@given(_DAY_NAMES, _published)
def test_a_night_is_its_day_and_the_next(day: str, published: dt.date) -> None:
    named = _total(day, published)
    for text in (f"{day} night", f"the night of {day}", f"late {day} night"):
        got = _total(text, published)
        if got is None:  # only at the end of the calendar, or without a day
            assert named is None or named.start == D.max
            continue
        assert named is not None
        assert (got.start, got.end, got.precision) == (
            named.start,
            named.start + dt.timedelta(days=1),
            RANGE,
        )
        into = _total(f"{text} into {got.end.isoformat()}", published)
        assert into == got


@given(_PAST, _published)
def test_past_forms_end_on_or_before_published(text: str, published: dt.date) -> None:
    got = _total(text, published)
    if got is None:  # only where the form falls outside the calendar
        assert published.year in (1, 9999)
        return
    assert got.start <= got.end <= published
    assert parse_date("previously", published=published).contains(got)


@given(_CURRENT, _published)
def test_current_forms_contain_published(text: str, published: dt.date) -> None:
    got = _total(text, published)
    if got is None:
        assert published.year == 9999
        return
    assert got.start <= published <= got.end


@given(st.one_of(_PAST, _CURRENT, st.sampled_from(["over the weekend", "the weekend"])), _published)
def test_relative_forms_start_on_or_before_published(text: str, published: dt.date) -> None:
    got = _total(text, published)
    assert got is None or got.start <= published


@given(st.text(max_size=40), _published)
def test_any_text_parses_or_is_an_error(text: str, published: dt.date) -> None:
    got = _total(text, published)
    assert got is None or got.start <= got.end


_SALAD: tuple[str, ...] = (
    "early",
    "late",
    "on",
    "the",
    "night",
    "of",
    "overnight",
    "into",
    "sunday",
    "morning",
)
_SALAD += ("before", "by", "previously", "last", "week", "2024-10-13", "hours", "and", "to")


@given(
    st.lists(
        st.sampled_from(_SALAD),
        min_size=1,
        max_size=8,
    ).map(" ".join),
    _published,
)
def test_word_salad_of_time_words_is_total(text: str, published: dt.date) -> None:
    got = _total(text, published)
    if got is not None:
        assert got.start <= got.end
        assert got.render() and parse_date(got.render()) == got


@given(st.sampled_from([*WEEKDAYS, "yesterday", "Oct 13", "2024-06-19"]), dates())
def test_by_and_before_bound_the_day(day: str, published: dt.date) -> None:
    named = parse_date(day, published=published)
    by = parse_date(f"by {day}", published=published)
    before = parse_date(f"before {day}", published=published)
    assert (by.start, by.end, by.precision) == (D.min, named.end, OPEN)
    assert before.end == named.start - dt.timedelta(days=1)
    assert by.contains(before)
    assert not before.overlaps(named)


# --- through the command line, on real files ------------------------------------------------


def _source(folder: Path, sid: str, published: str, value: str) -> None:
    (folder / f"{sid}.yaml").write_text(
        f"discrepancy: 1\nsource: {{id: {sid}, published: {published}}}\nclaims:\n"
        f"  - {{id: strike, subject: strike-on-port, property: happened, type: date,"
        f' value: "{value}"}}\n',
        encoding="utf-8",
    )


def _check(folder: Path) -> tuple[int, dict[str, Any], str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(folder), "--format", "json"], stdout=out, stderr=err)
    return code, json.loads(out.getvalue()) if out.getvalue() else {}, err.getvalue()


def test_cli_night_and_next_morning_agree_but_not_two_days_apart(tmp_path: Path) -> None:
    _source(tmp_path, "agency", "2024-10-21", "early Monday")  # Oct 21
    _source(tmp_path, "outlet", "2024-10-22", "Sunday night")  # published a day later: Oct 20-21
    code, report, _ = _check(tmp_path)
    assert (code, report["findings"]) == (0, [])
    _source(tmp_path, "outlet", "2024-10-22", "Saturday night")  # Oct 19-20
    code, report, _ = _check(tmp_path)
    assert code == 1
    [finding] = report["findings"]
    assert finding["rule"] == "D001"
    assert {c["normalized"]["start"] for c in finding["claims"]} == {"2024-10-19", "2024-10-21"}


def test_cli_previously_bounds_the_consensus_without_voting(tmp_path: Path) -> None:
    _source(tmp_path, "agency", "2024-10-21", "Oct 14, 2024")
    _source(tmp_path, "outlet", "2024-10-21", "Oct 14, 2024")
    _source(tmp_path, "blog", "2024-10-18", "previously")  # on or before Oct 18
    code, report, _ = _check(tmp_path)
    assert (code, report["findings"]) == (0, [])
    [consensus] = report["consensus"]
    assert (consensus["low"], consensus["high"]) == ("2024-10-14", "2024-10-14")
    for fmt in ("text", "markdown", "html"):
        out = io.StringIO()
        assert main(["check", str(tmp_path), "--format", fmt], stdout=out) == 0
        assert "0001" not in out.getvalue()


def test_cli_unresolvable_night_is_an_error_at_its_line(tmp_path: Path) -> None:
    _source(tmp_path, "agency", "2024-10-21", "Saturday night into Monday")
    code, _, err = _check(tmp_path)
    assert code == 2
    assert f"{tmp_path / 'agency.yaml'}:4:" in err
    assert "does not run into 2024-10-21" in err
    assert "Traceback" not in err
