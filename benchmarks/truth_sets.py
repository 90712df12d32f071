"""The truth-discovery sets with gold in ``../shared/truth``: reading, running, scoring.

Shared by ``bench_truth.py`` and ``tests/test_consensus_truth.py``. Four sets:

- ``flights`` (times of day in minutes; correct when the estimate rounds to the gold minute,
  wrapping at midnight) and ``population`` (correct within 1 % of gold): numbers, top folder;
- ``birthplaces`` (labels; correct when equal to gold after case folding) and ``emotion``
  (numeric estimates 0..100; scored by MAE, lower is better): their own folders.

Each set runs through :func:`discrepancy.consensus.build_fact_table` exactly as the library's
bulk paths build it (sources and facts coded in sorted order, labels keyed by content), in
file order or with the rows reversed.
"""

from __future__ import annotations

import csv
import importlib.util
import os
from pathlib import Path

import numpy as np
from attrs import evolve, frozen

from discrepancy.config import Config
from discrepancy.consensus import CATEGORICAL, QUANTITY, build_fact_table, get_method
from discrepancy.places.gazetteer import available as gazetteer_available
from discrepancy.table import check_table

SETS = ("flights", "population", "birthplaces", "emotion")


def truth_root() -> Path | None:
    """``$DISCREPANCY_TRUTH``, else the first ``shared/truth`` beside an ancestor of this
    repository (``../shared/truth`` from the main checkout or from a worktree)."""
    env = os.environ.get("DISCREPANCY_TRUTH")
    if env:
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "truth"
        if (candidate / "flights_claims.csv").exists():
            return candidate
    return None


@frozen
class TruthSet:
    """One set's claims as columns (``best`` for numbers, ``label`` for labels) and gold."""

    name: str
    source: list[str]
    subject: list[str]
    property: list[str]
    best: np.ndarray | None
    label: list[str] | None
    gold: dict[tuple[str, str], str]

    @property
    def metric(self) -> str:
        return "MAE" if self.name == "emotion" else "accuracy"

    def reversed(self) -> TruthSet:
        """The same claims with the rows in reverse order."""
        return evolve(
            self,
            source=self.source[::-1],
            subject=self.subject[::-1],
            property=self.property[::-1],
            best=None if self.best is None else self.best[::-1].copy(),
            label=None if self.label is None else self.label[::-1],
        )


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def fold(text: str) -> str:
    return " ".join(text.casefold().split())


def read_set(name: str, root: Path) -> TruthSet:
    if name in ("flights", "population"):
        rows, gold = _rows(root / f"{name}_claims.csv"), _rows(root / f"{name}_gold.csv")
    else:
        rows, gold = _rows(root / name / "claims.csv"), _rows(root / name / "gold.csv")
    labels = name == "birthplaces"
    return TruthSet(
        name=name,
        source=[r["source"] for r in rows],
        subject=[r["subject"] for r in rows],
        property=[r["property"] for r in rows],
        best=None if labels else np.array([float(r["value"]) for r in rows]),
        label=[fold(r["value"]) for r in rows] if labels else None,
        gold={(r["subject"], r["property"]): r["gold"] for r in gold},
    )


def _codes(values: list) -> tuple[list, np.ndarray]:
    names = sorted(set(values))
    index = {v: k for k, v in enumerate(names)}
    return names, np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))


@frozen
class Outcome:
    """Estimates by (subject, property), and the run's rounds."""

    estimate: dict[tuple[str, str], object]
    iterations: int
    converged: bool


