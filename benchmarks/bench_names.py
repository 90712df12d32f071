"""Time the near-miss lint (N001) on many distinct names, against an all-pairs baseline.

Run on demand: ``python benchmarks/bench_names.py [--names 1000 10000 50000]``.

Names are random two-word slugs (``cedar-lantern``) plus a numbered series (``event-0`` ...),
with one typo in 1 % of them, all used on one fact so every pair could be a near miss. The
lint blocks candidates (one loose form per block, then the sorted neighbourhood of the loose
forms and of their reverses), so it grows as ``n log n``; the baseline scores every pair with
rapidfuzz's ``cdist`` (C++, all cores), which grows as ``n**2``: it is only run up to
``--baseline-max`` names. Both report how many of the planted typos they find.

Then the whole-check rules' share of a 6,000-claim check (30 outlets x 200 facts, the issue's
size) through ``check_table``: with N/G/V selected and with them ignored.
"""

from __future__ import annotations

import argparse
import random
import string
import time

import numpy as np
from rapidfuzz import fuzz, process

from discrepancy.config import Config
from discrepancy.lint.near_miss import near_misses
from discrepancy.lint.spellings import Spelling, loose


def names(n: int, seed: int = 3) -> tuple[list[Spelling], set[tuple[str, str]]]:
    rng = random.Random(seed)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9))) for _ in range(400)]
    keys: set[str] = set()
    while len(keys) < n * 0.8:
        keys.add(f"{rng.choice(words)}-{rng.choice(words)}")
    keys |= {f"event-{k}" for k in range(n - len(keys))}
    base = sorted(keys)
    planted: set[tuple[str, str]] = set()
    out = [Spelling("subject", k, k, r, 3, 3, frozenset({"deaths"})) for r, k in enumerate(base)]
    for k in rng.sample(range(len(base)), len(base) // 100):
        word = base[k]
        at = rng.randrange(1, len(word) - 1)
        typo = word[:at] + word[at + 1 :]
        if typo not in keys and loose(typo) != loose(word):
            keys.add(typo)
            planted.add((typo, word))
            out.append(Spelling("subject", typo, typo, len(out), 1, 1, frozenset({"deaths"})))
    return out, planted


def all_pairs(spellings: list[Spelling], threshold: float) -> set[tuple[str, str]]:
    forms = [loose(s.key) for s in spellings]
    scores = process.cdist(forms, forms, scorer=fuzz.ratio, score_cutoff=threshold, workers=-1)
    i, j = np.nonzero(np.triu(scores, k=1))
    return {
        (spellings[a].key, spellings[b].key) for a, b in zip(i.tolist(), j.tolist(), strict=True)
    }


def _found(pairs: set[tuple[str, str]], planted: set[tuple[str, str]]) -> int:
    both = {tuple(sorted(p)) for p in pairs}
    return sum(tuple(sorted(p)) in both for p in planted)


def bench_check(threshold: float) -> None:
    import polars as pl

    from discrepancy.table import check_table

    rng = np.random.default_rng(5)
    outlets, facts = 30, 200
    rows = {
        "source": [f"outlet-{s}" for f in range(facts) for s in range(outlets)],
        "subject": [f"event-{f}" for f in range(facts) for _ in range(outlets)],
        "property": ["deaths"] * (facts * outlets),
        "best": rng.integers(10, 1000, facts * outlets).astype(float),
    }
    frame = pl.DataFrame(rows)
    for label, config in (
        ("with N/G/V", Config(names_near_miss_threshold=threshold)),
        ("without N/G/V", Config(ignore=("N", "G", "V"), names_near_miss_threshold=threshold)),
    ):
        t = time.perf_counter()
        report = check_table(frame, config, consensus=False)
        n = len(report.findings)
        print(
            f"check_table 6,000 claims {label:<14} {time.perf_counter() - t:7.3f} s  {n} findings"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--baseline-max", type=int, default=10_000)
    parser.add_argument("--threshold", type=float, default=90)
    args = parser.parse_args()
    for n in args.names:
        spellings, planted = names(n)
        t = time.perf_counter()
        found = near_misses(spellings, threshold=args.threshold)
        took = time.perf_counter() - t
        pairs = {(m.suspect.key, m.usual.key) for m in found}
        line = (
            f"{len(spellings):>7} names  near_misses {took:7.3f} s  "
            f"{len(found):>5} found, {_found(pairs, planted)}/{len(planted)} planted"
        )
        if len(spellings) <= args.baseline_max:
            t = time.perf_counter()
            base = all_pairs(spellings, args.threshold)
            line += (
                f"  | all pairs (cdist) {time.perf_counter() - t:7.3f} s  "
                f"{_found(base, planted)}/{len(planted)} planted"
            )
        print(line)
    bench_check(args.threshold)


if __name__ == "__main__":
    main()
