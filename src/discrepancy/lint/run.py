"""The whole-check rules (N001, N002, G001, V001) over one :class:`LintInput`.

Both engines describe their claims the same way: the spellings of names, a fact and a source
code per claim (row), the rows whose value is an ambiguous number, the skipped claims with
their rows, and how to build the :class:`~discrepancy.model.Claim` of a few rows. Claim files
give it from claim objects (:func:`lint_input_of_claims`), tables from their columns
(:func:`discrepancy.table.lint.lint_input_of_columns`); :func:`lint` is the one
implementation of the rules. Findings come out raw: suppressions and re-grading are applied by
the engine, as for every rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from attrs import frozen

from discrepancy.compare.text import EntityIndex
from discrepancy.config import Config
from discrepancy.findings import Finding
from discrepancy.grouping import scope_key
from discrepancy.groups import Skipped
from discrepancy.lint.near_miss import NearMiss, near_misses
from discrepancy.lint.spellings import SEP, Spelling, Spellings, spellings_of_claims
from discrepancy.location import Location
from discrepancy.model import Claim
from discrepancy.types.registry import find_type
from discrepancy.values.thousands import ambiguous_thousands
from discrepancy.verdict import Level, Verdict

if TYPE_CHECKING:
    pass


@frozen(eq=False)
class LintInput:
    """What the whole-check rules read, for claims numbered by ``row``."""

    spellings: Sequence[Spelling]
    #: per row: the code of its fact (canonical subject, property and scope)
    fact: np.ndarray
    #: per row: the code of its source
    source: np.ndarray
    #: rows whose value is written with an ambiguous thousands separator
    ambiguous: np.ndarray
    #: skipped claims and their rows
    skipped: Sequence[tuple[int, Skipped]]
    #: the claims of some rows
    claims: Callable[[Sequence[int]], list[Claim]]
    entities: EntityIndex
    #: how many sources the check has
    n_sources: int


def lint_input_of_claims(
    claims: Sequence[Claim], entities: EntityIndex, skipped: Sequence[Skipped], n_sources: int
) -> LintInput:
    """The lint input of claim objects (rows index ``claims``)."""
    facts: dict[tuple[object, ...], int] = {}
    sources: dict[str, int] = {}
    fact = np.empty(len(claims), dtype=np.int64)
    source = np.empty(len(claims), dtype=np.int64)
    ambiguous: list[int] = []
    row_of: dict[str, int] = {}
    for row, c in enumerate(claims):
        key = (entities.canonical(c.subject), entities.canonical(c.property), scope_key(c.scope))
        fact[row] = facts.setdefault(key, len(facts))
        source[row] = sources.setdefault(c.source, len(sources))
        if (kind := find_type(c.type)) is not None and kind.ambiguous(c.raw):
            ambiguous.append(row)
        row_of.setdefault(c.ref, row)
    return LintInput(
        spellings=spellings_of_claims(claims, entities),
        fact=fact,
        source=source,
        ambiguous=np.array(ambiguous, dtype=np.int64),
        skipped=[(row_of[s.ref], s) for s in skipped if s.ref in row_of],
        claims=lambda rows: [claims[r] for r in rows],
        entities=entities,
        n_sources=n_sources,
    )


def lint(inp: LintInput, config: Config) -> list[Finding]:
    """The findings of the whole-check rules ``config`` selects (before suppressions)."""
    out = lint_names(inp.spellings, inp.claims, inp.entities, config) + lint_facts(inp, config)
    if config.selects("N002") and inp.n_sources > 1:
        facts = single_source_rows(inp.fact, inp.source)
        out.extend(single_source_findings(facts, inp.claims, inp.entities))
    return out


def lint_names(
    spellings: Sequence[Spelling] | Spellings,
    claims: Callable[[Sequence[int]], list[Claim]],
    entities: EntityIndex,
    config: Config,
) -> list[Finding]:
    """N001 over every spelling of the check (which needs them all at once)."""
    if not config.selects("N001"):
        return []
    declared = frozenset(entities.names.values())
    misses = near_misses(spellings, threshold=config.names_near_miss_threshold, declared=declared)
    return [_near_miss_finding(m, claims) for m in misses]


def lint_facts(inp: LintInput, config: Config) -> list[Finding]:
    """G001 and V001: each needs only the claims of one fact, so key partitions of a table
    can run them on their own (N002 too, but how it is reported depends on the whole check:
    see :func:`single_source_findings`)."""
    out: list[Finding] = []
    if config.selects("G001") and inp.skipped:
        built = inp.claims([row for row, _ in inp.skipped])  # one call: a table's one query
        out.extend(
            _skipped_finding(c, s, inp.entities)
            for c, (_, s) in zip(built, inp.skipped, strict=True)
        )
    if config.selects("V001") and inp.ambiguous.size:
        out.extend(_thousands_finding(c) for c in inp.claims(inp.ambiguous.tolist()))
    return out


def _where(loc: Location | None) -> str:
    return "" if loc is None else f"{loc.path}:{loc.line}" if loc.line else loc.path


def _uses(s: Spelling, claim: Claim) -> str:
    where = _where(claim.location)
    n = f"{s.claims} claim{'s' if s.claims != 1 else ''}"
    return f"{where}, {n}" if where else n


def _context(m: NearMiss) -> str:
    parts = [p for p in m.context.split(SEP) if p]
    if not parts:
        return ""
    what = {"subject": "property", "property": "subject"}.get(m.kind, "")
    return f" (both on {what + ' ' if what else ''}{' '.join(parts)})"


def _near_miss_finding(m: NearMiss, claims: Callable[[Sequence[int]], list[Claim]]) -> Finding:
    suspect, usual = claims([m.suspect.row, m.usual.row])
    how = (
        "the same but for case, spacing, punctuation, transliteration or plural"
        if m.score >= 100
        else f"similarity {m.score:g}"
    )
    alias = f"entities: {{{_yaml(m.usual.text)}: {{aliases: [{_yaml(m.suspect.text)}]}}}}"
    message = (
        f"{m.kind} '{m.suspect.text}' ({_uses(m.suspect, suspect)}) is near-identical to "
        f"'{m.usual.text}' ({_uses(m.usual, usual)}; {how}){_context(m)}: their claims are "
        f"never compared. Fix the spelling, or declare an alias: `{alias}`; if they are "
        f'different, add `ignore: {{N001: "why"}}` to one of the two claims'
    )
    return Finding(
        rule="N001",
        level=Level.WARNING,
        verdict=Verdict.PARTIAL,
        magnitude=None,
        subject=suspect.subject,
        property=suspect.property,
        message=message,
        claims=(suspect, usual),
        scope=suspect.scope,
        unit=suspect.unit,
        type=suspect.type,
    )


def _yaml(text: str) -> str:
    plain = text and all(ch.isalnum() or ch in "-_. " for ch in text) and text.strip() == text
    return text if plain else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


#: beyond this many facts that one source states, N002 is one note listing the first ones
SINGLE_SOURCE_LIMIT = 1000
#: facts (and their claims) a summary N002 note shows
_SUMMARY_SHOWN = 20


def single_source_rows(fact: np.ndarray, source: np.ndarray) -> list[np.ndarray]:
    """The rows of each fact whose claims all come from one source, facts in the order of
    their first row."""
    n = fact.shape[0]
    if n == 0:
        return []
    f = fact.astype(np.int64) - int(fact.min())
    width = int(f.max()) + 1
    lowest = np.full(width, np.iinfo(np.int64).max)
    highest = np.full(width, np.iinfo(np.int64).min)
    np.minimum.at(lowest, f, source)
    np.maximum.at(highest, f, source)
    rows = np.flatnonzero((lowest == highest)[f])  # the rows of single-source facts
    if rows.shape[0] == 0:
        return []
    order = rows[np.argsort(f[rows], kind="stable")]
    by_fact = f[order]
    starts = np.flatnonzero(np.r_[True, by_fact[1:] != by_fact[:-1]])
    return sorted(np.split(order, starts[1:]), key=lambda r: int(r[0]))


def single_source_findings(
    facts: Sequence[np.ndarray],
    claims: Callable[[Sequence[int]], list[Claim]],
    entities: EntityIndex,
    *,
    limit: int = SINGLE_SOURCE_LIMIT,
) -> list[Finding]:
    """N002: an info note per fact only one source states (``facts``: the rows of each);
    past ``limit`` facts, one note that counts them and lists the first ones, so a large
    check of mostly unshared facts stays readable."""
    if not facts:
        return []
    shown = facts if len(facts) <= limit else facts[:_SUMMARY_SHOWN]
    take = np.concatenate(list(shown))
    built = claims(take.tolist())
    per_fact: list[list[Claim]] = []
    at = 0
    for rows in shown:
        per_fact.append(built[at : at + rows.shape[0]])
        at += rows.shape[0]
    if len(facts) <= limit:
        return [_single_source_finding(c, entities) for c in per_fact]
    names = ", ".join(f"{_fact_name(c[0], entities)} ({c[0].source})" for c in per_fact[:5])
    message = (
        f"{len(facts):,} facts are stated by only one source each, e.g. {names}; "
        f"the claims of the first {len(per_fact)} are listed (one note per fact up to "
        f"{limit:,} such facts)"
    )
    return [_n002([c for fact in per_fact for c in fact], message, entities)]


def _fact_name(claim: Claim, entities: EntityIndex) -> str:
    subject = entities.entity(claim.subject) or claim.subject
    prop = entities.entity(claim.property) or claim.property
    return f"{subject} {prop}" + "".join(f" [{k}: {v}]" for k, v in claim.scope)


def _single_source_finding(claims: Sequence[Claim], entities: EntityIndex) -> Finding:
    first = claims[0]
    count = f"{len(claims)} claim{'s' if len(claims) != 1 else ''}"
    message = (
        f"only {first.source} states {_fact_name(first, entities)} ({count}); no other "
        "source confirms or contradicts it"
    )
    return _n002(claims, message, entities)


def _n002(claims: Sequence[Claim], message: str, entities: EntityIndex) -> Finding:
    """An N002 note on ``claims`` (located at the first one's fact)."""
    first = claims[0]
    return Finding(
        rule="N002",
        level=Level.INFO,
        verdict=Verdict.AGREE,
        magnitude=None,
        subject=entities.entity(first.subject) or first.subject,
        property=entities.entity(first.property) or first.property,
        message=message,
        claims=tuple(claims),
        scope=first.scope,
        unit=first.unit,
        type=first.type,
    )


def _skipped_finding(claim: Claim, skipped: Skipped, entities: EntityIndex) -> Finding:
    subject = entities.entity(claim.subject) or claim.subject
    prop = entities.entity(claim.property) or claim.property
    return Finding(
        rule="G001",
        level=Level.WARNING,
        verdict=Verdict.PARTIAL,
        magnitude=None,
        subject=subject,
        property=prop,
        message=f"{claim.ref} is not compared with the other claims on {subject} {prop}: "
        f"{skipped.reason}",
        claims=(claim,),
        scope=claim.scope,
        unit=claim.unit,
        type=claim.type,
    )


def _thousands_finding(claim: Claim) -> Finding:
    number = ambiguous_thousands(claim.raw) or ""
    whole, _, frac = number.partition(".")
    thousands = f"{whole}{frac}"
    return Finding(
        rule="V001",
        level=Level.WARNING,
        verdict=Verdict.PARTIAL,
        magnitude=None,
        subject=claim.subject,
        property=claim.property,
        message=(
            f"{claim.ref} writes '{number}', read as {number.rstrip('0').rstrip('.')} (a decimal "
            f'point); if it means {int(thousands):,} write {thousands} or "{int(thousands):,}"'
            f", else write {number.rstrip('0').rstrip('.')}"
        ),
        claims=(claim,),
        scope=claim.scope,
        unit=claim.unit,
        type=claim.type,
    )


__all__ = [
    "SINGLE_SOURCE_LIMIT",
    "LintInput",
    "lint",
    "lint_facts",
    "lint_input_of_claims",
    "lint_names",
    "single_source_findings",
    "single_source_rows",
]
