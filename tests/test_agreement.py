"""Agreement between sources: counts, symmetry, echoes, self-contradiction, Wilson intervals."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.model import Claim, Source
from discrepancy.stats import wilson_interval
from discrepancy.values import Quantity
from reference.agreement import compute_agreement
from reference.consensus import run_consensus
from test_consensus_groups import FakeGroup, echo_group, q, quantity_group

FIVE = ["counter", "outlet-a", "outlet-b", "outlet-c", "police"]


def test_five_sources_matrix_with_counts_and_echoes_left_out() -> None:
    g = echo_group()
    run = run_consensus([g])
    ag = compute_agreement([g], list(reversed(FIVE)), consensus=run)
    assert ag.sources == tuple(FIVE)
    assert ag.matrix.shape == ag.n.shape == (5, 5)
    assert np.array_equal(ag.n, ag.n.T)
    np.testing.assert_array_equal(np.isnan(ag.matrix), np.isnan(ag.matrix.T))
    k = {s: i for i, s in enumerate(FIVE)}
    # the relays of one organisers' figure are echoes: no count, no agreement
    assert ag.n[k["outlet-a"], k["outlet-b"]] == 0 and math.isnan(
        ag.matrix[k["outlet-a"], k["outlet-b"]]
    )
    assert ag.n[k["police"], k["counter"]] == 1 and ag.matrix[k["police"], k["counter"]] == 1.0
    assert ag.n[k["police"], k["outlet-a"]] == 1 and ag.matrix[k["police"], k["outlet-a"]] == 0.0
    assert np.all(np.diag(ag.n) == 0)
    per = {s.source: s for s in ag.per_source}
    assert (per["police"].agreed, per["police"].n) == (1, 4)
    assert (per["outlet-a"].agreed, per["outlet-a"].n) == (0, 2)
    assert per["police"].consensus_share == 1.0 and per["outlet-b"].consensus_share == 0.0
    assert per["police"].reliability == dict(run.reliability)["police"]
    d = ag.to_dict()
    json.dumps(d)
    assert d["matrix"][k["outlet-a"]][k["outlet-b"]] is None
    assert isinstance(d["n"][0][0], int)


def test_partial_agreement_sits_strictly_between() -> None:
    groups = [
        quantity_group(
            f"s{x}",
            "p",
            [q("x", v, subject=f"s{x}", prop="p"), q("y", w, subject=f"s{x}", prop="p")],
        )
        for x, (v, w) in enumerate([(1, 1), (5, 5), (10, 99)])
    ]
    ag = compute_agreement(groups, ["x", "y"])
    assert 0 < ag.matrix[0, 1] < 1
    assert ag.matrix[0, 1] == pytest.approx(2 / 3) and ag.n[0, 1] == 3
    share = ag.per_source[0]
    assert share.low is not None and share.high is not None
    assert share.low < share.share < share.high  # type: ignore[operator]


def test_diagonal_is_a_source_against_itself() -> None:
    g = quantity_group(
        "s",
        "p",
        [
            q("x", 10, subject="s", prop="p"),
            q("x", 20, subject="s", prop="p"),
            q("x", 10, subject="s", prop="p"),
        ],
    )
    ag = compute_agreement([g], ["x"])
    # 10 vs 20 twice (conflicts); 10 vs 10 from one origin is an echo, not counted
    assert ag.n[0, 0] == 2 and ag.matrix[0, 0] == 0.0
    assert ag.per_source[0].n == 0 and ag.per_source[0].share is None


def test_sources_may_be_source_objects_and_consensus_groups() -> None:
    g = echo_group()
    run = run_consensus([g])
    ag = compute_agreement([g], [Source(s) for s in FIVE], consensus_groups=run.groups)
    assert ag.sources == tuple(FIVE)
    assert {s.source: s.consensus_n for s in ag.per_source}["outlet-a"] == 1


@st.composite
def _groups(draw: st.DrawFn) -> list[FakeGroup]:
    out = []
    for g in range(draw(st.integers(1, 5))):
        claims = []
        for _ in range(draw(st.integers(1, 6))):
            best = draw(st.sampled_from([1.0, 2.0, 3.0, 10.0]))
            width = draw(st.sampled_from([0.0, 0.5, 1.5]))
            claims.append(
                Claim(
                    draw(st.sampled_from("abcd")),
                    f"s{g}",
                    "p",
                    Quantity(best - width, best, best + width),
                    said_by=draw(st.sampled_from([None, "wire"])),
                )
            )
        out.append(quantity_group(f"s{g}", "p", claims))
    return out


@settings(max_examples=60, deadline=None)
@given(groups=_groups())
def test_agreement_is_symmetric(groups: list[FakeGroup]) -> None:
    ag = compute_agreement(groups, ["a", "b", "c", "d"])
    assert np.array_equal(ag.n, ag.n.T)
    np.testing.assert_allclose(ag.matrix, ag.matrix.T, equal_nan=True)
    assert np.all(np.isnan(ag.matrix) == (ag.n == 0))
    ok = ~np.isnan(ag.matrix)
    assert np.all((ag.matrix[ok] >= 0) & (ag.matrix[ok] <= 1))
    # the echo-free total equals the number of counted pairs
    total = sum(
        int(
            np.sum(
                ~(
                    (
                        np.array([c.origin for c in g.claims])[g.i]
                        == np.array([c.origin for c in g.claims])[g.j]
                    )
                    & (
                        np.array([c.value for c in g.claims], dtype=object)[g.i]
                        == np.array([c.value for c in g.claims], dtype=object)[g.j]
                    )
                )
            )
        )
        for g in groups
    )
    assert int(np.triu(ag.n).sum()) == total


# --- Wilson interval ------------------------------------------------------------------------


def test_wilson_known_values() -> None:
    lo, hi = wilson_interval(1, 1)  # type: ignore[misc]
    assert lo == pytest.approx(0.2065, abs=1e-4) and hi == 1.0
    lo, hi = wilson_interval(40, 40)  # type: ignore[misc]
    assert lo == pytest.approx(0.9124, abs=1e-4)
    lo, hi = wilson_interval(5, 10)  # type: ignore[misc]
    assert lo == pytest.approx(0.2366, abs=1e-4) and hi == pytest.approx(0.7634, abs=1e-4)
    assert wilson_interval(0, 0) is None


def test_wilson_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="0 <= k <= n"):
        wilson_interval(3, 2)
    with pytest.raises(ValueError, match="z >= 0"):
        wilson_interval(1, 2, z=-1)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 10_000), data=st.data())
def test_wilson_properties(n: int, data: st.DataObject) -> None:
    k = data.draw(st.integers(0, n))
    lo, hi = wilson_interval(k, n)  # type: ignore[misc]
    assert 0.0 <= lo <= k / n <= hi <= 1.0
    # symmetric under k -> n - k
    lo2, hi2 = wilson_interval(n - k, n)  # type: ignore[misc]
    assert lo == pytest.approx(1 - hi2, abs=1e-12) and hi == pytest.approx(1 - lo2, abs=1e-12)
    # more data, narrower interval at the same share
    lo3, hi3 = wilson_interval(2 * k, 2 * n)  # type: ignore[misc]
    assert hi3 - lo3 <= hi - lo + 1e-12
    # a wider z gives a wider interval
    lo4, hi4 = wilson_interval(k, n, z=2.58)  # type: ignore[misc]
    assert lo4 <= lo and hi4 >= hi


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_counts_equal_a_plain_loop_over_pairs(seed: int) -> None:
    """The flat counts (pairs of all groups at once, echoes found where origins match) equal
    a double loop over each group's pairs."""
    from test_consensus_identity import _random_groups

    groups = _random_groups(seed)
    ag = compute_agreement(groups, [])
    index = {s: k for k, s in enumerate(ag.sources)}
    m = len(index)
    n = np.zeros((m, m), dtype=np.int64)
    agreed = np.zeros((m, m), dtype=np.int64)
    for g in groups:
        for i, j, v in zip(g.i.tolist(), g.j.tolist(), g.verdict.tolist(), strict=True):
            a, b = g.claims[i], g.claims[j]
            if a.origin == b.origin and a.value == b.value:
                continue
            lo, hi = sorted((index[a.source], index[b.source]))
            n[lo, hi] += 1
            agreed[lo, hi] += v <= 1
    n = n + n.T - np.diag(np.diag(n))
    np.testing.assert_array_equal(ag.n, n)
    agreed = agreed + agreed.T - np.diag(np.diag(agreed))
    with np.errstate(invalid="ignore", divide="ignore"):
        np.testing.assert_array_equal(ag.matrix, np.where(n > 0, agreed / np.maximum(n, 1), np.nan))
