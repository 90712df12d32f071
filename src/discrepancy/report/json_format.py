"""The JSON report as text: the one source every other format renders."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from discrepancy.report.escape import json_safe, json_text


def render(report: Mapping[str, Any], *, color: bool = False) -> str:
    """``report`` as indented, strict JSON (NaN and infinities become ``null``)."""
    return (
        json_text(json.dumps(json_safe(report), indent=2, ensure_ascii=False, allow_nan=False))
        + "\n"
    )


__all__ = ["render"]
