"""A draft as a claim file (YAML, format 1) that ``discrepancy check`` reads.

Text from the article is written as double-quoted scalars in JSON's escaping (a subset of
YAML's), with the line separators YAML would fold escaped too, so any quote reads back as
written and nothing in it can become YAML structure.
"""

from __future__ import annotations

import json
import re

from discrepancy.draft.model import Draft, DraftClaim

_YAML_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085", "\ufeff": "\\ufeff"}


def scalar(text: str) -> str:
    """``text`` as a YAML double-quoted scalar."""
    out = json.dumps(text, ensure_ascii=False)
    for raw, escaped in _YAML_BREAKS.items():
        out = out.replace(raw, escaped)
    return out


_PLAIN = re.compile(r"[a-z0-9][a-z0-9_.-]*")
_YAML_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf"})


def name(text: str) -> str:
    """An id-like name (``dprk-troops-russia``) plain, anything else quoted."""
    plain = _PLAIN.fullmatch(text) and text not in _YAML_WORDS and not text[:1].isdigit()
    return text if plain else scalar(text)


def _header(draft: Draft) -> list[str]:
    lines = [
        f"# Drafted by `discrepancy draft` from {draft.article or 'an article'}.",
        "# Every claim is a suggestion: check it against the text, fix what is wrong, then",
        "# delete its `status: draft` line to accept it (or the claim to reject it). Until then",
        "# `discrepancy check` leaves it out of findings and consensus and lists it (E303).",
    ]
    if draft.unresolved:
        shown = ", ".join(sorted(set(draft.unresolved))[:6])
        lines.append(f"# Left out, for want of a published date (--published): {shown}.")
    return lines


def _claim(claim: DraftClaim) -> list[str]:
    lines = [
        f"  - id: {claim.id}",
        "    status: draft",
        f"    subject: {name(claim.subject)}",
        f"    property: {name(claim.property)}",
    ]
    if isinstance(claim.value, tuple):
        lines.append(f"    value: [{', '.join(scalar(m) for m in claim.value)}]")
    else:
        lines.append(f"    value: {scalar(claim.value)}")
    lines.append(f"    type: {claim.type}")
    if claim.unit:
        lines.append(f"    unit: {name(claim.unit)}")
    if claim.as_of:
        lines.append(f"    as_of: {scalar(claim.as_of)}")
    if claim.said_by:
        lines.append(f"    said_by: {name(claim.said_by)}")
    if claim.via:
        lines.append(f"    via: [{', '.join(name(v) for v in claim.via)}]")
    lines.append(f"    quote: {scalar(claim.quote)}")
    if claim.note:
        lines.append(f"    note: {scalar(claim.note)}")
    return lines


def render_draft(draft: Draft, *, document: str | None = None) -> str:
    """The claim file of ``draft``; ``document`` is the article's path as the file should
    name it (relative to the claim file's folder), so ``check`` verifies every quote (E302)."""
    lines = [*_header(draft), "discrepancy: 1", "source:", f"  id: {draft.source_id}"]
    if draft.name:
        lines.append(f"  name: {scalar(draft.name)}")
    if draft.published:
        lines.append(f"  published: {draft.published.isoformat()}")
    if draft.url:
        lines.append(f"  url: {scalar(draft.url)}")
    if document:
        lines.append(f"  document: {scalar(document)}")
    if not draft.claims:
        lines.append("claims: []  # nothing to draft: no numbers, dates, lists or confirmations")
        return "\n".join(lines) + "\n"
    lines.append("claims:")
    for claim in draft.claims:
        lines.extend(_claim(claim))
    return "\n".join(lines) + "\n"


__all__ = ["name", "render_draft", "scalar"]
