"""A quantity's timeline as an inline SVG chart: no script, no network, no stylesheet.

Time runs left to right (days), the value bottom to top from zero. Each claim is a dot at its
best value, coloured by speaker, with a vertical bar over its interval (``about 12,000``) and a
horizontal bar over the days its ``as_of`` spans (``Oct 8-13``); an open bound (``over
1,000``) runs dashed to the edge. The consensus is a shaded band per window. Every piece of
text goes through :func:`~discrepancy.report.escape.html_text`, and the chart uses
presentation attributes only, so the report's Content-Security-Policy needs no change.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

from discrepancy.report.escape import as_list, as_map, html_text, number, show_number, text
from discrepancy.report.timeline_table import outlet, title
from discrepancy.report.wording import show_date_span

WIDTH, HEIGHT = 640, 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 64, 16, 12, 36
#: speakers' colours, in the order of their sorted names (then again)
PALETTE = (
    "#4e79a7",
    "#e15759",
    "#59a14f",
    "#f28e2b",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#9c755f",
)
_BAND = "#4e79a7"
#: values past this are drawn at it (the axis steps through floats)
_LIMIT = 1e290
_MAX_TICKS = 12

e = html_text


def _day(value: object) -> int | None:
    try:
        return dt.date.fromisoformat(text(value)).toordinal()
    except ValueError:
        return None


def _num(value: object) -> float | None:
    """A finite number, else ``None`` (an open bound, a missing one, or not a number)."""
    x = number(value)
    return x if x is not None and math.isfinite(x) else None


def _nice_step(span: float) -> float:
    """A round step giving 3 to 6 ticks over ``span``."""
    raw = span / 4
    if not raw > 1e-300 or not math.isfinite(raw):  # a span too small (or large) to divide
        return max(span, 1.0) if math.isfinite(span) else 1e300
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def _f(x: float) -> str:
    return f"{x:.1f}"


def render_svg(timeline: Mapping[str, Any], *, ident: str = "timeline") -> str:
    """The chart of a quantity timeline, or ``""`` when it has no placed numbers."""
    points = [
        as_map(p)
        for p in as_list(timeline.get("points"))
        if _num(as_map(p).get("best")) is not None
    ]
    band = [as_map(w) for w in as_list(timeline.get("band"))]
    if not points:
        return ""
    days = [d for p in points for d in (_day(p.get("start")), _day(p.get("end"))) if d is not None]
    days += [d for w in band for d in (_day(w.get("start")), _day(w.get("end"))) if d is not None]
    if not days:
        return ""
    d0, d1 = min(days), max(days) + 1  # a day is [d, d + 1)
    values = [
        v
        for p in points
        for v in (_num(p.get("low")), _num(p.get("best")), _num(p.get("high")))
        if v is not None
    ]
    values += [v for w in band for v in (_num(w.get("low")), _num(w.get("high"))) if v is not None]
    # the axis of values no wider than floats can step through
    top = max(min(max(values), _LIMIT), -_LIMIT)
    bottom = max(min(0.0, min(values)), -_LIMIT)
    step = _nice_step((top - bottom) or abs(top) or 1.0)
    # headroom: the highest dot sits below the frame, not on it
    top = math.floor(top / step) * step + step if top > bottom else bottom + step
    ticks = [bottom + k * step for k in range(_MAX_TICKS) if bottom + k * step <= top + step / 2]
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM

    def x(day: float) -> float:
        return _LEFT + (day - d0) / (d1 - d0) * plot_w

    def y(v: float) -> float:
        v = min(max(v, bottom), top)  # past the axis (past _LIMIT): at its edge
        return _TOP + (top - v) / (top - bottom) * plot_h

    speakers = sorted({text(p.get("speaker")) for p in points})
    colour = {s: PALETTE[k % len(PALETTE)] for k, s in enumerate(speakers)}
    legend_rows = math.ceil(len(speakers) / 4)
    height = HEIGHT + 18 * legend_rows
    label = f"Timeline of {title(timeline)}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{e(ident)}-title">',
        f'<title id="{e(ident)}-title">{e(label)}</title>',
        f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>',
        f'<rect x="{_LEFT}" y="{_TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
        'stroke="#bbb"/>',
    ]
    # value axis
    for tick in ticks:
        ty = y(tick)
        out.append(
            f'<line x1="{_LEFT}" x2="{_LEFT + plot_w}" y1="{_f(ty)}" y2="{_f(ty)}" stroke="#eee"/>'
            f'<text x="{_LEFT - 6}" y="{_f(ty + 4)}" font-size="11" text-anchor="end" '
            f'fill="#555">{e(show_number(tick))}</text>'
        )
    # time axis: first and last day, and the days between when few
    marks = sorted(set(days))
    if len(marks) > 6:
        marks = [marks[0], marks[len(marks) // 2], marks[-1]]
    for d in marks:
        tx = x(d + 0.5)
        out.append(
            f'<line x1="{_f(tx)}" x2="{_f(tx)}" y1="{_TOP + plot_h}" y2="{_TOP + plot_h + 4}" '
            f'stroke="#555"/><text x="{_f(tx)}" y="{_TOP + plot_h + 16}" font-size="10" '
            f'text-anchor="middle" fill="#555">{e(dt.date.fromordinal(d).isoformat())}</text>'
        )
    # consensus band per window
    for w in band:
        ws, we = _day(w.get("start")), _day(w.get("end"))
        lo, hi, best = _num(w.get("low")), _num(w.get("high")), _num(w.get("best"))
        if ws is None or we is None or (lo is None and hi is None):
            continue
        when = show_date_span(w.get("start"), w.get("end"))
        shown = ("" if b is None else show_number(b) for b in (lo, hi))  # None: an open side
        tip = f"Consensus {when}: {'..'.join(shown)}"
        lo = bottom if lo is None else lo
        hi = top if hi is None else min(hi, top)
        out.append(
            f'<g class="band"><title>{e(tip)}</title><rect x="{_f(x(ws))}" y="{_f(y(hi))}" '
            f'width="{_f(x(we + 1) - x(ws))}" height="{_f(max(y(lo) - y(hi), 1.0))}" '
            f'fill="{_BAND}" fill-opacity="0.15"/></g>'
        )
        if best is not None:
            out.append(
                f'<line x1="{_f(x(ws))}" x2="{_f(x(we + 1))}" y1="{_f(y(best))}" '
                f'y2="{_f(y(best))}" stroke="{_BAND}" stroke-dasharray="4 3"/>'
            )
    # claims
    for p in points:
        ps, pe = _day(p.get("start")), _day(p.get("end"))
        best = _num(p.get("best"))
        if ps is None or pe is None or best is None:
            continue
        col = colour[text(p.get("speaker"))]
        cx = (x(ps) + x(pe + 1)) / 2
        when = show_date_span(p.get("start"), p.get("end"))
        tip = (
            f"{when} ({text(p.get('dated_by')).replace('_', ' ')}): {text(p.get('value'))}, "
            f"said by {text(p.get('speaker'))}, in {outlet(p)} [{text(p.get('ref'))}]"
        )
        withdrawn = text(p.get("withdrawn"))
        if withdrawn:  # kept in place, faded and struck through
            tip += f"; withdrawn: {withdrawn}"
        parts = [
            f'<g class="point withdrawn" opacity="0.55"><title>{e(tip)}</title>'
            if withdrawn
            else f'<g class="point"><title>{e(tip)}</title>'
        ]
        if pe > ps:
            parts.append(
                f'<line x1="{_f(x(ps))}" x2="{_f(x(pe + 1))}" y1="{_f(y(best))}" '
                f'y2="{_f(y(best))}" stroke="{col}" stroke-width="2"/>'
            )
        lo, hi = _num(p.get("low")), _num(p.get("high"))
        if lo is not None and lo != best:
            parts.append(
                f'<line x1="{_f(cx)}" x2="{_f(cx)}" y1="{_f(y(lo))}" y2="{_f(y(best))}" '
                f'stroke="{col}"/>'
            )
        if hi is None or hi > top:
            parts.append(
                f'<line x1="{_f(cx)}" x2="{_f(cx)}" y1="{_TOP}" y2="{_f(y(best))}" '
                f'stroke="{col}" stroke-dasharray="3 3"/>'
            )
        elif hi != best:
            parts.append(
                f'<line x1="{_f(cx)}" x2="{_f(cx)}" y1="{_f(y(hi))}" y2="{_f(y(best))}" '
                f'stroke="{col}"/>'
            )
        hollow = withdrawn or text(p.get("dated_by")) != "as_of"
        fill = "#fff" if hollow else col
        parts.append(
            f'<circle cx="{_f(cx)}" cy="{_f(y(best))}" r="4" fill="{fill}" stroke="{col}" '
            'stroke-width="2"/>'
        )
        if withdrawn:
            parts.append(
                f'<line x1="{_f(cx - 6)}" x2="{_f(cx + 6)}" y1="{_f(y(best) + 6)}" '
                f'y2="{_f(y(best) - 6)}" stroke="#333" stroke-width="1.5"/>'
            )
        parts.append("</g>")
        out.append("".join(parts))
    # legend: speakers; hollow dots are placed at their published day
    for k, s in enumerate(speakers):
        lx = _LEFT + (k % 4) * 140
        ly = HEIGHT + 18 * (k // 4) - 4
        out.append(
            f'<circle cx="{lx + 5}" cy="{ly - 4}" r="4" fill="{colour[s]}"/>'
            f'<text x="{lx + 14}" y="{ly}" font-size="11" fill="#333">{e(_cut(s))}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _cut(name: str, limit: int = 20) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def speakers_note(points: Sequence[Mapping[str, Any]]) -> str:
    """What the hollow and struck dots mean, when there are any."""
    out = []
    if any(text(as_map(p).get("dated_by")) == "published" for p in points):
        out.append(
            "Filled dots hold at their as_of; hollow dots have none and sit at the day their "
            "source was published."
        )
    if any(as_map(p).get("withdrawn") for p in points):
        out.append(
            "Faded, struck dots are withdrawn claims (superseded, retracted or denied): left "
            "out of the consensus band."
        )
    return " ".join(out)


__all__ = ["PALETTE", "render_svg", "speakers_note"]
