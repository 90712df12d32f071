"""JSON Lines: one finding per line, compact, and nothing else.

Made for ``grep``/``jq -c`` pipelines and log shippers; the summary, agreement and consensus
are in the ``json`` format. A report without findings is empty output.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from discrepancy.report.escape import as_int, as_list, as_map, json_safe, json_text
from discrepancy.report.suppressed_note import suppressed_note


def render(report: Mapping[str, Any], *, color: bool = False) -> str:
    """One compact JSON object per finding, each line ending in a newline; then, when
    something was suppressed or matched a baseline, one ``{"suppressed": N, ...}`` line."""
    lines = [_line(f) for f in as_list(report.get("findings"))]
    if note := suppressed_note(report):
        summary = as_map(report.get("summary"))
        tail: dict[str, object] = {"suppressed": as_int(summary.get("suppressed"))}
        if "baseline_matched" in summary:
            tail["baseline_matched"] = as_int(summary.get("baseline_matched"))
        lines.append(_line({**tail, "message": note}))
    return "".join(line + "\n" for line in lines)


def _line(finding: object) -> str:
    out = json.dumps(json_safe(finding), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    # U+0085 and U+2028/2029 are legal in JSON strings but split lines for str.splitlines(),
    # log shippers and JavaScript
    return json_text(out)


__all__ = ["render"]
