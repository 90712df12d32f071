"""Compare many groups at once: one flat array per built-in type, one verdict call per type.

:func:`~discrepancy.grouping.compare_group` compares one group; for a group of five claims
numpy's fixed cost per call is most of the work, so comparing 2,000 groups one by one costs
more than a plain Python double loop. :func:`compare_groups` gives the same
:class:`~discrepancy.grouping.ComparedGroup` objects for a whole list of groups:

1. one pass over the claims (in group order) lays every built-in group's values out in flat
   arrays, converted to their group's unit (quantities), as day ordinals (dates) or as integer
   codes of their normalised text (labels, assertions);
2. :func:`~discrepancy.table.pairs.segment_pairs` gives every group's upper triangle at once,
   and one vectorised ``as_of`` mask makes pairs with disjoint ``as_of`` incomparable;
3. each type's array-level verdict function (:func:`.quantity.quantity_verdicts` ...) runs
   once over all comparable pairs of its groups;
4. the results are sliced back into one :class:`ComparedGroup` per group.

Sets align their members per group (one ``rapidfuzz`` ``cdist`` each) and then share the
same pair arrays. Plugin claim types (and built-in names bound to another implementation) go
through :func:`compare_group` unchanged. Type errors are raised in group order, as the
per-group path raises them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from discrepancy.compare.date import date_verdicts
from discrepancy.compare.label import equality_verdicts
from discrepancy.compare.members import align_spelled, differences, set_verdicts
from discrepancy.compare.quantity import quantity_verdicts, written_halfwidth
from discrepancy.compare.result import Comparison
from discrepancy.grouping import ComparedGroup, Group, compare_group, compared_from
from discrepancy.rules.registry import ClaimType, claim_types
from discrepancy.table.pairs import interval_overlap, segment_pairs
from discrepancy.types.assertion import AssertionType
from discrepancy.types.date import DateType
from discrepancy.types.label import LabelType
from discrepancy.types.quantity import QuantityType
from discrepancy.types.set import SetType
from discrepancy.units import convert
from discrepancy.values import Assertion, DateInterval, Label, MemberSet, Quantity

if TYPE_CHECKING:
    from discrepancy.config import Config

# what each group is compared by: a kind code per group
_OTHER, _QUANTITY, _DATE, _LABEL, _ASSERTION, _SET = range(6)
_KIND: dict[type, int] = {
    QuantityType: _QUANTITY,
    DateType: _DATE,
    LabelType: _LABEL,
    AssertionType: _ASSERTION,
    SetType: _SET,
}


def _wrong(kind: str, what: str, group: Group) -> TypeError:
    """The error the type's own ``compare`` raises for a value of another type."""
    return TypeError(f"{kind} group {group.subject}/{group.property} holds non-{what} values")


