"""Time windows of facts (``consensus.windows``) and the per-window consensus."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.consensus.result import Consensus, WindowConsensus
from discrepancy.consensus.windows import time_windows

_claims = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.one_of(st.none(), st.tuples(st.integers(0, 30), st.integers(0, 5))),
    ),
    min_size=1,
    max_size=25,
)


def _windows(rows: list[tuple[int, tuple[int, int] | None]]) -> set[tuple[int, frozenset[int]]]:
    """Per fact, its windows as sets of claim indices (with the window's dates)."""
    fact = np.array([f for f, _ in rows])
    start = np.array([np.nan if d is None else d[0] for _, d in rows], dtype=float)
    end = np.array([np.nan if d is None else d[0] + d[1] for _, d in rows], dtype=float)
    w = time_windows(fact, start, end, 3)
    out = set()
    for win in range(w.n):
        members = frozenset(np.flatnonzero(w.claim_window == win).tolist())
        out.add((int(w.window_fact[win]), members))
    return out


@settings(max_examples=200, deadline=None)
@given(_claims, st.randoms(use_true_random=False))
def test_windows_are_the_overlap_components_in_any_order(rows, rnd) -> None:
    got = _windows(rows)
    perm = list(range(len(rows)))
    rnd.shuffle(perm)
    shuffled = [rows[p] for p in perm]
    again = {(f, frozenset(perm[k] for k in m)) for f, m in _windows(shuffled)}
    assert got == again
    # two dated claims of one fact whose as_of overlap share a window; claims of a window
    # are linked by a chain of overlaps
    win_of = {k: (f, m) for f, m in got for k in m}
    for a, (fa, da) in enumerate(rows):
        for b, (fb, db) in enumerate(rows):
            if fa == fb and da and db and da[0] <= db[0] + db[1] and db[0] <= da[0] + da[1]:
                assert win_of[a] == win_of[b]
    for _f, m in got:
        dated = sorted(
            (rows[k][1][0], rows[k][1][0] + rows[k][1][1]) for k in m if rows[k][1] is not None
        )
        reach = dated[0][1] if dated else 0
        for a, z in dated[1:]:
            assert a <= reach  # no gap inside a window
            reach = max(reach, z)


def test_undated_claims_join_the_latest_window() -> None:
    fact = np.array([0, 0, 0, 0])
    start = np.array([10, np.nan, 20, 11], dtype=float)
    w = time_windows(fact, start, start.copy(), 1)
    assert w.n == 3
    assert w.claim_window.tolist() == [0, 2, 2, 1]
    day = dt.date.fromordinal(20).isoformat()
    assert w.dates(2) == (day, day)


def test_a_fact_without_dates_is_one_undated_window() -> None:
    w = time_windows(np.array([0, 1, 1]), np.full(3, np.nan), np.full(3, np.nan), 2)
    assert w.claim_window.tolist() == [0, 1, 1]
    assert not w.split
    assert w.dates(0) is None


def test_undated_facts_have_the_windows_a_dated_table_gives_its_undated_facts() -> None:
    # no claim dated (the shortcut) against the same facts beside one dated fact (the
    # general path): facts 0..3 (fact 2 without claims) are one window each either way
    fact = np.array([0, 0, 1, 3, 3])
    none = time_windows(fact, np.full(5, np.nan), np.full(5, np.nan), 4)
    dated = time_windows(
        np.append(fact, 4),
        np.append(np.full(5, np.nan), 9.0),
        np.append(np.full(5, np.nan), 9.0),
        5,
    )
    assert none.claim_window.tolist() == dated.claim_window[:5].tolist() == fact.tolist()
    assert none.window_fact.tolist() == dated.window_fact[:4].tolist() == [0, 1, 2, 3]
    assert none.fact_start.tolist() == dated.fact_start[:5].tolist()
    assert np.isnan(none.start).all() and np.isnan(dated.start[:4]).all() and none.n == 4
    assert none.claim_window.dtype == dated.claim_window.dtype == np.int64


def test_json_of_windows_and_speakers() -> None:
    win = WindowConsensus(
        start="2024-09-12", end="2024-09-12", value="5300", best=5300, support=("a",)
    )
    c = Consensus(
        subject="flood",
        property="deaths",
        type="quantity",
        value="5300",
        support_speakers=("LRC",),
        windows=(win,),
    )
    d = c.to_dict()
    assert d["as_of"] == {"start": "2024-09-12", "end": "2024-09-12"}
    assert d["windows"][0]["support"] == ["a"]
    assert d["support_speakers"] == ["LRC"]
    assert d["dissent_speakers"] == []
    assert "windows" not in Consensus(subject="s", property="p", type="label", value="v").to_dict()
