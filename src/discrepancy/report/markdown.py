"""GitHub-flavoured Markdown: for a pull-request comment or a job summary.

A summary, a table of findings, then each finding's claims and (folded in ``<details>``) its
disagreeing pairs, the
agreement matrix as ``share (n)``, per-source agreement and the consensus table. Every string
from the report passes through :func:`md_text` (or :func:`md_code`), so a value can't inject
HTML, split a table, or form a link, code span or emphasis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from discrepancy.report.escape import (
    as_int,
    as_list,
    as_map,
    md_block,
    md_code,
    md_text,
    plural,
    show_confidence,
    show_location,
    show_magnitude,
    show_number,
    show_scope,
    show_share,
    summary_scope,
    text,
)
from discrepancy.report.options import DEFAULT, RenderOptions, pairwise_note, pairwise_shown
from discrepancy.report.suppressed_note import suppressed_note
from discrepancy.report.timeline import consensus_index, finding_timeline, withdrawn_index
from discrepancy.report.timeline_table import render_markdown
from discrepancy.report.wording import (
    consensus_side,
    consensus_windows,
    show_as_of,
    show_consensus_bounds,
    show_consensus_value,
    show_value,
    who_said,
)

_ICON = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}


def render(
    report: Mapping[str, Any], *, color: bool = False, options: RenderOptions | None = None
) -> str:
    """The report as Markdown (``color`` is ignored), within ``options.max_bytes``: findings
    that don't fit are counted at the end, with where to find the full report."""
    opts = options or DEFAULT
    summary = as_map(report.get("summary"))
    findings = [as_map(f) for f in as_list(report.get("findings"))]
    head = ["# discrepancy report", _summary(summary)]
    agreement = as_map(report.get("agreement"))
    consensus = as_list(report.get("consensus"))
    n_sources = len(as_list(agreement.get("sources")))
    show_agreement, show_consensus = opts.shows_tables(n_sources, len(consensus))
    tail: list[str] = []
    if show_agreement:
        tail += _agreement(agreement)
    if show_consensus:
        tail += _consensus(consensus, as_map(report.get("consensus_method")))
    hidden = [
        label
        for label, shown, n in (
            (f"the agreement of {plural(n_sources, 'source')}", show_agreement, n_sources),
            (f"the consensus of {plural(len(consensus), 'fact')}", show_consensus, len(consensus)),
        )
        if n and not shown
    ]
    rest = _skipped(as_list(report.get("skipped")))
    rest += _warnings(as_list(report.get("warnings")))
    stale = as_list(report.get("stale_baseline"))
    if stale:
        rest += [
            "## Stale baseline entries",
            "Recorded in the baseline but no longer found: " + ", ".join(md_code(x) for x in stale),
        ]
    if note := suppressed_note(report):
        rest.append(md_text(note))
    tool = as_map(report.get("tool"))
    footer = (
        f"<sub>{md_text(tool.get('name') or 'discrepancy')} {md_text(tool.get('version'))}</sub>"
    )
    budget = opts.max_bytes - _size([*head, *rest, footer]) - 2048  # room for the notes
    if _size(tail) > budget // 2:  # tables asked for but too large: findings come first
        hidden += ["the agreement and consensus tables (too large)"] if tail else []
        tail = []
    budget -= _size(tail)
    blocks = head + _findings(findings, opts, budget, consensus_index(report))
    if hidden:
        blocks.append(
            f"Not shown here: {' and '.join(hidden)}; see the HTML report "
            "(`discrepancy report`) or the JSON one (`--format json`)."
        )
    blocks += tail + rest + [footer]
    return "\n\n".join(b for b in blocks if b) + "\n"


def _size(blocks: Sequence[str]) -> int:
    return sum(len(b.encode("utf-8")) + 2 for b in blocks)


