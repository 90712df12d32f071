"""The output formats: one renderer module per format over the same JSON report.

Each renderer is ``render(report: dict, *, color: bool = False) -> str`` (ruff's emitters,
coverage's reporters): it sees only the dict of :meth:`Report.to_dict`, never the engine, so a
report read back from JSON renders the same. Renderer modules import lazily, so asking for
``json`` doesn't import rich or the HTML assets.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

from discrepancy.report.options import RenderOptions

#: Every format ``render`` accepts, in the order the CLI lists them.
FORMATS: tuple[str, ...] = ("text", "json", "jsonl", "markdown", "html", "sarif", "github", "junit")

#: The formats :class:`RenderOptions` shape.
PEOPLE_FORMATS: frozenset[str] = frozenset({"text", "markdown", "html"})

_MODULES: dict[str, str] = {
    "text": "discrepancy.report.text",
    "json": "discrepancy.report.json_format",
    "jsonl": "discrepancy.report.jsonl",
    "markdown": "discrepancy.report.markdown",
    "html": "discrepancy.report.html",
    "sarif": "discrepancy.report.sarif",
    "github": "discrepancy.report.github",
    "junit": "discrepancy.report.junit",
}


def render(
    report: Mapping[str, Any],
    format: str,
    *,
    color: bool = False,
    rules: Sequence[Mapping[str, Any]] | None = None,
    options: RenderOptions | None = None,
) -> str:
    """Render the JSON report ``report`` (see :meth:`Report.to_dict`) as ``format``.

    ``color`` only affects ``text`` (ANSI styles through rich); ``rules`` only affects
    ``sarif`` (the rule catalogue to describe; default: the rule registry); ``options`` only
    the formats for people (``text``, ``markdown``, ``html``: width, concise, full, tables).

    Raises:
        ValueError: ``format`` is not one of :data:`FORMATS`.
    """
    name = _MODULES.get(format)
    if name is None:
        msg = f"unknown report format {format!r}; expected one of: {', '.join(FORMATS)}"
        raise ValueError(msg)
    module = importlib.import_module(name)
    if format == "sarif":
        return str(module.render(report, color=color, rules=rules))
    if format in PEOPLE_FORMATS and options is not None:
        return str(module.render(report, color=color, options=options))
    return str(module.render(report, color=color))


__all__ = ["FORMATS", "PEOPLE_FORMATS", "render"]
