"""One key partition of a claim table, checked on its own: :func:`check_partition`.

A partition holds every row of some comparison keys (rows with the same canonical subject
and property always land in the same partition), so the table engine's own per-group code
(:mod:`discrepancy.table`: columns, grouping, pair verdicts, rules) gives each group exactly
the findings it gives in one in-process :func:`~discrepancy.table.check_table`. What needs
the whole table is left to :func:`discrepancy.distributed.combine.combine`:

- global numbering: every row carries its table row (column ``__row``); claims, skipped
  claims and problems are relocated to ``path:first_line+row`` here;
- agreement: per-partition counts over globally coded source pairs, summed later;
- consensus: the per-claim arrays a :class:`~discrepancy.consensus.facts.FactTable` is built
  from, gathered and run once (reliabilities are global).

The function is pure (no I/O, no global state), so any engine that can map a function over
key-partitioned data (Dask, Ray, multiprocessing) can run it.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Final

import attrs
import numpy as np
from attrs import frozen

from discrepancy.compare.text import EntityIndex
from discrepancy.config import Config
from discrepancy.engine import compare_group, run_rules, suppressed
from discrepancy.errors import ClaimFileError, Problem
from discrepancy.findings import Finding
from discrepancy.grouping import ComparedGroup, scope_key
from discrepancy.location import Location
from discrepancy.model import Claim, Entity
from discrepancy.report.report import Skipped
from discrepancy.table.check import (
    _FAST_RULES,
    DATE_KIND,
    QUANTITY_KIND,
    _echo,
    _entry_key,
    _origin_codes,
    _plan,
    _quantity_pairs,
)
from discrepancy.table.claims import build_claims
from discrepancy.table.columns import QUANTITY, Columns, read_columns
from discrepancy.table.consensus import categorical_key, fact_kind
from discrepancy.table.encode import combine, encode
from discrepancy.table.groups import canonical_codes, fold_series
from discrepancy.table.read import to_polars
from discrepancy.verdict import Level

#: Column holding each row's 0-based row in the whole table.
ROW: Final = "__row"
#: Column holding each row's shuffle key (canonical subject and property).
KEY: Final = "__key"
#: Internal columns, dropped before the table engine sees a partition.
INTERNAL: Final = (ROW, KEY)

#: A finding's place in the report: (rule, subject, property, scope, group, emitted).
SortKey = tuple[str, str, str, tuple[tuple[str, str], ...], int, int]


@frozen(eq=False)
class PartitionResult:
    """What one partition contributes to the report (group numbers are local to it).

    Per group ``g``: ``group_first_row[g]`` (table row where its key first appears),
    ``type_code``, ``subject``/``property``/``scope``/``unit``; for categorical groups the
    compared claims and aligned members (``categorical``), which a consensus entry names.
    ``findings`` are built and relocated, each with its sort key; ``skipped`` with its group.
    Agreement: ``cells`` (``lo * m + hi`` over the table's sorted sources), ``pairs_n`` and
    ``pairs_agreed`` per cell, echoes left out. Consensus: one entry per grouped claim in
    group order (``claim_group``, ``claim_row``, ``claim_source`` (global code),
    ``claim_origin`` (index into ``origins``), ``low``/``best``/``high``, ``claim_key``
    (categorical value key, else ``None``)); ``origins`` pairs each origin text with the first
    table row it appears in. ``problems`` is set (and nothing else) when the rows do not read.
    """

    n_rows: int = 0
    group_first_row: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    type_code: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int8))
    subjects: tuple[str, ...] = ()
    properties: tuple[str, ...] = ()
    scopes: tuple[tuple[tuple[str, str], ...], ...] = ()
    units: tuple[str | None, ...] = ()
    categorical: dict[int, tuple[tuple[Claim, ...], Any]] = attrs.field(factory=dict)
    findings: tuple[tuple[SortKey, Level, Finding | None], ...] = ()
    #: the rows (all columns and ``__row``) of the groups whose findings are built on access
    #: (``None`` findings above): quantity conflicts, as ``check_table`` defers them
    deferred: Any = None
    skipped: tuple[tuple[int, Skipped], ...] = ()
    cells: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    pairs_n: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    pairs_agreed: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    claim_group: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    claim_row: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    claim_source: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    claim_origin: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    low: np.ndarray = attrs.field(factory=lambda: np.zeros(0))
    best: np.ndarray = attrs.field(factory=lambda: np.zeros(0))
    high: np.ndarray = attrs.field(factory=lambda: np.zeros(0))
    claim_key: tuple[Hashable | None, ...] = ()
    origins: tuple[tuple[str, int], ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def n_groups(self) -> int:
        return int(self.group_first_row.shape[0])


class _Rows:
    """Relocates what the table engine located at ``<path>:<local row>`` (it was given
    ``first_line=0``) to ``<path>:<first_line + table row>``."""

    def __init__(self, table_rows: np.ndarray, first_line: int) -> None:
        self.table_rows = table_rows
        self.first_line = first_line

    def line(self, local_line: int) -> int:
        return self.first_line + int(self.table_rows[local_line])

    def location(self, loc: Location | None) -> Location | None:
        if loc is None or loc.line < 0:
            return loc
        return attrs.evolve(loc, line=self.line(loc.line))

    def claim(self, claim: Claim) -> Claim:
        return attrs.evolve(
            claim,
            location=self.location(claim.location),
            value_location=self.location(claim.value_location),
        )

    def finding(self, finding: Finding) -> Finding:
        return attrs.evolve(finding, claims=tuple(self.claim(c) for c in finding.claims))

    def skipped(self, s: Skipped) -> Skipped:
        return attrs.evolve(s, location=self.location(s.location))


_ROWS_PREFIX = re.compile(r"^(column '[^']*', rows? )([0-9][0-9, ]*?)( and (\d+) more)?: ")
_FIRST_USED = re.compile(r"first used in row (\d+)")


def _relocate_problem(p: Problem, rows: _Rows) -> Problem:
    """A problem of the partition's rows, with lines and row numbers of the whole table."""
    m = _ROWS_PREFIX.match(p.message)
    if m is None:  # a header problem (columns): the same in every partition
        line = rows.first_line - 1 if rows.first_line > 1 else 0
        loc = attrs.evolve(p.location, line=line) if p.location is not None else None
        return attrs.evolve(p, location=loc)
    shown = [int(x) for x in m.group(2).split(", ")]
    table = [int(rows.table_rows[r - 1]) + 1 for r in shown]
    message = m.group(1) + ", ".join(map(str, table)) + (m.group(3) or "")
    rest = p.message[m.end() - 2 :]
    rest = _FIRST_USED.sub(
        lambda u: f"first used in row {rows.table_rows[int(u[1]) - 1] + 1}", rest
    )
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


def check_partition(
    part: Any,
    config: Config | None = None,
    *,
    sources: Sequence[str],
    path: str = "<table>",
    first_line: int = 1,
    entities: Iterable[Entity] = (),
    consensus: bool = True,
) -> PartitionResult:
    """Check one key partition of a claim table with the table engine's own code.

    ``part`` is a polars / pandas / pyarrow table with the claim columns plus ``__row``
    (the 0-based row in the whole table; ``__key`` is ignored). Every row of a comparison
    group must be in this partition. ``sources`` are the sorted source ids of the whole table
    (agreement cells are coded over them). Claim-file problems are returned (relocated), not
    raised, so that the caller can merge those of all partitions.
    """
    config = config or Config()
    frame = to_polars(part, path=path)
    if frame.height == 0:
        return PartitionResult()
    numbered = frame.sort(ROW).drop([c for c in (KEY,) if c in frame.columns])
    table_rows = numbered[ROW].cast(int).to_numpy().astype(np.int64)
    frame = numbered.drop(ROW)
    rows = _Rows(table_rows, first_line)
    try:
        cols = read_columns(frame, path=path, first_line=0, approx=config.quantity_approx)
    except ClaimFileError as err:
        return PartitionResult(
            n_rows=frame.height, problems=tuple(_relocate_problem(p, rows) for p in err.problems)
        )
    index = EntityIndex.build(tuple(entities))
    plan = _plan(cols, index, config)
    gr = plan.grouping

    # --- the body of check_table, on this partition -------------------------------------
    applicable = tuple(r for r in plan.active if r.type in ("claim", "any", "quantity"))
    fast = all(r.code in _FAST_RULES for r in applicable)
    is_quantity = gr.type_code == QUANTITY
    q_groups = np.flatnonzero(is_quantity) if fast else np.zeros(0, dtype=np.int64)
    slow_groups = np.flatnonzero(~is_quantity) if fast else np.arange(gr.n_groups)
    pairs, conflicted, q_values = _quantity_pairs(plan, q_groups)

    found: list[tuple[SortKey, Level, Finding | None]] = []
    deferred_groups: np.ndarray | None = None
    deferred: Any = None
    q001 = next((r for r in applicable if r.code == "Q001"), None)
    if q001 is not None and conflicted.size:
        probe = build_claims(cols, [int(plan.rows_of(int(conflicted[0]))[0])])
        level = config.level_for("Q001", q001.level)
        probe_finding = Finding("Q001", level, "conflict", None, "", "", "", tuple(probe))
        if not suppressed(probe_finding, config):
            for g in conflicted.tolist():
                found.append((_entry_key(plan, int(g), "Q001", 0), level, None))
            deferred_groups = conflicted

    compared: dict[int, ComparedGroup] = {}
    slow_rows = (
        np.concatenate([plan.rows_of(int(g)) for g in slow_groups])
        if slow_groups.size
        else np.zeros(0, dtype=np.int64)
    )
    slow_claims = build_claims(cols, slow_rows)
    at = 0
    a_parts, b_parts, v_parts = [pairs.a], [pairs.b], [pairs.verdict]
    for g in slow_groups.tolist():
        g_rows = plan.rows_of(g)
        group = plan.group(g, slow_claims[at : at + g_rows.shape[0]])
        at += g_rows.shape[0]
        done = compare_group(group, config, claim_type=plan.types[group.type])
        compared[g] = done
        for k, f in enumerate(run_rules(done, config, list(plan.active))):
            found.append((_entry_key(plan, g, f.rule, k), f.level, rows.finding(f)))
        a_parts.append(g_rows[done.i])
        b_parts.append(g_rows[done.j])
        v_parts.append(done.verdict)
    a_all = np.concatenate(a_parts)
    b_all = np.concatenate(b_parts)
    v_all = np.concatenate(v_parts)

    # --- agreement: counts per globally coded source pair --------------------------------
    origin = _origin_codes(cols)
    echo = _echo(cols, origin, a_all, b_all)
    code = {s: k for k, s in enumerate(sources)}
    gsrc = np.array([code[s] for s in cols.source_ids], dtype=np.int64)
    m = len(sources)
    sa, sb = gsrc[cols.source[a_all[~echo]]], gsrc[cols.source[b_all[~echo]]]
    cell = np.minimum(sa, sb) * m + np.maximum(sa, sb)
    cells, inverse = np.unique(cell, return_inverse=True)
    pairs_n = np.bincount(inverse.reshape(-1), minlength=cells.shape[0]).astype(np.int64)
    ok = (v_all[~echo] <= 1).astype(np.float64)
    pairs_agreed = np.rint(
        np.bincount(inverse.reshape(-1), weights=ok, minlength=cells.shape[0])
    ).astype(np.int64)

    # --- consensus inputs, per grouped claim in group order ------------------------------
    g_of = gr.group[plan.rows].astype(np.int64)
    n = plan.rows.shape[0]
    low = np.full(n, np.nan)
    best = np.full(n, np.nan)
    high = np.full(n, np.nan)
    keys: list[Hashable | None] = [None] * n
    categorical: dict[int, tuple[tuple[Claim, ...], Any]] = {}
    if consensus:
        is_q = np.zeros(gr.n_groups, dtype=bool)
        is_q[q_groups] = True
        qmask = is_q[g_of]
        low[qmask], best[qmask], high[qmask] = q_values[:, 0], q_values[:, 1], q_values[:, 2]
        for g, done in compared.items():
            s = int(plan.start[g])
            kind = fact_kind(done.type)
            for k, claim in enumerate(done.claims):
                v: Any = claim.value
                if kind == QUANTITY_KIND:
                    low[s + k], best[s + k], high[s + k] = v.low, v.best, v.high
                elif kind == DATE_KIND:
                    a, b = float(v.start.toordinal()), float(v.end.toordinal())
                    low[s + k], best[s + k], high[s + k] = a, (a + b) / 2.0, b
                else:
                    members = done.members[k] if done.members is not None else None
                    keys[s + k] = categorical_key(done.type, claim, members)
            if kind not in (QUANTITY_KIND, DATE_KIND):
                categorical[g] = (tuple(rows.claim(c) for c in done.claims), done.members)
    origin_codes, origin_texts = _origins(cols)
    skipped, skipped_rows = _skipped(cols, index, gr, rows)
    if deferred_groups is not None:
        # whole keys (skipped rows too), so that they group again as they did here
        hit = np.zeros(gr.n_groups, dtype=bool)
        hit[deferred_groups] = True
        take = [plan.rows_of(int(g)) for g in deferred_groups]
        take.append(
            np.array(
                [r for (b, _), r in zip(skipped, skipped_rows, strict=True) if hit[b]],
                dtype=np.int64,
            )
        )
        deferred = numbered[np.sort(np.concatenate(take))]

    return PartitionResult(
        n_rows=cols.n,
        group_first_row=table_rows[gr.first_row],
        type_code=gr.type_code.copy(),
        subjects=gr.subjects,
        properties=gr.properties,
        scopes=gr.scopes,
        units=gr.unit,
        categorical=categorical,
        findings=tuple(found),
        deferred=deferred,
        skipped=skipped,
        cells=cells.astype(np.int64),
        pairs_n=pairs_n,
        pairs_agreed=pairs_agreed,
        claim_group=g_of,
        claim_row=table_rows[plan.rows],
        claim_source=gsrc[cols.source[plan.rows]],
        claim_origin=origin_codes[plan.rows],
        low=low,
        best=best,
        high=high,
        claim_key=tuple(keys),
        origins=tuple(zip(origin_texts, origin_first_rows(origin_codes, table_rows), strict=True)),
    )


def _origins(cols: Columns) -> tuple[np.ndarray, list[str]]:
    """Per row, a code of who first said it (``said_by``, else the source), numbered by
    first appearance, and the text of each code (what ``_origin_codes`` codes)."""
    import polars as pl

    frame = cols.frame
    text = pl.select(pl.coalesce(frame["said_by"], frame["source"])).to_series()
    codes, first = encode(text)
    return codes.astype(np.int64), [str(t) for t in text.gather(first).to_list()]


def origin_first_rows(codes: np.ndarray, table_rows: np.ndarray) -> list[int]:
    """The table row where each origin code first appears."""
    out = np.full(int(codes.max()) + 1 if codes.size else 0, -1, dtype=np.int64)
    out[codes[::-1]] = table_rows[::-1]
    return [int(x) for x in out.tolist()]


def _skipped(
    cols: Columns, index: EntityIndex, gr: Any, rows: _Rows
) -> tuple[tuple[tuple[int, Skipped], ...], list[int]]:
    """The grouping's skipped claims, relocated, each with the (local) group of its key;
    and their (local) rows."""
    if not gr.skipped:
        return (), []
    off = np.array([int(s.location.line) for s in gr.skipped], dtype=np.int64)
    take = np.concatenate([gr.first_row.astype(np.int64), off])
    subj, _ = canonical_codes(cols.frame["subject"].gather(take), index)
    prop, _ = canonical_codes(cols.frame["property"].gather(take), index)
    scope_codes: dict[tuple[tuple[str, str], ...], int] = {}
    scope = np.array(
        [
            scope_codes.setdefault(scope_key(cols.scopes[int(cols.scope_id[r])]), len(scope_codes))
            for r in take.tolist()
        ],
        dtype=np.int64,
    )
    bucket, _ = combine(subj, prop, scope)
    mine = bucket[gr.n_groups :]
    out = tuple((int(b), rows.skipped(s)) for b, s in zip(mine.tolist(), gr.skipped, strict=True))
    return out, off.tolist()


__all__ = [
    "INTERNAL",
    "KEY",
    "ROW",
    "DeferredFindings",
    "PartitionResult",
    "canonical_keys",
    "check_partition",
]


class DeferredFindings:
    """Builds, on access, the findings a partition deferred: its ``deferred`` rows (whole
    groups) read again and grouped, each group compared and ruled by the engine's code."""

    def __init__(
        self,
        frame: Any,
        config: Config,
        *,
        path: str,
        first_line: int,
        entities: Iterable[Entity],
    ) -> None:
        self._frame = frame
        self._config = config
        self._path = path
        self._first_line = first_line
        self._entities = tuple(entities)
        self._plan: Any = None
        self._by_first_row: dict[int, int] = {}
        self._rows: _Rows | None = None

    def build(self, first_row: int, rule: str) -> Finding:
        """The ``rule`` finding of the group whose key first appears at table row
        ``first_row``."""
        if self._plan is None:
            table_rows = self._frame[ROW].to_numpy().astype(np.int64)
            cols = read_columns(
                self._frame.drop(ROW),
                path=self._path,
                first_line=0,
                approx=self._config.quantity_approx,
            )
            self._plan = _plan(cols, EntityIndex.build(self._entities), self._config)
            firsts = table_rows[self._plan.grouping.first_row]
            self._by_first_row = {int(r): g for g, r in enumerate(firsts.tolist())}
            self._rows = _Rows(table_rows, self._first_line)
        assert self._rows is not None
        plan = self._plan
        done = plan.compared(self._by_first_row[first_row])
        applicable = [r for r in plan.active if r.type in ("claim", "any", "quantity")]
        finding = next(f for f in run_rules(done, self._config, applicable) if f.rule == rule)
        return self._rows.finding(finding)
