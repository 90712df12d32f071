"""``check_dask``: :func:`~discrepancy.table.check_table` over a Dask DataFrame of claims.

Needs ``discrepancy[dask]``. Runs on whatever scheduler is active (a
``dask.distributed.Client`` when one exists). Three passes:

1. per input partition: its rows and sources (to number rows and default claim ids
   ``c1, c2, ...`` per source over the whole table, and to code sources globally);
2. rows get their table row (``__row``), default claim ids and a comparison key (``__key``:
   canonical subject and property), and are shuffled on that key so every comparison group
   lands in one partition;
3. :func:`~discrepancy.distributed.check_partition` (the table engine's own grouping,
   verdicts and rules) runs on each partition; the client combines the results
   (:func:`~discrepancy.distributed.combine`, as ``check_table`` does for one partition):
   findings in report order, agreement counts summed, and ONE consensus run over the
   gathered per-claim arrays (source reliabilities are global, so truth discovery needs all
   groups at once).

The report equals ``check_table`` on the same rows (the tests compare their JSON). Claims
(``report.claims.claims``) stay on the cluster: reading one computes its input partition.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

import numpy as np

from discrepancy.config import Config
from discrepancy.distributed import INTERNAL, KEY, ROW, canonical_keys, check_partition, combine
from discrepancy.errors import ClaimFileError
from discrepancy.location import Location
from discrepancy.model import Claim, Entity, ScopeRelation, Source
from discrepancy.report.report import Report
from discrepancy.rules.declared import declaration_problems
from discrepancy.table.claims import TableClaimSet


def _partition_sources(pdf: Any) -> tuple[int, list[tuple[str | None, int, int]]]:
    """Rows of one input partition, and per source (first appearance order) its first row
    and row count."""
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    if "source" not in pdf.columns:  # check_partition reports the missing column
        return len(pdf), []
    src = pd.Series(pdf["source"].to_numpy(dtype=object))
    src = src.where(src.notna(), None)
    out: dict[str | None, list[int]] = {}
    for k, s in enumerate(src.tolist()):
        item = out.get(s)
        if item is None:
            out[s] = [k, 1]
        else:
            item[1] += 1
    return len(pdf), [(s, first, count) for s, (first, count) in out.items()]


def _after_refs(pdf: Any) -> list[str]:
    """The refs (``source/claim``) the ``after`` cells of one input partition name."""
    if "after" not in pdf.columns or "source" not in pdf.columns:
        return []
    out = []
    for source, after in zip(pdf["source"].tolist(), pdf["after"].tolist(), strict=True):
        if isinstance(after, str) and after:
            out.append(after if "/" in after else f"{source}/{after}")
    return out


def _number(
    pdf: Any,
    offset: int,
    rank_offset: dict[str | None, int],
    entities: tuple[Entity, ...],
) -> Any:
    """Table rows, default claim ids and the shuffle key of one input partition."""
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    out = pdf.copy()
    n = len(out)
    raw = out["source"].to_numpy(dtype=object) if "source" in out.columns else [None] * n
    src = pd.Series(raw, index=out.index, dtype=object)
    src = src.where(src.notna(), None)
    rank = src.groupby(src.fillna("\x00"), sort=False).cumcount() + 1
    rank = rank + src.map(lambda s: rank_offset.get(s, 0)).astype(np.int64)
    default = "c" + rank.astype(str)
    if "claim" in out.columns:
        given = pd.Series(out["claim"].to_numpy(dtype=object), index=out.index)
        out["claim"] = given.where(given.notna(), default).astype(object)
    else:
        out["claim"] = default.astype(object)
    out[ROW] = np.arange(offset, offset + n, dtype=np.int64)
    out[KEY] = canonical_keys(out.drop(columns=list(INTERNAL), errors="ignore"), entities)
    return out


class DaskClaims(Sequence[Claim]):
    """The claims of a Dask table, built on access from their input partition (which is
    computed then: claims stay on the cluster until read)."""

    __slots__ = ("_approx", "_cache", "_first_line", "_frame", "_offsets", "_path")

    def __init__(
        self, frame: Any, offsets: np.ndarray, *, path: str, first_line: int, approx: float
    ) -> None:
        self._frame = frame
        self._offsets = offsets
        self._path = path
        self._first_line = first_line
        self._approx = approx
        self._cache: dict[int, Any] = {}

    def __len__(self) -> int:
        return int(self._offsets[-1])

    def _columns(self, k: int) -> Any:
        from discrepancy.table.columns import read_columns
        from discrepancy.table.read import to_polars

        cols = self._cache.get(k)
        if cols is None:
            pdf = self._frame.get_partition(k).compute()
            frame = to_polars(pdf.drop(columns=list(INTERNAL)), path=self._path)
            cols = read_columns(
                frame,
                path=self._path,
                first_line=self._first_line + int(self._offsets[k]),
                approx=self._approx,
            )
            self._cache.clear()
            self._cache[k] = cols
        return cols

    def _get(self, index: int) -> Claim:
        from discrepancy.table.claims import build_claims

        k = int(np.searchsorted(self._offsets, index, side="right")) - 1
        return build_claims(self._columns(k), [index - int(self._offsets[k])])[0]

    @overload
    def __getitem__(self, index: int) -> Claim: ...
    @overload
    def __getitem__(self, index: slice) -> list[Claim]: ...
    def __getitem__(self, index: int | slice) -> Claim | list[Claim]:
        n = len(self)
        if isinstance(index, slice):
            return [self._get(k) for k in range(*index.indices(n))]
        if index < 0:
            index += n
        if not 0 <= index < n:
            msg = f"claim index {index} out of range ({n} claims)"
            raise IndexError(msg)
        return self._get(index)

    def __iter__(self) -> Iterator[Claim]:
        for k in range(len(self._offsets) - 1):
            cols = self._columns(k)
            yield from self._claims_of(cols)

    @staticmethod
    def _claims_of(cols: Any) -> Iterator[Claim]:
        from discrepancy.table.claims import LazyClaims

        yield from LazyClaims(cols)

    def __repr__(self) -> str:
        return f"DaskClaims({len(self)} claims in {len(self._offsets) - 1} partitions)"


def check_dask(
    ddf: Any,
    config: Config | None = None,
    *,
    path: str = "<table>",
    first_line: int = 1,
    entities: Iterable[Entity] = (),
    consensus: bool = True,
    npartitions: int | None = None,
    scopes: Iterable[ScopeRelation] = (),
) -> Report:
    """Check a Dask DataFrame of claims (the columns of
    :func:`~discrepancy.table.check_table`) on the active Dask scheduler.

    Rows are shuffled by comparison key into ``npartitions`` partitions (default: as many as
    ``ddf`` has), each checked by the table engine; the report equals ``check_table`` on
    the same rows, with claims located at ``path:first_line+row``. ``scopes`` declares
    scopes within others (P001, P002); the rules across facts run once, on the client, over
    the rows each partition places.

    Raises:
        ClaimFileError: every problem of every partition (rows named as table rows). A
            duplicate claim id is only found when both rows share a comparison key.
    """
    import dask
    import dask.dataframe as dd

    config = config or Config()
    entity_list = tuple(entities)
    scope_list = tuple(scopes)
    declared = declaration_problems(entity_list, scope_list, (), {})
    if declared:
        raise ClaimFileError(declared)

    # 1. rows and sources of each input partition
    parts_in = ddf.to_delayed()
    stats = dask.compute(*[dask.delayed(_partition_sources)(p) for p in parts_in])
    lengths = np.array([n for n, _ in stats], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    seen: dict[str | None, int] = {}
    first_rows: dict[str, int] = {}
    rank_offsets: list[dict[str | None, int]] = []
    for k, (_, per_source) in enumerate(stats):
        rank_offsets.append(dict(seen))
        for s, first, count in per_source:
            seen[s] = seen.get(s, 0) + count
            if s is not None and s not in first_rows:
                first_rows[s] = int(offsets[k]) + first
    sources = sorted(first_rows)
    targets = sorted(
        {
            r
            for refs in dask.compute(*[dask.delayed(_after_refs)(p) for p in parts_in])
            for r in refs
        }
    )

    # 2. numbered rows, shuffled by comparison key
    meta = _number(ddf._meta, 0, {}, entity_list)
    numbered = dd.from_delayed(
        [
            dask.delayed(_number)(p, int(offsets[k]), rank_offsets[k], entity_list)
            for k, p in enumerate(parts_in)
        ],
        meta=meta,
        divisions=None,
        verify_meta=False,
    )
    nout = npartitions or ddf.npartitions
    shuffled = numbered.shuffle(on=KEY, npartitions=nout)

    # 3. each key partition through the table engine; one combine on the client
    tasks = [
        dask.delayed(check_partition)(
            p,
            config,
            sources=sources,
            path=path,
            first_line=first_line,
            entities=entity_list,
            consensus=consensus,
            scopes=scope_list,
            after_targets=targets,
        )
        for p in shuffled.to_delayed()
    ]
    results = dask.compute(*tasks)
    columns = list(ddf.columns)
    source_column = columns.index("source") + 1 if "source" in columns else 0
    claims = TableClaimSet(
        sources=[
            Source(id=s, location=Location(path, first_line + r, source_column))
            for s, r in sorted(first_rows.items(), key=lambda t: t[1])
        ],
        entities=list(entity_list),
        scopes=scope_list,
        claims=DaskClaims(
            numbered, offsets, path=path, first_line=first_line, approx=config.quantity_approx
        ),
    )
    return combine(results, claims=claims, config=config, consensus=consensus)


__all__ = ["DaskClaims", "check_dask"]
