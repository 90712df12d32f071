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
import importlib.util
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from synthetic import author_lists, crowd_estimates, vandal_reports

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
    lists(args.seeds)
    return 0


def lists(seeds: int) -> None:
    """Author lists (``synthetic.author_lists``) through ``check_table``: the share of books
    whose consensus is exactly the true list, beside the vote on whole lists, the plain
    per-member majority and the union of every list."""
    if importlib.util.find_spec("polars") is None:
        print("author lists: needs polars (the tables extra)")
        return
    import polars as pl  # the tables extra

    from discrepancy.config import Config
    from discrepancy.table import check_table

    names = ["auto", "whole lists", "per member", "union"]
    rows_out = []
    for seed in range(seeds):
        rows, truth = author_lists(np.random.default_rng(seed), 600)
        frame = pl.DataFrame(
            {
                "source": [r[0] for r in rows],
                "subject": [r[1] for r in rows],
                "property": ["authors"] * len(rows),
                "value": ["[" + ", ".join(r[2]) + "]" for r in rows],
                "type": ["set"] * len(rows),
            }
        )
        report = check_table(frame, Config())
        got = {
            c.subject: frozenset(m.strip() for m in str(c.value).split(","))
            for c in report.consensus
        }
        listed: dict[str, list[frozenset[str]]] = {}
        for _, book, authors in rows:
            listed.setdefault(book, []).append(frozenset(a.casefold() for a in authors))
        hits = np.zeros(len(names))
        for b, authors in enumerate(truth):
            gold, lists_b = frozenset(a.casefold() for a in authors), listed[f"book{b}"]
            whole = Counter(lists_b).most_common()
            top = min((sorted(ms) for ms, n in whole if n == whole[0][1]))  # ties: by content
            named = Counter(m for ms in lists_b for m in ms)
            half = frozenset(m for m, n in named.items() if 2 * n >= len(lists_b))
            hits += [
                got[f"book{b}"] == gold,
                frozenset(top) == gold,
                half == gold,
                frozenset(named) == gold,
            ]
        rows_out.append(hits / len(truth))
    cells = " ".join(f"{x:>11.4g}" for x in np.mean(rows_out, axis=0))
    print(f"\n{'layout':<18} {'metric':<10} " + " ".join(f"{n:>11}" for n in names))
    print(f"{'author lists':<18} {'exact':<10} {cells}")


if __name__ == "__main__":
    raise SystemExit(main())
