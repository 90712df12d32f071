"""The default consensus on synthetic layouts with known truth, beside plain statistics.

    python benchmarks/bench_synthetic_truth.py [--seeds 3]

Layouts (``synthetic.py``): crowd ratings 0..100 with one loud prolific worker, the same
with 1 % vandal values (10^15), reported figures with typos, old figures and vandals from
editors of skewed activity, and the hard layout where most facts hold a conflict (12
sources, 5 per fact, each wrong one scattered around the truth). Ratings are scored by MAE
(lower is better), reports by the share within 1 % of the truth. Then labels
(``synthetic.label_votes``): sources right 30..95 % of the time with skewed coverage, wrong
labels spread over 3 or piled on 1 alternative, the birthplaces shape (two sources
cover nearly everything), and crowd labels (``synthetic.crowd_labels``: yes/no or three
classes, many workers, some near or below chance), scored by accuracy. Last, author lists through ``check_table``.

Beside ours, the ``truthdiscovery`` package's methods when importable (values are
categories for them, ties to the smallest). Nothing in ``auto`` was tuned on these; they
check that the choice between estimates and reports (``consensus/methods/estimates.py``)
goes the right way on data of known kind, and that ``auto`` holds on shapes of no truth set.
"""

from __future__ import annotations

import argparse
import importlib.util
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from synthetic import (
    author_lists,
    crowd_estimates,
    crowd_labels,
    import_truthdiscovery,
    label_votes,
    noisy_reports,
    vandal_reports,
)

from discrepancy.consensus import CATEGORICAL, QUANTITY, build_fact_table, get_method

Layout = Callable[[np.random.Generator], tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]


LAYOUTS: dict[str, tuple[Layout, str]] = {
    "crowd": (lambda r: crowd_estimates(r, 700), "MAE"),
    "crowd+vandals": (lambda r: crowd_estimates(r, 700, vandals=0.01), "MAE"),
    "reports+vandals": (lambda r: vandal_reports(r, 1500), "within 1%"),
    "hard (noisy)": (lambda r: noisy_reports(r, 1500, sources=12, per_fact=5), "within 1%"),
}

LABELS: dict[str, Layout] = {
    "labels, 3 wrong": lambda r: label_votes(r, 2000, sources=12, alternatives=3, prolific=False),
    "labels, 1 wrong": lambda r: label_votes(r, 2000, sources=12, alternatives=1, prolific=False),
    "labels, 2 big": lambda r: label_votes(r, 2000, sources=8, alternatives=2, prolific=True),
    "labels, 2 big, 1": lambda r: label_votes(r, 2000, sources=8, alternatives=1, prolific=True),
    "crowd yes/no": lambda r: crowd_labels(r, 800),
    "crowd 3 classes": lambda r: crowd_labels(r, 800, classes=3),
}

#: the truthdiscovery methods scored beside ours (default parameters)
ANCHORS = ("AverageLog", "PooledInvestment", "Investment", "Sums", "TruthFinder")


def _run(method: str, src: np.ndarray, fact: np.ndarray, **values: np.ndarray):  # type: ignore[no-untyped-def]
    """``method`` over one claim per row: ``best=`` numbers (quantities) or ``key=`` labels."""
    n_facts = int(fact.max()) + 1
    kind = QUANTITY if "best" in values else CATEGORICAL
    facts = build_fact_table(
        fact,
        src,
        n_facts=n_facts,
        n_sources=int(src.max()) + 1,
        kind=np.full(n_facts, kind, dtype=np.int8),
        **{k: v.astype(np.float64) for k, v in values.items()},
    )
    return facts, get_method(method)(facts, tol=1e-6, max_iter=1000)


def estimates(method: str, src: np.ndarray, fact: np.ndarray, value: np.ndarray) -> np.ndarray:
    return _run(method, src, fact, best=value)[1].best


def labels(method: str, src: np.ndarray, fact: np.ndarray, label: np.ndarray) -> np.ndarray:
    """Per fact the label ``method`` picks (-1: none)."""
    facts, result = _run(method, src, fact, key=label)
    content = np.zeros(facts.n_values)
    content[facts.value] = label
    return np.where(result.value >= 0, content[np.maximum(result.value, 0)], -1.0)


def anchor(
    td: object, name: str, src: np.ndarray, fact: np.ndarray, value: np.ndarray
) -> np.ndarray:
    """Per fact the value a truthdiscovery method believes most (ties: the smallest)."""
    triples = ((int(s), int(f), float(v)) for s, f, v in zip(src, fact, value, strict=True))
    result = getattr(td, name)().run(td.Dataset(triples))  # type: ignore[attr-defined]
    return np.array([min(result.get_most_believed_values(f)) for f in range(int(fact.max()) + 1)])


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
    td = import_truthdiscovery()
    ours = ["auto", "majority", "crh", "truthfinder"]
    theirs = list(ANCHORS) if td is not None else []
    if td is None:
        print("(truthdiscovery not importable: its methods are left out)")
    names = [*ours, "Mean", "Median", *theirs]
    print(f"{'layout':<18} {'metric':<10} " + " ".join(f"{n[:11]:>11}" for n in names))
    for layout, (make, kind) in LAYOUTS.items():
        rows = []
        for seed in range(args.seeds):
            src, fact, value, truth = make(np.random.default_rng(seed))
            row = [metric(kind, estimates(m, src, fact, value), truth) for m in ours]
            row += [metric(kind, plain(fact, value, h), truth) for h in ("mean", "median")]
            row += [metric(kind, anchor(td, a, src, fact, value), truth) for a in theirs]
            rows.append(row)
        _row(layout, kind, np.mean(rows, axis=0))
    names = [*ours, *theirs]
    print(f"\n{'layout':<18} {'metric':<10} " + " ".join(f"{n[:11]:>11}" for n in names))
    for layout, make in LABELS.items():
        rows = []
        for seed in range(args.seeds):
            src, fact, label, truth = make(np.random.default_rng(seed))
            row = [float(np.mean(labels(m, src, fact, label) == truth)) for m in ours]
            row += [float(np.mean(anchor(td, a, src, fact, label) == truth)) for a in theirs]
            rows.append(row)
        _row(layout, "accuracy", np.mean(rows, axis=0))
    lists(args.seeds)
    return 0


def _row(layout: str, kind: str, cells: np.ndarray) -> None:
    print(f"{layout:<18} {kind:<10} " + " ".join(f"{x:>11.4g}" for x in cells))


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
