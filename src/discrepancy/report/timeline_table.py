"""A fact's timeline as a compact table: terminal text and Markdown.

One row a claim in time order (when, how it is dated, the value, who said it, the outlet
that carried it and through whom, the claim), then the consensus band of each window and
the undated claims. Cells are display text, escaped here for their target.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from discrepancy.report.escape import (
    as_int,
    as_list,
    as_map,
    md_code,
    md_text,
    plural,
    printable,
    show_bound,
    show_key,
    text,
)
from discrepancy.report.wording import show_date_span

HEADER = ("When", "Dated by", "Value", "Said by", "Outlet", "Claim")
#: the column a timeline with a withdrawn claim adds: why it was withdrawn
WITHDRAWN = "Withdrawn"
_DATED_BY = {"as_of": "as of", "published": "published"}


def outlet(p: Mapping[str, Any]) -> str:
    """The outlet that carried a point, with the relays it names: ``insider via yonhap``."""
    via = [text(v) for v in as_list(p.get("via"))]
    return text(p.get("source")) + (" via " + ", ".join(via) if via else "")


def has_withdrawn(timeline: Mapping[str, Any]) -> bool:
    """Whether a point of the timeline is withdrawn (superseded, retracted, denied)."""
    return any(as_map(p).get("withdrawn") for p in as_list(timeline.get("points")))


def header(timeline: Mapping[str, Any]) -> tuple[str, ...]:
    """:data:`HEADER`, and :data:`WITHDRAWN` when a point is withdrawn."""
    return (*HEADER, WITHDRAWN) if has_withdrawn(timeline) else HEADER


def rows(timeline: Mapping[str, Any]) -> list[list[str]]:
    """The timeline's points as display cells (unescaped), in its order, one a column of
    :func:`header`."""
    marked = has_withdrawn(timeline)
    out = []
    for p in (as_map(p) for p in as_list(timeline.get("points"))):
        cells = [
            show_date_span(p.get("start"), p.get("end")),
            _DATED_BY.get(text(p.get("dated_by")), text(p.get("dated_by"))),
            text(p.get("value")),
            text(p.get("speaker")),
            outlet(p),
            text(p.get("ref")),
        ]
        if marked:
            cells.append(text(p.get("withdrawn")))
        out.append(cells)
    return out


def title(timeline: Mapping[str, Any]) -> str:
    """``subject · property [scope] (type, unit)``."""
    about = show_key(timeline.get("subject"), timeline.get("property"), timeline.get("scope"))
    kind = [text(x) for x in (timeline.get("type"), timeline.get("unit")) if x]
    return about + (f" ({', '.join(kind)})" if kind else "")


def band_lines(timeline: Mapping[str, Any]) -> list[str]:
    """The consensus band, one line a window; a consensus without numbers by its value."""
    band = [as_map(w) for w in as_list(timeline.get("band"))]
    out = []
    for w in band:
        when = show_date_span(w.get("start"), w.get("end"))
        if all(w.get(k) is None for k in ("low", "best", "high")):
            out.append(f"Consensus {when}: {text(w.get('value'))}")
            continue
        lo, hi = ("" if w.get(k) is None else show_bound(w.get(k)) for k in ("low", "high"))
        out.append(f"Consensus {when}: {lo}..{hi}, best {show_bound(w.get('best'))}")
    consensus = as_map(timeline.get("consensus"))
    if not band and consensus.get("value"):
        out.append(f"Consensus: {text(consensus.get('value'))}")
    return out


def notes(timeline: Mapping[str, Any]) -> list[str]:
    """Undated claims and points left out."""
    out = []
    undated = [text(r) for r in as_list(timeline.get("undated"))]
    if undated:
        out.append(f"Undated ({plural(len(undated), 'claim')}): {', '.join(undated)}")
    omitted = as_int(timeline.get("points_omitted"))
    if omitted:
        out.append(f"and {plural(omitted, 'more dated claim')} (--format json)")
    return out


#: times a one-line timeline names before it counts the rest
SUMMARY_TIMES = 6


def summary(timeline: Mapping[str, Any], limit: int = SUMMARY_TIMES) -> str:
    """The timeline on one line, for a finding of the text report: each time with the values
    given for it and who gave them, ``2024-10-17 11,000 (budanov) -> 2024-10-18 1,500 (nis),
    12,000 (nis) x2``; a time placed by a published day says so."""
    times: list[tuple[str, list[tuple[str, int]]]] = []
    for p in (as_map(p) for p in as_list(timeline.get("points"))):
        when = show_date_span(p.get("start"), p.get("end"))
        if text(p.get("dated_by")) == "published":
            when += " (published)"
        who = text(p.get("speaker")) + (", withdrawn" if p.get("withdrawn") else "")
        said = f"{text(p.get('value'))} ({who})"
        if not times or times[-1][0] != when:
            times.append((when, []))
        values = times[-1][1]
        if values and values[-1][0] == said:
            values[-1] = (said, values[-1][1] + 1)
        else:
            values.append((said, 1))
    parts = [
        f"{when} " + ", ".join(v + (f" x{n}" if n > 1 else "") for v, n in values)
        for when, values in times[:limit]
    ]
    more = len(times) - limit
    return " -> ".join(parts) + (f" -> and {plural(more, 'more time')}" if more > 0 else "")


def _width(s: str) -> int:
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in s
    )


def _aligned(lines: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(_width(r[j]) for r in lines) for j in range(len(lines[0]))]
    return [
        "  ".join(c + " " * (widths[j] - _width(c)) for j, c in enumerate(r)).rstrip()
        for r in lines
    ]


def render_text(timeline: Mapping[str, Any]) -> str:
    """The timeline as terminal text (no control characters)."""
    out = [printable(title(timeline))]
    cells = [[printable(c) for c in r] for r in rows(timeline)]
    if cells:
        out += ["  " + line for line in _aligned([list(header(timeline)), *cells])]
    out += ["  " + printable(line) for line in band_lines(timeline) + notes(timeline)]
    return "\n".join(out) + "\n"


def render_markdown(timeline: Mapping[str, Any], *, heading: str | None = "###") -> str:
    """The timeline as a GFM table under a heading (none when ``heading`` is None), every
    cell escaped."""
    parts = [f"{heading} {md_text(title(timeline))}"] if heading else []
    cells = rows(timeline)
    if cells:
        names = header(timeline)
        claim = HEADER.index("Claim")
        table = ["| " + " | ".join(names) + " |", "|" + " --- |" * len(names)]
        for r in cells:
            shown = [md_code(c) if j == claim else md_text(c) for j, c in enumerate(r)]
            table.append("| " + " | ".join(c if c else " " for c in shown) + " |")
        parts.append("\n".join(table))
    extra = band_lines(timeline) + notes(timeline)
    if extra:
        parts.append("\n".join(f"- {md_text(line)}" for line in extra))
    return "\n\n".join(parts) + "\n"


__all__ = [
    "HEADER",
    "WITHDRAWN",
    "band_lines",
    "has_withdrawn",
    "header",
    "notes",
    "outlet",
    "render_markdown",
    "render_text",
    "rows",
    "summary",
    "title",
]
