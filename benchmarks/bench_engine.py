"""Time check() on 10k synthetic claims, in memory and from YAML files, against a naive baseline.

Run on demand: ``python benchmarks/bench_engine.py [--claims 10000] [--group-size 5]``.

The baseline is a plain Python double loop over the same claim pairs of every group that
computes the same quantity/date/label verdicts one pair at a time (no numpy), i.e. what the
engine would cost if it compared pairs in Python. It covers only the comparing step, so compare
it with the "group + compare" lines: "one group at a time" is ``compare_group`` per group (the
pure function the Dask and table paths map), "batched" is ``compare_groups`` (one verdict call
per type over all groups; both now live in the tests' reference twin, tests/reference/).
check() also runs the rules, agreement and consensus, through the columnar engine; the
reference twin ``check_objects`` is timed beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from discrepancy.config import Config
from discrepancy.engine import check

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from discrepancy.io.load import load
from discrepancy.model import Claim, ClaimSet, Source
from discrepancy.values import DateInterval, Label, MemberSet, Quantity
from reference.check_objects import check_objects, compare_all
from reference.compare_batch import compare_groups
from reference.grouping import build_groups

SOURCES = 50
CITIES = ["Ussuriysk", "Khabarovsk", "Хабаровск", "Blagoveshchensk", "Vladivostok", "Kursk"]


def synthetic(n_claims: int, group_size: int, seed: int = 7) -> ClaimSet:
    """``n_claims`` claims in groups of ``group_size``: 70 % quantities, 10 % each of dates,
    sets and labels, values drawn so that about half the groups hold a conflict."""
    rng = random.Random(seed)
    sources = [Source(f"s{k:02d}", published=dt.date(2024, 10, 18)) for k in range(SOURCES)]
    claims: list[Claim] = []
    counters: dict[str, int] = {}
    g = 0
    while len(claims) < n_claims:
        kind = rng.choices(["quantity", "date", "set", "label"], [7, 1, 1, 1])[0]
        base = rng.randint(1, 100) * 100
        for _ in range(min(group_size, n_claims - len(claims))):
            src = rng.choice(sources).id
            counters[src] = counters.get(src, 0) + 1
            if kind == "quantity":
                x = base * rng.choice([1, 1, 1, 1.1, 2])
                value: object = (
                    Quantity(x * 0.95, x, x * 1.05) if rng.random() < 0.3 else Quantity.exact(x)
                )
                raw: object = f"about {x:g}" if isinstance(value, Quantity) and value.low < x else x
            elif kind == "date":
                day = dt.date(2024, 10, 1) + dt.timedelta(days=rng.choice([0, 0, 1, 9]))
                value, raw = DateInterval.day(day), day.isoformat()
            elif kind == "set":
                members = rng.sample(CITIES, rng.randint(2, 4))
                value, raw = MemberSet(members), members
            else:
                text = rng.choice(["special forces", "Special Forces", "infantry"])
                value, raw = Label(text), text
            claims.append(
                Claim(
                    src,
                    f"subject-{g}",
                    "troops" if kind == "quantity" else kind,
                    value,  # type: ignore[arg-type]
                    id=f"c{counters[src]}",
                    raw=raw,
                )
            )
        g += 1
    return ClaimSet(sources, (), claims)


def write_yaml(claims: ClaimSet, folder: Path) -> None:
    """One YAML claim file per source (what a user would keep in a repository)."""
    by_source: dict[str, list[Claim]] = {}
    for c in claims.claims:
        by_source.setdefault(c.source, []).append(c)
    for source in claims.sources:
        lines = [f"source: {{id: {source.id}, published: 2024-10-18}}", "claims:"]
        for c in by_source.get(source.id, []):
            raw = c.raw if isinstance(c.raw, list) else f'"{c.raw}"'
            if isinstance(raw, list):
                raw = "[" + ", ".join(raw) + "]"
            lines.append(
                f"  - {{id: {c.id}, subject: {c.subject}, property: {c.property}, "
                f"type: {c.type}, value: {raw}}}"
            )
        (folder / f"{source.id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def naive_verdicts(claims: ClaimSet) -> int:
    """The baseline: group with a dict, then a Python double loop over every pair."""
    groups: dict[tuple[str, str], list[Claim]] = {}
    for c in claims.claims:
        groups.setdefault((c.subject.casefold(), c.property.casefold()), []).append(c)
    conflicts = 0
    for members in groups.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                va, vb = members[a].value, members[b].value
                if isinstance(va, Quantity) and isinstance(vb, Quantity):
                    if va.best == vb.best:
                        verdict = 0
                    elif va.low <= vb.high and vb.low <= va.high:
                        verdict = 1
                    else:
                        verdict = 3
                elif isinstance(va, DateInterval) and isinstance(vb, DateInterval):
                    if (va.start, va.end) == (vb.start, vb.end):
                        verdict = 0
                    else:
                        verdict = 1 if va.overlaps(vb) else 3
                elif isinstance(va, MemberSet) and isinstance(vb, MemberSet):
                    sa = {m.casefold() for m in va.members}
                    sb = {m.casefold() for m in vb.members}
                    verdict = 0 if sa == sb else 2
                else:
                    verdict = 0 if str(va).casefold() == str(vb).casefold() else 3
                conflicts += verdict == 3
    return conflicts


def timed(label: str, fn: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    print(f"  {label:<38} {best * 1000:9.1f} ms")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--group-size", type=int, default=5)
    parser.add_argument("--no-load", action="store_true", help="skip the YAML timings")
    args = parser.parse_args()
    claims = synthetic(args.claims, args.group_size)
    config = Config()
    groups, _ = build_groups(claims, config)
    pairs = sum(len(g) * (len(g) - 1) // 2 for g in groups)
    print(
        f"{len(claims)} claims, {len(groups)} groups, {pairs} pairs, {len(claims.sources)} sources"
    )
    check(claims, config)  # warm up: pint registry, entry points, numba-free caches
    t_naive = timed("baseline: Python double loop", lambda: naive_verdicts(claims))
    t_one = timed(
        "group + compare, one group at a time",
        lambda: compare_all(build_groups(claims, config)[0], config),
    )
    t_cmp = timed(
        "group + compare, batched",
        lambda: compare_groups(build_groups(claims, config)[0], config),
    )
    t_check = timed("check() in memory", lambda: check(claims, config))
    timed("reference twin check_objects() in memory", lambda: check_objects(claims, config))
    report = check(claims, config)
    print(f"  -> {len(report.findings)} findings, {len(report.skipped)} skipped")
    print(
        f"group+compare vs baseline: batched {t_naive / t_cmp:.2f}x, one group at a time "
        f"{t_naive / t_one:.2f}x (above 1: faster than the double loop); "
        f"check() is {t_check / t_cmp:.1f}x group+compare"
    )
    if args.no_load:
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_yaml(claims, folder)
        loaded = load([str(folder)])
        print(f"  wrote {len(list(folder.glob('*.yaml')))} YAML files, {len(loaded)} claims")
        t_load = timed("load YAML", lambda: load([str(folder)]), repeat=1)
        t_both = timed("load + check", lambda: check(load([str(folder)]), config), repeat=1)
    print(f"load is {t_load / t_both:.0%} of load+check")


if __name__ == "__main__":
    main()
