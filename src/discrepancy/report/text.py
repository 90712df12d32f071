"""The terminal format, in the manner of ruff: ``path:line:col: RULE [level] message``.

Findings come grouped by file, in line order, each followed by its claims and the
pairs worth a look (anything not agreeing); then the agreement matrix, per-source agreement,
the consensus table, skipped claims, input warnings and a one-line summary.

Colour goes through rich and only when ``color=True``; plain output has no escape codes, and
every string from the report passes through :func:`printable`, so data can't emit its own.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from discrepancy.report.escape import (
    as_int,
    as_list,
    as_map,
    plural,
    printable,
    show_bound,
    show_confidence,
    show_key,
    show_location,
    show_magnitude,
    show_normalized,
    show_number,
    show_share,
    summary_scope,
    text,
)
from discrepancy.report.suppressed_note import suppressed_note

#: A line is a list of (text, rich style) segments; "" is unstyled.
Segment = tuple[str, str]
Line = list[Segment]

_LEVEL_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}


def render(report: Mapping[str, Any], *, color: bool = False) -> str:
    """The report as terminal text; ANSI-coloured through rich when ``color`` is true."""
    lines: list[Line] = []
    lines += _findings(as_list(report.get("findings")))
    lines += _agreement(as_map(report.get("agreement")))
    lines += _consensus(as_list(report.get("consensus")), report.get("consensus_method"))
    lines += _skipped(as_list(report.get("skipped")))
    lines += _warnings(as_list(report.get("warnings")))
    lines += _stale(as_list(report.get("stale_baseline")))
    if note := suppressed_note(report):
        lines.append([(note, "")])
    lines.append(_summary(as_map(report.get("summary"))))
    return _ansi(lines) if color else "".join(_plain(line) + "\n" for line in lines)


# -- sections --------------------------------------------------------------------------------


def _findings(findings: list[Any]) -> list[Line]:
    def file_key(indexed: tuple[int, Any]) -> tuple[int, str, int, int, int]:
        i, f = indexed
        loc = as_map(as_map(f).get("location"))
        path = text(loc.get("path"))
        return (0 if path else 1, path, as_int(loc.get("line")), as_int(loc.get("column")), i)

    out: list[Line] = []
    for _, f in sorted(enumerate(findings), key=file_key):
        out += _finding(as_map(f))
        out.append([])
    return out


def _finding(f: Mapping[str, Any]) -> list[Line]:
    level = text(f.get("severity"))
    where = show_location(f.get("location"))
    head: Line = []
    if where:
        head += [(printable(where), "bold"), (": ", "")]
    head += [
        (printable(f.get("rule")), _LEVEL_STYLE.get(level, "bold")),
        (" ", ""),
        (f"[{printable(level)}]", _LEVEL_STYLE.get(level, "")),
        (" ", ""),
        (printable(f.get("message")), ""),
    ]
    kind = text(f.get("type"))
    about = [printable(show_key(f.get("subject"), f.get("property"), f.get("scope")))]
    about += [printable(x) for x in (kind, f.get("unit")) if x]
    out: list[Line] = [head, [("  " + about[0], "dim")]]
    if len(about) > 1:
        out[-1].append((f" ({', '.join(about[1:])})", "dim"))

    claims = [as_map(c) for c in as_list(f.get("claims"))]
    for cells in _columns([_claim_row(c) for c in claims]):
        out.append([("    ", ""), (cells[0], "cyan"), ("  " + "  ".join(cells[1:]), "")])
    for p in (as_map(p) for p in as_list(f.get("pairs"))):
        if text(p.get("verdict")) in ("agree", "compatible"):
            continue
        out.append(_pair_line(p, kind))
    return out


def _claim_row(c: Mapping[str, Any]) -> list[str]:
    norm = show_normalized(c.get("normalized"))
    shown = f"= {printable(norm)}" if norm and norm != text(c.get("value")) else ""
    who = []
    if c.get("said_by"):
        who.append(f"said by {printable(c.get('said_by'))}")
    via = as_list(c.get("via"))
    if via:
        who.append("via " + ", ".join(printable(v) for v in via))
    return [
        printable(c.get("ref")),
        printable(c.get("value")),
        shown,
        printable(show_location(c.get("location"))),
        "; ".join(who),
    ]


def _pair_line(p: Mapping[str, Any], kind: str) -> Line:
    verdict = text(p.get("verdict"))
    detail = [
        printable(x) for x in (p.get("severity"), show_magnitude(p.get("magnitude"), kind)) if x
    ]
    style = "red" if verdict == "conflict" else "yellow"
    line: Line = [
        ("    ", ""),
        (printable(verdict), style),
        (f" ({', '.join(detail)})" if detail else "", style),
        (": ", ""),
        (printable(p.get("a")), "cyan"),
        (" vs ", ""),
        (printable(p.get("b")), "cyan"),
    ]
    only = []
    if as_list(p.get("only_a")):
        only.append(f"only {printable(p.get('a'))}: " + _names(p.get("only_a")))
    if as_list(p.get("only_b")):
        only.append(f"only {printable(p.get('b'))}: " + _names(p.get("only_b")))
    if only:
        line.append((" - " + "; ".join(only), "dim"))
    return line


def _names(items: object) -> str:
    return ", ".join(printable(x) for x in as_list(items))


def _agreement(agreement: Mapping[str, Any]) -> list[Line]:
    sources = [printable(s) for s in as_list(agreement.get("sources"))]
    if not sources:
        return []
    matrix, counts = as_list(agreement.get("matrix")), as_list(agreement.get("n"))
    rows = [["", *sources]]
    for i, name in enumerate(sources):
        row = [name]
        for j in range(len(sources)):
            share = _cell(matrix, i, j)
            n = as_int(_cell(counts, i, j))
            row.append(f"{show_share(share)} n={n}")
        rows.append(row)
    out: list[Line] = [
        [
            ("Agreement between sources", "bold"),
            (" (share of comparable pairs that agree, n pairs):", ""),
        ]
    ]
    out += _indented(_table(rows, align="l" + "r" * len(sources)), header=True)

    per = [as_map(s) for s in as_list(agreement.get("per_source"))]
    if per:
        rows = [["source", "agreed", "share", "95% interval", "with consensus", "reliability"]]
        for s in per:
            interval = ""
            if s.get("low") is not None or s.get("high") is not None:
                interval = f"{show_share(s.get('low'))}-{show_share(s.get('high'))}"
                interval = "" if interval == "---" else interval
            cn = as_int(s.get("consensus_n"))
            rows.append(
                [
                    printable(s.get("source")),
                    f"{as_int(s.get('agreed'))}/{as_int(s.get('n'))}",
                    show_share(s.get("share")),
                    interval,
                    f"{as_int(s.get('consensus_agreed'))}/{cn} {show_share(s.get('consensus_share'))}",
                    show_number(s.get("reliability")),
                ]
            )
        out.append([])
        out += _indented(_table(rows, align="lrrrrr"), header=True)
    out.append([])
    return out


def _cell(rows: list[Any], i: int, j: int) -> object:
    row = as_list(rows[i]) if i < len(rows) else []
    return row[j] if j < len(row) else None


def _consensus(items: list[Any], method: object) -> list[Line]:
    if not items:
        return []
    title: Line = [("Consensus", "bold")]
    run = as_map(method)
    if run:
        state = "converged" if run.get("converged") else "did not converge"
        title.append(
            (
                f" ({printable(run.get('method'))}, "
                f"{plural(as_int(run.get('iterations')), 'iteration')}, {state}):",
                "",
            )
        )
    else:
        title.append((":", ""))
    rows = [["fact", "value", "low", "best", "high", "support", "dissent", "confidence"]]
    for c in (as_map(c) for c in items):
        value = printable(c.get("value"))
        members = as_list(c.get("members"))
        if members:
            value = ", ".join(
                f"{printable(as_map(m).get('member'))} {show_share(as_map(m).get('share'))}"
                for m in members
            )
        unit = f" {printable(c.get('unit'))}" if c.get("unit") else ""
        rows.append(
            [
                printable(show_key(c.get("subject"), c.get("property"), c.get("scope"))),
                value + unit,
                printable(show_bound(c.get("low"))),
                printable(show_bound(c.get("best"))),
                printable(show_bound(c.get("high"))),
                _names(c.get("support")),
                _names(c.get("dissent")),
                show_confidence(c),
            ]
        )
    return [title, *_indented(_table(rows, align="llrrrllr"), header=True), []]


def _skipped(items: list[Any]) -> list[Line]:
    if not items:
        return []
    out: list[Line] = [[(f"Skipped {plural(len(items), 'claim')}", "bold"), (":", "")]]
    for s in (as_map(s) for s in items):
        where = show_location(s.get("location"))
        line: Line = [("  ", "")]
        if where:
            line += [(printable(where), "bold"), (": ", "")]
        line += [(printable(s.get("ref")), "cyan"), (": " + printable(s.get("reason")), "")]
        out.append(line)
    out.append([])
    return out


def _warnings(items: list[Any]) -> list[Line]:
    if not items:
        return []
    out: list[Line] = [[("Warnings", "bold"), (":", "")]]
    for w in (as_map(w) for w in items):
        where = show_location(w.get("location"))
        line: Line = [("  ", "")]
        if where:
            line += [(printable(where), "bold"), (": ", "")]
        line += [(printable(w.get("code")), "bold yellow"), (" " + printable(w.get("message")), "")]
        out.append(line)
    out.append([])
    return out


def _stale(items: list[Any]) -> list[Line]:
    if not items:
        return []
    return [
        [("Stale baseline entries", "bold"), (" (recorded but no longer found): ", "")],
        [("  " + ", ".join(printable(x) for x in items), "")],
        [],
    ]


def _summary(summary: Mapping[str, Any]) -> Line:
    n = as_int(summary.get("findings"))
    sev = as_map(summary.get("by_severity"))
    errors, warnings = as_int(sev.get("error")), as_int(sev.get("warning"))
    scope = summary_scope(summary) + "."
    if n == 0:
        return [("No findings", "bold green"), (f" {scope}", "")]
    notes = as_int(sev.get("info"))
    counts = f"({plural(errors, 'error')}, {plural(warnings, 'warning')}" + (
        f", {plural(notes, 'note')})" if notes else ")"
    )
    return [
        (f"Found {plural(n, 'finding')}", "bold red" if errors else "bold yellow"),
        (f" {counts} {scope}", ""),
    ]


# -- layout ----------------------------------------------------------------------------------


def _width(s: str) -> int:
    """Terminal cells ``s`` takes: wide East Asian characters count 2, combining marks 0."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in s
    )


