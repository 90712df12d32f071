"""SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.

One run; the driver lists the rules (from ``rules``, else the rule registry, else the codes
the findings use), and each finding is a result pointing at its first claim, with the group's
other claims as related locations and the finding's fingerprint as a partial fingerprint, so
viewers track it across runs. Lines and columns are 1-based; an unknown one becomes 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from discrepancy.report.escape import (
    as_int,
    as_list,
    as_map,
    json_safe,
    json_text,
    show_key,
    show_normalized,
    text,
)
from discrepancy.report.suppressed_note import suppressed_note
from discrepancy.report.wording import show_when

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note", "note": "note", "none": "none"}


def render(
    report: Mapping[str, Any],
    *,
    color: bool = False,
    rules: Sequence[Mapping[str, Any]] | None = None,
) -> str:
    """The report as a SARIF 2.1.0 log (``color`` is ignored).

    ``rules`` are mappings with ``code`` and optionally ``name``, ``summary`` (or
    ``short_description``), ``doc`` (or ``help``) and ``level``.
    """
    findings = [as_map(f) for f in as_list(report.get("findings"))]
    catalogue = _catalogue(rules if rules is not None else _registry_rules(), findings)
    index = {r["id"]: i for i, r in enumerate(catalogue)}
    tool = as_map(report.get("tool"))
    version = text(tool.get("version"))
    driver: dict[str, Any] = {
        "name": text(tool.get("name")) or "discrepancy",
        "rules": catalogue,
    }
    if version:
        driver["version"] = version
        driver["semanticVersion"] = version
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index) for f in findings],
    }
    if note := suppressed_note(report):
        notice = {"level": "note", "message": {"text": note}}
        run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": [notice]}]
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return (
        json_text(json.dumps(json_safe(log), indent=2, ensure_ascii=False, allow_nan=False)) + "\n"
    )


def _registry_rules() -> list[Mapping[str, Any]]:
    """The built-in rule catalogue, or nothing if the registry can't be imported."""
    try:
        from discrepancy.rules.registry import rules as registered
    except ImportError:
        return []
    return [
        {
            "code": r.code,
            "name": r.name,
            "doc": r.doc,
            "level": str(r.level),
        }
        for r in registered()
    ]


def _catalogue(
    rules: Iterable[Mapping[str, Any]], findings: list[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Reporting descriptors for ``rules``, plus minimal ones for codes only findings use."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for rule in rules:
        code = text(rule.get("code") or rule.get("id"))
        if not code or code in seen:
            continue
        seen.add(code)
        out.append(_descriptor(code, rule))
    levels: dict[str, str] = {}
    for f in findings:
        levels.setdefault(text(f.get("rule")), text(f.get("severity")))
    for code in sorted(levels.keys() - seen):
        out.append(_descriptor(code, {"level": levels[code]}))
    return out


def _descriptor(code: str, rule: Mapping[str, Any]) -> dict[str, Any]:
    doc = text(rule.get("doc") or rule.get("help") or rule.get("full_description")).strip()
    summary = text(rule.get("summary") or rule.get("short_description")).strip()
    if not summary and doc:
        summary = doc.splitlines()[0]
    name = text(rule.get("name"))
    out: dict[str, Any] = {"id": code}
    if name:
        out["name"] = name
    out["shortDescription"] = {"text": summary or name or code}
    if doc:
        out["fullDescription"] = {"text": doc}
        out["help"] = {"text": doc}
    out["defaultConfiguration"] = {"level": _LEVELS.get(text(rule.get("level")), "warning")}
    return out


def _result(f: Mapping[str, Any], index: Mapping[str, int]) -> dict[str, Any]:
    rule = text(f.get("rule"))
    claims = [as_map(c) for c in as_list(f.get("claims"))]
    message = text(f.get("message")) or show_key(f.get("subject"), f.get("property"))
    result: dict[str, Any] = {
        "ruleId": rule,
        "ruleIndex": index[rule],
        "level": _LEVELS.get(text(f.get("severity")), "warning"),
        "message": {"text": message},
    }
    primary = _physical(f.get("location"))
    if primary is not None:
        result["locations"] = [{"physicalLocation": primary}]
    else:
        name = show_key(f.get("subject"), f.get("property"), f.get("scope"))
        result["locations"] = [{"logicalLocations": [{"name": name, "fullyQualifiedName": name}]}]
    related: list[dict[str, Any]] = []
    for c in claims:
        where = _physical(c.get("location"))
        if where is None or where == primary:
            continue
        value = text(c.get("value"))
        norm = show_normalized(c.get("normalized"))
        shown = f"{value} (= {norm})" if norm and norm != value else value
        if when := show_when(c):
            shown += f" [{when}]"
        related.append(
            {
                "id": len(related) + 1,
                "physicalLocation": where,
                "message": {"text": f"{text(c.get('ref'))}: {shown}"},
            }
        )
    if related:
        result["relatedLocations"] = related
    if f.get("fingerprint"):
        result["partialFingerprints"] = {"discrepancy/v1": text(f.get("fingerprint"))}
    result["properties"] = {
        "subject": text(f.get("subject")),
        "property": text(f.get("property")),
        "scope": {text(k): text(v) for k, v in as_map(f.get("scope")).items()},
        "verdict": text(f.get("verdict")),
        "magnitude": f.get("magnitude"),
        "claims": [text(c.get("ref")) for c in claims],
    }
    return result


def _physical(loc: object) -> dict[str, Any] | None:
    where = as_map(loc)
    path = text(where.get("path"))
    if not path:
        return None
    return {
        "artifactLocation": {"uri": _uri(path)},
        "region": {
            "startLine": max(as_int(where.get("line")), 1),
            "startColumn": max(as_int(where.get("column")), 1),
        },
    }


def _uri(path: str) -> str:
    """A relative path as a URI reference (forward slashes, percent-encoded); absolute paths
    become ``file://`` URIs."""
    p = path.replace("\\", "/")
    if len(p) > 1 and p[1] == ":" and p[0].isalpha():  # C:/x on Windows
        return "file:///" + quote(p, safe="/:")
    if p.startswith("/"):
        return "file://" + quote(p, safe="/")
    p = p.removeprefix("./")
    return quote(p, safe="/")


__all__ = ["SCHEMA", "render"]
