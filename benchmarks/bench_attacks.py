"""Time the attack pass's slow cases against today's code (run on demand, not in the suite).

    python benchmarks/bench_attacks.py

Prints one line per case: the time the attack pass measured before the fix (the baseline) and
the time now. Cases: "about " x 200k as a quantity, a 14 KB quote against a 14 KB document, a
9 MB document with 20 quotes, values of 1,000 characters (the grammar limit), and one group of
2,000 claims through the loader and check (an E007 error now).
"""

from __future__ import annotations

import contextlib
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from discrepancy.engine import check
from discrepancy.errors import InputError, ValueParseError
from discrepancy.io import load
from discrepancy.quotes import find_quote
from discrepancy.values import parse_date, parse_quantity


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    with contextlib.suppress(ValueParseError, InputError):
        fn()
    return time.perf_counter() - start


def document(size: int) -> str:
    rng = random.Random(7)
    words = ["troops", "the", "north", "korean", "soldiers", "arrived", "in", "russia", "said"]
    return " ".join(rng.choice(words) for _ in range(size // 6))[:size]


def big_group(folder: Path, n: int) -> Path:
    lines = ["sources:", *(f"  - {{id: s{i}}}" for i in range(n)), "claims:"]
    lines += [
        f"  - {{source: s{i}, subject: x, property: p, value: {1000 + 7 * i}}}" for i in range(n)
    ]
    path = folder / "group.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def main() -> None:
    doc = document(9_000_000)
    quotes = [
        f"quote {i}: the special forces soldiers arrived in russia on day {i}" for i in range(20)
    ]
    limit_values = [(p * 1000)[:1000] for p in ("1-", "about ", "between 1 and ", "(", "oct 8-")]
    with tempfile.TemporaryDirectory() as tmp:
        group = big_group(Path(tmp), 2000)
        cases: list[tuple[str, str, Callable[[], object]]] = [
            ('"about " x 200k quantity', "239 s", lambda: parse_quantity("about " * 200_000)),
            ("14 KB quote vs 14 KB document", "97 s",
             lambda: find_quote("x" * 14_000 + "z", "y" * 7_000 + "x" * 7_000)),
            ("9 MB document x 20 quotes", "170 s", lambda: [find_quote(q, doc) for q in quotes]),
            ("5 values of 1,000 chars x 2 types", "-",
             lambda: [timed(lambda v=v, f=f: f(v)) for v in limit_values for f in (parse_quantity, parse_date)]),
            ("group of 2,000 claims", "176 s, 4.9 GB", lambda: check(load(group))),
        ]  # fmt: skip
        print(f"{'case':<36} {'before':>16} {'now':>10}")
        for name, before, fn in cases:
            print(f"{name:<36} {before:>16} {timed(fn):>9.3f}s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
