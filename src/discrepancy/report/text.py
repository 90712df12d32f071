"""The terminal format, in the manner of ruff: ``path:line:col: RULE [level] message``.

Findings come in report order (most severe, then largest, first), each followed by its claims
and the pairs worth a look (conflicts and partials between values); a finding past a handful
of claims shows its values instead, with the speakers and outlets behind each (``full``
lists every claim). Then the agreement matrix and per-source agreement, the consensus table
(when small or asked for), skipped claims, input warnings and a one-line summary. Lines fit
the width: messages wrap, table cells are cut with an ellipsis. ``concise`` prints one line
per finding and the summary.

Colour goes through rich and only when ``color=True``; plain output has no escape codes, and
every string from the report passes through :func:`printable`, so data can't emit its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from discrepancy.report.escape import (
    as_int,
    as_list,
    as_map,
    plural,
    printable,
    show_confidence,
    show_key,
    show_location,
    show_magnitude,
    show_number,
    show_share,
    summary_scope,
    text,
)
from discrepancy.report.options import (
    DEFAULT,
    HANDFUL,
    RenderOptions,
    pairwise_note,
    pairwise_shown,
)
from discrepancy.report.suppressed_note import suppressed_note
from discrepancy.report.timeline import finding_timeline, withdrawn_index
from discrepancy.report.timeline_table import summary as timeline_summary
from discrepancy.report.wording import (
    consensus_side,
    consensus_windows,
    show_consensus_span,
    show_consensus_value,
    show_value,
    show_when,
    who_said,
)

#: A line is a list of (text, rich style) segments; "" is unstyled.
Segment = tuple[str, str]
Line = list[Segment]

_LEVEL_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}


def render(
    report: Mapping[str, Any], *, color: bool = False, options: RenderOptions | None = None
) -> str:
    """The report as terminal text; ANSI-coloured through rich when ``color`` is true."""
    opts = options or DEFAULT
    width = opts.columns
    findings = as_list(report.get("findings"))
    lines: list[Line] = []
    if opts.concise:
        lines += [_head(as_map(f)) for f in findings]
    else:
        lines += _findings(findings, opts)
        agreement = as_map(report.get("agreement"))
        consensus = as_list(report.get("consensus"))
        n_sources = len(as_list(agreement.get("sources")))
        show_agreement, show_consensus = opts.shows_tables(n_sources, len(consensus))
        if show_agreement:
            lines += _agreement(agreement, width)
        if show_consensus:
            lines += _consensus(consensus, report.get("consensus_method"), width)
        hidden = [
            label
            for label, shown, n in (
                (f"agreement of {plural(n_sources, 'source')}", show_agreement, n_sources),
                (f"consensus of {plural(len(consensus), 'fact')}", show_consensus, len(consensus)),
            )
            if n and not shown
        ]
        if hidden:
            note = f"Not shown: {' and '.join(hidden)} (--tables, or --format html)."
            lines += [*_wrap([(note, "dim")], width), []]
        lines += _skipped(as_list(report.get("skipped")))
        lines += _warnings(as_list(report.get("warnings")))
        lines += _stale(as_list(report.get("stale_baseline")))
    if note := suppressed_note(report):
        lines.append([(note, "")])
    summary = _summary(as_map(report.get("summary")))
    lines += [summary] if opts.concise else _wrap(summary, width)
    if not opts.concise:
        lines = [_clip(line, width) for line in lines]
    return _ansi(lines) if color else "".join(_plain(line) + "\n" for line in lines)


# -- sections --------------------------------------------------------------------------------


def _findings(findings: list[Any], opts: RenderOptions) -> list[Line]:
    out: list[Line] = []
    folded = 0
    aside = withdrawn_index(findings)
    for f in findings:
        lines, was_folded = _finding(as_map(f), opts, aside)
        out += lines
        out.append([])
        folded += was_folded
    if folded:
        out += [
            [
                (
                    f"{plural(folded, 'finding')} of more than {HANDFUL} claims "
                    f"{'shows its' if folded == 1 else 'show their'} values; --full lists every "
                    "claim.",
                    "dim",
                )
            ],
            [],
        ]
    return out


def _head(f: Mapping[str, Any]) -> Line:
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
    return head


def _finding(
    f: Mapping[str, Any], opts: RenderOptions, aside: Mapping[tuple[object, ...], Any]
) -> tuple[list[Line], bool]:
    kind = text(f.get("type"))
    about = [printable(show_key(f.get("subject"), f.get("property"), f.get("scope")))]
    about += [printable(x) for x in (kind, f.get("unit")) if x]
    out: list[Line] = [*_wrap(_head(f), opts.columns), [("  " + about[0], "dim")]]
    if len(about) > 1:
        out[-1].append((f" ({', '.join(about[1:])})", "dim"))

    claims = [as_map(c) for c in as_list(f.get("claims"))]
    room = opts.columns - 4
    if opts.clusters_only(len(claims)):
        out += _cluster_lines(f, claims, room)
        return out + _over_time(f, opts, aside), True
    rows = [_claim_row(c) for c in claims]
    fitted = _columns(rows, max_width=room, shrink=(1, 2, 4))
    if _width("  ".join(fitted[0]).rstrip()) <= room and not any("…" in "".join(r) for r in fitted):
        for cells in fitted:
            out.append([("    ", ""), (cells[0], "cyan"), ("  " + "  ".join(cells[1:]), "")])
    else:  # too narrow for one line a claim: its reference and location, then what it says
        for ref, value, shown, where, who in rows:
            out.append([("    ", ""), (ref, "cyan"), (f"  {where}", "dim")])
            said = "  ".join(x for x in (value, shown, who) if x)
            out += _wrap([("      " + said, "")], opts.columns, indent="  ")
    for p in (as_map(p) for p in as_list(f.get("pairs"))):
        if text(p.get("verdict")) in ("agree", "compatible"):
            continue
        out += _wrap(_pair_line(p, kind), opts.columns)
    omitted = as_int(f.get("pairs_omitted"))
    if omitted:
        out.append([(f"    and {plural(omitted, 'more pair')} of values (--format json)", "dim")])
    return out + _over_time(f, opts, aside), False


def _over_time(
    f: Mapping[str, Any], opts: RenderOptions, aside: Mapping[tuple[object, ...], Any]
) -> list[Line]:
    """A finding whose claims hold at different times: its timeline on one (wrapped) line,
    with the fact's withdrawn claims (``aside``) marked."""
    timeline = finding_timeline(f, {}, aside)
    if timeline is None:
        return []
    line: Line = [("    over time: ", "dim"), (printable(timeline_summary(timeline)), "")]
    return _wrap(line, opts.columns, indent="      ")


