"""Leave one truth set out: choose auto's parameters without a set, score them on it.

    python benchmarks/loso_truth.py

For each set of ``truth_sets.SETS``, every configuration of a small grid around the default
(close-value weight ``rho``, the split exponent, the prior's pseudo-claims) is scored on the
other three sets; the one whose worst margin over the best anchor (relative: accuracy over
the anchor's, or the anchor's MAE over ours) is largest is chosen, then scored on the set
left out. Prints the table docs/consensus.md shows, and the default's own scores beside it.

The switch between reports and estimates is no parameter of the grid: it is read off each
table (``estimates.agreement_lift``, against the fixed bar of 3). The script prints each
set's lift, so one sees how far any bar would have to move to change a decision.
"""

from __future__ import annotations

import importlib
import itertools
import sys

import numpy as np
from truth_sets import ANCHOR, SETS, TruthSet, read_set, run_method, score, truth_root

import discrepancy.consensus.registry as registry
from discrepancy.consensus import QUANTITY, build_fact_table
from discrepancy.consensus.methods.auto import DEFAULT, AutoParams, run_auto

#: the module, not the ``methods()`` function the package exports under that name
ESTIMATES = importlib.import_module("discrepancy.consensus.methods.estimates")

GRID = {
    "rho": (0.0, 0.25, 0.5),
    "split": (0.0, 0.5, 1.0),
    "strength": (1.0, 2.0, 5.0),
}


def margin(name: str, value: float) -> float:
    bar = ANCHOR[name][1]
    return bar / value - 1.0 if name == "emotion" else value / bar - 1.0


def lift(ts: TruthSet) -> tuple[float, float] | None:
    """The set's agreement lift (point, upper end), None for labels."""
    if ts.best is None:
        return None
    keys = sorted(set(zip(ts.subject, ts.property, strict=True)))
    index = {k: i for i, k in enumerate(keys)}
    names = sorted(set(ts.source))
    code = {s: i for i, s in enumerate(names)}
    facts = build_fact_table(
        np.array([index[k] for k in zip(ts.subject, ts.property, strict=True)]),
        np.array([code[s] for s in ts.source]),
        n_facts=len(keys),
        n_sources=len(names),
        kind=np.full(len(keys), QUANTITY, dtype=np.int8),
        best=ts.best,
    )
    point, upper = ESTIMATES.agreement_lift(facts, np.zeros(facts.n_values, dtype=bool))
    return point, upper


def main() -> int:
    root = truth_root()
    if root is None:
        print("no truth data; nothing to do")
        return 0
    sets = {name: read_set(name, root) for name in SETS}
    configs = [dict(zip(GRID, values, strict=True)) for values in itertools.product(*GRID.values())]
    scores: dict[tuple[int, str], float] = {}
    for k, cfg in enumerate(configs):
        params = AutoParams(**cfg)

        def method(facts, *, tol, max_iter, params=params):  # type: ignore[no-untyped-def]
            return run_auto(facts, tol=tol, max_iter=max_iter, params=params)

        registry.BUILTIN = {**registry.BUILTIN, "_grid": method}  # type: ignore[misc]
        for name, ts in sets.items():
            scores[k, name] = score(ts, run_method(ts, "_grid").estimate)
        print(f"config {k + 1}/{len(configs)} {cfg}", file=sys.stderr)
    default = next(
        k for k, c in enumerate(configs) if all(getattr(DEFAULT, f) == v for f, v in c.items())
    )
    print(
        f"{'held out':<12} {'chosen on the other three':<40} {'held-out score':>14} {'default':>8}"
    )
    for out in SETS:
        train = [s for s in SETS if s != out]
        best = max(range(len(configs)), key=lambda k: min(margin(s, scores[k, s]) for s in train))
        cfg = ", ".join(f"{f}={v:g}" for f, v in configs[best].items())
        print(f"{out:<12} {cfg:<40} {scores[best, out]:>14.4f} {scores[default, out]:>8.4f}")
    print()
    print(f"{'set':<12} {'agreement lift (point, 95 % top)':>34}  regime (bar 3)")
    for name, ts in sets.items():
        got = lift(ts)
        if got is None:
            print(f"{name:<12} {'labels':>34}  vote")
        else:
            kind = "estimates" if got[1] < 3 else "reports"
            print(f"{name:<12} {got[0]:>16.1f} {got[1]:>17.1f}  {kind}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