def _findings(
    findings: list[Mapping[str, Any]],
    opts: RenderOptions,
    budget: int,
    consensus: Mapping[tuple[object, ...], Mapping[str, Any]] | None = None,
) -> list[str]:
    """The findings table and each finding's section, as many as fit in ``budget`` bytes;
    then how many were left out and where the full report is."""
    if not findings:
        return []
    rows: list[list[str]] = []
    sections: list[str] = []
    used = 0
    aside = withdrawn_index(findings)
    for i, f in enumerate(findings, 1):
        row = _findings_row(i, f)
        section = _finding(i, f, opts, consensus, aside)
        cost = len(" | ".join(row).encode("utf-8")) + len(section.encode("utf-8")) + 16
        if used + cost > budget and rows:
            break
        rows.append(row)
        sections.append(section)
        used += cost
    out = ["## Findings", _table(_FINDINGS_HEADER, rows), *sections]
    more = len(findings) - len(rows)
    if more:
        where = opts.full_report or (
            "`discrepancy report` (HTML) or `discrepancy check --format json` on the same claims"
        )
        out.append(
            f"**{plural(more, 'more finding')}** not shown: this report stays under "
            "GitHub's 1 MiB limit for a job summary or a comment. "
            f"The full report: {md_text(where) if opts.full_report else where}."
        )
    return out


