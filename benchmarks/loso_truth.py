"""Leave one truth set out: choose auto's parameters without a set, score them on it.

    python benchmarks/loso_truth.py

For each set of ``truth_sets.SETS``, every configuration of a small grid around the default
(close-value weight ``rho``, the split exponent, the prior's pseudo-claims) is scored on the
other three sets; the one whose worst margin over the best anchor (relative: accuracy over
the anchor's, or the anchor's MAE over ours) is largest is chosen, then scored on the set
left out. Prints the table docs/consensus.md shows, and the default's own scores beside it.
"""

from __future__ import annotations

import itertools
import sys

from truth_sets import ANCHOR, SETS, read_set, run_method, score, truth_root

import discrepancy.consensus.registry as registry
from discrepancy.consensus.methods.auto import DEFAULT, AutoParams, run_auto

GRID = {
    "rho": (0.0, 0.25, 0.5),
    "split": (0.0, 0.5, 1.0),
    "strength": (1.0, 2.0, 5.0),
}


def margin(name: str, value: float) -> float:
    bar = ANCHOR[name][1]
    return bar / value - 1.0 if name == "emotion" else value / bar - 1.0


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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
