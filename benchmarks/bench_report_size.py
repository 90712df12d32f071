"""Report sizes: how large each output format gets as claims grow (run on demand).

Writes claim files the way a newsroom keeps them (one YAML file per source, every source
stating every fact), checks them through the real CLI and prints, per layout and format, the
report's size, line count and time. Layouts:

- ``news``: 30 outlets x 200 facts (6,000 claims); each outlet gives the fact's figure with
  probability 0.8, else one of three other figures (most facts hold a conflict: ~200 findings);
- ``bulk``: 50 sources x 2,000 facts of one property (100,000 claims in 50 files); each value
  is the fact's figure with probability 0.7, else a random other figure;
- ``noisy``: 30 sources x 200 facts, each value the figure times a random factor in 0.5..1.5
  (every fact conflicts, and most values are distinct: the largest clusters-per-finding).

The baseline printed first is the size of the claim files themselves, so a report can be read
as "N times its input". Targets (issues 12 and 13): JSON of ``bulk`` < 50 MB; for ``news``,
text < 2,000 lines, Markdown < 1 MiB, HTML < 5 MB.

    python benchmarks/bench_report_size.py                 # news and noisy (seconds)
    python benchmarks/bench_report_size.py --layouts bulk  # 100k claims (about a minute)
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from discrepancy.cli import main

FORMATS = ("json", "text", "markdown", "html")


def write_layout(folder: Path, name: str, seed: int = 7) -> int:
    """Write the claim files of layout ``name`` into ``folder``; the number of claims."""
    rng = np.random.default_rng(seed)
    if name == "bulk":
        n_sources, n_facts, share = 50, 2000, 0.7
    else:
        n_sources, n_facts, share = 30, 200, 0.8
    truth = rng.integers(100, 100_000, n_facts)
    if name == "noisy":
        values = np.rint(truth[None, :] * rng.uniform(0.5, 1.5, (n_sources, n_facts)))
    elif name == "news":
        others = (
            truth[None, :] * np.array([0.5, 1.5, 2.0])[rng.integers(0, 3, (n_sources, n_facts))]
        )
        right = rng.random((n_sources, n_facts)) < share
        values = np.where(right, truth[None, :], np.rint(others))
    else:
        right = rng.random((n_sources, n_facts)) < share
        values = np.where(right, truth[None, :], rng.integers(100, 100_000, (n_sources, n_facts)))
    prop = "deaths" if name == "bulk" else "casualties"
    for s in range(n_sources):
        lines = [
            "discrepancy: 1",
            f"source: {{id: outlet-{s}, published: 2024-10-18}}",
            "claims:",
        ]
        for f in range(n_facts):
            lines.append(
                f"  - {{id: c{f}, subject: event-{f}, property: {prop}, "
                f'value: "{int(values[s, f]):,}"}}'
            )
        (folder / f"outlet-{s}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n_sources * n_facts


def run(folder: Path, fmt: str, extra: Sequence[str] = ()) -> tuple[int, int, float]:
    """Bytes, lines and seconds of ``discrepancy check FOLDER --format fmt``."""
    out, err = io.StringIO(), io.StringIO()
    t0 = time.perf_counter()
    code = main(
        ["check", str(folder), "--format", fmt, "--no-progress", *extra], stdout=out, stderr=err
    )
    secs = time.perf_counter() - t0
    if code not in (0, 1):
        raise SystemExit(f"check failed ({code}): {err.getvalue()}")
    text = out.getvalue()
    return len(text.encode("utf-8")), text.count("\n"), secs


def human(n: int) -> str:
    for unit, size in (("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:,.1f} {unit}"
    return f"{n} B"


def main_(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--layouts", default="news,noisy", help="news, noisy, bulk (comma-separated)"
    )
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--full", action="store_true", help="also the text format with --full")
    args = parser.parse_args(argv)
    for name in args.layouts.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            n = write_layout(folder, name)
            files = sum(p.stat().st_size for p in folder.iterdir())
            print(f"{name}: {n:,} claims in {len(list(folder.iterdir()))} files ({human(files)})")
            runs: list[tuple[str, Sequence[str]]] = [(f, ()) for f in args.formats.split(",")]
            if args.full:
                runs.append(("text", ("--full",)))
            for fmt, extra in runs:
                size, lines, secs = run(folder, fmt, extra)
                label = fmt + (" " + " ".join(extra) if extra else "")
                print(
                    f"  {label:<14} {human(size):>10}  {lines:>9,} lines  {secs:6.1f} s  "
                    f"({size / files:.1f}x the claim files)"
                )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main_())