def _summary(summary: Mapping[str, Any]) -> str:
    n = as_int(summary.get("findings"))
    sev = as_map(summary.get("by_severity"))
    scope = summary_scope(summary)
    if n == 0:
        line = f"✅ **No findings** {scope}."
    else:
        counts = f"{plural(as_int(sev.get('error')), 'error')}, {plural(as_int(sev.get('warning')), 'warning')}"
        if as_int(sev.get("info")):
            counts += f", {plural(as_int(sev.get('info')), 'note')}"
        line = f"**{plural(n, 'finding')}** ({counts}) {scope}."
    skipped = as_int(summary.get("skipped"))
    if skipped:
        line += f" {plural(skipped, 'claim')} skipped."
    return line


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A GFM table; cells must already be escaped. ``align`` is ``l``/``r`` per column."""
    marks = ["---:" if align[j : j + 1] == "r" else "---" for j in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(c if c else " " for c in row) + " |" for row in rows]
    return "\n".join(lines)


_FINDINGS_HEADER = ["#", "Rule", "Severity", "Subject", "Property", "Message", "Location"]


def _findings_row(i: int, f: Mapping[str, Any]) -> list[str]:
    level = text(f.get("severity"))
    return [
        f"[{i}](#finding-{i})",
        md_code(f.get("rule")),
        f"{_ICON.get(level, '')} {md_text(level)}".strip(),
        md_text(f.get("subject")),
        md_text(_property(f)),
        md_text(f.get("message")),
        md_code(show_location(f.get("location"))),
    ]


def _property(item: Mapping[str, Any]) -> str:
    scope = show_scope(item.get("scope"))
    return f"{text(item.get('property'))} [{scope}]" if scope else text(item.get("property"))


def _finding(
    i: int,
    f: Mapping[str, Any],
    opts: RenderOptions = DEFAULT,
    consensus: Mapping[tuple[object, ...], Mapping[str, Any]] | None = None,
    aside: Mapping[tuple[object, ...], Any] | None = None,
) -> str:
    level = text(f.get("severity"))
    kind = text(f.get("type"))
    title = (
        f'### <a id="finding-{i}"></a>{i}. {md_code(f.get("rule"))} '
        f"{md_text(f.get('subject'))} · {md_text(_property(f))}"
    )
    facts = [f"{_ICON.get(level, '')} **{md_text(level)}**".strip(), md_text(f.get("verdict"))]
    magnitude = show_magnitude(f.get("magnitude"), kind)
    if magnitude:
        facts.append(md_text(magnitude))
    if kind:
        facts.append(md_text(kind) + (f" ({md_text(f.get('unit'))})" if f.get("unit") else ""))
    parts = [title, " · ".join(facts), md_block(f.get("message"))]

    claims = [as_map(c) for c in as_list(f.get("claims"))]
    if opts.clusters_only(len(claims)):
        parts.append(_values(f, claims))
    elif claims:
        rows = []
        for c in claims:
            who = md_text(c.get("said_by"))
            via = as_list(c.get("via"))
            if via:
                who = (who + " " if who else "") + "via " + ", ".join(md_text(v) for v in via)
            rows.append(
                [
                    md_code(c.get("ref")),
                    md_text(c.get("value")),
                    md_text(show_value(c.get("normalized"))),
                    who,
                    md_text(show_as_of(c)),
                    md_text(c.get("published")),
                    md_code(show_location(c.get("location"))),
                ]
            )
        header = ["Claim", "Value", "Normalized", "Said by", "As of", "Published", "Location"]
        parts.append(_table(header, rows))

    pairs = [as_map(p) for p in as_list(f.get("pairs"))]
    shown = [p for p in pairs if text(p.get("verdict")) not in ("agree", "compatible")]
    if shown:
        rows = []
        for p in shown:
            only = []
            if as_list(p.get("only_a")):
                only.append("only A: " + ", ".join(md_text(x) for x in as_list(p.get("only_a"))))
            if as_list(p.get("only_b")):
                only.append("only B: " + ", ".join(md_text(x) for x in as_list(p.get("only_b"))))
            rows.append(
                [
                    md_code(p.get("a")),
                    md_code(p.get("b")),
                    md_text(p.get("verdict")),
                    md_text(p.get("severity")),
                    md_text(show_magnitude(p.get("magnitude"), kind)),
                    f"{max(1, as_int(p.get('count'))):,}",
                    "; ".join(only),
                ]
            )
        agreeing = len(pairs) - len(shown)
        note = ""
        if agreeing:
            verb = "agrees or is compatible" if agreeing == 1 else "agree or are compatible"
            note = f"{plural(agreeing, 'other pair')} {verb}.\n\n"
        omitted = as_int(f.get("pairs_omitted"))
        if omitted:
            note += f"{plural(omitted, 'more pair')} of values in the JSON report.\n\n"
        # fold the pairs so that a PR comment stays readable
        parts.append(
            f"<details><summary>{plural(len(shown), 'disagreeing pair')}</summary>\n\n"
            + _table(
                ["A", "B", "Verdict", "Severity", "Magnitude", "Claim pairs", "Differences"], rows
            )
            + f"\n\n{note}</details>"
        )
    timeline = finding_timeline(f, consensus or {}, aside)
    if timeline is not None:
        parts.append(
            "<details><summary>Timeline</summary>\n\n"
            + render_markdown(timeline, heading=None)
            + "\n</details>"
        )
    return "\n\n".join(parts)


def _values(f: Mapping[str, Any], claims: list[Mapping[str, Any]]) -> str:
    """A finding's values: who stands behind each, how many claims, where the first is."""
    where = {text(c.get("ref")): show_location(c.get("location")) for c in claims}
    rows = []
    for c in (as_map(c) for c in as_list(f.get("clusters"))):
        refs = as_list(c.get("claims"))
        rows.append(
            [
                md_text(c.get("value")),
                md_text(who_said(c)),
                f"{len(refs):,}",
                md_code(where.get(text(refs[0]), "") if refs else ""),
            ]
        )
    note = f"{plural(len(claims), 'claim')} in {plural(len(rows), 'value')} (`--full` lists every claim)."
    return _table(["Value", "Said by", "Claims", "First claim"], rows, "llrl") + "\n\n" + note


