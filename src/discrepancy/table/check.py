"""``check_table``: the engine's check over a table of claims, column at a time.

Steps (all vectorised over the whole table unless said otherwise):

1. read and validate the columns, parsing each DISTINCT value once (:mod:`.columns`);
2. group rows by comparison key exactly as :func:`discrepancy.grouping.build_groups` would,
   working on distinct subjects/properties/scopes/units only (:mod:`.groups`);
3. quantities (the fast path): sort rows by group, generate every group's upper-triangle
   pairs at once (:func:`.pairs.segment_pairs`), mask pairs whose ``as_of`` are disjoint and
   call :func:`discrepancy.compare.quantity.quantity_verdicts` once over all pairs;
4. other types (dates, sets, labels, assertions): build the claims of just those groups and
   run the engine's own ``compare_group`` and ``run_rules`` on each;
5. findings: a quantity group with a conflict has one Q001 finding, built on access by the
   engine's own code for that one group (:class:`.lazy.LazyFindings`), so messages, clusters
   and pairs are the ones ``discrepancy.check`` gives;
6. agreement from all pairs with ``np.bincount``; consensus from one fact table.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from attrs import frozen

from discrepancy.compare.quantity import quantity_verdicts
from discrepancy.compare.result import CONFLICT
from discrepancy.compare.text import EntityIndex
from discrepancy.config import Config
from discrepancy.engine import compare_group, run_rules, suppressed
from discrepancy.findings import Finding
from discrepancy.grouping import ComparedGroup, Group
from discrepancy.model import Claim, Entity
from discrepancy.report.lazy import Entry, LazyFindings, LazySequence
from discrepancy.report.report import Report
from discrepancy.rules.registry import ClaimType, RuleInfo, claim_types, rules
from discrepancy.table.agreement import agreement_from_pairs
from discrepancy.table.claims import build_claims, table_claim_set
from discrepancy.table.columns import QUANTITY, Columns, read_columns
from discrepancy.table.consensus import categorical_key, consensus_run, fact_kind, run_columns
from discrepancy.table.encode import combine, encode
from discrepancy.table.groups import Grouping, group_rows
from discrepancy.table.pairs import interval_overlap, segment_pairs, stable_order
from discrepancy.table.read import first_line as _first_line
from discrepancy.table.read import read_table, to_polars
from discrepancy.units import convert
from discrepancy.values.infer import TYPES

#: Rules the quantity fast path accounts for: Q001 from the verdicts; E301/E302 never fire
#: on table claims (a table has no ``ignore`` and no documents).
_FAST_RULES = frozenset({"Q001", "E301", "E302"})


@frozen(eq=False)
class _Plan:
    """What every step shares: columns, grouping, rows sorted by group and the rules."""

    cols: Columns
    grouping: Grouping
    entities: EntityIndex
    config: Config
    active: tuple[RuleInfo, ...]
    types: Mapping[str, ClaimType]
    #: kept rows sorted by group (stable: table order within a group)
    rows: np.ndarray
    #: per group: start of its rows in ``rows``
    start: np.ndarray
    size: np.ndarray

    def rows_of(self, g: int) -> np.ndarray:
        return self.rows[self.start[g] : self.start[g] + self.size[g]]

    def group(self, g: int, claims: Sequence[Claim]) -> Group:
        gr = self.grouping
        return Group(
            subject=gr.subjects[g],
            property=gr.properties[g],
            scope=gr.scopes[g],
            unit=gr.unit[g],
            type=TYPES[int(gr.type_code[g])],
            claims=tuple(claims),
            unit_key=gr.unit_key[g],
            entities=self.entities,
            documents={},
        )

    def compared(self, g: int) -> ComparedGroup:
        """Group ``g`` through the engine's own ``compare_group``."""
        group = self.group(g, build_claims(self.cols, self.rows_of(g)))
        return compare_group(group, self.config, claim_type=self.types[group.type])


def _plan(cols: Columns, entities: EntityIndex, config: Config) -> _Plan:
    grouping = group_rows(cols, entities)
    kept = np.flatnonzero(grouping.group >= 0)
    order = kept[stable_order(grouping.group[kept])]
    size = np.bincount(grouping.group[kept], minlength=grouping.n_groups).astype(np.int64)
    start = np.cumsum(size) - size
    active = tuple(r for r in rules() if config.selects(r.code))
    return _Plan(cols, grouping, entities, config, active, claim_types(), order, start, size)


