"""Claim objects for table rows, built only when something asks for them.

A million-row table never becomes a million :class:`~discrepancy.model.Claim` objects: the
report holds a :class:`LazyClaims` sequence, and findings build the claims of their own group.
A claim built here is the claim a claim file with the same fields would give (numbers read as
``value: 1500`` or ``value: {low: .., best: .., high: ..}`` would), so findings match.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np
from attrs import field, frozen

from discrepancy.location import Location
from discrepancy.model import Claim, ClaimSet, Entity, Source
from discrepancy.table.columns import Columns, number, parse_location
from discrepancy.table.encode import first_rows
from discrepancy.values import Quantity, parse_quantity


def _raw_number(cols: Columns, row: int) -> tuple[object, Quantity]:
    gl, gb, gh = (
        float(cols.given_low[row]),
        float(cols.given_best[row]),
        float(cols.given_high[row]),
    )
    if math.isnan(gl) and math.isnan(gh):
        raw: object = number(gb)
        return raw, parse_quantity(raw)
    raw = {k: number(x) for k, x in (("low", gl), ("best", gb), ("high", gh)) if not math.isnan(x)}
    return raw, parse_quantity(raw)


def build_claims(cols: Columns, rows: Sequence[int] | np.ndarray) -> list[Claim]:
    """The :class:`Claim` of each of ``rows`` (0-based table rows), in the order given."""
    rows = [int(r) for r in rows]
    if not rows:
        return []
    if cols.objects is not None:
        return [cols.objects[r] for r in rows]
    meta = cols.frame[rows].rows()
    value_col = cols.positions.get("value", cols.positions.get("best", -1)) + 1
    out: list[Claim] = []
    unnamed = [row for row, m in zip(rows, meta, strict=True) if m[1] is None]
    default_id = dict(zip(unnamed, cols.rank_of(unnamed), strict=True))
    verified = cols.verified
    for row, (
        source,
        cid,
        subject,
        prop,
        unit,
        said_by,
        quote,
        note,
        via,
        at,
        value_at,
        *fix,
    ) in zip(rows, meta, strict=True):
        supersedes, retracted, reason, denied_by, grade = fix
        vid = int(cols.value_id[row])
        if vid >= 0:
            raw, value = cols.raws[vid], cols.values[vid]
        else:
            raw, value = _raw_number(cols, row)
        aid = int(cols.as_of_id[row])
        line = cols.line(row)
        out.append(
            Claim(
                source=source,
                subject=subject,
                property=prop,
                value=value,
                id=cid if cid is not None else f"c{default_id[row]}",
                raw=raw,
                unit=unit,
                as_of=cols.as_ofs[aid] if aid >= 0 else None,
                scope=cols.scopes[int(cols.scope_id[row])],
                ignore=cols.ignores[int(cols.ignore_id[row])] if cols.ignore_id is not None else (),
                said_by=said_by,
                via=via or (),
                quote=quote,
                note=note,
                location=parse_location(at) if at else Location(cols.path, line, 0),
                value_location=(
                    parse_location(value_at) if value_at else Location(cols.path, line, value_col)
                ),
                supersedes=supersedes,
                retracted=bool(retracted),
                reason=reason,
                denied_by=denied_by or (),
                supersedes_location=(
                    Location(cols.path, line, cols.positions["supersedes"] + 1)
                    if supersedes is not None and "supersedes" in cols.positions
                    else None
                ),
                verified=bool(verified[row]) if verified is not None else False,
                grade=grade,
            )
        )
    return out


class LazyClaims(Sequence[Claim]):
    """The claims of a table as a sequence; each access builds the claims it returns."""

    __slots__ = ("_cols",)

    def __init__(self, cols: Columns) -> None:
        self._cols = cols

    def __len__(self) -> int:
        return self._cols.n

    @overload
    def __getitem__(self, index: int) -> Claim: ...
    @overload
    def __getitem__(self, index: slice) -> list[Claim]: ...
    def __getitem__(self, index: int | slice) -> Claim | list[Claim]:
        n = self._cols.n
        if isinstance(index, slice):
            return build_claims(self._cols, range(*index.indices(n)))
        if index < 0:
            index += n
        if not 0 <= index < n:
            msg = f"claim index {index} out of range ({n} claims)"
            raise IndexError(msg)
        return build_claims(self._cols, [index])[0]

    def __iter__(self) -> Iterator[Claim]:
        step = 4096
        for start in range(0, self._cols.n, step):
            yield from build_claims(self._cols, range(start, min(start + step, self._cols.n)))

    def __repr__(self) -> str:
        return f"LazyClaims({self._cols.n} claims from {self._cols.path})"


def _keep(raw: object) -> object:
    return raw


@frozen
class TableClaimSet(ClaimSet):
    """A :class:`ClaimSet` whose claims are a table's rows, built on access."""

    claims: Sequence[Claim] = field(default=(), converter=_keep)  # type: ignore[assignment]


def table_claim_set(
    cols: Columns, entities: Sequence[Entity] = (), sources: Sequence[Source] = ()
) -> TableClaimSet:
    """Sources and lazily built claims of a table: ``sources`` (a sources table's rows) in
    their order, then the other sources of the claims in order of first row, with the
    ``published`` day of that row."""
    given = {s.id: s for s in sources}
    out = list(sources)
    pub = cols.published
    for sid, row in zip(cols.source_ids, _first_rows(cols.source).tolist(), strict=True):
        if sid in given:
            continue
        day = int(pub[row]) if pub is not None else 0
        out.append(
            Source(
                id=sid,
                published=dt.date.fromordinal(day) if day > 0 else None,
                location=cols.location(int(row), "source"),
            )
        )
    return TableClaimSet(sources=out, entities=list(entities), claims=LazyClaims(cols))


def _first_rows(codes: np.ndarray) -> np.ndarray:
    return first_rows(codes)  # source codes are numbered by first appearance


__all__ = ["LazyClaims", "TableClaimSet", "build_claims", "table_claim_set"]
