"""Baselines: remember known findings by a stable fingerprint so CI fails only on new ones.

The fingerprint (:attr:`Finding.fingerprint`) hashes the rule, the group (subject, property,
scope) and the claims' refs and raw values, never line numbers: moving a claim in its file or
reformatting it keeps the finding known; changing a value or adding a claim to the group makes it
new.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs

from discrepancy.atomic_write import write_text_atomic
from discrepancy.errors import InputError, Problem
from discrepancy.io.files import FileRefused, read_text
from discrepancy.io.yaml_reader import Limits, Map, Node, ReadError, Scalar, Seq, read_json
from discrepancy.location import Location
from discrepancy.report.report import Report

BASELINE_VERSION = 1


def baseline_dict(report: Report) -> dict[str, object]:
    """The baseline file's content for the findings of ``report``."""
    entries = [
        {
            "fingerprint": f.fingerprint,
            "rule": f.rule,
            "subject": f.subject,
            "property": f.property,
            "message": f.message,
        }
        for f in report.findings
    ]
    entries.sort(key=lambda e: (e["rule"], e["subject"], e["property"], e["fingerprint"]))
    return {"discrepancy_baseline": BASELINE_VERSION, "findings": entries}


def baseline_text(report: Report) -> str:
    """The baseline file's text for the findings of ``report`` (JSON, stable order)."""
    return json.dumps(baseline_dict(report), indent=2, ensure_ascii=False) + "\n"


def write_baseline(report: Report, path: str | Path) -> None:
    """Record the findings of ``report`` in ``path`` (written atomically: a failed write
    leaves an existing baseline as it was)."""
    write_text_atomic(path, baseline_text(report))


#: Size, nesting and node limits of a baseline file (it may come from a pull request).
BASELINE_LIMITS = Limits(max_bytes=64_000_000, max_depth=4, max_nodes=10_000_000)
_TOP_KEYS = ("discrepancy_baseline", "findings")
_ENTRY_KEYS = ("fingerprint", "rule", "subject", "property", "message")


def read_baseline(path: str | Path) -> frozenset[str]:
    """The fingerprints a baseline file records.

    The file is read like an untrusted claim file: a regular file of at most
    ``BASELINE_LIMITS.max_bytes``, strict JSON nested at most ``max_depth`` deep, no duplicate
    keys, ``discrepancy_baseline`` equal to :data:`BASELINE_VERSION`, and only known keys.

    Raises:
        InputError: the file is missing or is not a baseline, with its location.
    """
    where = str(path)
    try:
        text = read_text(path, limit=BASELINE_LIMITS.max_bytes)
    except FileRefused as err:
        msg = (
            "baseline file not found; create it with --update-baseline"
            if err.message == "no such file"
            else f"cannot read baseline: {err.message}"
        )
        raise InputError([Problem(err.code, msg, Location(where))]) from None
    try:
        root = read_json(text, BASELINE_LIMITS)
    except ReadError as err:
        loc = Location(where, err.line, err.column)
        raise InputError([Problem(err.code, f"baseline: {err.message}", loc)]) from None
    return frozenset(_fingerprints(root, where))


def _fingerprints(root: Node, where: str) -> list[str]:
    def fail(message: str, node: Node) -> InputError:
        return InputError([Problem("E103", message, Location(where, node.line, node.column))])

    if not isinstance(root, Map) or "findings" not in root or "discrepancy_baseline" not in root:
        msg = "not a discrepancy baseline (expected an object with 'discrepancy_baseline' and 'findings')"
        raise fail(msg, root)
    for key, _ in root.items:
        if key.text not in _TOP_KEYS:
            raise fail(
                f"unknown key '{key.text}' in a baseline; keys are {', '.join(_TOP_KEYS)}", key
            )
    version = root.get("discrepancy_baseline")
    assert version is not None
    if not (
        isinstance(version, Scalar)
        and isinstance(version.value, int)
        and not isinstance(version.value, bool)
        and version.value == BASELINE_VERSION
    ):
        shown = version.text if isinstance(version, Scalar) else "a collection"
        msg = (
            f"unsupported baseline version '{shown}'; this discrepancy reads version "
            f"{BASELINE_VERSION} (write it again with --update-baseline)"
        )
        raise InputError([Problem("E105", msg, Location(where, version.line, version.column))])
    entries = root.get("findings")
    if not isinstance(entries, Seq):
        raise fail("'findings' must be a list of entries with a 'fingerprint'", entries or root)
    prints: list[str] = []
    for entry in entries.items:
        fingerprint = entry.get("fingerprint") if isinstance(entry, Map) else None
        if not isinstance(entry, Map) or not (
            isinstance(fingerprint, Scalar) and isinstance(fingerprint.value, str)
        ):
            raise fail("baseline entry without a 'fingerprint' string", entry)
        for key, _ in entry.items:
            if key.text not in _ENTRY_KEYS:
                msg = f"unknown key '{key.text}' in a baseline entry; keys are {', '.join(_ENTRY_KEYS)}"
                raise fail(msg, key)
        prints.append(fingerprint.value)
    return prints


def apply_baseline(report: Report, known: frozenset[str]) -> Report:
    """``report`` without the findings ``known`` records, with how many that left out
    (``baseline_matched``) and the stale entries listed."""
    current = {f.fingerprint for f in report.findings}
    kept = [f for f in report.findings if f.fingerprint not in known]
    stale = sorted(known - current)
    matched = len(report.findings) - len(kept)
    return attrs.evolve(report, findings=kept, stale_baseline=stale, baseline_matched=matched)