class _Flat:
    """Every claim's values in flat arrays (positions in the concatenation of the groups)."""

    def __init__(self, total: int) -> None:
        self.as_of_at: list[int] = []
        self.as_of_start: list[int] = []
        self.as_of_end: list[int] = []
        self.q_at: list[int] = []
        self.q_values: list[tuple[float, float, float]] = []
        #: (unit, group unit) -> rows of ``q_values`` to convert
        self.q_convert: dict[tuple[str, str | None], list[int]] = {}
        #: per quantity: half a unit of its last written digit, and a code of its unit
        self.q_half: list[float] = []
        self.q_written: list[int] = []
        self._units: dict[str | None, int] = {}
        self.d_at: list[int] = []
        self.d_start: list[int] = []
        self.d_end: list[int] = []
        self.c_at: list[int] = []
        self.c_codes: list[int] = []
        self._texts: dict[str, int] = {}
        #: per set group: its aligned members with their first spelling per claim
        self.shown: dict[int, list[dict[str, str]]] = {}
        self.s_at: list[int] = []
        self.s_width: list[int] = []
        self.s_complete: list[bool] = []
        self.s_rows: list[int] = []
        self.s_cols: list[int] = []
        self.total = total

    def quantities(self, group: Group, base: int) -> None:
        target = group.unit
        for k, c in enumerate(group.claims):
            v = c.value
            if not isinstance(v, Quantity):
                raise _wrong("quantity", "quantity", group)
            if c.unit is not None and c.unit != target:
                self.q_convert.setdefault((c.unit, target), []).append(len(self.q_values))
            self.q_at.append(base + k)
            self.q_values.append((v.low, v.best, v.high))
            self.q_half.append(written_halfwidth(c.raw, v))
            written = c.unit if c.unit is not None else target
            self.q_written.append(self._units.setdefault(written, len(self._units)))

    def dates(self, group: Group, base: int) -> None:
        for k, c in enumerate(group.claims):
            v = c.value
            if not isinstance(v, DateInterval):
                raise _wrong("date", "date", group)
            self.d_at.append(base + k)
            self.d_start.append(v.start.toordinal())
            self.d_end.append(v.end.toordinal())

    def labels(self, group: Group, base: int) -> None:
        texts = self._texts
        canonical = group.entities.canonical
        for k, c in enumerate(group.claims):
            v = c.value
            text = canonical(v.text if isinstance(v, Label) else v.render())
            self.c_at.append(base + k)
            self.c_codes.append(texts.setdefault(text, len(texts)))

    def assertions(self, group: Group, base: int) -> None:
        for k, c in enumerate(group.claims):
            v = c.value
            if not isinstance(v, Assertion):
                raise _wrong("assertion", "assertion", group)
            self.c_at.append(base + k)
            self.c_codes.append(int(bool(v.value)))

    def sets(self, gi: int, group: Group, base: int, *, threshold: float) -> None:
        values: list[MemberSet] = []
        for c in group.claims:
            if not isinstance(c.value, MemberSet):
                raise _wrong("set", "set", group)
            values.append(c.value)
        shown = align_spelled([v.members for v in values], group.entities, threshold=threshold)
        self.shown[gi] = shown
        index: dict[str, int] = {}
        for k, members in enumerate(shown):
            for m in members:
                self.s_rows.append(base + k)
                self.s_cols.append(index.setdefault(m, len(index)))
        self.s_at.extend(range(base, base + len(values)))
        self.s_width.extend([len(index)] * len(values))
        self.s_complete.extend(v.complete for v in values)

    def set_incidences(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Claims x members matrices of the set groups, one per power-of-two width (groups
        padded to it): ``(positions, incidence, complete)``, rows in position order."""
        at = np.asarray(self.s_at, dtype=np.int64)
        width = np.maximum(np.asarray(self.s_width, dtype=np.int64), 1)
        bucket = 1 << np.ceil(np.log2(width)).astype(np.int64)
        rows = np.asarray(self.s_rows, dtype=np.int64)
        cols = np.asarray(self.s_cols, dtype=np.int64)
        complete = np.asarray(self.s_complete, dtype=bool)
        row_of = np.full(self.total, -1, dtype=np.int64)
        row_of[at] = np.arange(at.shape[0])
        entry_bucket = bucket[row_of[rows]]
        out = []
        for w in np.unique(bucket).tolist():
            take = bucket == w
            positions = at[take]
            local = np.full(self.total, -1, dtype=np.int64)
            local[positions] = np.arange(positions.shape[0])
            incidence = np.zeros((positions.shape[0], w), dtype=bool)
            entries = entry_bucket == w
            incidence[local[rows[entries]], cols[entries]] = True
            out.append((positions, incidence, complete[take]))
        return out

    def as_of(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        has = np.zeros(self.total, dtype=bool)
        start = np.zeros(self.total, dtype=np.int64)
        end = np.zeros(self.total, dtype=np.int64)
        has[self.as_of_at] = True
        start[self.as_of_at] = self.as_of_start
        end[self.as_of_at] = self.as_of_end
        return has, start, end

    def quantity_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``low, best, high`` of every position (0 where not a quantity), converted as
        :func:`.quantity.quantity_arrays` converts them."""
        arr = np.array(self.q_values, dtype=np.float64).reshape(-1, 3)
        for (unit, target), rows in self.q_convert.items():
            arr[rows] = convert(arr[rows], unit, target)
        out = np.zeros((self.total, 3), dtype=np.float64)
        out[self.q_at] = arr
        return out[:, 0], out[:, 1], out[:, 2]

    def quantity_slack(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Per position, the written precision in the group unit and the written unit's
        code (see :func:`.quantity.quantity_verdicts`); None when nothing is converted."""
        if not self.q_convert:
            return None, None
        best = np.array([v[1] for v in self.q_values], dtype=np.float64)
        half = np.array(self.q_half, dtype=np.float64)
        for (unit, target), rows in self.q_convert.items():
            if half[rows].any():
                a = convert(best[rows], unit, target)
                half[rows] = np.abs(convert(best[rows] + half[rows], unit, target) - a)
        slack = np.zeros(self.total, dtype=np.float64)
        code = np.full(self.total, -1, dtype=np.int64)
        slack[self.q_at] = half
        code[self.q_at] = self.q_written
        return slack, code

    def date_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        start = np.zeros(self.total, dtype=np.int64)
        end = np.zeros(self.total, dtype=np.int64)
        start[self.d_at] = self.d_start
        end[self.d_at] = self.d_end
        return start, end

    def codes(self) -> np.ndarray:
        out = np.zeros(self.total, dtype=np.int64)
        out[self.c_at] = self.c_codes
        return out


def _kinds(groups: Sequence[Group], known: Mapping[str, ClaimType]) -> list[int]:
    """Each group's kind code; a type bound to a plugin class is compared on its own."""
    return [_KIND.get(type(known[g.type]), _OTHER) for g in groups]


def compare_groups(
    groups: Sequence[Group], config: Config, *, types: Mapping[str, ClaimType] | None = None
) -> list[ComparedGroup]:
    """``[compare_group(g, config) for g in groups]``, with one vectorised verdict call per
    built-in type instead of one per group (see the module docs).

    ``types`` maps type names to claim types (default: every registered type); a group whose
    type is missing raises ``KeyError``, as :func:`.check_objects.compare_all` does.
    """
    if types is None:
        types = claim_types()
    kinds = _kinds(groups, types)
    sizes = [len(g.claims) for g in groups]
    bases = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).tolist()
    flat = _Flat(int(bases[-1]))
    done: dict[int, ComparedGroup] = {}
    for gi, (group, kind) in enumerate(zip(groups, kinds, strict=True)):
        base = bases[gi]
        if kind == _OTHER:
            done[gi] = compare_group(group, config, claim_type=types[group.type])
            continue
        for k, c in enumerate(group.claims):
            if c.as_of is not None:
                flat.as_of_at.append(base + k)
                flat.as_of_start.append(c.as_of.start.toordinal())
                flat.as_of_end.append(c.as_of.end.toordinal())
        if kind == _SET:
            flat.sets(gi, group, base, threshold=config.set_fuzzy_threshold)
        elif sizes[gi] < 2:
            continue  # nothing to compare: the per-group path checks no values either
        elif kind == _QUANTITY:
            flat.quantities(group, base)
        elif kind == _DATE:
            flat.dates(group, base)
        elif kind == _ASSERTION:
            flat.assertions(group, base)
        else:
            flat.labels(group, base)
    return _verdicts(groups, kinds, sizes, bases, flat, done, config)


def _verdicts(
    groups: Sequence[Group],
    kinds: list[int],
    sizes: list[int],
    bases: list[int],
    flat: _Flat,
    done: dict[int, ComparedGroup],
    config: Config,
) -> list[ComparedGroup]:
    """Pairs, ``as_of`` masks and verdicts of all groups at once, sliced per group."""
    n_groups = len(groups)
    size_arr = np.asarray(sizes, dtype=np.int64)
    kind_arr = np.asarray(kinds, dtype=np.int8)
    # plugin groups were compared on their own: give them no pairs here
    size_arr = np.where(kind_arr == _OTHER, 0, size_arr)
    starts = np.asarray(bases[:-1], dtype=np.int64)
    counts = size_arr * (size_arr - 1) // 2
    pi, pj = segment_pairs(size_arr)
    # segment_pairs counts positions among the included segments; move them to ``bases``
    shift = np.repeat(starts - (np.cumsum(size_arr) - size_arr), counts)
    pi, pj = pi + shift, pj + shift
    pair_group = np.repeat(np.arange(n_groups, dtype=np.int64), counts)
    has, as_start, as_end = flat.as_of()
    comparable = interval_overlap(as_start, as_end, has, pi, pj)
    pair_kind = kind_arr[pair_group]

    verdict = np.zeros(pi.shape[0], dtype=np.int8)
    magnitude = np.full(pi.shape[0], np.nan)
    major = np.zeros(pi.shape[0], dtype=bool)

    def fill(kind: int, compute: Callable[[np.ndarray, np.ndarray], Comparison]) -> None:
        at = np.flatnonzero(comparable & (pair_kind == kind))
        if at.shape[0]:
            result = compute(pi[at], pj[at])
            verdict[at] = result.verdict
            magnitude[at] = result.magnitude
            major[at] = result.major

    if flat.q_at:
        low, best, high = flat.quantity_arrays()
        slack, written = flat.quantity_slack()
        ratio = config.quantity_major_ratio
        fill(
            _QUANTITY,
            lambda i, j: quantity_verdicts(
                low, best, high, i, j, major_ratio=ratio, slack=slack, unit_code=written
            ),
        )
    if flat.d_at:
        d_start, d_end = flat.date_arrays()
        days = config.date_major_days
        fill(_DATE, lambda i, j: date_verdicts(d_start, d_end, i, j, major_days=days))
    if flat.c_at:
        codes = flat.codes()
        fill(_LABEL, lambda i, j: equality_verdicts(codes, i, j))
        fill(_ASSERTION, lambda i, j: equality_verdicts(codes, i, j))

    if flat.s_at:
        distance = config.set_major_distance
        at = np.flatnonzero(comparable & (pair_kind == _SET))
        for positions, incidence, complete in flat.set_incidences():
            row = np.full(flat.total, -1, dtype=np.int64)
            row[positions] = np.arange(positions.shape[0])
            sel = at[row[pi[at]] >= 0]
            result = set_verdicts(
                incidence, complete, row[pi[sel]], row[pj[sel]], major_distance=distance
            )
            verdict[sel] = result.verdict
            magnitude[sel] = result.magnitude
            major[sel] = result.major

    # the comparable pairs of each group, as positions within the group
    keep = np.flatnonzero(comparable)
    local = starts[pair_group[keep]]
    ci, cj = pi[keep] - local, pj[keep] - local
    cverdict, cmagnitude, cmajor = verdict[keep], magnitude[keep], major[keep]
    for arr in (ci, cj, cverdict, cmagnitude, cmajor, comparable):
        arr.flags.writeable = False
    c_off = np.concatenate([[0], np.cumsum(np.bincount(pair_group[keep], minlength=n_groups))])
    p_off = np.concatenate([[0], np.cumsum(counts)])
    c_bounds, p_bounds = c_off.tolist(), p_off.tolist()

    out: list[ComparedGroup] = []
    for gi, group in enumerate(groups):
        if gi in done:
            out.append(done[gi])
            continue
        a, b = c_bounds[gi], c_bounds[gi + 1]
        i, j = ci[a:b], cj[a:b]
        mask = comparable[p_bounds[gi] : p_bounds[gi + 1]]
        if kinds[gi] == _SET:
            shown = flat.shown[gi]
            only_a, only_b = differences(shown, i, j)
            result = Comparison(
                cverdict[a:b],
                cmagnitude[a:b],
                cmajor[a:b],
                only_a=only_a,
                only_b=only_b,
                members=tuple(tuple(d) for d in shown),
            )
            out.append(compared_from(group, i, j, mask, result))
            continue
        result = Comparison(cverdict[a:b], cmagnitude[a:b], cmajor[a:b])
        out.append(compared_from(group, i, j, mask, result))
    return out


__all__ = ["compare_groups"]
