"""``check_table``: the engine's check over a table of claims, column at a time.

The whole table is one key partition: :func:`.partition.check_columns` then
:func:`.combine.combine`, the same two steps :func:`discrepancy.dask.check_dask` runs over
many partitions. Steps (all vectorised over the whole table unless said otherwise):

1. read and validate the columns, parsing each DISTINCT value once (:mod:`.columns`);
2. group rows by comparison key exactly as the reference twin's ``build_groups`` would,
   working on distinct subjects/properties/scopes/units only (:mod:`.groups`, :mod:`.plan`);
3. quantities (the fast path): sort rows by group, generate every group's upper-triangle
   pairs at once (:func:`.pairs.segment_pairs`), mask pairs whose ``as_of`` are disjoint and
   call :func:`discrepancy.compare.quantity.quantity_verdicts` once over all pairs;
4. other types (dates, sets, labels, assertions): build the claims of just those groups and
   run the engine's own ``compare_group`` and ``run_rules`` on each;
5. findings: a quantity group with a conflict has one Q001 finding, built on access by the
   engine's own code for that one group (:class:`.lazy.LazyFindings`), so messages, clusters
   and pairs are the ones ``discrepancy.check`` gives;
6. agreement from pair counts per pair of sources (:mod:`.agreement`); consensus from one
   fact table.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from discrepancy.compare.text import EntityIndex
from discrepancy.config import Config
from discrepancy.corrections import set_withdrawn_aside
from discrepancy.errors import ClaimFileError, Problem
from discrepancy.findings import Finding, Suppression
from discrepancy.heap_reuse import reused_heap
from discrepancy.limits import check_sources
from discrepancy.location import Location
from discrepancy.model import ClaimSet, Entity, ScopeRelation
from discrepancy.progress import Progress, progress_for
from discrepancy.report.report import Report
from discrepancy.rules.apply import rule_alone
from discrepancy.rules.declared import Declared, declaration_problems
from discrepancy.rules.registry import rules
from discrepancy.small_pages import small_pages
from discrepancy.table.claims import build_claims, table_claim_set
from discrepancy.table.columns import Columns, read_columns
from discrepancy.table.combine import combine
from discrepancy.table.partition import PlanFindings, Relocation, check_columns
from discrepancy.table.read import csv_row_lines, read_table, to_polars
from discrepancy.table.read import first_line as _first_line
from discrepancy.table.retype import prepare_columns
from discrepancy.table.sources import read_sources
from discrepancy.types.registry import type_names


def check_table(
    table: Any,
    config: Config | None = None,
    *,
    path: str = "<table>",
    first_line: int = 1,
    entities: Iterable[Entity] = (),
    sources: Any = None,
    documents: Mapping[str, str] | None = None,
    consensus: bool = True,
    progress: Progress | bool | None = None,
    row_lines: Sequence[int] | np.ndarray | None = None,
    scopes: Iterable[ScopeRelation] = (),
) -> Report:
    """Check a table of claims (polars / pandas DataFrame or pyarrow Table): findings,
    agreement and consensus, as :func:`discrepancy.check` gives for the same claims.

    Columns are described in :mod:`discrepancy.table.columns` (``source``, ``subject``,
    ``property`` and ``value`` text or numeric ``best``/``low``/``high``; optional ``type``,
    ``unit``, ``as_of``, ``scope``, ``said_by``, ``via``, ``claim``, ``quote``, ``note``).
    Claims point at ``path:line`` where line is ``first_line`` + the row index (or
    ``row_lines[row]`` when given: the file line of each row of a CSV whose cells hold line
    breaks). ``entities``
    gives aliases for subjects, properties, labels and set members. ``sources`` is a sources
    table (``id``, ``name``, ``published``, ``url``, ...; see
    :mod:`discrepancy.table.sources`) or :class:`~discrepancy.Source` objects: their
    ``published`` day anchors relative dates of rows without a ``published`` of their own.
    ``documents`` maps source ids to the text of their documents, for quote checks (E302).
    ``scopes`` declares scopes within others or as sums of others (P001, P002), as a claim
    file's ``scopes:`` does.
    ``consensus=False`` skips
    truth discovery (no consensus; agreement without the consensus columns), which is most of
    the time on large tables. ``progress`` (a :class:`~discrepancy.progress.Progress`, or
    ``True`` for a bar on a terminal's stderr) follows the parsing, grouping, rules and
    consensus stages; silent by default.

    Findings and consensus entries are built when read (``report.summary`` counts them
    without building any).

    Raises:
        ClaimFileError: every problem of the table (missing or unknown columns, values that
            do not parse), naming column and row.
    """
    config = config or Config()
    entity_list = tuple(entities)
    source_list = read_sources(sources) if sources is not None else ()
    # short-lived arrays of a million elements: no huge pages (see small_pages), and their
    # pages reused from one step to the next (see reused_heap)
    with progress_for(progress) as bar, small_pages(), reused_heap():
        frame = to_polars(table, path=path)
        if frame.height == 0:
            msg = "the table holds no claims (no rows); add rows or leave the file out"
            raise ClaimFileError([Problem("E103", msg, Location(path, 1, 1))])
        if "source" in frame.columns:
            check_sources(frame.get_column("source").n_unique(), path)
        bar.stage("parsing", frame.height)
        index = EntityIndex.build(entity_list)
        cols = read_columns(
            frame,
            path=path,
            first_line=first_line,
            approx=config.quantity_approx,
            published={s.id: s.published for s in source_list if s.published is not None},
            row_lines=None if row_lines is None else np.asarray(row_lines, dtype=np.int64),
        )
        cols = prepare_columns(cols, index, approx=config.quantity_approx)
        bar.advance(frame.height)
        scope_list = tuple(scopes)
        _check_declarations(cols, entity_list, scope_list)
        if cols.corrections:  # withdrawn rows are set aside as claims, as check() does
            lazy = table_claim_set(cols, entity_list, source_list)
            claims = ClaimSet(lazy.sources, lazy.entities, tuple(lazy.claims), scopes=scope_list)
            report = check_claim_set(
                claims, config, documents=documents or {}, progress=bar, consensus=consensus
            )
            return attrs.evolve(report, warnings=(*report.warnings, *cols.warnings))
        whole = Relocation(None, first_line)
        part = check_columns(
            cols,
            config,
            entities=index,
            rows=whole,
            defer=lambda plan, _: PlanFindings(plan, whole),
            consensus=consensus,
            progress=bar,
            documents=documents,
            declared=Declared.build(entity_list, scope_list, config),
            verdicts_beside=True,  # combine runs the consensus meanwhile
        )
        lazy = table_claim_set(cols, entity_list, source_list)
        report = combine(
            [part],
            claims=attrs.evolve(lazy, scopes=scope_list) if scope_list else lazy,
            config=config,
            consensus=consensus,
            progress=bar,
        )
        return attrs.evolve(report, warnings=(*report.warnings, *cols.warnings))


def check_claim_set(
    claims: ClaimSet,
    config: Config,
    *,
    documents: Mapping[str, str],
    progress: Progress,
    consensus: bool = True,
) -> Report:
    """The engine's check of a claim set (:func:`discrepancy.check`): the claim table
    :meth:`ClaimSet.to_table` makes of it, checked as :func:`check_table` checks tables,
    with the claim objects themselves in the findings (the ``grouping``, ``rules`` and
    ``consensus`` stages of ``progress``). Withdrawn claims (superseded, retracted, denied)
    are set aside first and only meet the claim rules, one by one (E304 marks each).

    Raises:
        ClaimFileError: a correction that cannot hold (E125).
    """
    everything = claims
    claims, withdrawn = set_withdrawn_aside(claims)
    report = _check_claims(
        claims, config, documents=documents, progress=progress, consensus=consensus
    )
    if not withdrawn:
        return report
    claim_rules = [r for r in rules() if r.type == "claim" and config.selects(r.code)]
    found: list[Finding] = []
    hidden: list[Suppression] = []
    for claim in withdrawn if claim_rules else ():
        got, hid = rule_alone(claim, documents, config, claim_rules)
        found.extend(got)
        hidden.extend(hid)
    # the report keeps every claim, the withdrawn ones marked (why, by whom), so the reports
    # and timelines can show them in place
    kept = {id(c) for c in claims.claims}
    marked = iter(withdrawn)  # in the order of the claim set, as the kept ones
    shown = tuple(c if id(c) in kept else next(marked) for c in everything.claims)
    return attrs.evolve(
        report,
        claims=attrs.evolve(everything, claims=shown),
        findings=[*report.findings, *found],
        suppressed=(*report.suppressed, *hidden),
    )


def _check_claims(
    claims: ClaimSet,
    config: Config,
    *,
    documents: Mapping[str, str],
    progress: Progress,
    consensus: bool,
) -> Report:
    cols = read_columns(
        claims.to_table(approx=config.quantity_approx),
        path="<claims>",
        approx=config.quantity_approx,
        published={s.id: s.published for s in claims.sources if s.published is not None},
        objects=claims.claims,
    )
    whole = Relocation(None, 1)
    # agreement is coded over every source of the set (one whose claims were all withdrawn,
    # or a source without claims, is still a source of the check), as combine decodes it
    names = sorted(s.id for s in claims.sources)
    part = check_columns(
        cols,
        config,
        entities=EntityIndex.build(claims.entities),
        rows=whole,
        defer=lambda plan, _: PlanFindings(plan, whole),
        sources=names if set(cols.source_ids) <= set(names) else None,
        lint_sources=len(set(cols.source_ids)),
        progress=progress,
        documents=documents,
        consensus=consensus,
        declared=Declared.build(claims.entities, claims.scopes, config),
    )
    return combine([part], claims=claims, config=config, consensus=consensus, progress=progress)


def _check_declarations(
    cols: Columns, entities: Sequence[Entity], scopes: Sequence[ScopeRelation]
) -> None:
    """Raise the problems of the table's declarations (E130-E132): unknown parts, cycles of
    ``part_of``, ``after`` naming no date claim; rows are read only when some has ``after``."""
    after = cols.frame["after"]
    rows: np.ndarray = np.flatnonzero(after.is_not_null().to_numpy())
    after_claims = build_claims(cols, rows) if len(rows) else []
    types_by_ref: dict[str, str] = {}
    if after_claims:
        names = type_names()
        meta = cols.frame.select("source", "claim").rows()
        types_by_ref = {
            f"{s}/{c}": names[int(t)]
            for (s, c), t in zip(meta, cols.type_code.tolist(), strict=True)
        }
    problems = declaration_problems(entities, scopes, after_claims, types_by_ref)
    if problems:
        raise ClaimFileError(problems)


def claims_from_table(
    table: Any,
    *,
    sources: Any = None,
    entities: Iterable[Entity] = (),
    path: str = "<table>",
    first_line: int = 1,
    approx: float = 0.05,
) -> ClaimSet:
    """The :class:`~discrepancy.ClaimSet` a claim table (and optionally a sources table)
    holds, every claim built: the inverse of :meth:`ClaimSet.to_table`.

    Raises:
        ClaimFileError: every problem of the tables, naming column and row.
    """
    source_list = read_sources(sources) if sources is not None else ()
    cols = read_columns(
        to_polars(table, path=path),
        path=path,
        first_line=first_line,
        approx=approx,
        published={s.id: s.published for s in source_list if s.published is not None},
    )
    lazy = table_claim_set(cols, tuple(entities), source_list)
    return ClaimSet(sources=lazy.sources, entities=lazy.entities, claims=tuple(lazy.claims))


def check_table_file(
    path: str | os.PathLike[str],
    config: Config | None = None,
    *,
    progress: Progress | bool | None = None,
) -> Report:
    """:func:`check_table` of a ``.csv`` / ``.parquet`` / ``.arrow`` file, with claims
    located at ``file:line`` (CSV: the line of the row; other files: the row number)."""
    display = os.fspath(path)
    frame = read_table(path)
    lines = csv_row_lines(path, frame.height) if display.lower().endswith(".csv") else None
    return check_table(
        frame,
        config,
        path=display,
        first_line=_first_line(path),
        progress=progress,
        row_lines=lines,
    )


__all__ = ["check_claim_set", "check_table", "check_table_file", "claims_from_table"]
