"""Benchmark ``check_dask`` on a local Dask cluster against in-process ``check_table``.

Run on demand (not part of the test suite)::

    python benchmarks/bench_dask.py --claims 1000000             # quick
    python benchmarks/bench_dask.py                               # 10M claims
    python benchmarks/bench_dask.py --claims 10000000 --slice 1000000 --workers 2

Data (fixed seed per partition), generated INSIDE the workers (``dd.from_map``): facts of
``--per-fact`` numeric claims by distinct sources out of ``--sources``; every claim is an
interval best ±5 %; ``--outliers`` of the facts have one claim three times larger (a Q001
finding). ``summary.findings`` must equal the number of such facts (exit 1 otherwise).

Prints the total time of ``check_dask`` (row numbering, shuffle by comparison key, the table
engine per partition, findings built, one consensus run on the client), claims/s, each
worker's busy time and claims/s of busy time, and, in the same run, ``check_table`` on the
first ``--slice`` claims (the same generator) in this process.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from typing import Any

import numpy as np
from synthetic import layout

from discrepancy.config import Config

PER_PARTITION = 250_000


def make_partition(
    index: int,
    *,
    rows: int,
    sources: int = 50,
    per_fact: int = 10,
    outliers: float = 0.1,
    seed: int = 0,
) -> Any:
    """Partition ``index`` of the synthetic table (pandas): ``rows // per_fact`` whole facts
    with their own subject names, rows shuffled."""
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    rng = np.random.default_rng([seed, index])
    n_facts = max(1, rows // per_fact)
    src, fact, values, differ = layout(
        rng, n_facts, sources=sources, per_fact=per_fact, outliers=outliers
    )
    order = rng.permutation(fact.shape[0])
    names = np.array([f"s{k:02d}" for k in range(sources)], dtype=object)
    best = values[order]
    frame = pd.DataFrame(
        {
            "source": names[src[order]],
            "subject": np.char.add(f"fact-{index}-", fact[order].astype(str)).astype(object),
            "property": np.full(fact.shape[0], "troops", dtype=object),
            "best": best,
            "low": best * 0.95,
            "high": best * 1.05,
        }
    )
    frame.attrs["differ"] = int(differ.sum())
    return frame


def _expected(n_parts: int, rows: int, args: argparse.Namespace) -> int:
    total = 0
    for k in range(n_parts):
        rng = np.random.default_rng([args.seed, k])
        n_facts = max(1, rows // args.per_fact)
        rng.random((n_facts, args.sources))
        rng.integers(100, 100_000, n_facts)
        total += int((rng.random(n_facts) < args.outliers).sum())
    return total


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--claims", type=int, default=10_000_000)
    p.add_argument("--slice", type=int, default=1_000_000, help="claims for check_table")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--partition-rows", type=int, default=PER_PARTITION)
    p.add_argument("--sources", type=int, default=50)
    p.add_argument("--per-fact", type=int, default=10)
    p.add_argument("--outliers", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-consensus", action="store_true")
    args = p.parse_args(argv)

    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster, get_task_stream

    from discrepancy.dask import check_dask
    from discrepancy.table import check_table

    rows = args.partition_rows
    n_parts = max(1, args.claims // rows)
    claims = n_parts * rows
    config = Config()
    consensus = not args.no_consensus
    kw = {"sources": args.sources, "per_fact": args.per_fact, "outliers": args.outliers}

    print(f"check_dask: {claims:,} claims in {n_parts} partitions, {args.workers} workers")
    with (
        LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        meta = make_partition(0, rows=args.per_fact, **kw).iloc[:0]
        ddf = dd.from_map(
            make_partition, range(n_parts), rows=rows, seed=args.seed, meta=meta, **kw
        )
        t0 = time.perf_counter()
        with get_task_stream(client) as ts:
            report = check_dask(ddf, config, consensus=consensus)
            summary = report.summary
        total = time.perf_counter() - t0
        busy: dict[str, float] = defaultdict(float)
        for task in ts.data:
            for ss in task.get("startstops", ()):
                if ss.get("action") == "compute":
                    busy[task["worker"]] += ss["stop"] - ss["start"]
    want = _expected(n_parts, rows, args)
    print(f"  total          {total:8.1f} s   {claims / total:12,.0f} claims/s")
    for k, (worker, secs) in enumerate(sorted(busy.items())):
        print(
            f"  worker {k} busy  {secs:8.1f} s   {claims / len(busy) / secs:12,.0f} claims/s"
            f"  ({worker})"
        )
    print(f"  findings {summary['findings']:,} (expected {want:,}), groups {summary['groups']:,}")
    ok = summary["findings"] == want

    n_slice = min(args.slice, claims)
    parts = [make_partition(k, rows=rows, seed=args.seed, **kw) for k in range(n_slice // rows)]
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    table = pd.concat(parts, ignore_index=True)
    t0 = time.perf_counter()
    local = check_table(table, config, consensus=consensus)
    local_summary = local.summary
    t_local = time.perf_counter() - t0
    print(
        f"check_table in-process: {len(table):,} claims  {t_local:8.1f} s  "
        f"{len(table) / t_local:12,.0f} claims/s  findings {local_summary['findings']:,}"
    )
    if not ok:
        print("FINDINGS DIFFER FROM THE DATA", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