def run_method(ts: TruthSet, method: str) -> Outcome:
    """``method`` over ``ts`` (labels keyed by content, numbers as quantities)."""
    src_names, src = _codes(ts.source)
    keys, fact = _codes(list(zip(ts.subject, ts.property, strict=True)))
    if ts.label is not None:
        names, key = _codes(ts.label)
        facts = build_fact_table(
            fact,
            src,
            n_facts=len(keys),
            n_sources=len(src_names),
            kind=np.full(len(keys), CATEGORICAL, dtype=np.int8),
            key=key.astype(np.float64),
        )
    else:
        facts = build_fact_table(
            fact,
            src,
            n_facts=len(keys),
            n_sources=len(src_names),
            kind=np.full(len(keys), QUANTITY, dtype=np.int8),
            best=ts.best,
        )
    result = get_method(method)(facts, tol=1e-6, max_iter=1000)
    if ts.label is not None:
        content = np.zeros(facts.n_values, dtype=np.int64)
        content[facts.value] = key
        est: dict[tuple[str, str], object] = {
            k: (names[int(content[v])] if v >= 0 else None)
            for k, v in zip(keys, result.value.tolist(), strict=True)
        }
    else:
        est = dict(zip(keys, result.best.tolist(), strict=True))
    return Outcome(est, int(result.iterations), bool(result.converged))


def run_places(ts: TruthSet, method: str = "auto") -> Outcome | None:
    """The labels of ``ts`` as ``type: place`` claims, checked by the library's table path
    (:func:`discrepancy.table.check_table`) with ``method``: places resolve through the
    GeoNames gazetteer alone (the ``places`` extra; no entities, nothing from the gold
    file), and consensus is the deepest place a majority of the deciding voices supports.
    ``None`` when the gazetteer or polars is not installed."""
    if ts.label is None or not gazetteer_available() or importlib.util.find_spec("polars") is None:
        return None
    import polars as pl  # optional, as the gazetteer

    frame = pl.DataFrame(
        {
            "source": ts.source,
            "subject": ts.subject,
            "property": ts.property,
            "value": ts.label,
            "type": ["place"] * len(ts.label),
        }
    )
    report = check_table(frame, Config(consensus_method=method))
    run = report.consensus_run
    est: dict[tuple[str, str], object] = {
        (c.subject, c.property): fold(c.value) for c in report.consensus
    }
    return Outcome(est, run.iterations if run else 0, run.converged if run else True)


def score(ts: TruthSet, estimate: dict[tuple[str, str], object]) -> float:
    """The set's metric: accuracy (flights, population, birthplaces) or MAE (emotion; a
    missing estimate counts as an error of 100)."""
    keys = list(ts.gold)
    if ts.name == "birthplaces":
        return float(np.mean([estimate.get(k) == fold(ts.gold[k]) for k in keys]))
    gold = np.array([float(ts.gold[k]) for k in keys])
    est = np.array([_number(estimate.get(k)) for k in keys])
    if ts.name == "emotion":
        err = np.abs(est - gold)
        return float(np.mean(np.where(np.isnan(err), 100.0, err)))
    with np.errstate(invalid="ignore"):
        if ts.name == "flights":
            d = np.abs(np.round(est) - gold) % 1440
            return float(np.mean(np.minimum(d, 1440 - d) == 0))
        return float(np.mean(np.abs(est - gold) <= 0.01 * np.abs(gold)))


#: The best published anchor per set (truthdiscovery 1.0.4 defaults, Mean for emotion), as
#: recorded in the sets' READMEs; the bar is to reach it in both row orders.
ANCHOR = {
    "flights": ("PooledInvestment", 0.940),
    "population": ("TruthFinder", 0.852),
    "birthplaces": ("AverageLog", 0.8843),
    "emotion": ("Mean", 12.02),
}


def meets(name: str, value: float) -> bool:
    """Whether ``value`` is at or above the anchor (at or below for MAE)."""
    bar = ANCHOR[name][1]
    return value <= bar if name == "emotion" else value >= bar - 5e-5


__all__ = [
    "ANCHOR",
    "SETS",
    "Outcome",
    "TruthSet",
    "fold",
    "meets",
    "read_set",
    "run_method",
    "run_places",
    "score",
    "truth_root",
]


def _number(x: object) -> float:
    return float("nan") if x is None else float(x)  # type: ignore[arg-type]
