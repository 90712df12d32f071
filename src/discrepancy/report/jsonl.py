"""JSON Lines: one finding per line, compact, and nothing else.

Made for ``grep``/``jq -c`` pipelines and log shippers; the summary, agreement and consensus
are in the ``json`` format. A report without findings is empty output.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from discrepancy.report.escape import as_list, json_safe, json_text


def render(report: Mapping[str, Any], *, color: bool = False) -> str:
    """One compact JSON object per finding, each line ending in a newline."""
    return "".join(_line(f) + "\n" for f in as_list(report.get("findings")))


def _line(finding: object) -> str:
    out = json.dumps(json_safe(finding), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    # U+0085 and U+2028/2029 are legal in JSON strings but split lines for str.splitlines(),
    # log shippers and JavaScript
    return json_text(out)


__all__ = ["render"]
