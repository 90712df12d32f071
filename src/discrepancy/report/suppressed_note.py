"""The one line every format prints about what was left out on purpose: suppressions
(``ignore:``, ``per-file-ignores``) and findings a baseline matched."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from discrepancy.report.escape import as_int, as_list, as_map, plural, text

#: suppressions named on the line; the rest are counted ("and 3 more")
SHOWN = 3


def suppressed_note(report: Mapping[str, Any]) -> str:
    """``2 suppressions hid 3 disagreeing pairs (Q001 by nis/troops, ...); 4 known findings
    matched the baseline.`` or ``""`` when nothing was left out."""
    items = [as_map(s) for s in as_list(report.get("suppressed"))]
    summary = as_map(report.get("summary"))
    parts = []
    if items:
        pairs = sum(as_int(s.get("pairs")) for s in items)
        names = [
            f"{text(s.get('rule'))} by {text(s.get('claim') or s.get('glob'))}"
            for s in items[:SHOWN]
        ]
        if len(items) > SHOWN:
            names.append(f"and {len(items) - SHOWN} more")
        hid = f" hid {plural(pairs, 'disagreeing pair')}" if pairs else ""
        parts.append(f"{plural(len(items), 'suppression')}{hid} ({', '.join(names)})")
    if "baseline_matched" in summary:
        matched = as_int(summary.get("baseline_matched"))
        parts.append(f"{plural(matched, 'known finding')} matched the baseline")
    return "; ".join(parts) + "." if parts else ""


__all__ = ["suppressed_note"]