def _columns(rows: Sequence[Sequence[str]], align: str = "") -> list[list[str]]:
    """Each row's cells padded to their column's width; ``align`` is ``l``/``r`` per column."""
    if not rows:
        return []
    ncols = max(len(r) for r in rows)
    widths = [max((_width(r[j]) for r in rows if j < len(r)), default=0) for j in range(ncols)]
    out = []
    for r in rows:
        cells = []
        for j in range(ncols):
            cell = r[j] if j < len(r) else ""
            pad = " " * (widths[j] - _width(cell))
            cells.append(pad + cell if align[j : j + 1] == "r" else cell + pad)
        out.append(cells)
    return out


def _table(rows: Sequence[Sequence[str]], *, align: str = "") -> list[str]:
    """Rows as lines of columns two spaces apart."""
    return ["  ".join(cells).rstrip() for cells in _columns(rows, align)]


def _indented(lines: Iterable[str], *, header: bool) -> list[Line]:
    out: list[Line] = []
    for i, line in enumerate(lines):
        out.append([("  " + line, "dim" if header and i == 0 else "")])
    return out


def _plain(line: Line) -> str:
    return "".join(seg for seg, _ in line).rstrip()


def _ansi(lines: list[Line]) -> str:
    import io

    from rich.console import Console
    from rich.text import Text

    buf = io.StringIO()
    console = Console(
        file=buf,
        force_terminal=True,
        color_system="standard",
        width=max((len(_plain(line)) for line in lines), default=80) + 1,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    for line in lines:
        if line:
            line = [*line[:-1], (line[-1][0].rstrip(), line[-1][1])]
        # Text.assemble never parses markup, so report data stays literal
        console.print(Text.assemble(*[(seg, style) if style else seg for seg, style in line]),
                      soft_wrap=True, overflow="ignore", crop=False)  # fmt: skip
    return buf.getvalue()


__all__ = ["render"]
