"""Benchmark ``check_table`` against a bare polars lower bound and the truthdiscovery package.

Run on demand (not part of the test suite)::

    python benchmarks/bench_table.py                    # 1M claims + scaling table
    python benchmarks/bench_table.py --claims 100000 --no-scaling
    python benchmarks/bench_table.py --truthdiscovery   # also time truthdiscovery, same claims
    python benchmarks/bench_table.py --truthdiscovery --td-claims 100000   # ... on 100k only

    python benchmarks/bench_table.py --noisy --no-scaling   # the hard layout (see below)

Data (fixed seed): ``--sources`` sources, facts of ``--per-fact`` claims each (distinct
sources); most facts are claimed with one value by every source, ``--outliers`` of them have
one claim three times larger. With ``--noisy`` (:func:`synthetic.noisy_layout`) each source
is right with its own probability in 0.5..0.95 and otherwise off by a random factor, so
most facts hold a conflict. ``summary.findings`` must equal the number of facts whose
values differ (exit 1 otherwise).

The lower bound is what any tool must do at least: polars self-join of the rows on
(subject, property), keep i < j, test interval overlap, and count facts with a conflict.
Besides the wall times, the CPU time of both (all threads) is printed: polars runs the
bound on every core, so on a shared machine the CPU ratio is the steadier one. Peak RSS is
the whole process's (the data, the check and the bound's join).
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc

import numpy as np
import polars as pl
from synthetic import import_truthdiscovery, layout, noisy_layout

from discrepancy.table import check_table


def make_table(
    n_claims: int,
    *,
    sources: int = 50,
    per_fact: int = 10,
    outliers: float = 0.1,
    seed: int = 0,
    noisy: bool = False,
) -> tuple[pl.DataFrame, int]:
    """A claim table of ``n_claims`` numeric claims and the number of facts that differ."""
    rng = np.random.default_rng(seed)
    n_facts = max(1, n_claims // per_fact)
    if noisy:
        src, fact, values, differ = noisy_layout(rng, n_facts, sources=sources, per_fact=per_fact)
    else:
        src, fact, values, differ = layout(
            rng, n_facts, sources=sources, per_fact=per_fact, outliers=outliers
        )
    frame = pl.DataFrame(
        {
            "source": pl.Series([f"s{k:02d}" for k in range(sources)])[src],
            "subject": pl.Series([f"fact-{k}" for k in range(n_facts)])[fact],
            "property": pl.Series(["troops"]).gather(np.zeros(fact.shape[0], dtype=np.int64)),
            "best": values,
        }
    )
    return frame.sample(fraction=1.0, shuffle=True, seed=seed + 1), int(differ.sum())


def lower_bound(frame: pl.DataFrame) -> int:
    """Facts with a conflicting pair, by a polars self-join: the bare minimum of work."""
    x = frame.lazy().with_row_index("r").with_columns(low=pl.col("best"), high=pl.col("best"))
    return int(
        x.join(x, on=["subject", "property"])
        .filter(pl.col("r") < pl.col("r_right"))
        .with_columns(
            conflict=~(
                (pl.col("low") <= pl.col("high_right")) & (pl.col("low_right") <= pl.col("high"))
            )
        )
        .group_by(["subject", "property"])
        .agg(pl.col("conflict").any())
        .select(pl.col("conflict").sum())
        .collect()
        .item()
    )


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    gc.collect()
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / 2**20


def cpu_timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """``fn``'s result, wall time and CPU time (all threads of the process)."""
    gc.collect()
    cpu = time.process_time()
    out, wall = timed(fn, *args, **kwargs)
    return out, wall, time.process_time() - cpu


#: what the last :func:`run_once` measured beside the wall times (CPU times, rounds)
LAST: dict[str, object] = {}


def run_once(n: int, args: argparse.Namespace) -> tuple[float, float, int, int]:
    frame, differ = make_table(
        n, sources=args.sources, per_fact=args.per_fact, outliers=args.outliers, noisy=args.noisy
    )
    report, t_ours, cpu_ours = cpu_timed(check_table, frame, consensus=args.consensus)
    findings = int(report.summary["findings"])  # type: ignore[call-overload]
    run = report.consensus_run
    LAST.update(
        cpu_ours=cpu_ours,
        rounds=None if run is None else run.iterations,
        converged=None if run is None else run.converged,
    )
    del report
    bound, t_bound, cpu_bound = cpu_timed(lower_bound, frame)
    LAST["cpu_bound"] = cpu_bound
    if findings != differ or bound != differ:
        print(
            f"FAIL at {n} claims: findings {findings}, lower bound {bound}, "
            f"facts that differ {differ}"
        )
        sys.exit(1)
    return t_ours, t_bound, findings, differ