#: a finding shown by its values lists this many of them (the most claimed)
_MAX_CLUSTERS = 6


def _cluster_lines(f: Mapping[str, Any], claims: list[Mapping[str, Any]], room: int) -> list[Line]:
    """A finding's values, each with its speakers and outlets, number of claims and the
    location of its first claim; the most claimed values when there are many."""
    where = {text(c.get("ref")): show_location(c.get("location")) for c in claims}
    clusters = [as_map(c) for c in as_list(f.get("clusters"))]
    by_size = sorted(range(len(clusters)), key=lambda k: -len(as_list(clusters[k].get("claims"))))
    keep = sorted(by_size[:_MAX_CLUSTERS])
    rows = []
    for k in keep:
        c = clusters[k]
        refs = as_list(c.get("claims"))
        rows.append(
            [
                printable(c.get("value")),
                printable(who_said(c)),
                plural(len(refs), "claim"),
                printable(where.get(text(refs[0]), "") if refs else ""),
            ]
        )
    out: list[Line] = [
        [("    ", ""), (cells[0], "bold"), ("  " + "  ".join(cells[1:]), "")]
        for cells in _columns(rows, align="llrl", max_width=room, shrink=(1, 3, 0))
    ]
    rest = [clusters[k] for k in by_size[_MAX_CLUSTERS:]]
    if rest:
        n = sum(len(as_list(c.get("claims"))) for c in rest)
        out.append(
            [(f"    and {plural(len(rest), 'more value')} from {plural(n, 'claim')}", "dim")]
        )
    return out


