"""The per-partition step of the table check: :func:`check_columns` over the rows of some
comparison keys, giving a :class:`PartitionResult`.

A partition holds every row of some comparison keys (rows with the same canonical subject
and property always land in the same partition), so each group gets exactly the findings it
gets when the whole table is one partition, which is what :func:`~discrepancy.table.check_table`
does. What needs the whole table is left to :func:`discrepancy.table.combine.combine`:

- global numbering: each partition knows the table row of each of its rows; claims, skipped
  claims and problems are relocated to ``path:first_line+row`` here;
- agreement: per-partition counts over globally coded source pairs, summed later;
- consensus: the per-claim arrays a :class:`~discrepancy.consensus.facts.FactTable` is built
  from, gathered and run once (reliabilities are global).

:func:`check_partition` is the same step on a table that carries its table rows (column
``__row``). It is pure (no I/O, no global state), so any engine that can map a function over
key-partitioned data (Dask, Ray, multiprocessing) can run it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, Final, Protocol

import attrs
import numpy as np
from attrs import frozen

from discrepancy.agreement import group_echoes
from discrepancy.beside import Beside
from discrepancy.compare.text import EntityIndex, fold
from discrepancy.config import Config
from discrepancy.consensus.facts import CATEGORICAL
from discrepancy.errors import ClaimFileError, Problem
from discrepancy.findings import Finding, Suppression
from discrepancy.grouping import ComparedGroup, compare_group
from discrepancy.groups import Skipped
from discrepancy.location import Location
from discrepancy.model import Claim, Entity, ScopeRelation
from discrepancy.progress import NoProgress, Progress
from discrepancy.report.lazy import Entry, EntryBatch
from discrepancy.rules.apply import rule_alone, rule_group, run_rules, suppressed
from discrepancy.rules.declared import Declared
from discrepancy.rules.points import Point
from discrepancy.suppress import hiders
from discrepancy.table.agreement import group_pair_counts, pair_counts
from discrepancy.table.claims import build_claims
from discrepancy.table.columns import Columns, read_columns
from discrepancy.table.consensus import categorical_key, fact_kind
from discrepancy.table.cross import cross_points
from discrepancy.table.encode import encode, first_rows
from discrepancy.table.groups import fold_series
from discrepancy.table.lint import partition_lint
from discrepancy.table.plan import (
    Plan,
    QuantityPairs,
    echo_pairs,
    origin_codes,
    origins_repeat,
    plan_groups,
    quantity_pairs,
    quantity_values,
)
from discrepancy.table.read import to_polars
from discrepancy.table.retype import prepare_columns
from discrepancy.types.registry import NUMERIC_CODE, get_type

#: Column holding each row's 0-based row in the whole table.
ROW: Final = "__row"
#: Column holding each row's shuffle key (canonical subject and property).
KEY: Final = "__key"
#: Internal columns, dropped before the table engine sees a partition.
INTERNAL: Final = (ROW, KEY)


class FindingBuilder(Protocol):
    """Builds, when read, a finding a partition deferred: the ``rule`` finding of its
    (partition-local) group ``g``."""

    def build(self, g: int, rule: str) -> Finding: ...


def _ints() -> np.ndarray:
    return np.zeros(0, np.int64)


def _floats() -> np.ndarray:
    return np.zeros(0)


@frozen(eq=False)
class PartitionResult:
    """What one partition contributes to the report (group numbers are local to it).

    Per group ``g``: ``group_first_row[g]`` (table row where its key first appears),
    ``type_code``, ``subject``/``property``/``scope``/``unit``; for categorical groups the
    compared claims, aligned members and entity index (``categorical``), which a consensus
    entry names.
    ``findings`` in the report's terms (sort key with the local group); those without a
    finding are built on access by ``deferred``. ``skipped`` with its group. Agreement:
    ``cells`` (``lo * m + hi`` over the table's sorted sources), ``pairs_n`` and
    ``pairs_agreed`` per cell, echoes left out. Consensus (empty without it): one entry per
    grouped claim in group order (``claim_group``, ``claim_row``, ``claim_source`` (global
    code), ``claim_origin`` (index into ``origins``), ``low``/``best``/``high``, and the
    categorical value key ``keys[k]`` of claim ``key_at[k]``); ``origins`` pairs each origin
    text with the first table row it appears in. ``problems`` is set (and nothing else) when
    the rows do not read.
    """

    group_first_row: np.ndarray = attrs.field(factory=_ints)
    type_code: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int8))
    subjects: tuple[str, ...] = ()
    properties: tuple[str, ...] = ()
    scopes: tuple[tuple[tuple[str, str], ...], ...] = ()
    units: tuple[str | None, ...] = ()
    categorical: dict[int, tuple[tuple[Claim, ...], Any, EntityIndex]] = attrs.field(factory=dict)
    findings: tuple[Entry, ...] = ()
    #: findings held as arrays (one Q001 per conflicted quantity group), built by ``deferred``
    batches: tuple[EntryBatch, ...] = ()
    deferred: FindingBuilder | None = None
    skipped: tuple[tuple[int, Skipped], ...] = ()
    cells: np.ndarray = attrs.field(factory=_ints)
    pairs_n: np.ndarray = attrs.field(factory=_ints)
    pairs_agreed: np.ndarray = attrs.field(factory=_ints)
    claim_group: np.ndarray = attrs.field(factory=_ints)
    claim_row: np.ndarray = attrs.field(factory=_ints)
    claim_source: np.ndarray = attrs.field(factory=_ints)
    claim_origin: np.ndarray = attrs.field(factory=_ints)
    low: np.ndarray = attrs.field(factory=_floats)
    best: np.ndarray = attrs.field(factory=_floats)
    high: np.ndarray = attrs.field(factory=_floats)
    key_at: np.ndarray = attrs.field(factory=_ints)
    keys: tuple[Hashable, ...] = ()
    origins: tuple[tuple[str, int], ...] = ()
    #: per grouped claim: whether a ``said_by`` other than its source speaks in it
    claim_speaker: np.ndarray = attrs.field(factory=lambda: np.zeros(0, bool))
    #: per grouped claim: whether its value is verified, and its grade's code in
    #: ``grades`` (-1: none; empty when no claim has a grade)
    claim_verified: np.ndarray = attrs.field(factory=lambda: np.zeros(0, bool))
    claim_grade: np.ndarray = attrs.field(factory=_ints)
    grades: tuple[str, ...] = ()
    #: per grouped claim: its ``as_of`` as day ordinals (NaN: none)
    as_of_start: np.ndarray = attrs.field(factory=_floats)
    as_of_end: np.ndarray = attrs.field(factory=_floats)
    problems: tuple[Problem, ...] = ()
    #: non-fatal problems of the rows (an unknown column: E101), the same in every partition
    warnings: tuple[Problem, ...] = ()
    #: the ignores that hid part of a finding (scoped suppressions)
    suppressed: tuple[Suppression, ...] = ()
    #: the partition's names, as :class:`~discrepancy.lint.spellings.Spellings` frames (N001
    #: runs over every partition's, merged, in ``combine``); None when N001 is not selected
    spellings: Any = None
    #: table rows of each fact only one source states (N002 is decided in ``combine``)
    single_source: tuple[np.ndarray, ...] = ()
    #: the claims the rules across facts can concern, placed (they run in ``combine``)
    points: tuple[Point, ...] = ()
    #: the fields still being computed on a thread (``check_columns(verdicts_beside=True)``):
    #: findings, batches, deferred, suppressed, the agreement counts and the lint's; read
    #: them from :meth:`settled`
    pending: Beside[dict[str, Any]] | None = None

    @property
    def n_groups(self) -> int:
        return int(self.group_first_row.shape[0])

    def settled(self) -> PartitionResult:
        """This result with its pending fields filled in (waits for them; itself when
        nothing is pending)."""
        if self.pending is None:
            return self
        return attrs.evolve(self, pending=None, **self.pending.result())


class Relocation:
    """Where the rows of a partition are in the whole table. Columns read with
    ``first_line=0`` located claims at ``<path>:<local row>``; this relocates them to
    ``<path>:<first_line + table row>``. ``table_rows=None``: the partition is the table,
    read with its own ``first_line``, and nothing moves. With ``path``, only locations in
    that file move (a row's ``location`` column points elsewhere: at its claim file)."""

    def __init__(
        self, table_rows: np.ndarray | None, first_line: int, path: str | None = None
    ) -> None:
        self.table_rows = table_rows
        self.first_line = first_line
        self.path = path

    def rows(self, local: np.ndarray) -> np.ndarray:
        """The table rows of ``local`` rows."""
        return local if self.table_rows is None else self.table_rows[local]

    def location(self, loc: Location | None) -> Location | None:
        if self.table_rows is None or loc is None or loc.line < 0:
            return loc
        if self.path is not None and loc.path != self.path:
            return loc
        return attrs.evolve(loc, line=self.first_line + int(self.table_rows[loc.line]))

    def claim(self, claim: Claim) -> Claim:
        if self.table_rows is None:
            return claim
        return attrs.evolve(
            claim,
            location=self.location(claim.location),
            value_location=self.location(claim.value_location),
        )

    def finding(self, finding: Finding) -> Finding:
        if self.table_rows is None:
            return finding
        return attrs.evolve(finding, claims=tuple(self.claim(c) for c in finding.claims))

    def skipped(self, s: Skipped) -> Skipped:
        return s if self.table_rows is None else attrs.evolve(s, location=self.location(s.location))


_ROWS_PREFIX = re.compile(r"^(column '[^']*', rows? )([0-9][0-9, ]*?)( and (\d+) more)?: ")
_FIRST_USED = re.compile(r"first used in row (\d+)")


def relocate_problem(p: Problem, rows: Relocation) -> Problem:
    """A problem of the partition's rows, with lines and row numbers of the whole table."""
    if rows.table_rows is None:
        return p
    table_rows = rows.table_rows
    m = _ROWS_PREFIX.match(p.message)
    if m is None:  # a header problem (columns): the same in every partition
        line = rows.first_line - 1 if rows.first_line > 1 else 0
        loc = attrs.evolve(p.location, line=line) if p.location is not None else None
        return attrs.evolve(p, location=loc)
    shown = [int(x) for x in m.group(2).split(", ")]
    table = [int(table_rows[r - 1]) + 1 for r in shown]
    message = m.group(1) + ", ".join(map(str, table)) + (m.group(3) or "")
    rest = p.message[m.end() - 2 :]
    rest = _FIRST_USED.sub(lambda u: f"first used in row {table_rows[int(u[1]) - 1] + 1}", rest)
    return attrs.evolve(p, message=message + rest, location=rows.location(p.location))


def canonical_keys(frame: Any, entities: Iterable[Entity] = ()) -> list[str]:
    """Per row of ``frame`` (anything :func:`~discrepancy.table.read.to_polars` reads, with
    ``subject`` and ``property``), the key rows are shuffled on: canonical subject and
    property (entity id through aliases, else the folded text, as
    :func:`~discrepancy.table.groups.canonical_codes` compares them), so that every row of one
    comparison group lands in one partition whatever its spelling."""
    import polars as pl

    df = to_polars(frame)
    index = EntityIndex.build(tuple(entities))
    parts: list[list[str]] = []
    for name in ("subject", "property"):
        texts = df[name].cast(pl.String).fill_null("")
        codes, first = encode(texts)
        folded = fold_series(texts.gather(first))
        canon = [index.names.get(k, k) for k in folded] if index.names else folded
        parts.append([canon[c] for c in codes.tolist()])
    return [f"{s}\x1f{p}" for s, p in zip(parts[0], parts[1], strict=True)]


class PlanFindings:
    """Deferred findings built from the plan they were found in (in process)."""

    def __init__(self, plan: Plan, rows: Relocation) -> None:
        self.plan = plan
        self.rows = rows

    def build(self, g: int, rule: str) -> Finding:
        """The first ``rule`` finding of group ``g``: from that rule alone (deferred
        findings come from the fast path, whose rules each report under their own code),
        and from every applicable rule only when it yields none."""
        plan = self.plan
        done = plan.compared(g)
        applicable = plan.applicable
        own = [r for r in applicable if r.code == rule]
        finding = next((f for f in run_rules(done, plan.config, own) if f.rule == rule), None)
        if finding is None:
            finding = next(
                f for f in run_rules(done, plan.config, list(applicable)) if f.rule == rule
            )
        return self.rows.finding(finding)


class RowFindings:
    """Deferred findings built from a copy of their groups' rows (all columns and ``__row``;
    whole keys, skipped rows too, so that they group again as they did): small and
    picklable, for a partition checked on another machine. The rows are read and grouped
    again on the first access."""

    def __init__(
        self,
        frame: Any,
        first_rows: dict[int, int],
        config: Config,
        *,
        path: str,
        first_line: int,
        entities: Iterable[Entity],
    ) -> None:
        self._frame = frame
        #: per deferred (partition-local) group: the table row where its key first appears
        self._first_rows = first_rows
        self._config = config
        self._path = path
        self._first_line = first_line
        self._entities = tuple(entities)
        self._plan: PlanFindings | None = None
        self._by_first_row: dict[int, int] = {}

    def build(self, g: int, rule: str) -> Finding:
        if self._plan is None:
            table_rows = self._frame[ROW].to_numpy().astype(np.int64)
            index = EntityIndex.build(self._entities)
            cols = read_columns(
                self._frame.drop(ROW),
                path=self._path,
                first_line=0,
                approx=self._config.quantity_approx,
            )
            cols = prepare_columns(cols, index, approx=self._config.quantity_approx)
            plan = plan_groups(cols, index, self._config)
            firsts = table_rows[plan.grouping.first_row]
            self._by_first_row = {int(r): k for k, r in enumerate(firsts.tolist())}
            rows = Relocation(table_rows, self._first_line, self._path)
            self._plan = PlanFindings(plan, rows)
        return self._plan.build(self._by_first_row[self._first_rows[g]], rule)


#: Given the plan and the groups whose findings are deferred, what builds them when read.
Deferral = Callable[[Plan, np.ndarray], FindingBuilder]


def check_columns(
    cols: Columns,
    config: Config,
    *,
    entities: EntityIndex,
    rows: Relocation,
    defer: Deferral,
    sources: Sequence[str] | None = None,
    consensus: bool = True,
    progress: Progress | None = None,
    documents: Mapping[str, str] | None = None,
    lint_sources: int | None = None,
    declared: Declared | None = None,
    after_targets: Iterable[str] | None = None,
    verdicts_beside: bool = False,
) -> PartitionResult:
    """Group, compare and rule the rows of ``cols`` (the ``grouping`` and ``rules`` stages of
    ``progress``); ``documents`` (source id -> text) for quote checks; ``declared`` the
    check's parts, sums and running totals (the rows they concern are placed for the rules
    across facts; ``after_targets`` the refs other partitions' ``after`` name).

    Quantity groups go through the vectorised pair verdicts, and their Q001 findings are
    deferred (``defer`` makes what builds them when read); other groups through the engine's
    own ``compare_group`` and ``run_rules``. ``sources`` are the sorted source ids of the
    whole table, over which agreement cells are coded (``None``: these rows are the table);
    ``lint_sources`` how many sources state something in the check (default: all of them),
    for N002, which needs two.

    With ``verdicts_beside``, the quantity pairs' verdicts, the agreement counts, the
    findings and the lint are left to a thread: the result is ``pending`` until
    :meth:`PartitionResult.settled`, and the consensus, which reads none of them, can run
    meanwhile (in process only: a pending result doesn't pickle).
    """
    bar = progress if progress is not None else NoProgress()
    bar.stage("grouping", cols.n)
    plan = plan_groups(cols, entities, config, documents)
    gr = plan.grouping
    bar.advance(cols.n)

    fast = plan.fast
    is_quantity = gr.type_code == NUMERIC_CODE
    q_groups = np.flatnonzero(is_quantity) if fast else np.zeros(0, dtype=np.int64)
    slow_groups = np.flatnonzero(~is_quantity) if fast else np.arange(gr.n_groups)
    bar.stage("rules", gr.n_groups)
    names = sorted(set(cols.source_ids)) if sources is None else sources
    code = {s: k for k, s in enumerate(names)}
    gsrc = np.array([code[s] for s in cols.source_ids], dtype=np.int64)
    row_source = gsrc[cols.source]
    m = len(names)
    # the lint of these facts (G001, V001, spellings, single-source facts) needs no verdict:
    # it runs beside the pairs
    lint_hid: list[Suppression] = []  # the lint's own, joined to ``hidden`` once it is done
    lint = Beside(
        lambda: partition_lint(
            cols,
            entities,
            config,
            skipped=list(zip(gr.skipped_row.tolist(), gr.skipped, strict=True)),
            rows=rows,
            source_codes=row_source,
            n_sources=m if lint_sources is None else lint_sources,
            hid=lint_hid,
        )
    )
    # echoes (same origin, same value) leave agreement: possible only where an origin repeats
    origin = origin_codes(cols)
    echoes = origins_repeat(gr.group, origin)
    values = quantity_values(plan, q_groups)
    bar.advance(int(q_groups.shape[0]))

    # other types: the engine's own per-group code, on the claims of those groups only
    slow = _slow_groups(plan, slow_groups, rows, fast=fast, echoes=echoes, progress=bar)

    def verdicts() -> dict[str, Any]:
        q = quantity_pairs(plan, q_groups, whole_agree=not echoes, values=values)
        batches, deferred, q_hidden = _q001_batch(plan, q, defer)
        n, agreed = _pair_counts(cols, q, slow, origin, row_source, m, echoes=echoes)
        cells = np.flatnonzero(n)
        lint_found, spellings, single = lint.result()
        # whole-check rules of these facts: no group of their own (-1), in report order
        lint_entries = (
            Entry((f.rule, f.subject, f.property, f.scope, -1, k), f.level, f)
            for k, f in enumerate(lint_found)
        )
        return {
            "findings": (*slow.found, *lint_entries),
            "batches": batches,
            "suppressed": (*q_hidden, *slow.hidden, *lint_hid),
            "deferred": deferred,
            "cells": cells,
            "pairs_n": n.ravel()[cells],
            "pairs_agreed": agreed.ravel()[cells],
            "spellings": spellings,
            "single_source": single,
            "points": cross_points(
                plan,
                declared or Declared.build((), (), config),
                entities,
                rows,
                after_targets=after_targets,
            ),
        }

    pending = Beside(verdicts) if verdicts_beside else None
    out = PartitionResult(
        group_first_row=rows.rows(gr.first_row),
        type_code=gr.type_code.copy(),
        subjects=gr.subjects,
        properties=gr.properties,
        scopes=gr.scopes,
        units=gr.unit,
        skipped=tuple(
            (int(g), rows.skipped(s))
            for g, s in zip(gr.skipped_group.tolist(), gr.skipped, strict=True)
        ),
        pending=pending,
        **({} if pending is not None else verdicts()),
    )
    if not consensus:
        return out
    return attrs.evolve(
        out, **_consensus_inputs(plan, q_groups, values.arr, slow.compared, rows, origin, gsrc)
    )


@frozen
class _Slow:
    """What the groups of other types than quantities gave (:func:`_slow_groups`): per group
    its compared claims, the findings and suppressions of their rules, and their pairs as
    rows and verdict codes (echoes out when ``echoes``)."""

    compared: dict[int, ComparedGroup]
    found: list[Entry]
    hidden: list[Suppression]
    a: list[np.ndarray]
    b: list[np.ndarray]
    verdict: list[np.ndarray]


def _slow_groups(
    plan: Plan,
    groups: np.ndarray,
    rows: Relocation,
    *,
    fast: bool,
    echoes: bool,
    progress: Progress,
) -> _Slow:
    """Groups of other types (and every group off the fast path) through the engine's own
    ``compare_group`` and ``rule_group``, one by one; then, off the fast path, the claim
    rules (E3xx) on the claims that fit no group, each alone."""
    cols, config, gr = plan.cols, plan.config, plan.grouping
    out = _Slow({}, [], [], [], [], [])
    slow_rows = (
        np.concatenate([plan.rows_of(int(g)) for g in groups])
        if groups.size
        else np.zeros(0, dtype=np.int64)
    )
    slow_claims = build_claims(cols, slow_rows)
    at = 0
    for g in groups.tolist():
        g_rows = plan.rows_of(g)
        group = plan.group(g, slow_claims[at : at + g_rows.shape[0]])
        at += g_rows.shape[0]
        done = compare_group(group, config, claim_type=plan.types[group.type])
        out.compared[g] = done
        got, hid = rule_group(done, config, list(plan.active))
        out.hidden.extend(hid)
        for k, f in enumerate(got):
            out.found.append(Entry(plan.entry_key(g, f.rule, k), f.level, rows.finding(f)))
        keep_pairs = ~group_echoes(done) if echoes else slice(None)
        out.a.append(g_rows[done.i][keep_pairs])
        out.b.append(g_rows[done.j][keep_pairs])
        out.verdict.append(done.verdict[keep_pairs])
        progress.advance()
    lone_rules = [r for r in plan.active if r.type == "claim"]
    if lone_rules and not fast and gr.skipped_row.size:
        docs = plan.documents
        for k, claim in enumerate(build_claims(cols, gr.skipped_row)):
            got, hid = rule_alone(claim, docs, config, lone_rules)
            out.hidden.extend(hid)
            for e, f in enumerate(got):
                key = (f.rule, f.subject, f.property, f.scope, gr.n_groups + k, e)
                out.found.append(Entry(key, f.level, rows.finding(f)))
    return out


def _q001_batch(
    plan: Plan, q: QuantityPairs, defer: Deferral
) -> tuple[tuple[EntryBatch, ...], FindingBuilder | None, list[Suppression]]:
    """The Q001 findings of the conflicted quantity groups as one batch and what builds
    them; or, when the per-file ignores of the table hide every one, their suppressions."""
    config, gr = plan.config, plan.grouping
    q001 = next((r for r in plan.applicable if r.code == "Q001"), None)
    if q001 is None or not q.conflicted.size:
        return (), None, []
    probe = build_claims(plan.cols, [int(plan.rows_of(int(q.conflicted[0]))[0])])
    level = config.level_for("Q001", q001.level)
    probe_finding = Finding("Q001", level, "conflict", None, "", "", "", tuple(probe))
    if suppressed(probe_finding, config):
        # every row is from one file: its per-file-ignores hide every Q001 finding
        return (), None, _whole_table_suppressions(plan, q, hiders(probe[0], "Q001", config))
    batch = EntryBatch(
        "Q001",
        level,
        q.conflicted,
        q.worst.astype(np.float64),
        q.conflicted,
        gr.subjects,
        gr.properties,
        gr.scopes,
    )
    return (batch,), defer(plan, q.conflicted), []


def _pair_counts(
    cols: Columns,
    q: QuantityPairs,
    slow: _Slow,
    origin: np.ndarray,
    row_source: np.ndarray,
    m: int,
    *,
    echoes: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Agreement counts (pairs, agreeing pairs) per pair of the ``m`` globally coded sources,
    echoes (same origin, same value) out: the quantity pairs here (other groups' echoes were
    left out by :func:`_slow_groups`, as ``compute_agreement`` finds them)."""
    qa, qb, qv = q.a, q.b, q.verdict
    if echoes and qa.shape[0]:
        keep = np.flatnonzero(~echo_pairs(cols, origin, qa, qb))
        qa, qb, qv = qa[keep], qb[keep], qv[keep]
    a_all, b_all, v_all = (
        (qa, qb, qv)
        if not slow.a
        else (
            np.concatenate([qa, *slow.a]),
            np.concatenate([qb, *slow.b]),
            np.concatenate([qv, *slow.verdict]),
        )
    )
    n, agreed = pair_counts(m, row_source[a_all], row_source[b_all], v_all <= 1)
    if q.agreeing_rows.size:  # groups decided without listing pairs: counted by runs
        listed = row_source[q.agreeing_rows]
        whole = group_pair_counts(m, listed, q.agreeing_sizes)
        same = whole if q.agreeing_runs is None else group_pair_counts(m, listed, q.agreeing_runs)
        n, agreed = n + whole, agreed + same
    return n, agreed


def _whole_table_suppressions(
    plan: Plan, q: QuantityPairs, ignores: Sequence[Suppression]
) -> list[Suppression]:
    """One suppression per conflicted quantity group and per-file-ignores entry, counting its
    conflicting pairs (every row is from the same file, so every pair is hidden)."""
    gr = plan.grouping
    return [
        attrs.evolve(
            s,
            subject=gr.subjects[g],
            property=gr.properties[g],
            scope=gr.scopes[g],
            pairs=int(count),
            whole=True,
        )
        for g, count in zip(q.conflicted.tolist(), q.conflict_pairs.tolist(), strict=True)
        for s in ignores
    ]


def _consensus_inputs(
    plan: Plan,
    q_groups: np.ndarray,
    q_values: np.ndarray,
    compared: dict[int, ComparedGroup],
    rows: Relocation,
    origin: np.ndarray,
    gsrc: np.ndarray,
) -> dict[str, Any]:
    """Per grouped claim in group order, what the consensus fact table is built from."""
    cols, gr = plan.cols, plan.grouping
    g_of = np.repeat(np.arange(gr.n_groups, dtype=np.intp), plan.size)  # rows come by group
    n = plan.rows.shape[0]
    key_at: list[int] = []
    keys: list[Hashable] = []
    categorical: dict[int, tuple[tuple[Claim, ...], Any, EntityIndex]] = {}
    is_q = np.zeros(gr.n_groups, dtype=bool)
    is_q[q_groups] = True
    qmask = is_q[g_of]
    if q_values.shape[1] == n:  # every grouped claim is a quantity
        low, best, high = q_values[0], q_values[1], q_values[2]
    else:
        low, best, high = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
        low[qmask], best[qmask], high[qmask] = q_values[0], q_values[1], q_values[2]
    for g, done in compared.items():
        s = int(plan.start[g])
        if fact_kind(done.type) != CATEGORICAL:  # the type's numbers (quantities in the
            at = slice(s, s + len(done.claims))  # group's unit, as the fast path gives them)
            values: list[Any] = [c.value for c in done.claims]
            low[at], best[at], high[at] = get_type(done.type).numbers(
                values, [c.unit for c in done.claims], done.unit
            )
            continue
        for k, claim in enumerate(done.claims):
            members = done.members[k] if done.members is not None else None
            key_at.append(s + k)
            keys.append(categorical_key(done.type, claim, members, entities=done.entities))
        categorical[g] = (tuple(rows.claim(c) for c in done.claims), done.members, done.entities)
    row_source = cols.source[plan.rows]
    first = first_rows(origin)
    said_or_source = _origin_spellings(cols, origin, first, plan.rows)
    start, end = _as_of_days(cols, plan.rows)
    return {
        "categorical": categorical,
        "claim_group": g_of,
        "claim_row": rows.rows(plan.rows),
        "claim_source": gsrc[row_source],
        "claim_origin": row_source if origin is cols.source else origin[plan.rows],
        "low": low,
        "best": best,
        "high": high,
        "key_at": np.array(key_at, dtype=np.int64),
        "keys": tuple(keys),
        "origins": tuple(zip(said_or_source, rows.rows(first).tolist(), strict=True)),
        "claim_speaker": _own_speaker(cols, plan.rows),
        "claim_verified": (
            cols.verified[plan.rows] if cols.verified is not None else np.zeros(n, dtype=bool)
        ),
        **_grade_codes(cols, plan.rows),
        "as_of_start": start,
        "as_of_end": end,
    }


def _origin_spellings(
    cols: Columns, origin: np.ndarray, first: np.ndarray, grouped: np.ndarray
) -> list[str]:
    """Per origin code, how reports spell it: the smallest spelling (``said_by``, else the
    source id) among the grouped rows of that origin (the same name in any row order); the
    first row's for an origin no grouped row has."""
    import polars as pl

    frame = cols.frame
    text = pl.select(pl.coalesce(frame["said_by"], frame["source"])).to_series()
    out = [str(t) for t in text.gather(first).to_list()]
    if origin is cols.source:  # the sources themselves, one spelling each
        return out
    if grouped.shape[0]:
        least = (
            pl.DataFrame({"o": origin[grouped], "t": text.gather(grouped)})
            .group_by("o")
            .agg(pl.col("t").min())
        )
        for o, t in zip(least["o"].to_list(), least["t"].to_list(), strict=True):
            out[int(o)] = str(t)
    return out


def _own_speaker(cols: Columns, grouped: np.ndarray) -> np.ndarray:
    """Per grouped row: whether a ``said_by`` other than its own source speaks in it (the
    speaker reports name besides the outlet)."""
    said = cols.frame["said_by"]
    if said.null_count() == cols.n or grouped.shape[0] == 0:
        return np.zeros(grouped.shape[0], dtype=bool)
    pairs = cols.frame.select("said_by", "source")[grouped]
    codes, first = encode(pairs)
    flag = np.array(
        [a is not None and fold(str(a)) != fold(str(b)) for a, b in pairs[first].iter_rows()],
        dtype=bool,
    )
    return flag[codes]


def _grade_codes(cols: Columns, grouped: np.ndarray) -> dict[str, Any]:
    """Per grouped row the code of its Admiralty grade in ``grades`` (-1: none)."""
    g = cols.frame["grade"]
    if g.null_count() == cols.n:
        return {}
    codes, first = encode(g)
    texts = g.gather(first).to_list()
    none = np.array([t is None for t in texts], dtype=bool)
    per_row = np.where(none[codes], -1, codes)[grouped].astype(np.int64)
    return {"claim_grade": per_row, "grades": tuple(str(t) if t else "" for t in texts)}


def _as_of_days(cols: Columns, grouped: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per grouped row: the ``as_of`` start and end as day ordinals (NaN: none)."""
    n = grouped.shape[0]
    if not cols.as_ofs:
        return np.full(n, np.nan), np.full(n, np.nan)
    aid = cols.as_of_id[grouped]
    start = np.array([d.start.toordinal() for d in cols.as_ofs], dtype=np.float64)
    end = np.array([d.end.toordinal() for d in cols.as_ofs], dtype=np.float64)
    safe = np.maximum(aid, 0)
    return np.where(aid >= 0, start[safe], np.nan), np.where(aid >= 0, end[safe], np.nan)


def check_partition(
    part: Any,
    config: Config | None = None,
    *,
    sources: Sequence[str],
    path: str = "<table>",
    first_line: int = 1,
    entities: Iterable[Entity] = (),
    consensus: bool = True,
    scopes: Iterable[ScopeRelation] = (),
    after_targets: Iterable[str] = (),
) -> PartitionResult:
    """Check one key partition of a claim table with the table engine's own code.

    ``part`` is a polars / pandas / pyarrow table with the claim columns plus ``__row``
    (the 0-based row in the whole table; ``__key`` is ignored). Every row of a comparison
    group must be in this partition. ``sources`` are the sorted source ids of the whole table
    (agreement cells are coded over them). Claim-file problems are returned (relocated), not
    raised, so that the caller can merge those of all partitions. ``scopes`` are the check's
    scope declarations and ``after_targets`` the refs (``source/claim``) that rows of any
    partition name in ``after``, so that the rules across facts see every row they concern.
    """
    config = config or Config()
    frame = to_polars(part, path=path)
    if frame.height == 0:
        return PartitionResult()
    numbered = frame.sort(ROW).drop([c for c in (KEY,) if c in frame.columns])
    table_rows = numbered[ROW].cast(int).to_numpy().astype(np.int64)
    rows = Relocation(table_rows, first_line, path)
    entity_list = tuple(entities)
    try:
        cols = read_columns(
            numbered.drop(ROW), path=path, first_line=0, approx=config.quantity_approx
        )
        cols = prepare_columns(cols, EntityIndex.build(entity_list), approx=config.quantity_approx)
    except ClaimFileError as err:
        return PartitionResult(problems=tuple(relocate_problem(p, rows) for p in err.problems))
    if cols.corrections:  # a supersedes may name a row of any partition
        msg = (
            "corrections (supersedes, retracted, reason, denied_by) need the whole table: "
            "check it with check_table, not by partitions"
        )
        return PartitionResult(problems=(Problem("E103", msg, Location(path, first_line, 0)),))

    def defer(plan: Plan, groups: np.ndarray) -> FindingBuilder:
        # whole keys (skipped rows too), so that they group again as they did here
        gr = plan.grouping
        hit = np.zeros(gr.n_groups, dtype=bool)
        hit[groups] = True
        take = [plan.rows_of(int(g)) for g in groups.tolist()]
        take.append(gr.skipped_row[hit[gr.skipped_group]])
        firsts = {int(g): int(table_rows[gr.first_row[g]]) for g in groups.tolist()}
        return RowFindings(
            numbered[np.sort(np.concatenate(take))],
            firsts,
            config,
            path=path,
            first_line=first_line,
            entities=entity_list,
        )

    result = check_columns(
        cols,
        config,
        entities=EntityIndex.build(entity_list),
        rows=rows,
        defer=defer,
        sources=sources,
        consensus=consensus,
        declared=Declared.build(entity_list, tuple(scopes), config),
        after_targets=frozenset(after_targets),
    )
    if not cols.warnings:
        return result
    return attrs.evolve(result, warnings=tuple(relocate_problem(w, rows) for w in cols.warnings))


__all__ = [
    "INTERNAL",
    "KEY",
    "ROW",
    "Deferral",
    "FindingBuilder",
    "PartitionResult",
    "PlanFindings",
    "Relocation",
    "RowFindings",
    "canonical_keys",
    "check_columns",
    "check_partition",
    "relocate_problem",
]
