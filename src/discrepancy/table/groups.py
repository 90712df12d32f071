"""Grouping table rows with the rules of the reference twin's ``build_groups``, as arrays.

The comparison key (subject and property through entity aliases and :func:`fold`, folded
scope, type, unit) is worked out on the DISTINCT subjects, properties, scopes and units only,
then mapped back to rows as integer codes. Per subject/property/scope the most common type
wins (ties: the type that appears first) and the most common unit (same tie rule); other rows
are skipped with the engine's reasons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from attrs import frozen

from discrepancy.compare.text import EntityIndex, fold
from discrepancy.group_types import group_kinds
from discrepancy.grouping import scope_key
from discrepancy.groups import Skipped
from discrepancy.table.claims import build_claims
from discrepancy.table.columns import Columns
from discrepancy.table.encode import combine, encode
from discrepancy.types.registry import type_names
from discrepancy.units import NO_UNIT, UnitKey, incompatibility, unit_key

if TYPE_CHECKING:
    import polars as pl


@frozen(eq=False)
class Grouping:
    """``group`` per row (-1: skipped); per group: first row, type code, unit, display
    subject/property and scope (as the engine names a group: from its first row)."""

    group: np.ndarray
    first_row: np.ndarray
    type_code: np.ndarray
    unit: tuple[str | None, ...]
    unit_key: tuple[UnitKey, ...]
    unit_code: np.ndarray
    subjects: tuple[str, ...]
    properties: tuple[str, ...]
    scopes: tuple[tuple[tuple[str, str], ...], ...]
    skipped: tuple[Skipped, ...]
    #: per row: code of its unit's comparison key (0: no unit)
    row_unit_code: np.ndarray
    #: per skipped claim: its row, and the group of its key (subject, property, scope)
    skipped_row: np.ndarray
    skipped_group: np.ndarray

    @property
    def n_groups(self) -> int:
        return int(self.first_row.shape[0])


#: Printable ASCII texts that :func:`fold` leaves as they are: no capitals, no space at
#: either end, single spaces between words (``fact-12``, ``troops``, ``killed (min)``).
_FOLDED = r"^[!-@\[-~]+( [!-@\[-~]+)*$"


def fold_series(texts: pl.Series) -> list[str]:
    """:func:`fold` of each text: printable ASCII vectorised, anything else through ``fold``."""
    return _fold_texts(texts).to_list()


def fold_texts(texts: pl.Series) -> pl.Series:
    """:func:`fold` of each text, as a series (see :func:`fold_series`)."""
    return _fold_texts(texts)


def _fold_texts(texts: pl.Series) -> pl.Series:
    import polars as pl

    if texts.len() == 0:
        return texts.cast(pl.String)
    plain = texts.str.contains(r"^[ -~]*$").fill_null(False)
    fast = texts.str.replace_all(" +", " ").str.strip_chars(" ").str.to_lowercase()
    if plain.all():
        return fast
    out = pl.select(pl.when(plain).then(fast).otherwise(None)).to_series().to_list()
    for k in np.flatnonzero(~plain.to_numpy()).tolist():
        out[k] = fold(texts[k])
    return pl.Series(out, dtype=pl.String)


def canonical_codes(
    texts: pl.Series,
    entities: EntityIndex,
    encoded: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row, a code of the canonical form (entity id, else folded text) and the code of
    its exact text (for display); and the first row of each canonical code. Both codes are
    numbered in order of first appearance. ``encoded``: :func:`encode` of ``texts`` when
    the caller has it."""
    import polars as pl

    codes, first = encode(texts) if encoded is None else encoded
    if first.shape[0] <= 1:  # one text (a table's one property): nothing can fold together
        return codes, codes, first
    distinct = texts.gather(first)
    if not entities.names and distinct.str.contains(_FOLDED).fill_null(False).all():
        return codes, codes, first  # folding changes no text: distinct texts stay distinct
    folded = _fold_texts(distinct)
    if entities.names:
        folded = pl.Series([entities.names.get(k, k) for k in folded.to_list()], dtype=pl.String)
    if folded.n_unique() == folded.len():  # no two texts fold alike: the codes are canonical
        return codes, codes, first
    canon, canon_first = encode(folded)
    return canon[codes], codes, first[canon_first]


def _objects(items: list[object]) -> np.ndarray:
    """A 1-d object array of ``items`` (never split into a 2-d one)."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _most_common(
    bucket: np.ndarray, x: np.ndarray, rows: np.ndarray, n_buckets: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per bucket, the most common ``x`` among ``rows`` (ties: the one seen first) and the
    first row holding it; -1 where a bucket has none of ``rows``."""
    out = np.full(n_buckets, -1, dtype=np.int64)
    where = np.full(n_buckets, -1, dtype=np.int64)
    if rows.size == 0:
        return out, where
    b = bucket[rows].astype(np.int64)
    v = x[rows].astype(np.int64)
    width = int(v.max()) + 1
    key = b * width + v
    uniq, first, counts = np.unique(key, return_index=True, return_counts=True)
    ub, uv = uniq // width, uniq % width
    order = np.lexsort((first, -counts, ub))
    ub_o = ub[order]
    head = np.ones(order.shape[0], dtype=bool)
    head[1:] = ub_o[1:] != ub_o[:-1]
    out[ub_o[head]] = uv[order][head]
    where[ub_o[head]] = rows[first[order][head]]
    return out, where


