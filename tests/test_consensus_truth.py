"""The default consensus beats the best published anchor on both real data sets at once.

Data: ``../shared/truth`` (see its README); skipped when absent. Anchors (truthdiscovery 1.0.4,
recorded in baselines.json): flights PooledInvestment 0.940, population TruthFinder 0.852.
``benchmarks/bench_truth.py`` prints the full table.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from discrepancy.consensus import consensus_from_columns

TRUTH = Path(__file__).resolve().parents[1].parent / "shared" / "truth"

pytestmark = pytest.mark.skipif(
    not (TRUTH / "flights_claims.csv").exists(), reason=f"no truth data at {TRUTH}"
)


def _accuracy(name: str, method: str = "auto") -> float:
    with (TRUTH / f"{name}_claims.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with (TRUTH / f"{name}_gold.csv").open(encoding="utf-8", newline="") as fh:
        gold = {(r["subject"], r["property"]): float(r["gold"]) for r in csv.DictReader(fh)}
    keys, est, run = consensus_from_columns(
        [r["source"] for r in rows],
        [r["subject"] for r in rows],
        [r["property"] for r in rows],
        [float(r["value"]) for r in rows],
        method=method,
    )
    assert run.converged
    assert np.all(est[:, 0] <= est[:, 1]) and np.all(est[:, 1] <= est[:, 2])
    index = {k: i for i, k in enumerate(keys)}
    g = np.array(list(gold.values()))
    e = np.array([est[index[k], 1] for k in gold])
    if name == "flights":
        d = np.abs(np.round(e) - g) % 1440
        return float(np.mean(np.minimum(d, 1440 - d) == 0))
    return float(np.mean(np.abs(e - g) <= 0.01 * np.abs(g)))


def test_auto_beats_pooled_investment_on_flights() -> None:
    assert _accuracy("flights") > 0.940  # reached: 0.970


def test_auto_beats_truthfinder_on_population() -> None:
    assert _accuracy("population") > 0.852  # reached: 0.870


def test_majority_reproduces_the_anchor() -> None:
    assert _accuracy("flights", "majority") == pytest.approx(0.8025)
    assert _accuracy("population", "majority") == pytest.approx(0.8412, abs=1e-4)


@pytest.mark.parametrize(("name", "anchor"), [("flights", 0.940), ("population", 0.852)])
def test_check_table_consensus_beats_the_best_anchor(name: str, anchor: float) -> None:
    """The user's path: check_table(df) with columns source, subject, property, best, and the
    data's own source names ("CO", "contributor #0 (142.30.91.136)", mojibake)."""
    pl = pytest.importorskip("polars")
    import discrepancy as dy

    claims = pl.read_csv(TRUTH / f"{name}_claims.csv", infer_schema_length=0)
    frame = claims.select(
        "source", "subject", "property", pl.col("value").cast(pl.Float64).alias("best")
    )
    report = dy.check_table(frame)
    best = {(c.subject, c.property): c.best for c in report.consensus}
    gold = pl.read_csv(TRUTH / f"{name}_gold.csv", infer_schema_length=0)
    correct = 0
    for subject, prop, value in gold.iter_rows():
        g, b = float(value), best[(subject, prop)]
        if name == "flights":
            correct += round(b) % 1440 == round(g) % 1440
        else:
            correct += abs(b - g) <= 0.01 * abs(g)
    assert correct / gold.height > anchor
