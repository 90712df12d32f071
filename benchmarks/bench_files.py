"""Time ``discrepancy check DIR --format json`` on claim files against PyYAML's C parser.

Run on demand (not part of the test suite)::

    python benchmarks/bench_files.py                      # 100k claims, both layouts
    python benchmarks/bench_files.py --claims 20000 --layout noisy
    python benchmarks/bench_files.py --repeat 3           # fastest of 3 runs of each side

Data (fixed seed): ``--sources`` claim files, one per source, each stating every one of
``claims / sources`` facts (one property). The easy layout gives the true value on 70 % of
claims and a random other one otherwise; the noisy layout makes each source right with its own
probability in 0.5..0.95 and otherwise off by a factor in 0.5..1.5 (so almost every fact holds
a conflict). Values are written as journalists do: "1,500", "about 12,000", plain numbers.

The baseline is the least any YAML tool must do: parse the same files with PyYAML's C loader
(``yaml.load(text, Loader=yaml.CSafeLoader)``), in the same run. The check runs as the CLI
in a child process, so its peak RSS is the child's alone.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def write_files(folder: Path, n_claims: int, *, sources: int, layout: str, seed: int = 0) -> int:
    """Write the claim files; returns the number of facts."""
    rng = np.random.default_rng(seed)
    n_facts = max(1, n_claims // sources)
    truth = rng.integers(100, 100_000, n_facts)
    right = rng.uniform(0.5, 0.95, sources) if layout == "noisy" else np.full(sources, 0.7)
    for s in range(sources):
        wrong = rng.random(n_facts) >= right[s]
        if layout == "noisy":
            values = np.where(wrong, np.round(truth * rng.uniform(0.5, 1.5, n_facts)), truth)
        else:
            values = np.where(wrong, rng.integers(100, 100_000, n_facts), truth)
        style = rng.integers(0, 3, n_facts)
        lines = [
            "discrepancy: 1",
            f"source: {{id: s{s:02d}, name: Source {s}, published: 2024-10-18}}",
            "claims:",
        ]
        for f in range(n_facts):
            v = int(values[f])
            text = (str(v), f'"{v:,}"', f'"about {v:,}"')[int(style[f])]
            lines.append(f"  - {{subject: fact-{f}, property: troops, value: {text}}}")
        (folder / f"s{s:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n_facts


def pyyaml_seconds(folder: Path) -> float | None:
    try:
        import yaml
    except ImportError:
        return None
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return None
    gc.collect()
    start = time.perf_counter()
    for path in sorted(folder.glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return time.perf_counter() - start


_CHILD = """
import resource, runpy, sys
sys.argv = ["discrepancy", *sys.argv[1:]]
try:
    runpy.run_module("discrepancy", run_name="__main__")
finally:
    sys.stderr.write(f"\\nMAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
"""


def check_seconds(folder: Path, out: Path, extra: list[str]) -> tuple[float, float, int]:
    """Wall time, the child's own peak RSS in MB, and its exit code."""
    cmd = [sys.executable, "-c", _CHILD, "check", str(folder), "--format", "json"]
    cmd += ["-o", str(out), *extra]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr[-2000:])
        raise SystemExit(f"check failed with exit {done.returncode}")
    rss = int(done.stderr.rsplit("MAXRSS", 1)[1].split()[0])
    return seconds, rss / 1024, done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--layout", choices=["easy", "noisy", "both"], default="both")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each side this many times, alternating, and keep the fastest (the machine "
        "may be shared: the best of a few runs is the steadiest ratio)",
    )
    parser.add_argument("extra", nargs="*", help="extra arguments for `discrepancy check`")
    args = parser.parse_args(argv)
    layouts = ["easy", "noisy"] if args.layout == "both" else [args.layout]
    failed = False
    for layout in layouts:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "claims"
            folder.mkdir()
            n_facts = write_files(folder, args.claims, sources=args.sources, layout=layout)
            size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
            out = Path(tmp) / "report.json"
            runs = [
                (check_seconds(folder, out, args.extra), pyyaml_seconds(folder))
                for _ in range(max(1, args.repeat))
            ]
            t_check = min(r[0][0] for r in runs)
            rss = max(r[0][1] for r in runs)  # the highest peak of any run
            code = runs[0][0][2]
            yaml_times = [r[1] for r in runs if r[1] is not None]
            t_yaml = min(yaml_times) if yaml_times else None
            print(
                f"{layout}: {args.claims:,} claims in {args.sources} files ({size:.1f} MB), "
                f"{n_facts:,} facts"
            )
            best = f"best of {len(runs)}, " if len(runs) > 1 else ""
            print(f"  discrepancy check --format json  {t_check:8.2f} s  ({best}exit {code})")
            print(f"  peak RSS of the check            {rss:8.0f} MB (target <= 1024)")
            print(f"  JSON report                      {out.stat().st_size / 2**20:8.1f} MB")
            if t_yaml is None:
                print("  PyYAML with libyaml not installed: no baseline")
            else:
                ratio = t_check / t_yaml
                print(f"  PyYAML CSafeLoader parse         {t_yaml:8.2f} s")
                print(f"  ratio                            {ratio:8.2f}   (target <= 3)")
                failed |= ratio > 3 or rss > 1024
    return 1 if failed and os.environ.get("BENCH_STRICT") else 0


if __name__ == "__main__":
    sys.exit(main())