def group_rows(cols: Columns, entities: EntityIndex) -> Grouping:
    """Group the rows of ``cols`` exactly as ``build_groups`` groups the same claims."""
    import polars as pl

    frame = cols.frame
    n = cols.n
    given = cols.text_codes
    subj, _, subj_first = canonical_codes(frame["subject"], entities, given.get("subject"))
    prop, prop_text, prop_first = canonical_codes(
        frame["property"], entities, given.get("property")
    )
    keys: dict[tuple[tuple[str, str], ...], int] = {}
    scope_code_of = np.array(
        [keys.setdefault(scope_key(s), len(keys)) for s in cols.scopes], dtype=np.int64
    )
    if prop_first.shape[0] <= 1 and len(keys) <= 1:  # one property, one scope: by subject
        bucket, first_row = subj, subj_first
    else:
        bucket, first_row = combine(subj, prop, scope_code_of[cols.scope_id])
    n_buckets = int(first_row.shape[0])

    if n and int(cols.type_code.min()) == int(cols.type_code.max()):  # one type: all typed
        kind = np.full(n_buckets, int(cols.type_code[0]), dtype=np.int64)
        typed = np.ones(n, dtype=bool)
    else:
        codes = cols.type_code.astype(np.int64)
        kind = group_kinds(bucket, codes, np.ones(n, dtype=bool))[first_row]
        typed = cols.type_code == kind[bucket]

    ucodes, ufirst = (
        encode(frame["unit"])
        if frame["unit"].null_count() < n
        else (np.zeros(n, dtype=np.intp), np.zeros(min(n, 1), dtype=np.int64))
    )
    distinct_units = [frame["unit"][int(r)] for r in ufirst.tolist()]
    ukeys = [unit_key(u) for u in distinct_units]
    ids: dict[str, int] = {"none:": 0}
    uk_code = np.array(
        [0 if k.kind == "none" else ids.setdefault(f"{k.kind}:{k.key}", len(ids)) for k in ukeys],
        dtype=np.int64,
    )
    if not uk_code.any():  # no row states a unit (or only blank ones): nothing to choose
        row_uk = np.zeros(n, dtype=np.int64)
        chosen = np.zeros(n_buckets, dtype=np.int64)
        unit_row = np.full(n_buckets, -1, dtype=np.int64)
        kept = typed
    else:
        row_uk = uk_code[ucodes]
        stated = typed & (row_uk != 0)
        chosen, unit_row = _most_common(bucket, row_uk, np.flatnonzero(stated), n_buckets)
        chosen = np.where(chosen < 0, 0, chosen)
        kept = typed & ((row_uk == 0) | (row_uk == chosen[bucket]))

    # per group: the chosen unit as written in its first row, and its key (lists by code)
    unit_text = _objects([*distinct_units, None])
    unit_keys = _objects([*ukeys, NO_UNIT])
    pick = np.where(unit_row >= 0, ucodes[np.maximum(unit_row, 0)], len(distinct_units))
    units: list[str | None] = unit_text[pick].tolist()
    group_keys: list[UnitKey] = unit_keys[pick].tolist()
    subjects = frame["subject"].gather(first_row).to_list() if n_buckets else []
    props = (
        [frame["property"][0]] * n_buckets
        if n_buckets and not prop_text.any()  # one property text in the whole table
        else frame["property"].gather(first_row).to_list()
    )
    if entities.names:
        subjects = [entities.entity(s) or s for s in subjects]
        props = [entities.entity(p) or p for p in props]
    scope_list = cols.scopes
    scopes = (
        [scope_list[0]] * n_buckets
        if len(scope_list) == 1
        else [scope_list[k] for k in cols.scope_id[first_row].tolist()]
    )

    skipped: list[Skipped] = []
    off = np.flatnonzero(~kept)
    order = np.zeros(0, dtype=np.int64)
    if off.size:
        claims = build_claims(cols, off)
        phase = np.where(typed[off], 1, 0)
        order = np.lexsort((off, phase, bucket[off]))
        for k in order.tolist():
            c, row = claims[k], int(off[k])
            b = int(bucket[row])
            if not typed[row]:
                name = type_names()[int(kind[b])]
                reason = (
                    f"type '{c.type}' cannot be compared with '{name}' "
                    f"(the other claims on {subjects[b]} {props[b]} are {name}s)"
                )
            else:
                reason = incompatibility(c.unit, units[b])
            skipped.append(Skipped(c.ref, reason, c.location))
    del pl
    return Grouping(
        group=np.where(kept, bucket, -1) if off.size else bucket,
        first_row=first_row,
        type_code=kind.astype(np.int8),
        unit=tuple(units),
        unit_key=tuple(group_keys),
        unit_code=chosen.astype(np.int64),
        subjects=tuple(subjects),
        properties=tuple(props),
        scopes=tuple(scopes),
        skipped=tuple(skipped),
        row_unit_code=row_uk,
        skipped_row=off[order].astype(np.int64),
        skipped_group=bucket[off[order]].astype(np.int64),
    )


__all__ = ["Grouping", "canonical_codes", "fold_series", "fold_texts", "group_rows"]
