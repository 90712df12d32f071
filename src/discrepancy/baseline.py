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


def read_baseline(path: str | Path) -> frozenset[str]:
    """The fingerprints a baseline file records.

    Raises:
        InputError: the file is missing or is not a baseline, with its location.
    """
    p = Path(path)
    where = Location(str(path))
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        msg = "baseline file not found; create it with --update-baseline"
        raise InputError([Problem("E001", msg, where)]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError([Problem("E001", f"cannot read baseline: {err}", where)]) from None
    except json.JSONDecodeError as err:
        loc = Location(str(path), err.lineno, err.colno)
        msg = f"baseline is not valid JSON: {err.msg}"
        raise InputError([Problem("E002", msg, loc)]) from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or "discrepancy_baseline" not in data:
        msg = "not a discrepancy baseline (expected an object with 'discrepancy_baseline' and 'findings')"
        raise InputError([Problem("E103", msg, where)])
    prints = []
    for e in entries:
        if not isinstance(e, dict) or not isinstance(e.get("fingerprint"), str):
            msg = "baseline entry without a 'fingerprint' string"
            raise InputError([Problem("E103", msg, where)])
        prints.append(e["fingerprint"])
    return frozenset(prints)


def apply_baseline(report: Report, known: frozenset[str]) -> Report:
    """``report`` without the findings ``known`` records, with how many that left out
    (``baseline_matched``) and the stale entries listed."""
    current = {f.fingerprint for f in report.findings}
    kept = [f for f in report.findings if f.fingerprint not in known]
    stale = sorted(known - current)
    matched = len(report.findings) - len(kept)
    return attrs.evolve(report, findings=kept, stale_baseline=stale, baseline_matched=matched)