def _quantity_units(plan: _Plan, rows: np.ndarray, arr: np.ndarray) -> np.ndarray:
    """``arr`` (rows x [low, best, high]) converted to each row's group unit, as
    ``quantity_arrays`` converts (same pint call per unit and target)."""
    units = plan.cols.frame["unit"]
    if units.null_count() == units.len() or not rows.size:
        return arr
    ucodes, ufirst = encode(units)
    texts = [units[int(r)] for r in ufirst.tolist()]
    g = plan.grouping.group[rows]
    targets = plan.grouping.unit
    tindex: dict[str | None, int] = {}
    tcode_of_group = np.array([tindex.setdefault(t, len(tindex)) for t in targets], dtype=np.int64)
    tnames = list(tindex)
    rc = ucodes[rows].astype(np.int64)
    tc = tcode_of_group[g]
    combo, first = combine(rc, tc)
    for k, r in enumerate(first.tolist()):
        unit, target = texts[int(rc[r])], tnames[int(tc[r])]
        if unit is None or target is None or unit == target:
            continue
        sel = combo == k
        arr[sel] = convert(arr[sel], unit, target)
    return arr


def _as_of_arrays(cols: Columns, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    aid = cols.as_of_id[rows]
    has = aid >= 0
    if not cols.as_ofs:
        zero = np.zeros(rows.shape[0], dtype=np.int64)
        return zero, zero, has
    start = np.array([d.start.toordinal() for d in cols.as_ofs], dtype=np.int64)
    end = np.array([d.end.toordinal() for d in cols.as_ofs], dtype=np.int64)
    safe = np.maximum(aid, 0)
    return np.where(has, start[safe], 0), np.where(has, end[safe], 0), has


@frozen(eq=False)
class _Pairs:
    """Comparable pairs of all groups: global rows ``a``/``b``, verdict codes."""

    a: np.ndarray
    b: np.ndarray
    verdict: np.ndarray


def _quantity_pairs(plan: _Plan, groups: np.ndarray) -> tuple[_Pairs, np.ndarray, np.ndarray]:
    """Verdicts of every pair of the quantity ``groups``; also each row's converted
    [low, best, high] (rows in ``plan.rows`` order) and the groups with a conflict."""
    cols = plan.cols
    sizes = plan.size[groups]
    is_q = np.zeros(plan.grouping.n_groups, dtype=bool)
    is_q[groups] = True
    rows = plan.rows[is_q[plan.grouping.group[plan.rows]]]
    arr = np.column_stack([cols.low[rows], cols.best[rows], cols.high[rows]])
    arr = _quantity_units(plan, rows, arr)
    i, j = segment_pairs(sizes)
    start, end, has = _as_of_arrays(cols, rows)
    ok = interval_overlap(start, end, has, i, j)
    if not ok.all():
        i, j = i[ok], j[ok]
    result = quantity_verdicts(
        arr[:, 0], arr[:, 1], arr[:, 2], i, j, major_ratio=plan.config.quantity_major_ratio
    )
    verdict = result.verdict
    seg = np.repeat(np.arange(groups.shape[0]), sizes)
    hit = np.zeros(groups.shape[0], dtype=bool)
    hit[seg[i[verdict == CONFLICT]]] = True
    bad = np.flatnonzero(hit)
    return _Pairs(rows[i], rows[j], verdict), groups[bad], arr


def _entry_key(
    plan: _Plan, g: int, rule: str, emitted: int
) -> tuple[str, str, str, tuple[tuple[str, str], ...], int, int]:
    gr = plan.grouping
    return (rule, gr.subjects[g], gr.properties[g], gr.scopes[g], g, emitted)


def check_table(
    table: Any,
    config: Config | None = None,
    *,
    path: str = "<table>",
    first_line: int = 1,
    entities: Iterable[Entity] = (),
    consensus: bool = True,
) -> Report:
    """Check a table of claims (polars / pandas DataFrame or pyarrow Table): findings,
    agreement and consensus, as :func:`discrepancy.check` gives for the same claims.

    Columns are described in :mod:`discrepancy.table.columns` (``source``, ``subject``,
    ``property`` and ``value`` text or numeric ``best``/``low``/``high``; optional ``type``,
    ``unit``, ``as_of``, ``scope``, ``said_by``, ``via``, ``claim``, ``quote``, ``note``).
    Claims point at ``path:line`` where line is ``first_line`` + the row index. ``entities``
    gives aliases for subjects, properties, labels and set members. ``consensus=False`` skips
    truth discovery (no consensus; agreement without the consensus columns), which is most of
    the time on large tables.

    Findings and consensus entries are built when read (``report.summary`` counts them
    without building any).

    Raises:
        ClaimFileError: every problem of the table (missing or unknown columns, values that
            do not parse), naming column and row.
    """
    config = config or Config()
    frame = to_polars(table, path=path)
    cols = read_columns(frame, path=path, first_line=first_line, approx=config.quantity_approx)
    entity_list = tuple(entities)
    index = EntityIndex.build(entity_list)
    plan = _plan(cols, index, config)
    gr = plan.grouping

    applicable = tuple(r for r in plan.active if r.type in ("claim", "any", "quantity"))
    fast = all(r.code in _FAST_RULES for r in applicable)
    is_quantity = gr.type_code == QUANTITY
    q_groups = np.flatnonzero(is_quantity) if fast else np.zeros(0, dtype=np.int64)
    slow_groups = np.flatnonzero(~is_quantity) if fast else np.arange(gr.n_groups)

    pairs, conflicted, q_values = _quantity_pairs(plan, q_groups)
    entries: list[Entry] = []
    q001 = next((r for r in applicable if r.code == "Q001"), None)
    if q001 is not None and conflicted.size:
        probe = build_claims(cols, [int(plan.rows_of(int(conflicted[0]))[0])])
        level = config.level_for("Q001", q001.level)
        probe_finding = Finding("Q001", level, "conflict", None, "", "", "", tuple(probe))
        if not suppressed(probe_finding, config):
            entries.extend(Entry(_entry_key(plan, int(g), "Q001", 0), level) for g in conflicted)

    # other types: the engine's own per-group code, on the claims of those groups only
    compared: dict[int, ComparedGroup] = {}
    slow_rows = (
        np.concatenate([plan.rows_of(int(g)) for g in slow_groups])
        if slow_groups.size
        else np.zeros(0, dtype=np.int64)
    )
    slow_claims = build_claims(cols, slow_rows)
    types = plan.types
    at = 0
    a_parts, b_parts, v_parts = [pairs.a], [pairs.b], [pairs.verdict]
    for g in slow_groups.tolist():
        rows = plan.rows_of(g)
        group = plan.group(g, slow_claims[at : at + rows.shape[0]])
        at += rows.shape[0]
        done = compare_group(group, config, claim_type=types[group.type])
        compared[g] = done
        for k, finding in enumerate(run_rules(done, config, list(plan.active))):
            entries.append(Entry(_entry_key(plan, g, finding.rule, k), finding.level, finding))
        a_parts.append(rows[done.i])
        b_parts.append(rows[done.j])
        v_parts.append(done.verdict)

    def build(g: int, rule: str) -> Finding:
        done = plan.compared(g)
        return next(f for f in run_rules(done, config, list(applicable)) if f.rule == rule)

    findings = LazyFindings(entries, build)
    a_all = np.concatenate(a_parts)
    b_all = np.concatenate(b_parts)
    v_all = np.concatenate(v_parts)

    if consensus:
        run, estimates, supports, claim_src = _consensus(plan, q_values, q_groups, compared, config)
    else:
        run, estimates, supports, claim_src = None, (), None, plan.rows
    # echoes (same origin, same value) do not count toward agreement
    origin = _origin_codes(cols)
    echo = _echo(cols, origin, a_all, b_all)
    all_names = sorted(set(cols.source_ids))
    remap = np.array([all_names.index(s) for s in cols.source_ids], dtype=np.int64)
    rel = dict(run.reliability) if run is not None else {}
    agreement = agreement_from_pairs(
        all_names,
        remap[cols.source[a_all[~echo]]],
        remap[cols.source[b_all[~echo]]],
        v_all[~echo] <= 1,
        claim_source=remap[cols.source[claim_src]],
        claim_supports=supports,
        reliability=[rel.get(s) for s in all_names] if rel else None,
    )
    return Report(
        claims=table_claim_set(cols, entity_list),
        findings=findings,
        groups=gr.n_groups,
        skipped=list(gr.skipped),
        agreement=agreement,
        consensus=estimates,
        consensus_run=run,
        warnings=(),
    )


def _origin_codes(cols: Columns) -> np.ndarray:
    """Per row: a code of who first said it (``said_by``, else the source)."""
    import polars as pl

    frame = cols.frame
    if frame["said_by"].null_count() == cols.n:
        return cols.source.astype(np.int64)
    text = pl.select(pl.coalesce(frame["said_by"], frame["source"])).to_series()
    return encode(text)[0].astype(np.int64)


def _echo(cols: Columns, origin: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairs that are echoes: the same origin and the same value (quantities as parsed, in
    their own units; other values as parsed), as ``compute_agreement`` leaves them out."""
    same_origin = origin[a] == origin[b]
    if not same_origin.any():
        return same_origin
    k = np.flatnonzero(same_origin)
    a, b = a[k], b[k]
    same = (cols.low[a] == cols.low[b]) & (cols.best[a] == cols.best[b])
    same &= cols.high[a] == cols.high[b]
    if cols.values:
        index: dict[object, int] = {}
        canon = np.array([index.setdefault(v, i) for i, v in enumerate(cols.values)])
        va, vb = cols.value_id[a], cols.value_id[b]
        text = (va >= 0) & (vb >= 0) & np.isnan(cols.best[a])
        same = np.where(text, canon[np.maximum(va, 0)] == canon[np.maximum(vb, 0)], same)
    out = np.zeros(same_origin.shape[0], dtype=bool)
    out[k] = same
    return out


def _consensus(
    plan: _Plan,
    q_values: np.ndarray,
    q_groups: np.ndarray,
    compared: dict[int, ComparedGroup],
    config: Config,
) -> tuple[Any, Sequence[Any], np.ndarray, np.ndarray]:
    """One consensus run over all groups; returns the run, the lazy Consensus sequence, per
    grouped claim whether its source supports its group's consensus, and claim rows."""
    cols, gr = plan.cols, plan.grouping
    n_groups = gr.n_groups
    rows = plan.rows
    g_of = gr.group[rows].astype(np.int64)
    n = rows.shape[0]
    low = np.full(n, np.nan)
    best = np.full(n, np.nan)
    high = np.full(n, np.nan)
    key = np.zeros(n, dtype=np.float64)
    is_q = np.zeros(n_groups, dtype=bool)
    is_q[q_groups] = True
    qmask = is_q[g_of]
    low[qmask], best[qmask], high[qmask] = q_values[:, 0], q_values[:, 1], q_values[:, 2]
    keys: dict[Any, int] = {}
    for g, done in compared.items():
        s = plan.start[g]
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
                key[s + k] = keys.setdefault(categorical_key(done.type, claim, members), len(keys))
    names = sorted({cols.source_ids[c] for c in np.unique(cols.source[rows]).tolist()})
    code = {s: k for k, s in enumerate(names)}
    src_map = np.array([code.get(s, -1) for s in cols.source_ids], dtype=np.int64)
    source = src_map[cols.source[rows]]
    origin_all = _origin_codes(cols)
    kinds = np.array([fact_kind(TYPES[int(t)]) for t in gr.type_code], dtype=np.int8)
    method = config.consensus_method
    arrays = run_columns(
        g_of,
        source,
        origin_all[rows].astype(np.int64),
        kinds,
        low,
        best,
        high,
        key,
        names,
        method=method,
    )
    run, build_one = consensus_run(arrays, method, lambda g: _GroupView(plan, g, compared))
    consensus = LazySequence(n_groups, build_one)
    # per claim: does its source support the group's consensus (any of its claims does)?
    fs, _ = combine(g_of, source)
    hit = np.bincount(fs, weights=arrays.supports.astype(np.float64)) > 0  # rows order
    return run, consensus, hit[fs], rows


QUANTITY_KIND = fact_kind("quantity")
DATE_KIND = fact_kind("date")


class _GroupView:
    """The group-like object a Consensus is built from: the group's claims, built now."""

    def __init__(self, plan: _Plan, g: int, compared: dict[int, ComparedGroup]) -> None:
        gr = plan.grouping
        done = compared.get(g)
        self.subject = gr.subjects[g]
        self.property = gr.properties[g]
        self.scope = gr.scopes[g]
        self.unit = gr.unit[g]
        self.type = TYPES[int(gr.type_code[g])]
        self.claims: tuple[Claim, ...] = (
            done.claims if done is not None else tuple(build_claims(plan.cols, plan.rows_of(g)))
        )
        self.members = done.members if done is not None else None


def check_table_file(path: str | os.PathLike[str], config: Config | None = None) -> Report:
    """:func:`check_table` of a ``.csv`` / ``.parquet`` / ``.arrow`` file, with claims
    located at ``file:line`` (CSV: the line of the row; other files: the row number)."""
    display = os.fspath(path)
    return check_table(read_table(path), config, path=display, first_line=_first_line(path))


__all__ = ["check_table", "check_table_file"]
