"""How the formats for people name report values: speakers and outlets as what they are,
consensus values with the same number formatting as their bounds, dates at their precision.

Like the ``show_*`` helpers of :mod:`discrepancy.report.escape`, these return display text
that callers escape for their target.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from discrepancy.report.escape import as_list, show_bound, show_normalized, show_number, text
from discrepancy.types.registry import find_type

#: a value's speakers or outlets beyond this many are counted, not named
MAX_NAMES = 4


def names(items: Sequence[object], limit: int = MAX_NAMES) -> str:
    """``a, b, c`` or ``a, b, c and 5 more``."""
    shown = [text(x) for x in items]
    if len(shown) <= limit:
        return ", ".join(shown)
    return f"{', '.join(shown[: limit - 1])} and {len(shown) - limit + 1} more"


def who_said(cluster: Mapping[str, Any]) -> str:
    """Who stands behind a value: the speakers, then the outlets that only relay them.

    ``nis, moscow-times`` when every outlet speaks for itself; ``peskov, zelenskyy (reported
    by newslooks)`` when an outlet relays others: the outlet did not say it."""
    speakers = [text(s) for s in as_list(cluster.get("speakers"))]
    sources = [text(s) for s in as_list(cluster.get("sources"))]
    if not speakers:
        return names(sources)
    relays = [s for s in sources if s not in speakers]
    if not relays:
        return names(speakers)
    return f"{names(speakers)} (reported by {names(relays)})"


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text(value))
    except ValueError:
        return None


def show_date_span(start: object, end: object) -> str:
    """An interval of days at the precision it spans: ``1961`` (a whole year), ``2024-06``
    (a whole month), ``1990s`` (a whole decade), else ``2024-10-08`` or
    ``2024-10-08..2024-10-13``, an open interval (no known start) as ``by 2024-10-18``; text
    that is not an ISO date is returned as it is."""
    a, b = _date(start), _date(end)
    if a is None or b is None:
        return text(start) if text(start) == text(end) or not text(end) else f"{start}..{end}"
    if a == b:
        return a.isoformat()
    if a == dt.date.min:  # an open interval: "previously", "by 2024-10-18"
        return f"by {b.isoformat()}"
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31):
        if a.year == b.year:
            return f"{a.year:04d}"
        if a.year % 10 == 0 and b.year == a.year + 9:
            return f"{a.year:04d}s"
    last = calendar.monthrange(b.year, b.month)[1]
    if (a.year, a.month) == (b.year, b.month) and a.day == 1 and b.day == last:
        return f"{a:%Y-%m}"
    return f"{a.isoformat()}..{b.isoformat()}"


def show_as_of(claim: Mapping[str, Any]) -> str:
    """A report claim's ``as_of`` at its precision (``2024-10``), or ``""``."""
    as_of = claim.get("as_of")
    if not isinstance(as_of, Mapping):
        return ""
    return show_date_span(as_of.get("start"), as_of.get("end"))


def show_when(claim: Mapping[str, Any]) -> str:
    """When a report claim holds and was published: ``as of 2024-10-17, published
    2024-10-18``, either part alone, or ``""``."""
    parts = []
    if as_of := show_as_of(claim):
        parts.append(f"as of {as_of}")
    if claim.get("published"):
        parts.append(f"published {text(claim.get('published'))}")
    return ", ".join(parts)


def show_value(norm: object) -> str:
    """A normalised value for display: dates at their precision (``{start: 1961-01-01, end:
    1961-12-31}`` is ``1961``), anything else as :func:`show_normalized` shows it."""
    if isinstance(norm, Mapping) and "start" in norm and "end" in norm:
        return show_date_span(norm.get("start"), norm.get("end"))
    return show_normalized(norm)


def show_consensus_value(entry: Mapping[str, Any]) -> str:
    """A consensus entry's value: a bare number formatted like its bounds (``1500`` shows as
    ``1,500``), dates at their precision (``1961``), other values as the report gives them
    (``about 12,000``)."""
    consensus = _consensus_kind(entry)
    value = text(entry.get("value"))
    if consensus == "quantity" and _BARE_NUMBER.fullmatch(value):
        return show_number(float(value))
    if consensus == "date":
        return show_date_span(entry.get("low"), entry.get("high"))
    if not value and entry.get("best") is not None:
        return show_bound(entry.get("best"))
    return value


_BARE_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _consensus_kind(entry: Mapping[str, Any]) -> str:
    """How the entry's type reads values for consensus (``quantity``, ``date``, ``set``,
    ``categorical``; ``""`` for a type no one registered)."""
    claim_type = find_type(text(entry.get("type")))
    return claim_type.consensus if claim_type is not None else ""


#: How a quantity consensus shows a side no claim closes ("more than 5,000" alone: 5,000 to open).
OPEN = "open"


def show_consensus_bounds(entry: Mapping[str, Any]) -> tuple[str, str, str]:
    """``low``, ``best`` and ``high`` of a consensus entry for display. A date's bounds
    show only when its value is a span of days (a year-precision ``1961`` has no best day)."""
    low, best, high = entry.get("low"), entry.get("best"), entry.get("high")
    consensus = _consensus_kind(entry)  # how the type reads for consensus, not its name
    if consensus == "date":
        span = show_date_span(low, high)
        if ".." not in span:
            return ("-", span, "-")
    if consensus == "quantity" and best is not None:  # an open side: only bounds back the estimate
        lo_s, best_s, hi_s = (OPEN if b is None else show_bound(b) for b in (low, best, high))
        return (lo_s, best_s, hi_s)
    return (show_bound(low), show_bound(best), show_bound(high))


def show_consensus_span(entry: Mapping[str, Any]) -> str:
    """``low..high`` of a consensus entry for one cell (``1,500..12,600``; ``5,000..`` where
    the top is open); ``""`` when the bounds are one value."""
    low, _, high = show_consensus_bounds(entry)
    if low == high:
        return ""
    return f"{'' if low == OPEN else low}..{'' if high == OPEN else high}"


def consensus_side(entry: Mapping[str, Any], side: str) -> str:
    """Who stands behind (``side="support"``) or against (``"dissent"``) a consensus: its
    outlets, then the speakers they report (``daily, tv; said by LRC``)."""
    outlets = names(as_list(entry.get(side)))
    speakers = as_list(entry.get(f"{side}_speakers"))
    if not speakers:
        return outlets
    said = f"said by {names(speakers)}"
    return f"{outlets}; {said}" if outlets else said


def show_window(window: Mapping[str, Any]) -> str:
    """A time window's dates at the precision they span: ``as of 2024-03-15``, ``as of
    2024-03`` (a whole month) or ``as of 2024-03-01..2024-03-20``."""
    return f"as of {show_date_span(window.get('start'), window.get('end'))}"


def consensus_windows(entry: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """The time windows of a consensus entry, oldest first, each as its dates and an entry
    the value and bounds helpers read (the fact's type and unit, the window's numbers).
    Reports show the last one's dates beside the fact and, when there are several, a row
    per window under it."""
    out: list[tuple[str, Mapping[str, Any]]] = []
    for w in as_list(entry.get("windows")):
        if isinstance(w, Mapping):
            out.append((show_window(w), {**entry, **w, "windows": []}))
    return out


__all__ = [
    "consensus_side",
    "consensus_windows",
    "names",
    "show_as_of",
    "show_consensus_bounds",
    "show_consensus_span",
    "show_consensus_value",
    "show_date_span",
    "show_value",
    "show_when",
    "show_window",
    "who_said",
]
