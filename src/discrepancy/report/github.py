"""GitHub Actions workflow commands: one annotation per finding (and per input warning).

``::error file=PATH,line=N,col=C,title=RULE::message`` shows on the pull request's diff. The
message continues over lines (encoded ``%0A``) with the group's claims. Data is encoded per
GitHub's rules (:func:`gh_data`, :func:`gh_property`), so a value can't end the command early or
start a new one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from discrepancy.report.escape import (
    as_int,
    as_list,
    as_map,
    gh_data,
    gh_property,
    show_key,
    show_location,
    text,
)
from discrepancy.report.suppressed_note import suppressed_note
from discrepancy.report.wording import show_when

#: finding severity -> workflow command (info notes are notices, not warnings)
_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(report: Mapping[str, Any], *, color: bool = False) -> str:
    """The findings as workflow commands, one a line (``color`` is ignored)."""
    lines = []
    for f in (as_map(f) for f in as_list(report.get("findings"))):
        level = _COMMANDS.get(text(f.get("severity")), "warning")
        message = [
            f"{show_key(f.get('subject'), f.get('property'), f.get('scope'))}: {text(f.get('message'))}"
        ]
        for c in (as_map(c) for c in as_list(f.get("claims"))):
            where = show_location(c.get("location"))
            when = show_when(c)
            message.append(
                f"  {text(c.get('ref'))}: {text(c.get('value'))}"
                + (f" [{when}]" if when else "")
                + (f" ({where})" if where else "")
            )
        lines.append(_command(level, f.get("location"), text(f.get("rule")), "\n".join(message)))
    for w in (as_map(w) for w in as_list(report.get("warnings"))):
        lines.append(
            _command("warning", w.get("location"), text(w.get("code")), text(w.get("message")))
        )
    if note := suppressed_note(report):
        lines.append(f"::notice title=discrepancy::{gh_data(note)}")
    return "".join(line + "\n" for line in lines)


def _command(level: str, location: object, title: str, message: str) -> str:
    props = []
    loc = as_map(location)
    if loc.get("path"):
        props.append(f"file={gh_property(loc.get('path'))}")
        line = as_int(loc.get("line"))
        if line > 0:
            props.append(f"line={line}")
            column = as_int(loc.get("column"))
            if column > 0:
                props.append(f"col={column}")
    if title:
        props.append(f"title={gh_property(title)}")
    head = f"::{level} {','.join(props)}" if props else f"::{level}"
    return f"{head}::{gh_data(message)}"


__all__ = ["render"]