def _claim_row(c: Mapping[str, Any]) -> list[str]:
    norm = show_value(c.get("normalized"))
    shown = f"= {printable(norm)}" if norm and norm != text(c.get("value")) else ""
    who = []
    if c.get("said_by"):
        who.append(f"said by {printable(c.get('said_by'))}")
    via = as_list(c.get("via"))
    if via:
        who.append("via " + ", ".join(printable(v) for v in via))
    if when := show_when(c):
        who.append(printable(when))
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
    more = as_int(p.get("count")) - 1
    if more > 0:
        line.append((f" (and {plural(more, 'more claim pair')} between these values)", "dim"))
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


def _agreement(agreement: Mapping[str, Any], width: int = 100) -> list[Line]:
    sources = [printable(s) for s in as_list(agreement.get("sources"))]
    if not sources:
        return []
    out: list[Line] = [
        [
            ("Agreement between sources", "bold"),
            (" (share of comparable pairs that agree, n pairs):", ""),
        ]
    ]
    if pairwise_shown(agreement):
        matrix, counts = as_list(agreement.get("matrix")), as_list(agreement.get("n"))
        rows = [["", *sources]]
        for i, name in enumerate(sources):
            row = [name]
            for j in range(len(sources)):
                share = _cell(matrix, i, j)
                n = as_int(_cell(counts, i, j))
                row.append(f"{show_share(share)} n={n}")
            rows.append(row)
        align = "l" + "r" * len(sources)
        out += _indented(_table(rows, align=align, width=width - 2), header=True)
    else:
        out += _wrap([("  " + pairwise_note(agreement), "dim")], width)

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
        out += _indented(_table(rows, align="lrrrrr", width=width - 2), header=True)
    out.append([])
    return out


def _cell(rows: list[Any], i: int, j: int) -> object:
    row = as_list(rows[i]) if i < len(rows) else []
    return row[j] if j < len(row) else None


def _consensus(items: list[Any], method: object, width: int = 100) -> list[Line]:
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
    rows = [["fact", "value", "range", "support", "dissent", "confidence"]]
    for c in (as_map(c) for c in items):
        key = printable(show_key(c.get("subject"), c.get("property"), c.get("scope")))
        windows = consensus_windows(c)
        if windows:  # the latest estimate, with its dates, then every window
            key += f" ({windows[-1][0]})"
        rows.append(_consensus_row(key, c))
        if len(windows) > 1:
            rows.extend(_consensus_row(f"  {label}", w) for label, w in windows)
    table = _table(rows, align="llrllr", width=width - 2, shrink=((3, 4), (0, 1, 2)))
    return [title, *_indented(table, header=True), []]


def _consensus_row(key: str, c: Mapping[str, Any]) -> list[str]:
    span = show_consensus_span(c)
    value = printable(show_consensus_value(c))
    members = as_list(c.get("members"))
    if members:
        value = ", ".join(
            f"{printable(as_map(m).get('member'))} {show_share(as_map(m).get('share'))}"
            for m in members
        )
    unit = f" {printable(c.get('unit'))}" if c.get("unit") else ""
    return [
        key,
        value + unit,
        "" if span == value else printable(span),
        printable(consensus_side(c, "support")),
        printable(consensus_side(c, "dissent")),
        show_confidence(c),
    ]


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


