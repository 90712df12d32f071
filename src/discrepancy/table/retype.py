"""Type inference that looks at the group, on a claim table (see :mod:`discrepancy.group_types`).

:func:`retype_by_group` reads each distinct text value whose inferred type differs from its
group's again as the group's type, once per distinct (value, type), and updates the columns;
a label among quantities or dates is E110 naming its row, as claim files do.
"""

from __future__ import annotations

import attrs
import numpy as np

from discrepancy.aliases import alias_of
from discrepancy.compare.text import EntityIndex
from discrepancy.errors import ValueParseError
from discrepancy.group_types import (
    LABEL,
    counted_rows,
    group_kinds,
    retype_message,
    strict_codes,
)
from discrepancy.grouping import scope_key
from discrepancy.table.columns import Columns, _Problems
from discrepancy.table.encode import combine
from discrepancy.table.groups import canonical_codes
from discrepancy.types.registry import parse_as, type_names
from discrepancy.values import Quantity, Value


def fact_codes(cols: Columns, entities: EntityIndex) -> np.ndarray:
    """Per row, a code of its fact: canonical subject and property, and scope (folded)."""
    n = cols.n
    frame = cols.frame
    given = cols.text_codes  # read_columns encoded both already
    subj, _, _ = canonical_codes(frame["subject"], entities, given.get("subject"))
    prop, _, _ = canonical_codes(frame["property"], entities, given.get("property"))
    keys: dict[tuple[tuple[str, str], ...], int] = {}
    scope_code = np.array(
        [keys.setdefault(scope_key(s), len(keys)) for s in cols.scopes], dtype=np.intp
    )
    scope_of_row = scope_code[cols.scope_id] if n else np.zeros(0, dtype=np.intp)
    fact, _ = combine(subj, prop, scope_of_row)
    return np.asarray(fact, dtype=np.int64)


def prepare_columns(cols: Columns, entities: EntityIndex, *, approx: float) -> Columns:
    """The passes over a table's claims before checking, as claim files get them: entity
    aliases for units, scopes and speakers (:mod:`discrepancy.aliases`), then type inference
    by group (:func:`retype_by_group`)."""
    return retype_by_group(resolve_column_aliases(cols, entities), entities, approx=approx)


def resolve_column_aliases(cols: Columns, entities: EntityIndex) -> Columns:
    """``cols`` with units, scope keys/values and speakers that name an entity written as
    its id (per distinct text)."""
    if not entities.names or cols.n == 0:
        return cols
    import polars as pl

    frame = cols.frame
    changed: dict[str, pl.Series] = {}
    for name in ("unit", "said_by"):
        series = frame[name]
        if series.null_count() == series.len():
            continue
        table = {t: alias_of(entities, t) for t in series.unique().to_list() if t is not None}
        if any(k != v for k, v in table.items()):
            changed[name] = series.replace_strict(table, default=None, return_dtype=pl.String)
    scopes = tuple(
        tuple((alias_of(entities, k) or k, alias_of(entities, v) or v) for k, v in s)
        for s in cols.scopes
    )
    if not changed and scopes == cols.scopes:
        return cols
    return attrs.evolve(
        cols, frame=frame.with_columns(**changed) if changed else frame, scopes=scopes
    )


def retype_by_group(cols: Columns, entities: EntityIndex, *, approx: float) -> Columns:
    """``cols`` with values read as their group's type where that parses.

    Raises:
        ClaimFileError: E110 for each value that parses only as a label among quantities
            or dates, naming its rows.
    """
    if cols.inferred is None:
        return cols
    kind = cols.type_code.astype(np.int64)
    fact = fact_codes(cols, entities)
    names = type_names()
    strict = strict_codes(names)
    group = group_kinds(fact, kind, counted_rows(kind, cols.inferred), names)
    todo = np.flatnonzero(cols.inferred & (group >= 0) & (group != kind))
    if not todo.size:
        return cols
    problems = _Problems(cols.path, cols.first_line, cols.positions)
    values: list[Value] = list(cols.values)
    raws: list[object] = list(cols.raws)
    value_id = cols.value_id.copy()
    type_code = cols.type_code.copy()
    low, best, high = cols.low.copy(), cols.best.copy(), cols.high.copy()
    pairs, first = combine(cols.value_id[todo].astype(np.intp), group[todo].astype(np.intp))
    for code, at in enumerate(first.tolist()):
        row = int(todo[at])
        rows = todo[pairs == code]
        vid, target = int(cols.value_id[row]), int(group[row])
        raw = cols.raws[vid]
        try:
            value = parse_as(raw, names[target], published=None, approx=approx)
        except ValueParseError as err:
            if kind[row] == LABEL and target in strict:
                subject = cols.frame["subject"][row]
                where = f"{entities.entity(subject) or subject} {cols.frame['property'][row]}"
                problems.rows(
                    "E110",
                    "value",
                    rows,
                    retype_message(err.message, err.hint, names[target], where),
                )
            continue
        value_id[rows] = len(values)
        values.append(value)
        raws.append(raw)
        type_code[rows] = target
        if isinstance(value, Quantity):
            low[rows], best[rows], high[rows] = value.low, value.best, value.high
        else:
            low[rows] = best[rows] = high[rows] = np.nan
    problems.raise_if_any()
    return attrs.evolve(
        cols,
        values=tuple(values),
        raws=tuple(raws),
        value_id=value_id,
        type_code=type_code,
        low=low,
        best=best,
        high=high,
    )


__all__ = ["fact_codes", "prepare_columns", "resolve_column_aliases", "retype_by_group"]
