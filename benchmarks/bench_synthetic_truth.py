"""The default consensus on synthetic layouts with known truth, beside plain statistics.

    python benchmarks/bench_synthetic_truth.py [--seeds 3]

Layouts (``synthetic.py``): crowd ratings 0..100 with one loud prolific worker, the same
with 1 % vandal values (10^15), reported figures with typos, old figures and vandals from
editors of skewed activity, and the noisy layout where most facts hold a conflict. Ratings
are scored by MAE (lower is better), reports by the share within 1 % of the truth. Nothing
in ``auto`` was tuned on these; they check that the choice between estimates and reports
(``consensus/methods/estimates.py``) goes the right way on data of known kind.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

import numpy as np
from synthetic import crowd_estimates, vandal_reports

from discrepancy.consensus import QUANTITY, build_fact_table, get_method

Layout = Callable[[np.random.Generator], tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]


LAYOUTS: dict[str, tuple[Layout, str]] = {
    "crowd": (lambda r: crowd_estimates(r, 700), "MAE"),
    "crowd+vandals": (lambda r: crowd_estimates(r, 700, vandals=0.01), "MAE"),
    "reports+vandals": (lambda r: vandal_reports(r, 1500), "within 1%"),
}


def estimates(method: str, src: np.ndarray, fact: np.ndarray, value: np.ndarray) -> np.ndarray:
    n_facts = int(fact.max()) + 1
    facts = build_fact_table(
        fact,
        src,
        n_facts=n_facts,
        n_sources=int(src.max()) + 1,
        kind=np.full(n_facts, QUANTITY, dtype=np.int8),
        best=value.astype(np.float64),
    )
    return get_method(method)(facts, tol=1e-6, max_iter=1000).best


def plain(fact: np.ndarray, value: np.ndarray, how: str) -> np.ndarray:
    n = int(fact.max()) + 1
    out = np.empty(n)
    for f in range(n):
        v = value[fact == f]
        out[f] = np.mean(v) if how == "mean" else np.sort(v)[(len(v) - 1) // 2]
    return out


def metric(kind: str, est: np.ndarray, truth: np.ndarray) -> float:
    if kind == "MAE":
        return float(np.mean(np.abs(est - truth)))
    return float(np.mean(np.abs(est - truth) <= 0.01 * np.abs(truth)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args(argv)
    names = ["auto", "majority", "crh", "truthfinder", "Mean", "Median"]
    print(f"{'layout':<18} {'metric':<10} " + " ".join(f"{n:>11}" for n in names))
    for layout, (make, kind) in LAYOUTS.items():
        rows = []
        for seed in range(args.seeds):
            src, fact, value, truth = make(np.random.default_rng(seed))
            row = [metric(kind, estimates(m, src, fact, value), truth) for m in names[:4]]
            row += [metric(kind, plain(fact, value, h), truth) for h in ("mean", "median")]
            rows.append(row)
        mean = np.mean(rows, axis=0)
        cells = " ".join(f"{x:>11.4g}" for x in mean)
        print(f"{layout:<18} {kind:<10} {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