def _columns(
    rows: Sequence[Sequence[str]],
    align: str = "",
    *,
    max_width: int | None = None,
    shrink: Sequence[int | Sequence[int]] = (),
) -> list[list[str]]:
    """Each row's cells padded to their column's width; ``align`` is ``l``/``r`` per column.
    With ``max_width``, the widest columns of ``shrink`` (every column when empty) are
    narrowed and their cells cut with an ellipsis until a row fits."""
    if not rows:
        return []
    ncols = max(len(r) for r in rows)
    widths = [max((_width(r[j]) for r in rows if j < len(r)), default=0) for j in range(ncols)]
    if max_width is not None:
        _narrow(widths, max_width - 2 * (ncols - 1), shrink or range(ncols))
    out = []
    for r in rows:
        cells = []
        for j in range(ncols):
            cell = _cut(r[j] if j < len(r) else "", widths[j])
            pad = " " * (widths[j] - _width(cell))
            cells.append(pad + cell if align[j : j + 1] == "r" else cell + pad)
        out.append(cells)
    return out


#: a column is never narrowed below this many cells
_MIN_COLUMN = 12


def _narrow(widths: list[int], room: int, shrink: Sequence[int | Sequence[int]]) -> None:
    """Narrow ``widths`` (in place) so that they sum to ``room``. ``shrink`` lists columns, or
    groups of columns narrowed before the next group: within a group the widest are cut to
    one level (water-filling), never below :data:`_MIN_COLUMN`."""
    groups = [[g] if isinstance(g, int) else list(g) for g in shrink]
    if all(len(g) == 1 for g in groups):
        groups = [[g[0] for g in groups]]
    for cols in groups:
        avail = room - (sum(widths) - sum(widths[j] for j in cols))
        sizes = sorted(widths[j] for j in cols)
        if sum(sizes) <= avail:
            return
        level = _MIN_COLUMN
        below = 0
        for k, w in enumerate(sizes):
            if w * (len(sizes) - k) + below >= avail:
                level = max(_MIN_COLUMN, (avail - below) // (len(sizes) - k))
                break
            below += w
        for j in cols:
            widths[j] = min(widths[j], level)


def _cut(cell: str, width: int) -> str:
    """``cell`` cut to ``width`` terminal cells, ending in an ellipsis when cut."""
    if _width(cell) <= width:
        return cell
    out, used = [], 0
    for ch in cell:
        w = _width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _table(
    rows: Sequence[Sequence[str]],
    *,
    align: str = "",
    width: int | None = None,
    shrink: Sequence[int | Sequence[int]] = (),
) -> list[str]:
    """Rows as lines of columns two spaces apart, fitting ``width`` when given."""
    return [
        "  ".join(cells).rstrip() for cells in _columns(rows, align, max_width=width, shrink=shrink)
    ]


_WORD = re.compile(r"\s*\S+\s*|\s+")


def _wrap(line: Line, width: int, indent: str = "    ") -> list[Line]:
    """``line`` wrapped at ``width`` between words, keeping each word's style; continuation
    lines start with ``indent`` plus the line's own leading spaces. A word longer than a
    line stays whole."""
    if not line or _width(_plain(line)) <= width:
        return [line]
    first = line[0][0]
    lead = indent + first[: len(first) - len(first.lstrip(" "))]
    out: list[Line] = []
    current: Line = []
    used = 0
    for seg, style in line:
        for word in _WORD.findall(seg):
            w = _width(word.rstrip())
            if current and used + w > width and word.strip():
                out.append(current)
                word = word.lstrip()
                current, used = [(lead, "")], _width(lead)
            current.append((word, style))
            used += _width(word)
    if current:
        out.append(current)
    return out


def _clip(line: Line, width: int) -> Line:
    """``line`` cut to ``width`` with an ellipsis: the last resort for a table that can't
    narrow enough (a matrix of many sources on a small terminal)."""
    if _width(_plain(line)) <= width:
        return line
    out: Line = []
    used = 0
    for seg, style in line:
        w = _width(seg)
        if used + w < width:
            out.append((seg, style))
            used += w
            continue
        out.append((_cut(seg, width - used), style))
        break
    return out


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
