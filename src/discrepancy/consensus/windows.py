"""Time windows of facts: the claims of a fact whose ``as_of`` overlap are judged together.

Comparison only pairs claims whose ``as_of`` intervals overlap (or where either has none).
Consensus follows it: a fact's dated claims fall into *windows*, the connected runs of
overlapping ``as_of`` intervals (sorted by start, a claim opens a new window when it starts
after every earlier claim of the fact has ended). Claims without ``as_of`` join the fact's
latest window. Each window is a fact of its own for the method, so a death toll of the 12th
is never dissent against one of the 17th, and a source's reliability only counts the claims
it could be compared on. Windows are defined by the dates alone: the same claims in any
order give the same windows.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
from attrs import frozen

#: Day ordinals stay below this (year 9999 is 3.65 million): a fact code times it plus an
#: ordinal packs (fact, day) into one int64.
_DAYS = 1 << 22


@frozen(eq=False)
class Windows:
    """The windows of every fact.

    Per claim: ``claim_window`` (window id). Per window: ``window_fact``, ``start``/``end``
    (day ordinals; NaN for the one window of a fact without dates). Per fact: its windows are
    ``fact_start[f]:fact_start[f + 1]``, oldest first (ids follow fact order).
    """

    claim_window: np.ndarray
    window_fact: np.ndarray
    start: np.ndarray
    end: np.ndarray
    fact_start: np.ndarray

    @property
    def n(self) -> int:
        """Number of windows."""
        return int(self.window_fact.shape[0])

    @property
    def split(self) -> bool:
        """Whether some fact has dates (else windows are the facts, undated)."""
        return bool(np.isfinite(self.start).any())

    def dates(self, w: int) -> tuple[str, str] | None:
        """ISO start and end day of window ``w`` (None: undated)."""
        a, z = float(self.start[w]), float(self.end[w])
        if not (np.isfinite(a) and np.isfinite(z)):
            return None
        return _iso(int(a)), _iso(int(z))


@lru_cache(maxsize=65536)
def _iso(ordinal: int) -> str:
    """A day ordinal as an ISO date (a table's windows share few days)."""
    return dt.date.fromordinal(ordinal).isoformat()


def time_windows(fact: np.ndarray, start: np.ndarray, end: np.ndarray, n_facts: int) -> Windows:
    """The :class:`Windows` of claims with fact codes ``fact`` (0..n_facts-1) and ``as_of``
    day ordinals ``start``/``end`` (NaN: no ``as_of``). Vectorised: one sort of the dated
    claims and a running maximum of their ends."""
    fact = np.asarray(fact, dtype=np.int64)
    n = fact.shape[0]
    if not np.isfinite(start).any():  # no claim is dated: each fact is its one window
        return Windows(
            fact.copy(),
            np.arange(n_facts, dtype=np.int64),
            np.full(n_facts, np.nan),
            np.full(n_facts, np.nan),
            np.arange(n_facts + 1, dtype=np.int64),
        )
    dated = np.isfinite(start) & np.isfinite(end)
    at = np.flatnonzero(dated)
    a = np.asarray(start, dtype=np.float64)[at].astype(np.int64)
    z = np.asarray(end, dtype=np.float64)[at].astype(np.int64)
    f = fact[at]
    order = np.lexsort((z, a, f))
    sa, sz, sf = a[order], z[order], f[order]
    # running maximum of the ends within each fact (facts sorted ascending, so packing the
    # fact above the day keeps one fact's maximum from leaking into the next)
    reach = np.maximum.accumulate(sf * _DAYS + sz) - sf * _DAYS
    new = np.ones(at.shape[0], dtype=bool)
    new[1:] = (sf[1:] != sf[:-1]) | (sa[1:] > reach[:-1])
    local = np.cumsum(new) - 1  # running window index over dated claims
    first_local = np.zeros(n_facts, dtype=np.int64)  # each fact's first window index
    count = np.bincount(sf[new], minlength=n_facts) if at.shape[0] else np.zeros(n_facts, int)
    count = np.maximum(count, 1)  # a fact without dates has one (undated) window
    fact_start = np.zeros(n_facts + 1, dtype=np.int64)
    np.cumsum(count, out=fact_start[1:])
    nw = int(fact_start[-1])
    if at.shape[0]:
        first_local[sf] = np.iinfo(np.int64).max
        np.minimum.at(first_local, sf[new], local[new])
    claim_window = np.empty(n, dtype=np.int64)
    # undated claims: the fact's latest window
    claim_window[:] = fact_start[1:][fact] - 1 if n else 0
    if at.shape[0]:
        w = fact_start[sf] + local - first_local[sf]
        got = np.empty(at.shape[0], dtype=np.int64)
        got[order] = w
        claim_window[at] = got
    window_fact = np.repeat(np.arange(n_facts, dtype=np.int64), count)
    wstart = np.full(nw, np.nan)
    wend = np.full(nw, np.nan)
    if at.shape[0]:
        ws = fact_start[sf] + local - first_local[sf]
        lo = np.full(nw, np.inf)
        hi = np.full(nw, -np.inf)
        np.minimum.at(lo, ws, sa.astype(np.float64))
        np.maximum.at(hi, ws, sz.astype(np.float64))
        ok = np.isfinite(lo)
        wstart[ok], wend[ok] = lo[ok], hi[ok]
    return Windows(claim_window, window_fact, wstart, wend, fact_start)


__all__ = ["Windows", "time_windows"]
