"""Timelines as HTML: a chart and a table per fact, and a page of them for
``discrepancy timeline --format html`` (no script, no network: ``default-src 'none'``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from discrepancy.report.escape import as_list, html_text
from discrepancy.report.timeline_svg import render_svg, speakers_note
from discrepancy.report.timeline_table import HEADER, band_lines, header, notes, rows, title

e = html_text


def render_section(timeline: Mapping[str, Any], *, ident: str, table: bool = True) -> str:
    """One fact's chart (quantities), its table (unless ``table`` is false: a report's
    finding lists its claims already) and its consensus, as an HTML fragment."""
    parts = [render_svg(timeline, ident=ident)]
    note = speakers_note(as_list(timeline.get("points"))) if parts[0] else ""
    if note:
        parts.append(f'<p class="meta">{e(note)}</p>')
    cells = rows(timeline) if table or not parts[0] else []
    if cells:
        head = "".join(f"<th>{e(h)}</th>" for h in header(timeline))
        claim = HEADER.index("Claim")
        body = "".join(
            "<tr>"
            + "".join(
                f"<td><code>{e(c)}</code></td>" if j == claim else f"<td>{e(c)}</td>"
                for j, c in enumerate(r)
            )
            + "</tr>"
            for r in cells
        )
        parts.append(
            f'<table class="timeline"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        )
    extra = band_lines(timeline) + notes(timeline)
    if extra:
        parts.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in extra) + "</ul>")
    return "\n".join(p for p in parts if p)


_PAGE_CSP = "default-src 'none'"


def render_page(timelines: Sequence[Mapping[str, Any]]) -> str:
    """A standalone page of timelines: no script, no stylesheet, no network."""
    body = []
    for k, t in enumerate(timelines, 1):
        body.append(
            f'<section id="timeline-{k}">\n<h2>{e(title(t))}</h2>\n'
            f"{render_section(t, ident=f'timeline-{k}')}\n</section>"
        )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_PAGE_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>discrepancy timeline</title></head><body>"
        "\n<h1>Timeline</h1>\n" + "\n".join(body) + "\n</body></html>\n"
    )


__all__ = ["render_page", "render_section"]
