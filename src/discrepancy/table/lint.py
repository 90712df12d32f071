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
from discrepancy.findings import Finding
from discrepancy.groups import Skipped
from discrepancy.lint.run import LintInput, lint_facts, lint_names
from discrepancy.lint.spellings import Spelling, merge_spellings, spellings_of_columns
from discrepancy.model import Claim
from discrepancy.rules.apply import finish_findings
from discrepancy.table.claims import build_claims
from discrepancy.table.columns import QUANTITY, Columns
from discrepancy.table.retype import fact_codes
from discrepancy.values.thousands import ambiguous_thousands


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
    ambiguous_ids = [
        k
        for k, (raw, value) in enumerate(zip(cols.raws, cols.values, strict=True))
        if value.kind == "quantity" and ambiguous_thousands(raw) is not None
    ]
    ambiguous = (
        np.flatnonzero(np.isin(cols.value_id, ambiguous_ids) & (cols.type_code == QUANTITY))
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
) -> tuple[list[Finding], tuple[Spelling, ...]]:
    """The N002/G001/V001 findings of a key partition (suppressions and levels applied,
    claims at their table rows), and its spellings at table rows with global source codes."""
    inp = lint_input_of_columns(
        cols,
        entities,
        skipped,
        n_sources=n_sources,
        claims=lambda r: [rows.claim(c) for c in build_claims(cols, list(r))],
    )
    findings = finish_findings(lint_facts(inp, config), config)
    spellings: tuple[Spelling, ...] = ()
    if config.selects("N001"):
        local = np.arange(cols.n, dtype=np.int64)
        spellings = tuple(
            spellings_of_columns(
                cols, entities, table_rows=rows.rows(local), source_codes=source_codes
            )
        )
    return findings, spellings


def names_lint(
    parts: Sequence[Sequence[Spelling]],
    claims: Sequence[Claim],
    entities: EntityIndex,
    config: Config,
) -> list[Finding]:
    """N001 over the merged spellings of every partition (``claims`` indexed by table row),
    suppressions and levels applied."""
    if not any(parts):
        return []
    merged = merge_spellings(parts)
    found = lint_names(merged, lambda r: [claims[k] for k in r], entities, config)
    return finish_findings(found, config)


__all__ = ["lint_input_of_columns", "names_lint", "partition_lint"]
