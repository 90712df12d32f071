"""Benchmark the consensus against published truth-discovery methods on data with gold answers.

    python benchmarks/bench_truth.py [--methods auto,majority] [--sets flights,emotion]
                                     [--no-anchors]

Reads the four sets of ``../shared/truth`` (see ``truth_sets.py``; ``$DISCREPANCY_TRUTH``
overrides the folder): flights, population, birthplaces (labels) and emotion (numeric
estimates, scored by MAE). Birthplaces also runs as ``type: place`` claims through the
table path with ``auto`` (places resolved by the GeoNames gazetteer of the ``places``
extra only; hierarchy-aware consensus), printed as ``auto, type: place``. Every built-in method runs on each set twice, in file order and
with the rows reversed; both scores are printed with the rounds each run took, and a set
whose two scores differ is flagged. In the same run the ``truthdiscovery`` package's methods
are scored (``pip install --no-deps truthdiscovery==1.0.4 bidict``; values are categories for
them, ties to the smallest value), plus per-fact Mean and Median for numbers. The last table
says, for the default method, whether each set is at or above its best anchor in both orders.
"""

from __future__ import annotations

import argparse
import statistics
import time
import types
from collections.abc import Sequence

from synthetic import import_truthdiscovery
from truth_sets import (
    ANCHOR,
    SETS,
    TruthSet,
    meets,
    read_set,
    run_method,
    run_places,
    score,
    truth_root,
)

from discrepancy.consensus import methods

ANCHORS = (
    "MajorityVoting",
    "Sums",
    "AverageLog",
    "Investment",
    "PooledInvestment",
    "TruthFinder",
    "CRH",
)


def run_anchor(td: types.ModuleType, ts: TruthSet, name: str) -> float:
    """One truthdiscovery method with default parameters; ties go to the smallest value."""
    values = ts.label if ts.label is not None else ts.best.tolist()  # type: ignore[union-attr]
    triples = (
        (s, (a, b), v)
        for s, a, b, v in zip(ts.source, ts.subject, ts.property, values, strict=True)
    )
    result = getattr(td, name)().run(td.Dataset(triples))
    estimate = {var: min(result.get_most_believed_values(var)) for var in result.belief}
    return score(ts, estimate)


def plain_statistics(ts: TruthSet) -> dict[str, float]:
    """Per-fact Mean and Median (median_low: a claimed value) of numeric claims."""
    if ts.best is None:
        return {}
    by: dict[tuple[str, str], list[float]] = {}
    for a, b, v in zip(ts.subject, ts.property, ts.best.tolist(), strict=True):
        by.setdefault((a, b), []).append(v)
    return {
        "Mean": score(ts, {k: statistics.fmean(v) for k, v in by.items()}),
        "Median": score(ts, {k: statistics.median_low(v) for k, v in by.items()}),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--methods", help="comma-separated methods of ours (default: all)")
    parser.add_argument("--sets", help=f"comma-separated sets (default: {','.join(SETS)})")
    parser.add_argument("--no-anchors", action="store_true", help="skip truthdiscovery")
    args = parser.parse_args(argv)
    root = truth_root()
    if root is None:
        print("no truth data (../shared/truth or $DISCREPANCY_TRUTH); nothing to benchmark")
        return 0
    ours = args.methods.split(",") if args.methods else sorted(methods())
    sets = args.sets.split(",") if args.sets else list(SETS)
    td = None if args.no_anchors else import_truthdiscovery()
    if td is None and not args.no_anchors:
        print("truthdiscovery is not importable; anchors from the sets' READMEs only")
    verdicts = []
    places: list[tuple[str, float, float]] = []
    for name in sets:
        ts = read_set(name, root)
        metric = ts.metric
        head = f"{'method':<24} {metric + ' file':>13} {metric + ' reversed':>17} {'rounds':>11} {'seconds':>8}"
        print(f"## {name}: {len(ts.source)} claims, {len(ts.gold)} gold facts ({metric})")
        print(head)
        print("-" * len(head))
        for m in ours:
            t = time.perf_counter()
            fwd = run_method(ts, m)
            secs = time.perf_counter() - t
            back = run_method(ts.reversed(), m)
            a, b = score(ts, fwd.estimate), score(ts, back.estimate)
            flag = "" if a == b else "  ORDER-DEPENDENT"
            rounds = f"{fwd.iterations}/{back.iterations}"
            if not (fwd.converged and back.converged):
                rounds += "*"
            print(f"{m:<24} {a:>13.4f} {b:>17.4f} {rounds:>11} {secs:>8.3f}{flag}")
            if m == "auto":
                verdicts.append((name, a, b))
        if ts.label is not None and "auto" in ours:  # the same claims as `type: place`
            t = time.perf_counter()
            fwd_p, back_p = run_places(ts), run_places(ts.reversed())
            secs = time.perf_counter() - t
            if fwd_p is None or back_p is None:
                print("auto, type: place         (needs the places extra and polars)")
            else:
                a, b = score(ts, fwd_p.estimate), score(ts, back_p.estimate)
                flag = "" if a == b else "  ORDER-DEPENDENT"
                print(
                    f"{'auto, type: place':<24} {a:>13.4f} {b:>17.4f} {'':>11} {secs / 2:>8.3f}{flag}"
                )
                places.append((name, a, b))
        for label, value in plain_statistics(ts).items():
            print(f"{label:<24} {value:>13.4f}")
        if td is not None:
            for anchor in ANCHORS:
                print(f"{'td.' + anchor:<24} {run_anchor(td, ts, anchor):>13.4f}")
        print()
    if verdicts:
        print("## default (auto) against the best anchor, both row orders")
        for name, a, b in verdicts:
            anchor, bar = ANCHOR[name]
            ok = "meets" if meets(name, a) and meets(name, b) else "BELOW"
            print(f"{name:<12} {a:.4f} / {b:.4f}  vs {anchor} {bar}: {ok}")
        for name, a, b in places:  # the same claims typed as what they are: places
            anchor, bar = ANCHOR[name]
            ok = "meets" if meets(name, a) and meets(name, b) else "BELOW"
            print(f"{name + ' as places':<12} {a:.4f} / {b:.4f}  vs {anchor} {bar}: {ok}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
