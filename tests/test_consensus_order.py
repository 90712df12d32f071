"""The consensus doesn't depend on row order or source names (issue 14, item 1).

The same claims in any row order, with the sources renamed, give the same consensus (the
winning value's content, its numbers) and the same reliability per source. Ties are broken by
content (the smallest number, the smallest categorical key), never by which claim came first.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.consensus import CATEGORICAL, QUANTITY, build_fact_table, methods

CLAIMS = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 5), st.integers(0, 3)),  # fact, source, value
    min_size=1,
    max_size=40,
    unique_by=lambda t: (t[0], t[1]),
)


def _run(method: str, claims: list[tuple[int, int, int]], kind: int, order, rename):
    """``method`` over ``claims`` taken in ``order``, sources coded through ``rename``.
    Returns per fact the winner's content and low/best/high, and per original source its
    reliability."""
    rows = [claims[k] for k in order]
    fact = np.array([f for f, _, _ in rows])
    source = np.array([rename[s] for _, s, _ in rows])
    value = np.array([v for _, _, v in rows], dtype=np.float64)
    n_facts = int(fact.max()) + 1
    numeric = kind == QUANTITY
    facts = build_fact_table(
        fact,
        source,
        n_facts=n_facts,
        n_sources=len(rename),
        kind=np.full(n_facts, kind),
        best=(value * 10 + 10) if numeric else None,
        key=None if numeric else value,
    )
    result = methods()[method](facts, tol=1e-9, max_iter=2000)
    content = np.zeros(facts.n_values)
    content[facts.value] = value  # a value's content: the key or number its claims hold
    win = result.value
    got = [
        (
            None if w < 0 else float(content[w]),
            *(
                None if np.isnan(x) else round(float(x), 6)
                for x in (result.low[f], result.best[f], result.high[f])
            ),
        )
        for f, w in enumerate(win.tolist())
    ]
    present = sorted({s for _, s, _ in claims})
    reliability = {s: float(result.reliability[rename[s]]) for s in present}
    return got, reliability


@pytest.mark.parametrize("method", ["auto", "majority", "crh", "truthfinder"])
@pytest.mark.parametrize("kind", [CATEGORICAL, QUANTITY])
@settings(max_examples=60, deadline=None)
@given(claims=CLAIMS, seed=st.integers(0, 2**31 - 1))
def test_shuffled_rows_and_renamed_sources_give_the_same_consensus(
    method: str, kind: int, claims: list[tuple[int, int, int]], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    n = len(claims)
    identity = {s: s for s in range(6)}
    renamed = dict(zip(range(6), rng.permutation(6).tolist(), strict=True))
    got, rel = _run(method, claims, kind, range(n), identity)
    got2, rel2 = _run(method, claims, kind, rng.permutation(n).tolist(), renamed)
    assert got == got2
    assert rel2 == pytest.approx(rel, rel=1e-6, abs=1e-9)


def test_a_one_against_one_tie_goes_to_the_smaller_key_in_either_order() -> None:
    """Two sources, each alone on its value: whichever comes first, the smaller key wins."""
    claims = [(0, 0, 3), (0, 1, 1)]
    for order in ([0, 1], [1, 0]):
        got, _ = _run("auto", claims, CATEGORICAL, order, {0: 0, 1: 1})
        assert got[0][0] == 1.0


def test_check_table_labels_in_reversed_order_with_renamed_sources() -> None:
    """The user's path: the same label claims reversed and with sources renamed give the
    same consensus values and reliabilities (renamed back)."""
    pl = pytest.importorskip("polars")
    import discrepancy as dy

    rng = np.random.default_rng(7)
    places = ["Paris", "Lyon", "Nice", "Lille"]
    rows = []
    for person in range(40):
        for src in rng.permutation(5)[: rng.integers(1, 5)].tolist():
            truth = places[person % 4]
            value = truth if rng.random() < 0.6 + 0.08 * src else places[rng.integers(0, 4)]
            rows.append((f"s{src}", f"p{person}", "birthplace", value))

    def consensus(data: list[tuple[str, str, str, str]], names: dict[str, str]):
        frame = pl.DataFrame(
            {
                "source": [names[r[0]] for r in data],
                "subject": [r[1] for r in data],
                "property": [r[2] for r in data],
                "value": [r[3] for r in data],
                "type": ["label"] * len(data),
            }
        )
        report = dy.check_table(frame)
        values = {(c.subject, c.property): c.value for c in report.consensus}
        back = {v: k for k, v in names.items()}
        rel = {back[s]: r for s, r in report.consensus_run.reliability}  # type: ignore[union-attr]
        return values, rel

    same = {f"s{k}": f"s{k}" for k in range(5)}
    renamed = {f"s{k}": f"zz-{4 - k}" for k in range(5)}
    values, rel = consensus(rows, same)
    values2, rel2 = consensus(rows[::-1], renamed)
    assert values == values2
    assert rel2 == pytest.approx(rel, abs=1e-6)
