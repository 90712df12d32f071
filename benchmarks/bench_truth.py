"""Benchmark the consensus against published truth-discovery methods on data with gold answers.

    python benchmarks/bench_truth.py [--methods auto,majority] [--no-anchors]

Reads ``../shared/truth/{flights,population}_{claims,gold}.csv`` (relative to the repository
root), runs every built-in consensus method through :func:`consensus_from_columns` and, in
the same run, the ``truthdiscovery`` package's methods (``pip install --no-deps
truthdiscovery==1.0.4 bidict``); when that package can't be imported, the anchors recorded in
``baselines.json`` are printed instead. Scoring as the data's README: flights are correct when
the consensus rounds to the gold minute (wrapping at midnight), population when
|best - gold| <= 1 % of gold. MAE and MAPE (%) are printed too, and seconds per method.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
import types
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from attrs import frozen
from synthetic import import_truthdiscovery

from discrepancy.consensus import consensus_from_columns, methods

TRUTH = Path(__file__).resolve().parents[1].parent / "shared" / "truth"
SETS = ("flights", "population")
ANCHORS = (
    "MajorityVoting",
    "Sums",
    "AverageLog",
    "Investment",
    "PooledInvestment",
    "TruthFinder",
    "CRH",
)


@frozen
class TruthSet:
    """One data set's claims as columns, and its gold answers by (subject, property)."""

    name: str
    source: list[str]
    subject: list[str]
    property: list[str]
    best: np.ndarray
    gold: dict[tuple[str, str], float]


@frozen
class Score:
    method: str
    accuracy: float
    n: int
    missing: int
    mae: float
    mape: float
    seconds: float


def read_set(name: str, root: Path = TRUTH) -> TruthSet:
    """Read ``{name}_claims.csv`` (numbers in ``value``) and ``{name}_gold.csv``."""
    with (root / f"{name}_claims.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with (root / f"{name}_gold.csv").open(encoding="utf-8", newline="") as fh:
        gold = {(r["subject"], r["property"]): float(r["gold"]) for r in csv.DictReader(fh)}
    return TruthSet(
        name=name,
        source=[r["source"] for r in rows],
        subject=[r["subject"] for r in rows],
        property=[r["property"] for r in rows],
        best=np.array([float(r["value"]) for r in rows]),
        gold=gold,
    )


def score(ts: TruthSet, estimate: dict[tuple[str, str], float], method: str, secs: float) -> Score:
    """Accuracy as the README defines it for ``ts``, plus MAE and MAPE over the gold facts."""
    keys = list(ts.gold)
    gold = np.array([ts.gold[k] for k in keys])
    est = np.array([estimate.get(k, np.nan) for k in keys])
    missing = int(np.isnan(est).sum())
    with np.errstate(invalid="ignore"):
        if ts.name == "flights":  # times of day: errors wrap at midnight
            d = np.abs(est - gold) % 1440
            err = np.minimum(d, 1440 - d)
            d = np.abs(np.round(est) - gold) % 1440
            ok = np.minimum(d, 1440 - d) == 0
        else:
            err = np.abs(est - gold)
            ok = err <= 0.01 * np.abs(gold)
    nonzero = gold != 0  # MAPE over gold values other than 0 (midnight)
    return Score(
        method=method,
        accuracy=float(np.mean(ok)),
        n=len(keys),
        missing=missing,
        mae=float(np.nanmean(err)),
        mape=float(np.nanmean(err[nonzero] / np.abs(gold[nonzero])) * 100),
        seconds=secs,
    )


def run_ours(ts: TruthSet, name: str) -> Score:
    t = time.perf_counter()
    keys, est, run = consensus_from_columns(
        ts.source, ts.subject, ts.property, ts.best, method=name
    )
    secs = time.perf_counter() - t
    estimate = {k: float(e) for k, e in zip(keys, est[:, 1], strict=True)}
    label = f"{name} ({run.iterations} it{'' if run.converged else ', not converged'})"
    return score(ts, estimate, label, secs)


def run_check_table(ts: TruthSet) -> Score | None:
    """The user's path: ``check_table`` on a polars frame (source, subject, property, best)."""
    try:
        import polars as pl
    except ImportError:
        return None
    import discrepancy as dy

    frame = pl.DataFrame(
        {"source": ts.source, "subject": ts.subject, "property": ts.property, "best": ts.best}
    )
    t = time.perf_counter()
    report = dy.check_table(frame)
    estimate = {(c.subject, c.property): float(c.best) for c in report.consensus}  # type: ignore[arg-type]
    secs = time.perf_counter() - t
    run = report.consensus_run
    label = f"check_table ({run.method if run else '?'}, whole check)"
    return score(ts, estimate, label, secs)


def run_anchor(td: types.ModuleType, ts: TruthSet, name: str) -> Score:
    """One truthdiscovery method with default parameters; ties go to the smallest value."""
    columns = zip(ts.source, ts.subject, ts.property, ts.best, strict=True)
    triples = ((s, (a, b), float(v)) for s, a, b, v in columns)
    data = td.Dataset(triples)
    t = time.perf_counter()
    result = getattr(td, name)().run(data)
    secs = time.perf_counter() - t
    estimate = {var: min(result.get_most_believed_values(var)) for var in result.belief}
    return score(ts, estimate, f"td.{name}", secs)


def recorded_anchors(name: str) -> list[Score]:
    data = json.loads((TRUTH / "baselines.json").read_text(encoding="utf-8"))
    return [
        Score(
            method=f"recorded {m['method']}",
            accuracy=m["accuracy"],
            n=m["n"],
            missing=m["missing"],
            mae=m["mae"],
            mape=m["mape"],
            seconds=m["seconds"],
        )
        for m in data["sets"][name]["methods"]
    ]


def table(name: str, scores: Sequence[Score]) -> str:
    head = f"{'method':<36} {'accuracy':>8} {'n':>5} {'MAE':>12} {'MAPE %':>12} {'seconds':>8}"
    lines = [f"## {name}", head, "-" * len(head)]
    for s in scores:
        lines.append(
            f"{s.method:<36} {s.accuracy:>8.4f} {s.n:>5} {s.mae:>12.5g} {s.mape:>12.5g} "
            f"{s.seconds:>8.3f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--methods", help="comma-separated methods of ours (default: all)")
    parser.add_argument("--no-anchors", action="store_true", help="skip truthdiscovery")
    args = parser.parse_args(argv)
    if not (TRUTH / "flights_claims.csv").exists():
        print(f"no truth data at {TRUTH}; nothing to benchmark")
        return 0
    ours = args.methods.split(",") if args.methods else sorted(methods())
    td = None if args.no_anchors else import_truthdiscovery()
    if td is None and not args.no_anchors:
        print("truthdiscovery is not importable; showing the anchors recorded in baselines.json")
    for name in SETS:
        ts = read_set(name)
        scores = [run_ours(ts, m) for m in ours]
        if (whole := run_check_table(ts)) is not None:
            scores.insert(0, whole)
        if td is not None:
            scores.extend(run_anchor(td, ts, m) for m in ANCHORS)
        elif not args.no_anchors:
            scores.extend(recorded_anchors(name))
        print(table(f"{name}: {len(ts.best)} claims, {len(ts.gold)} gold facts", scores))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