def _agreement(agreement: Mapping[str, Any]) -> list[str]:
    sources = as_list(agreement.get("sources"))
    if not sources:
        return []
    blocks = ["## Agreement between sources"]
    if pairwise_shown(agreement):
        matrix, counts = as_list(agreement.get("matrix")), as_list(agreement.get("n"))
        rows = []
        for i, name in enumerate(sources):
            row = [f"**{md_text(name)}**"]
            for j in range(len(sources)):
                row.append(f"{show_share(_cell(matrix, i, j))} ({as_int(_cell(counts, i, j))})")
            rows.append(row)
        blocks += [
            "Share of comparable claim pairs that agree or are compatible, with the number of "
            "pairs it rests on in parentheses.",
            _table(["", *(md_text(s) for s in sources)], rows, "l" + "r" * len(sources)),
        ]
    else:
        blocks.append(md_text(pairwise_note(agreement)))
    per = [as_map(s) for s in as_list(agreement.get("per_source"))]
    if per:
        rows = []
        for s in per:
            low, high = s.get("low"), s.get("high")
            interval = f"{show_share(low)}–{show_share(high)}"
            if interval == "-–-":
                interval = ""
            rows.append(
                [
                    md_text(s.get("source")),
                    f"{as_int(s.get('agreed'))}/{as_int(s.get('n'))}",
                    show_share(s.get("share")),
                    interval,
                    f"{as_int(s.get('consensus_agreed'))}/{as_int(s.get('consensus_n'))} "
                    f"{show_share(s.get('consensus_share'))}",
                    md_text(show_number(s.get("reliability"))),
                ]
            )
        blocks.append(
            _table(
                ["Source", "Agreed", "Share", "95% interval", "With consensus", "Reliability"],
                rows,
                "lrrrrr",
            )
        )
    return blocks


def _cell(rows: list[Any], i: int, j: int) -> object:
    row = as_list(rows[i]) if i < len(rows) else []
    return row[j] if j < len(row) else None


def _consensus(items: list[Any], run: Mapping[str, Any]) -> list[str]:
    if not items:
        return []
    blocks = ["## Consensus"]
    if run:
        state = "converged" if run.get("converged") else "did not converge"
        blocks.append(
            f"Method {md_code(run.get('method'))}, "
            f"{plural(as_int(run.get('iterations')), 'iteration')}, {state}."
        )
    rows = []
    for c in (as_map(c) for c in items):
        windows = consensus_windows(c)
        prop = md_text(_property(c))
        if windows:  # the latest estimate, with its dates, then every window
            prop += f" ({md_text(windows[-1][0])})"
        rows.append([md_text(c.get("subject")), prop, *_consensus_cells(c)])
        if len(windows) > 1:
            rows.extend(["", f"↳ {md_text(label)}", *_consensus_cells(w)] for label, w in windows)
    header = ["Subject", "Property", "Value", "Low", "Best", "High", "Support", "Dissent"]
    blocks.append(_table([*header, "Confidence"], rows, "lllrrrllr"))
    return blocks


def _consensus_cells(c: Mapping[str, Any]) -> list[str]:
    value = md_text(show_consensus_value(c))
    members = as_list(c.get("members"))
    if members:
        value = ", ".join(
            f"{md_text(as_map(m).get('member'))} {show_share(as_map(m).get('share'))}"
            for m in members
        )
    if c.get("unit"):
        value += f" {md_text(c.get('unit'))}"
    return [
        value,
        *(md_text(b) for b in show_consensus_bounds(c)),
        md_text(consensus_side(c, "support")),
        md_text(consensus_side(c, "dissent")),
        md_text(show_confidence(c)),
    ]


def _skipped(items: list[Any]) -> list[str]:
    if not items:
        return []
    rows = [
        [md_code(s.get("ref")), md_text(s.get("reason")), md_code(show_location(s.get("location")))]
        for s in (as_map(s) for s in items)
    ]
    return [f"## Skipped ({len(items)})", _table(["Claim", "Reason", "Location"], rows)]


def _warnings(items: list[Any]) -> list[str]:
    if not items:
        return []
    rows = [
        [
            md_code(w.get("code")),
            md_text(w.get("message")),
            md_code(show_location(w.get("location"))),
        ]
        for w in (as_map(w) for w in items)
    ]
    return [f"## Warnings ({len(items)})", _table(["Code", "Message", "Location"], rows)]


__all__ = ["render"]
