"""What the table check works on after reading: a :class:`Plan` (columns, grouping, rows
sorted by group, rules) and the vectorised steps over it.

- :func:`plan_groups` groups the rows of :class:`~discrepancy.table.columns.Columns` exactly
  as the reference twin's ``build_groups`` would (:mod:`.groups`) and sorts them by group;
- :func:`quantity_pairs` gives the verdict of every comparable pair of the quantity groups at
  once (:func:`.pairs.segment_pairs`, pairs with disjoint ``as_of`` masked, one call of
  :func:`discrepancy.compare.quantity.quantity_verdicts`);
- :func:`origin_codes` and :func:`echo_pairs` leave echoes (same origin, same value) out of
  agreement, as the reference twin's ``compute_agreement`` does.

Other claim types go group by group through the engine's own ``compare_group``
(:meth:`Plan.compared`). :func:`discrepancy.table.partition.check_columns` runs these steps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import attrs
import numpy as np
from attrs import field, frozen

from discrepancy.compare.quantity import quantity_verdicts, written_halfwidth
from discrepancy.compare.result import CONFLICT
from discrepancy.compare.text import EntityIndex, fold
from discrepancy.config import Config
from discrepancy.grouping import ComparedGroup, Group, compare_group
from discrepancy.limits import MAX_GROUP_CLAIMS, check_group_sizes
from discrepancy.location import Location
from discrepancy.model import Claim
from discrepancy.report.lazy import SortKey
from discrepancy.rules.registry import RuleInfo, rules
from discrepancy.table.claims import build_claims
from discrepancy.table.columns import Columns, number, parse_location
from discrepancy.table.encode import combine, encode
from discrepancy.table.groups import Grouping, group_rows
from discrepancy.table.pairs import (
    interval_overlap,
    point_clusters,
    segment_pairs,
    segments_constant,
    stable_order,
)
from discrepancy.types.protocol import BaseType
from discrepancy.types.registry import NUMERIC, claim_types, type_names
from discrepancy.units import convert
from discrepancy.values import Quantity
from discrepancy.values.infer import TYPES

#: Rules the quantity fast path accounts for: Q001 from the verdicts; E301/E302/E303 fire
#: only on claims with ``ignore``, quotes of a document or ``status: draft``, which take the
#: per-group path (:func:`Plan.fast`); E304 only on withdrawn claims, which never reach it
#: (:func:`discrepancy.corrections.set_withdrawn_aside`).
FAST_RULES: Final = frozenset({"Q001", "E301", "E302", "E303", "E304"})


@frozen(eq=False)
class Plan:
    """What every step shares: columns, grouping, rows sorted by group and the rules."""

    cols: Columns
    grouping: Grouping
    entities: EntityIndex
    config: Config
    active: tuple[RuleInfo, ...]
    types: Mapping[str, BaseType]
    #: kept rows sorted by group (stable: table order within a group)
    rows: np.ndarray
    #: per group: start of its rows in ``rows``
    start: np.ndarray
    size: np.ndarray
    #: source id -> text of its document, for quote checks (E302)
    documents: Mapping[str, str] = field(factory=dict)
    #: claim type names by type code
    type_names: tuple[str, ...] = TYPES

    @property
    def fast(self) -> bool:
        """Whether quantity groups may take the vectorised path: only the rules it accounts
        for are active, no claim suppresses anything, no document is given and no claim is a
        draft (then E301, E302 and E303 cannot fire), and per-file ignores, if any, see one
        file (the table)."""
        if not all(r.code in FAST_RULES for r in self.applicable):
            return False
        if self.cols.ignore_id is not None or self.documents:
            return False
        objects = self.cols.objects  # a table's rows are never drafts; claim objects may be
        if objects is not None and any(c.is_draft for c in objects):
            return False
        located = self.cols.frame["location"]
        return not self.config.per_file_ignores or located.null_count() == located.len()

    @property
    def applicable(self) -> tuple[RuleInfo, ...]:
        """The active rules that run on groups of the numeric type (the vectorised path's)."""
        return tuple(r for r in self.active if r.type in ("claim", "any", NUMERIC.name))

    def rows_of(self, g: int) -> np.ndarray:
        return self.rows[self.start[g] : self.start[g] + self.size[g]]

    def group(self, g: int, claims: Sequence[Claim]) -> Group:
        gr = self.grouping
        return Group(
            subject=gr.subjects[g],
            property=gr.properties[g],
            scope=gr.scopes[g],
            unit=gr.unit[g],
            type=self.type_names[int(gr.type_code[g])],
            claims=tuple(claims),
            unit_key=gr.unit_key[g],
            entities=self.entities,
            documents={s: self.documents[s] for s in {c.source for c in claims} & docs}
            if (docs := self.documents.keys())
            else {},
        )

    def compared(self, g: int) -> ComparedGroup:
        """Group ``g`` through the engine's own ``compare_group``."""
        group = self.group(g, build_claims(self.cols, self.rows_of(g)))
        return compare_group(group, self.config, claim_type=self.types[group.type])

    def entry_key(self, g: int, rule: str, emitted: int) -> SortKey:
        """The report's sort key of the ``emitted``-th ``rule`` finding of group ``g``."""
        gr = self.grouping
        return (rule, gr.subjects[g], gr.properties[g], gr.scopes[g], g, emitted)


def _row_location(cols: Columns, row: int) -> Location:
    """Where row ``row`` was written: its claim's place in a claim file when the row came
    from one, else the table's line."""
    if cols.objects is not None and cols.objects[row].location is not None:
        return cols.objects[row].location  # type: ignore[return-value]
    written = cols.frame["location"][row] if "location" in cols.frame.columns else None
    if written:
        try:
            return parse_location(written)
        except ValueError:
            pass
    return Location(cols.path, cols.first_line + row)


def plan_groups(
    cols: Columns,
    entities: EntityIndex,
    config: Config,
    documents: Mapping[str, str] | None = None,
) -> Plan:
    """Group the rows of ``cols`` and sort them by group; the rules ``config`` selects."""
    grouping = group_rows(cols, entities)
    group = grouping.group
    if group.shape[0] and int(group.min()) >= 0:  # no row skipped: no selection
        order = stable_order(group)
        size = np.bincount(group, minlength=grouping.n_groups).astype(np.int64)
    else:
        kept = np.flatnonzero(group >= 0)
        order = kept[stable_order(group[kept])]
        size = np.bincount(group[kept], minlength=grouping.n_groups).astype(np.int64)
    start = np.cumsum(size) - size
    big = np.flatnonzero(size > MAX_GROUP_CLAIMS)
    if big.size:  # pairs grow as n²/2: refuse before comparing
        check_group_sizes(
            (
                f"{grouping.subjects[g]} · {grouping.properties[g]}",
                int(size[g]),
                _row_location(cols, int(order[start[g]])),
            )
            for g in big.tolist()
        )
    active = tuple(r for r in rules() if config.selects(r.code))
    types = claim_types()
    return Plan(
        cols,
        grouping,
        entities,
        config,
        active,
        types,
        order,
        start,
        size,
        dict(documents or {}),
        type_names(),
    )


def _quantity_units(plan: Plan, rows: np.ndarray, arr: np.ndarray) -> np.ndarray:
    """``arr`` ([low, best, high] x rows) converted to each row's group unit, as
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
        arr[:, sel] = convert(arr[:, sel], unit, target)
    return arr


def _written_precision(
    plan: Plan, rows: np.ndarray, arr: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """Per row (in its own unit): best + half a unit of the last written digit, and a code
    of the unit it was written in (no unit: its group's), as
    :func:`discrepancy.compare.quantity.precision_arrays` gives for claims; None when no
    row is written in another unit than its group's (nothing is converted)."""
    cols = plan.cols
    units = cols.frame["unit"]
    if units.null_count() == units.len() or not rows.size:
        return None
    ucodes, ufirst = encode(units)
    texts = [units[int(r)] for r in ufirst.tolist()]
    code_of: dict[str | None, int] = {t: k for k, t in enumerate(texts)}
    group_unit = np.array(
        [code_of.setdefault(u, len(code_of)) for u in plan.grouping.unit], dtype=np.int64
    )
    null_code = code_of.get(None, -1)
    written = ucodes[rows].astype(np.int64)
    written = np.where(written == null_code, group_unit[plan.grouping.group[rows]], written)
    if (written == group_unit[plan.grouping.group[rows]]).all():
        return None
    half = np.zeros(rows.shape[0], dtype=np.float64)
    vid = cols.value_id[rows]
    texts_at = np.flatnonzero(vid >= 0)
    if texts_at.size:
        per_value = np.array(
            [
                written_halfwidth(raw, v) if isinstance(v, Quantity) else 0.0
                for raw, v in zip(cols.raws, cols.values, strict=True)
            ],
            dtype=np.float64,
        )
        half[texts_at] = per_value[vid[texts_at]]
    numbers_at = np.flatnonzero(vid < 0)
    if numbers_at.size:
        given = cols.given_best[rows[numbers_at]]
        exact = np.isnan(cols.given_low[rows[numbers_at]]) & np.isnan(
            cols.given_high[rows[numbers_at]]
        )
        distinct, inverse = np.unique(given, return_inverse=True)
        per_number = np.array(
            [
                written_halfwidth(number(x), Quantity.exact(x)) if np.isfinite(x) else 0.0
                for x in distinct
            ],
            dtype=np.float64,
        )
        half[numbers_at] = np.where(exact, per_number[inverse.ravel()], 0.0)
    return arr[1] + half, written


def _as_of_arrays(cols: Columns, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not cols.as_ofs:  # no row has an as_of
        zero = np.zeros(rows.shape[0], dtype=np.int64)
        return zero, zero, np.zeros(rows.shape[0], dtype=bool)
    aid = cols.as_of_id[rows]
    has = aid >= 0
    start = np.array([d.start.toordinal() for d in cols.as_ofs], dtype=np.int64)
    end = np.array([d.end.toordinal() for d in cols.as_ofs], dtype=np.int64)
    safe = np.maximum(aid, 0)
    return np.where(has, start[safe], 0), np.where(has, end[safe], 0), has


@frozen(eq=False)
class QuantityPairs:
    """Comparable pairs of the quantity groups (rows ``a``/``b`` of the columns, verdict
    codes), the groups with a conflict, and the [low, best, high] (3 x rows) of their rows in
    each one's group unit (rows in ``plan.rows`` order). With ``whole_agree``, groups whose
    pairs are decided without listing them are left out of the pairs: groups whose best
    values are all equal (every pair agrees), and groups of exact numbers (two agree when
    equal, else conflict; see :func:`~discrepancy.table.pairs.point_clusters`). Their rows
    are ``agreeing_rows``, ``agreeing_sizes`` rows per group, in runs of equal values of
    ``agreeing_runs`` rows (None: one run per group)."""

    a: np.ndarray
    b: np.ndarray
    verdict: np.ndarray
    conflicted: np.ndarray
    values: np.ndarray
    agreeing_rows: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    agreeing_sizes: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))
    #: per conflicted group, the largest ratio of its conflicting pairs (its finding's
    #: magnitude, by which findings sort; ``inf`` against 0)
    worst: np.ndarray = attrs.field(factory=lambda: np.zeros(0))
    agreeing_runs: np.ndarray | None = None
    #: per conflicted group, how many of its pairs conflict
    conflict_pairs: np.ndarray = attrs.field(factory=lambda: np.zeros(0, np.int64))


@frozen(eq=False)
class QuantityValues:
    """The numbers of the quantity groups' rows, what both their pair verdicts and the
    consensus read: ``rows`` (those groups' rows in ``plan.rows`` order), ``sizes`` (rows
    per group) and ``arr``, [low, best, high] (3 x rows) in each one's group unit; for rows
    written in another unit than their group's, ``slack`` (half a unit of the last written
    digit, converted) and ``written`` (a code of the unit written), else None."""

    rows: np.ndarray
    sizes: np.ndarray
    arr: np.ndarray
    slack: np.ndarray | None = None
    written: np.ndarray | None = None


def quantity_values(plan: Plan, groups: np.ndarray) -> QuantityValues:
    """The numbers of the rows of the quantity ``groups``, in their group units."""
    cols = plan.cols
    sizes = plan.size[groups]
    if groups.shape[0] == plan.grouping.n_groups:  # every group is one of them
        rows = plan.rows
    else:
        is_q = np.zeros(plan.grouping.n_groups, dtype=bool)
        is_q[groups] = True
        rows = plan.rows[np.repeat(is_q, plan.size)]
    arr = np.empty((3, rows.shape[0]))
    np.take(cols.best, rows, out=arr[1])
    for k, col in ((0, cols.low), (2, cols.high)):
        if np.array_equal(col, cols.best):  # exact numbers: a copy, not a second gather
            arr[k] = arr[1]
        else:
            np.take(col, rows, out=arr[k])
    precision = _written_precision(plan, rows, arr)
    arr = _quantity_units(plan, rows, arr if precision is None else np.vstack([arr, precision[0]]))
    if precision is None:
        return QuantityValues(rows, sizes, arr)
    return QuantityValues(rows, sizes, arr[:3], np.abs(arr[3] - arr[1]), precision[1])


def quantity_pairs(
    plan: Plan,
    groups: np.ndarray,
    *,
    whole_agree: bool = False,
    values: QuantityValues | None = None,
) -> QuantityPairs:
    """Verdicts of every pair of the quantity ``groups``, all at once; with ``whole_agree``,
    groups where every pair agrees (equal best values, no ``as_of``) are only listed.
    ``values`` are those groups' :func:`quantity_values` when the caller has them."""
    cols = plan.cols
    got = values if values is not None else quantity_values(plan, groups)
    rows, sizes, arr, slack, written = got.rows, got.sizes, got.arr, got.slack, got.written
    low, best, high = arr[0], arr[1], arr[2]
    if np.array_equal(low, best) and np.array_equal(high, best):
        low = high = best  # every value is one point: quantity_verdicts skips the overlaps
    start, end, has = _as_of_arrays(cols, rows)
    agreeing = np.zeros(sizes.shape[0], dtype=bool)
    clusters = None
    if whole_agree and not has.any():
        if low is best and slack is None:  # exact numbers in one unit each
            clusters = point_clusters(best, sizes)
            agreeing = clusters.decided
        else:
            agreeing = segments_constant(best, sizes)
    if agreeing.any():
        row_agreeing = np.repeat(agreeing, sizes)
        at = np.flatnonzero(~row_agreeing)
        i, j = segment_pairs(sizes[~agreeing])
        i, j = at[i], at[j]
        agreeing_rows = rows[row_agreeing] if clusters is None else rows[clusters.order]
    else:
        i, j = segment_pairs(sizes)
        agreeing_rows = np.zeros(0, dtype=np.int64)
    if has.any():
        ok = interval_overlap(start, end, has, i, j)
        if not ok.all():
            i, j = i[ok], j[ok]
    result = quantity_verdicts(
        low,
        best,
        high,
        i,
        j,
        major_ratio=plan.config.quantity_major_ratio,
        slack=slack,
        unit_code=written,
    )
    verdict = result.verdict
    seg = np.repeat(np.arange(groups.shape[0]), sizes)
    hit = np.zeros(groups.shape[0], dtype=bool)
    bad = verdict == CONFLICT
    bad_seg = seg[i[bad]]
    hit[bad_seg] = True
    worst = np.full(groups.shape[0], -np.inf)
    np.fmax.at(worst, bad_seg, result.magnitude[bad].astype(np.float64, copy=False))
    counts = np.bincount(bad_seg, minlength=groups.shape[0])
    if clusters is not None:  # decided groups of more than one value: every unequal pair
        split = clusters.decided & (clusters.n_clusters > 1)
        hit |= split
        worst[split] = clusters.worst[split]
        counts[split] = clusters.between[split]
    conflicted = np.flatnonzero(hit)
    return QuantityPairs(
        rows[i],
        rows[j],
        verdict,
        groups[conflicted],
        arr,
        agreeing_rows,
        sizes[agreeing].astype(np.int64),
        worst[conflicted],
        agreeing_runs=None if clusters is None else clusters.runs,
        conflict_pairs=counts[conflicted].astype(np.int64),
    )


def origin_codes(cols: Columns) -> np.ndarray:
    """Per row: a code of who first said it (``said_by``, else the source), folded as
    :func:`~discrepancy.consensus.glue.origin_key` folds it (``LRC`` and ``lrc`` are one
    origin); codes numbered by first appearance. The source codes themselves when no row
    has a ``said_by`` and no two source ids fold alike."""
    import polars as pl

    frame = cols.frame
    if frame["said_by"].null_count() == cols.n:
        keys = [fold(s) for s in cols.source_ids]
        if len(set(keys)) == len(keys):
            return cols.source.astype(np.int64, copy=False)
        text = frame["source"]
    else:
        text = pl.select(pl.coalesce(frame["said_by"], frame["source"])).to_series()
    codes, first = encode(text)
    index: dict[str, int] = {}
    remap = np.array(
        [index.setdefault(fold(str(t)), len(index)) for t in text.gather(first).to_list()],
        dtype=np.int64,
    )
    return remap[codes]


def origins_repeat(group: np.ndarray, origin: np.ndarray) -> bool:
    """Whether some group (``group`` per row, -1: skipped) has two rows of one origin: only
    then can a pair of its rows be an echo (the usual table has none, and pays no pass over
    its pairs)."""
    whole = group.shape[0] > 0 and int(group.min()) >= 0  # no row skipped: no selection
    kept = np.arange(0) if whole else np.flatnonzero(group >= 0)
    count = group.shape[0] if whole else kept.size
    if count < 2:
        return False
    width = int(origin.max()) + 1
    g = group.astype(np.int64, copy=False) if whole else group[kept].astype(np.int64)
    size = (int(g.max()) + 1) * width
    if size > 64 * count + 2**20:  # a table of every (group, origin) would be too large
        return True
    seen = np.zeros(size, dtype=bool)
    seen[g * width + (origin if whole else origin[kept])] = True
    return int(np.count_nonzero(seen)) < count  # fewer cells than rows: one repeats


def echo_pairs(cols: Columns, origin: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
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


__all__ = [
    "FAST_RULES",
    "Plan",
    "QuantityPairs",
    "QuantityValues",
    "echo_pairs",
    "origin_codes",
    "origins_repeat",
    "plan_groups",
    "quantity_pairs",
    "quantity_values",
]
