"""The whole-check rules (N001, N002, G001, V001) on a claim table, from its columns.

A key partition holds every claim of its facts, so :func:`partition_lint` runs the rules of
one fact (N002, G001, V001, :func:`discrepancy.lint.run.lint_facts`) on it, and gives its
spellings of names; :func:`names_lint` runs N001 once over the spellings of every partition,
merged (:func:`discrepancy.lint.spellings.merge_spellings`). ``check_table`` (one partition)
and ``check_dask`` (many) go through the same two steps, and the rules are the ones claim
files get; only the claims a finding lists are built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from discrepancy.compare.text import EntityIndex
from discrepancy.config import Config
from discrepancy.findings import Finding, Suppression
from discrepancy.groups import Skipped
from discrepancy.lint.run import (
    LintInput,
    lint_facts,
    lint_names,
    single_source_findings,
    single_source_rows,
)
from discrepancy.lint.spellings import Spellings, merge_spellings, spellings_of_columns
from discrepancy.model import Claim
from discrepancy.rules.apply import finish_findings
from discrepancy.table.claims import build_claims
from discrepancy.table.columns import Columns
from discrepancy.table.retype import fact_codes
from discrepancy.types.registry import find_type, type_names


class Rows(Protocol):
    """Where a partition's rows are in the whole table (``table.partition.Relocation``)."""

    def rows(self, local: np.ndarray) -> np.ndarray: ...

    def claim(self, claim: Claim) -> Claim: ...


def lint_input_of_columns(
    cols: Columns,
    entities: EntityIndex,
    skipped: Sequence[tuple[int, Skipped]],
    *,
    n_sources: int,
    claims: Callable[[Sequence[int]], list[Claim]] | None = None,
) -> LintInput:
    """The lint input of the rows of ``cols`` (rows are the columns' rows; ``skipped`` with
    their rows). Spellings are left out (see :func:`partition_lint`)."""
    fact = fact_codes(cols, entities)
    types = {v.kind: find_type(v.kind) for v in cols.values}
    ambiguous_ids = [
        k
        for k, (raw, value) in enumerate(zip(cols.raws, cols.values, strict=True))
        if (kind := types[value.kind]) is not None and kind.ambiguous(raw)
    ]
    # rows of those values typed as the value's own type (a row retyped reads differently)
    names = type_names()
    code_of = np.full(len(cols.values) + 1, -2, dtype=np.int64)  # the last: rows without
    for k in ambiguous_ids:
        code_of[k] = names.index(cols.values[k].kind)
    ambiguous = (
        np.flatnonzero(code_of[cols.value_id] == cols.type_code)
        if ambiguous_ids
        else np.zeros(0, dtype=np.int64)
    )
    return LintInput(
        spellings=(),
        fact=np.asarray(fact, dtype=np.int64),
        source=cols.source.astype(np.int64),
        ambiguous=ambiguous.astype(np.int64),
        skipped=skipped,
        claims=claims or (lambda r: build_claims(cols, list(r))),
        entities=entities,
        n_sources=n_sources,
    )


def partition_lint(
    cols: Columns,
    entities: EntityIndex,
    config: Config,
    *,
    skipped: Sequence[tuple[int, Skipped]],
    rows: Rows,
    source_codes: np.ndarray,
    n_sources: int,
    hid: list[Suppression] | None = None,
) -> tuple[list[Finding], Spellings | None, tuple[np.ndarray, ...]]:
    """The G001/V001 findings of a key partition (suppressions and levels applied, claims at
    their table rows), its spellings at table rows with global source codes, and the table
    rows of each fact only one source states (N002 is decided over all partitions)."""
    inp = lint_input_of_columns(
        cols,
        entities,
        skipped,
        n_sources=n_sources,
        claims=lambda r: [rows.claim(c) for c in build_claims(cols, list(r))],
    )
    findings = finish_findings(lint_facts(inp, config), config, hid)
    spellings: Spellings | None = None
    if config.selects("N001"):
        local = np.arange(cols.n, dtype=np.int64)
        spellings = spellings_of_columns(
            cols, entities, table_rows=rows.rows(local), source_codes=source_codes
        )
    single: tuple[np.ndarray, ...] = ()
    if config.selects("N002") and n_sources > 1:
        local_facts = single_source_rows(inp.fact, source_codes.astype(np.int64))
        single = tuple(rows.rows(f) for f in local_facts)
    return findings, spellings, single


def facts_lint(
    parts: Sequence[Sequence[np.ndarray]],
    claims: Sequence[Claim],
    entities: EntityIndex,
    config: Config,
    hid: list[Suppression] | None = None,
) -> list[Finding]:
    """N002 over the single-source facts of every partition (table rows; ``claims`` indexed
    by table row), suppressions and levels applied (the ignores that hid one go to ``hid``)."""
    facts = sorted((f for part in parts for f in part), key=lambda rows: int(rows[0]))
    if not facts:
        return []
    found = single_source_findings(facts, lambda r: [claims[k] for k in r], entities)
    return finish_findings(found, config, hid)


def names_lint(
    parts: Sequence[Spellings | None],
    claims: Sequence[Claim],
    entities: EntityIndex,
    config: Config,
    hid: list[Suppression] | None = None,
) -> list[Finding]:
    """N001 over the merged spellings of every partition (``claims`` indexed by table row),
    suppressions and levels applied (the ignores that hid one go to ``hid``)."""
    merged = merge_spellings(p for p in parts if p is not None)
    if not merged.names.height:
        return []
    found = lint_names(merged, lambda r: [claims[k] for k in r], entities, config)
    return finish_findings(found, config, hid)


__all__ = ["facts_lint", "lint_input_of_columns", "names_lint", "partition_lint"]
