"""JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure).

One ``<testsuite name="discrepancy">``: a failing test case per finding (``<failure
type="error">`` or ``type="warning"``) with the claims and disagreeing pairs as its text, a
skipped test case per skipped claim, and one passing case for the groups without findings
("N groups agree"). Built with ElementTree, so it is well-formed XML whatever the data; characters
XML 1.0 can't hold are removed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from discrepancy.report.escape import (
    as_int,
    as_list,
    as_map,
    plural,
    show_key,
    show_location,
    show_magnitude,
    text,
    xml_text,
)
from discrepancy.report.suppressed_note import suppressed_note
from discrepancy.report.wording import show_value, show_when


def render(report: Mapping[str, Any], *, color: bool = False) -> str:
    """The report as a JUnit XML document (``color`` is ignored)."""
    summary = as_map(report.get("summary"))
    findings = [as_map(f) for f in as_list(report.get("findings"))]
    skipped = [as_map(s) for s in as_list(report.get("skipped"))]
    agreeing = max(as_int(summary.get("groups")) - len(findings), 0)
    tests = len(findings) + len(skipped) + 1
    failing = [f for f in findings if text(f.get("severity")) != "info"]
    counts = {
        "tests": str(tests),
        "failures": str(len(failing)),
        "errors": "0",
        "skipped": str(len(skipped)),
    }
    root = ET.Element("testsuites", {"name": "discrepancy", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "discrepancy", **counts})
    if note := suppressed_note(report):
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", {"name": "suppressed", "value": _x(note)})

    for f in findings:
        location = as_map(f.get("location"))
        rule = text(f.get("rule"))
        attrs = {
            "name": _x(f"{rule} {show_key(f.get('subject'), f.get('property'), f.get('scope'))}"),
            "classname": _x(f"discrepancy.{rule}"),
        }
        if location.get("path"):
            attrs["file"] = _x(location.get("path"))
            if as_int(location.get("line")) > 0:
                attrs["line"] = str(as_int(location.get("line")))
        case = ET.SubElement(suite, "testcase", attrs)
        if text(f.get("severity")) == "info":  # a note passes: its text goes to system-out
            ET.SubElement(case, "system-out").text = _x(_details(f))
            continue
        level = "error" if text(f.get("severity")) == "error" else "warning"
        failure = ET.SubElement(case, "failure", {"message": _x(f.get("message")), "type": level})
        failure.text = _x(_details(f))

    for s in skipped:
        case = ET.SubElement(
            suite, "testcase", {"name": _x(s.get("ref")), "classname": "discrepancy.skipped"}
        )
        ET.SubElement(case, "skipped", {"message": _x(s.get("reason"))})

    ET.SubElement(
        suite,
        "testcase",
        {"name": f"{plural(agreeing, 'group')} agree", "classname": "discrepancy.groups"},
    )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _details(f: Mapping[str, Any]) -> str:
    """The failure's text: location, claims and the pairs that disagree."""
    kind = text(f.get("type"))
    lines = [f"{show_location(f.get('location')) or '-'}: {text(f.get('message'))}", "claims:"]
    for c in (as_map(c) for c in as_list(f.get("claims"))):
        norm = show_value(c.get("normalized"))
        value = text(c.get("value"))
        shown = f"{value} (= {norm})" if norm and norm != value else value
        where = show_location(c.get("location"))
        if when := show_when(c):
            shown += f" ({when})"
        lines.append(f"  {text(c.get('ref'))}: {shown}" + (f"  [{where}]" if where else ""))
    pairs = [as_map(p) for p in as_list(f.get("pairs"))]
    shown_pairs = [p for p in pairs if text(p.get("verdict")) not in ("agree", "compatible")]
    if shown_pairs:
        lines.append("pairs:")
    for p in shown_pairs:
        detail = [
            text(x) for x in (p.get("severity"), show_magnitude(p.get("magnitude"), kind)) if x
        ]
        line = f"  {text(p.get('a'))} vs {text(p.get('b'))}: {text(p.get('verdict'))}"
        if detail:
            line += f" ({', '.join(detail)})"
        only_a, only_b = as_list(p.get("only_a")), as_list(p.get("only_b"))
        if only_a:
            line += "; only A: " + ", ".join(text(x) for x in only_a)
        if only_b:
            line += "; only B: " + ", ".join(text(x) for x in only_b)
        more = as_int(p.get("count")) - 1
        if more > 0:
            line += f" (and {plural(more, 'more claim pair')} between these values)"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _x(value: object) -> str:
    return xml_text(value)


__all__ = ["render"]