def best_of(repeat: int, fn, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
    """The shortest of ``repeat`` timed runs (this machine's noise is +-10 %)."""
    return min(timed(fn, *args, **kwargs)[1] for _ in range(max(1, repeat)))


def truthdiscovery_time(n: int, args: argparse.Namespace) -> float | None:
    """End-to-end time (best of ``--repeat``) of a truthdiscovery method (``--td-method``) on
    the same claims, from the same polars frame (None when the package is not installed:
    ``pip install --no-deps truthdiscovery==1.0.4 bidict``)."""
    td = import_truthdiscovery()
    if td is None:
        return None
    frame, _ = make_table(
        n, sources=args.sources, per_fact=args.per_fact, outliers=args.outliers, noisy=args.noisy
    )

    def run() -> object:
        triples = zip(
            frame["source"].to_list(),
            zip(frame["subject"].to_list(), frame["property"].to_list(), strict=True),
            frame["best"].to_list(),
            strict=True,
        )
        dataset = td.Dataset(triples)
        return getattr(td, args.td_method)().run(dataset)

    return best_of(args.repeat, run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--per-fact", type=int, default=10)
    parser.add_argument("--outliers", type=float, default=0.1)
    parser.add_argument(
        "--noisy",
        action="store_true",
        help="the hard layout: each source right with p in 0.5..0.95, else value x U(0.5, 1.5)",
    )
    parser.add_argument("--no-scaling", action="store_true", help="skip the 10k/100k/1M table")
    parser.add_argument(
        "--truthdiscovery", action="store_true", help="time the truthdiscovery package too"
    )
    parser.add_argument(
        "--td-claims",
        type=int,
        default=None,
        help="claims for the truthdiscovery comparison (default: --claims; ~10 s at 1M)",
    )
    parser.add_argument("--td-method", default="MajorityVoting", help="truthdiscovery method")
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="runs of the main comparison and of the truthdiscovery timing (best kept)",
    )
    parser.add_argument(
        "--no-consensus",
        dest="consensus",
        action="store_false",
        help="time check_table(consensus=False): findings and agreement only",
    )
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations")
    args = parser.parse_args(argv)

    check_table(make_table(1000)[0])  # warm up: imports, unit registry, entry points
    if args.tracemalloc:
        tracemalloc.start()
    # each side's best of --repeat runs (check and bound alternate, so load hits both alike)
    t_ours = t_bound = cpu_ours = cpu_bound = float("inf")
    for _ in range(max(1, args.repeat)):
        a, b, findings, differ = run_once(args.claims, args)
        t_ours, t_bound = min(t_ours, a), min(t_bound, b)
        cpu_ours = min(cpu_ours, float(LAST["cpu_ours"]))  # type: ignore[arg-type]
        cpu_bound = min(cpu_bound, float(LAST["cpu_bound"]))  # type: ignore[arg-type]
    print(
        f"{args.claims:,} claims, {args.sources} sources, {args.per_fact} claims per fact, "
        f"consensus {'on' if args.consensus else 'off'}, best of {max(1, args.repeat)} runs"
    )
    print(f"  check_table   {t_ours:8.2f} s   ({findings:,} findings = {differ:,} differing facts)")
    print(f"  polars bound  {t_bound:8.2f} s")
    print(f"  ratio         {t_ours / t_bound:8.2f}   (target <= 3)")
    print(
        f"  CPU time      {cpu_ours:8.2f} s   vs {cpu_bound:.2f} s for the bound (all threads): "
        f"{cpu_ours / cpu_bound:.2f}x"
    )
    if LAST["rounds"] is not None:
        print(f"  consensus     {LAST['rounds']} rounds (converged: {LAST['converged']})")
    print(f"  peak RSS      {peak_rss_mb():8.0f} MB (target <= 1024; the whole process)")
    if args.tracemalloc:
        _, peak = tracemalloc.get_traced_memory()
        print(f"  peak traced   {peak / 2**20:8.0f} MB (Python allocations, numpy included)")
        tracemalloc.stop()

    if not args.no_scaling:
        print("\n  claims      check_table   polars bound   ratio")
        for n in (10_000, 100_000, 1_000_000):
            a, b, _, _ = run_once(n, args)
            print(f"  {n:>9,}   {a:9.2f} s   {b:10.2f} s   {a / b:5.2f}")
    if args.truthdiscovery:
        # check_table first: after truthdiscovery has built and dropped millions of Python
        # objects, the process's allocator makes later numpy work measurably slower
        n = args.td_claims or args.claims
        frame, _ = make_table(
            n,
            sources=args.sources,
            per_fact=args.per_fact,
            outliers=args.outliers,
            noisy=args.noisy,
        )
        ours = best_of(args.repeat, check_table, frame, consensus=args.consensus)
        del frame
        theirs = truthdiscovery_time(n, args)
        if theirs is None:
            print(
                "truthdiscovery not installed: pip install --no-deps truthdiscovery==1.0.4 bidict"
            )
        else:
            print(
                f"\ntruthdiscovery {args.td_method} at {n:,} claims, end to end (best of "
                f"{args.repeat}): {theirs:.2f} s\ncheck_table (findings, agreement, consensus): "
                f"{ours:.2f} s  ({theirs / ours:.1f}x faster, target >= 10x)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
