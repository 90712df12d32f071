"""``discrepancy timeline SUBJECT[/PROPERTY] [PATHS...]``: how a fact's figures moved.

The facts are the engine's groups (subject, property, scope) of the checked claims; each gets
the timeline :func:`discrepancy.report.timeline.build_timeline` builds from the report's own
claim records and consensus, so the command and the reports show the same thing.
"""

from __future__ import annotations

import argparse
import builtins
import difflib
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from attrs import frozen

from discrepancy.compare.text import EntityIndex, fold
from discrepancy.grouping import scope_key
from discrepancy.model import Claim, ClaimSet
from discrepancy.report.json_format import render as render_json
from discrepancy.report.report import SCHEMA_VERSION, Report, claim_to_dict
from discrepancy.report.timeline import build_timeline
from discrepancy.report.timeline_page import render_page
from discrepancy.report.timeline_table import render_markdown, render_text

FORMATS = ("text", "markdown", "json", "html")


class UnknownFact(ValueError):
    """The SUBJECT or PROPERTY asked for names no fact of the checked claims."""


@frozen
class Fact:
    """The claims about one subject, property and scope, named as the engine names the group
    (the entity id, else the first spelling)."""

    subject: str
    property: str
    scope: tuple[tuple[str, str], ...]
    claims: tuple[Claim, ...]

    @builtins.property
    def type(self) -> str:
        return _most_common([c.type for c in self.claims]) or ""

    @builtins.property
    def unit(self) -> str | None:
        return _most_common([c.unit for c in self.claims if c.unit])


def _most_common(items: list[str]) -> str | None:
    if not items:
        return None
    counts = Counter(items)
    top = max(counts.values())
    return next(x for x in items if counts[x] == top)


def _key(
    index: EntityIndex,
    subject: str,
    prop: str,
    scope: Mapping[str, object] | tuple[tuple[str, str], ...],
) -> tuple[object, ...]:
    pairs = scope.items() if isinstance(scope, Mapping) else scope
    folded = scope_key(tuple((str(k), str(v)) for k, v in pairs))
    return (index.canonical(subject), index.canonical(prop), folded)


def facts_of(claims: ClaimSet, index: EntityIndex) -> list[Fact]:
    """The accepted claims grouped by subject, property and scope (through entity ids and
    aliases, case folded), in the order of their first claim."""
    buckets: dict[tuple[object, ...], list[Claim]] = {}
    for c in claims.claims:
        if not c.is_draft:
            buckets.setdefault(_key(index, c.subject, c.property, c.scope), []).append(c)
    out = []
    for members in buckets.values():
        first = members[0]
        subject = index.entity(first.subject) or first.subject
        prop = index.entity(first.property) or first.property
        out.append(Fact(subject, prop, first.scope, tuple(members)))
    return out


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "fact",
        metavar="SUBJECT[/PROPERTY]",
        help="the subject (entity id, name or alias) and optionally one property",
    )
    p.add_argument(
        "paths", nargs="*", help="claim files or folders (default: configured paths, else .)"
    )
    p.add_argument("--format", choices=FORMATS, default="text", help="output format")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--consensus", metavar="METHOD", help="consensus method (see docs)")
    p.add_argument(
        "--config", metavar="FILE", help="configuration file (pyproject.toml or discrepancy.toml)"
    )


def _split(query: str, subjects: Mapping[str, str]) -> tuple[str, str | None]:
    """``SUBJECT`` or ``SUBJECT/PROPERTY``; a subject that itself holds ``/`` wins."""
    if fold(query) in subjects or "/" not in query:
        return query, None
    subject, prop = query.rsplit("/", 1)
    return subject, prop


def _suggest(word: str, known: Sequence[str], what: str, of: str = "") -> str:
    close = difflib.get_close_matches(fold(word), [fold(k) for k in known], n=3, cutoff=0.5)
    names = {fold(k): k for k in known}
    head = f"unknown {what} '{word}'" + (f" of {of}" if of else "")
    if close:
        return f"{head} (did you mean {', '.join(names[c] for c in close)}?)"
    shown = sorted(set(known))
    more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
    return f"{head}; known {what}s: {', '.join(shown[:8])}{more}"


def timelines_of(report: Report, query: str) -> list[dict[str, object]]:
    """The timelines of the facts ``query`` names, by property then scope; raises
    :class:`UnknownFact` (with suggestions) when it names none."""
    claims = report.claims
    index = EntityIndex.build(claims.entities)
    groups = facts_of(claims, index)
    # every spelling of a subject that has claims -> its group subject
    subjects: dict[str, str] = {}
    for g in groups:
        subjects.setdefault(fold(g.subject), g.subject)
    for e in claims.entities:
        if fold(e.id) in subjects:
            for name in e.names:
                subjects.setdefault(fold(name), subjects[fold(e.id)])
    subject, prop = _split(query, subjects)
    wanted = subjects.get(fold(subject)) or subjects.get(index.canonical(subject))
    if wanted is None:
        raise UnknownFact(_suggest(subject, sorted({g.subject for g in groups}), "subject"))
    facts = [g for g in groups if g.subject == wanted]
    if prop is not None:
        key = index.canonical(prop)
        chosen = [g for g in facts if index.canonical(g.property) == key]
        if not chosen:
            props = sorted({g.property for g in facts})
            raise UnknownFact(_suggest(prop, props, "property", wanted))
        facts = chosen
    published = {s.id: s.published for s in claims.sources}
    consensus: dict[tuple[object, ...], Mapping[str, Any]] = {}
    for c in report.consensus:
        consensus.setdefault(_key(index, c.subject, c.property, c.scope), c.to_dict())
    out = []
    for g in sorted(facts, key=lambda g: (g.property, g.scope)):
        records = [claim_to_dict(c, published.get(c.source)) for c in g.claims]
        fact = {
            "subject": g.subject,
            "property": g.property,
            "scope": dict(g.scope),
            "type": g.type,
            "unit": g.unit,
        }
        same = _key(index, g.subject, g.property, g.scope)
        out.append(build_timeline(fact, records, consensus.get(same)))
    return out


def render_timelines(timelines: Sequence[Mapping[str, Any]], fmt: str) -> str:
    """The timelines in one of :data:`FORMATS`."""
    if fmt == "json":
        return render_json({"schema_version": SCHEMA_VERSION, "timelines": list(timelines)})
    if fmt == "markdown":
        return "\n".join(render_markdown(t) for t in timelines)
    if fmt == "html":
        return render_page(timelines)
    return "\n".join(render_text(t) for t in timelines)


__all__ = [
    "FORMATS",
    "Fact",
    "UnknownFact",
    "add_arguments",
    "facts_of",
    "render_timelines",
    "timelines_of",
]
