"""Time every consensus method at 10k, 100k and 1M synthetic numeric claims.

Run on demand (not part of the test suite)::

    python benchmarks/bench_consensus.py                  # 10k / 100k / 1M, every method
    python benchmarks/bench_consensus.py --claims 1000000 --methods auto
    python benchmarks/bench_consensus.py --claims 1000000 --noisy --no-columns  # rounds

``--noisy`` uses issue 12's layout (``synthetic.noisy_reports``: each source right with its
own probability in 0.5..0.95, otherwise off by a factor in 0.5..1.5); ``it`` is the rounds
each method took, ``right`` the share of facts whose estimate is the truth.

Data as ``bench_table.py`` builds it (fixed seed): ``--sources`` sources, facts of
``--per-fact`` claims from distinct sources, most facts claimed with one value by every source,
``--outliers`` of them with one claim three times larger. Columns are ready as numpy arrays, so
the times are the consensus alone: building the :class:`FactTable` (``build``), the method
(``method``), and :func:`consensus_from_columns` end to end with its :class:`Consensus` objects
(``columns``; every object is built and read, not just created lazily).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np
from synthetic import layout, noisy_reports

from discrepancy.consensus import QUANTITY, build_fact_table, consensus_from_columns, methods
from discrepancy.consensus.glue import CLOSENESS, MAX_ITER, TOL

T = TypeVar("T")


def make_columns(
    n_claims: int,
    *,
    sources: int = 50,
    per_fact: int = 10,
    outliers: float = 0.1,
    seed: int = 0,
    noisy: bool = False,
) -> dict[str, np.ndarray]:
    """``source``/``subject``/``property`` (strings) and ``best`` columns, shuffled; with
    ``noisy`` also ``truth`` per fact."""
    rng = np.random.default_rng(seed)
    n_facts = max(1, n_claims // per_fact)
    truth = None
    if noisy:
        src, fact, values, truth = noisy_reports(rng, n_facts, sources=sources, per_fact=per_fact)
    else:
        src, fact, values, _ = layout(
            rng, n_facts, sources=sources, per_fact=per_fact, outliers=outliers
        )
    shuffle = np.random.default_rng(seed + 1).permutation(fact.shape[0])
    names = np.array([f"s{k:02d}" for k in range(sources)])
    subjects = np.array([f"fact-{k}" for k in range(n_facts)])
    extra = {} if truth is None else {"truth": truth}
    return extra | {
        "source": names[src][shuffle],
        "subject": subjects[fact][shuffle],
        "property": np.full(fact.shape[0], "troops"),
        "best": values[shuffle],
        "fact": fact[shuffle].astype(np.int32),
        "source_code": src[shuffle].astype(np.int32),
    }


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    gc.collect()
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def bench(n: int, names: Sequence[str], args: argparse.Namespace) -> None:
    cols = make_columns(
        n,
        sources=args.sources,
        per_fact=args.per_fact,
        outliers=args.outliers,
        noisy=args.noisy,
    )
    n_facts = int(cols["fact"].max()) + 1
    facts, t_build = timed(
        lambda: build_fact_table(
            cols["fact"],
            cols["source_code"],
            n_facts=n_facts,
            n_sources=args.sources,
            kind=np.full(n_facts, QUANTITY, dtype=np.int8),
            best=cols["best"],
            closeness=CLOSENESS,
        )
    )
    for name in names:
        fn = methods()[name]
        result, t_method = timed(lambda fn=fn: fn(facts, tol=TOL, max_iter=MAX_ITER))  # type: ignore[misc]

        def columns(name: str = name) -> int:
            _, _, run = consensus_from_columns(
                cols["source"], cols["subject"], cols["property"], cols["best"], method=name
            )
            return sum(len(c.support) for c in run.groups)  # build and read every object

        t_cols = float("nan") if args.no_columns else timed(columns)[1]
        right = ""
        if "truth" in cols:  # the noisy layout knows its truth: the share of facts found
            right = f"  right {np.mean(result.best == cols['truth']):8.3%}"
        print(
            f"  {n:>9,}  {name:<12} build {t_build:6.2f} s  method {t_method:6.2f} s "
            f"({result.iterations:>4} it)  columns {t_cols:6.2f} s{right}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--claims", type=int, help="one size only (default 10k, 100k, 1M)")
    parser.add_argument("--methods", help="comma-separated methods (default: all)")
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--per-fact", type=int, default=10)
    parser.add_argument("--outliers", type=float, default=0.1)
    parser.add_argument(
        "--noisy", action="store_true", help="issue 12's noisy layout (most facts conflict)"
    )
    parser.add_argument("--no-columns", action="store_true", help="skip the end-to-end run")
    args = parser.parse_args(argv)
    names = args.methods.split(",") if args.methods else sorted(methods())
    sizes = [args.claims] if args.claims else [10_000, 100_000, 1_000_000]
    bench(1000, names[:1], args)  # warm up imports
    shape = "noisy" if args.noisy else f"{args.outliers:.0%} outliers"
    print(f"{args.sources} sources, {args.per_fact} claims per fact, {shape}")
    for n in sizes:
        bench(n, names, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
