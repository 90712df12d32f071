"""The rows of a key partition that the rules across facts (T001, P001, P002, D002) can
concern, placed as :class:`~discrepancy.rules.points.Point` objects for ``combine``.

A part and its whole are usually in different partitions (Derna and Libya are different
keys), so a partition only places its rows; the rules run once over the points of every
partition (:func:`discrepancy.rules.cross_facts.cross_fact_findings`). Rows are placed when
their group is a running total (the property is ``cumulative`` in configuration, or a claim
of the group says so), a part or a whole (subject, scope or property named in a
declaration), or when they are a date with ``after`` or named by one. A check that declares
none of these places nothing, at the cost of two column reads.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from discrepancy.compare.text import EntityIndex
from discrepancy.grouping import scope_key
from discrepancy.model import Claim
from discrepancy.rules.declared import Declared
from discrepancy.rules.points import Point, points_of_group
from discrepancy.table.claims import build_claims
from discrepancy.table.lint import Rows
from discrepancy.table.plan import Plan
from discrepancy.types.registry import type_flags

#: Columns of corrections (claims that take others back), read where a table has them.
_CORRECTIONS = ("supersedes", "retracted")
#: Yes/no columns (the rest are set when not null).
_FLAGS = frozenset({"cumulative", "retracted"})


def _flagged(plan: Plan, name: str) -> np.ndarray:
    """Rows where column ``name`` of the claim metadata is set (none when it is absent)."""
    frame = plan.cols.frame
    if name not in frame.columns:
        return np.zeros(plan.cols.n, dtype=bool)
    s = frame[name]
    if name in _FLAGS:  # a flag is set when true (false and null are not set)
        return s.fill_null(False).to_numpy().astype(bool)
    return s.is_not_null().to_numpy()


def _relevant_groups(plan: Plan, declared: Declared, index: EntityIndex) -> np.ndarray:
    """Per group: whether it is a quantity group whose fact is a running total, a part or a
    whole."""
    gr = plan.grouping
    out = np.zeros(gr.n_groups, dtype=bool)
    quantity = type_flags(plan.type_names, lambda t: t.numeric_columns)[gr.type_code]
    cumulative_rows = _flagged(plan, "cumulative")
    if cumulative_rows.any():
        g = gr.group[cumulative_rows]
        out[g[g >= 0]] = True
    if not (declared.cumulative or declared.has_parts or declared.has_sums):
        return out & quantity
    summed_props = {p for whole, parts in declared.property_sums for p in (whole, *parts)}
    summed_subjects = {s for whole, parts in declared.subject_sums for s in (whole, *parts)}
    summed_scopes = {s for whole, parts in declared.scope_sums for s in (whole, *parts)}
    for g in range(gr.n_groups):
        prop = index.canonical(gr.properties[g])
        subject = index.canonical(gr.subjects[g])
        scope = scope_key(gr.scopes[g])
        out[g] = bool(
            out[g]
            or prop in declared.cumulative
            or prop in summed_props
            or subject in summed_subjects
            or scope in summed_scopes
            or declared.subject_involved(subject)
            or declared.scope_involved(scope)
        )
    return out & quantity


def _ref_texts(plan: Plan, rows: np.ndarray) -> list[str]:
    cols = plan.cols
    meta = cols.frame[rows.tolist()].select("source", "claim").rows()
    return [f"{s}/{c}" for s, c in meta]


def _dated_rows(plan: Plan, targets: Iterable[str] | None) -> np.ndarray:
    """Rows of date groups that declare ``after`` or that an ``after`` names."""
    after = _flagged(plan, "after")
    if not after.any() and not targets:
        return np.zeros(0, dtype=np.int64)
    gr = plan.grouping
    is_date = np.zeros(plan.cols.n, dtype=bool)
    grouped = gr.group >= 0
    date_groups = type_flags(plan.type_names, lambda t: t.consensus == "date")[gr.type_code]
    is_date[grouped] = date_groups[gr.group[grouped]] if gr.n_groups else False
    picked = after & is_date
    names = set(targets or ())
    if after.any():
        frame = plan.cols.frame
        for row in np.flatnonzero(picked).tolist():
            source, written = frame["source"][row], frame["after"][row]
            names.add(written if "/" in written else f"{source}/{written}")
    candidates = np.flatnonzero(is_date & ~picked)
    if candidates.size and names:
        refs = _ref_texts(plan, candidates)
        named = np.array([r in names for r in refs], dtype=bool)
        picked[candidates[named]] = True
    return np.flatnonzero(picked)


def cross_points(
    plan: Plan,
    declared: Declared,
    index: EntityIndex,
    relocate: Rows,
    *,
    after_targets: Iterable[str] | None = None,
) -> tuple[Point, ...]:
    """The points of the rows of ``plan`` the rules across facts can concern (claims
    relocated by ``relocate.claim``); ``after_targets``: refs other partitions' ``after``
    name."""
    gr = plan.grouping
    if not gr.n_groups:
        return ()
    groups = _relevant_groups(plan, declared, index)
    row_pick = np.zeros(plan.cols.n, dtype=bool)
    grouped = gr.group >= 0
    row_pick[grouped] = groups[gr.group[grouped]]
    row_pick[_dated_rows(plan, after_targets)] = True
    for name in _CORRECTIONS:
        row_pick |= _flagged(plan, name) & grouped
    rows = np.flatnonzero(row_pick)
    if not rows.size:
        return ()
    claims = build_claims(plan.cols, rows)
    placed: list[Claim] = [relocate.claim(c) for c in claims]
    pub = plan.cols.published
    days = pub[rows] if pub is not None else np.zeros(rows.shape[0], dtype=np.int64)
    g_of = gr.group[rows]
    order = np.argsort(g_of, kind="stable")
    groups_in = g_of[order]
    bounds = np.flatnonzero(np.diff(groups_in)) + 1
    starts = np.concatenate([[0], bounds]).tolist()
    ends = np.concatenate([bounds, [groups_in.shape[0]]]).tolist()
    day_list = days.tolist()
    out: list[Point] = []
    for start, end in zip(starts, ends, strict=True):
        at = order[start:end].tolist()
        g = int(groups_in[start])
        out.extend(
            points_of_group(
                [placed[k] for k in at],
                subject=gr.subjects[g],
                property=gr.properties[g],
                scope=gr.scopes[g],
                unit=gr.unit[g],
                type=plan.type_names[int(gr.type_code[g])],
                published=[max(int(day_list[k]), 0) for k in at],
            )
        )
    return tuple(out)


__all__ = ["cross_points"]
