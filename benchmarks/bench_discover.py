"""Time a folder scan's discovery against parsing the same files.

Run on demand (not part of the test suite)::

    python benchmarks/bench_discover.py                 # 20 claim files + 20 other YAML, ~1 MB each
    python benchmarks/bench_discover.py --files 50 --kb 4000

Writes (fixed content) ``--files`` claim files and as many other YAML files (``mkdocs``-like
configuration blown up to ``--kb`` kB), then times

- ``discover``: deciding which files are claim files (their top-level keys are read from
  lines; YAML is not parsed), the baseline this page is about;
- ``parse``: parsing every file with the claim-file YAML reader once, what deciding by a full
  parse would cost on top of the load.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from discrepancy.io.discover import discover
from discrepancy.io.yaml_reader import Limits, read_yaml


def write_files(folder: Path, n: int, kb: int) -> None:
    claim = "  - {subject: s%d, property: p, value: %d, note: padding padding padding}\n"
    other = "  - title: page %d\n    path: docs/page-%d.md\n    tags: [a, b, c]\n"
    for k in range(n):
        lines = ["discrepancy: 1\n", f"source: {{id: s{k}}}\n", "claims:\n"]
        body = []
        size = 0
        i = 0
        while size < kb * 1024:
            line = claim % (i, i)
            body.append(line)
            size += len(line)
            i += 1
        (folder / f"claims-{k:03}.yaml").write_text("".join(lines + body), encoding="utf-8")
        body = []
        size = 0
        i = 0
        while size < kb * 1024:
            line = other % (i, i)
            body.append(line)
            size += len(line)
            i += 1
        text = "site_name: x\nnav:\n" + "".join(body)
        (folder / f"site-{k:03}.yml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--kb", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_files(folder, args.files, args.kb)
        total = sum(p.stat().st_size for p in folder.iterdir())
        t0 = time.perf_counter()
        found = discover([folder])
        t_discover = time.perf_counter() - t0
        limits = Limits(max_bytes=10**10, max_nodes=10**9)
        t0 = time.perf_counter()
        for path in sorted(folder.iterdir()):
            read_yaml(path.read_text(encoding="utf-8"), limits)
        t_parse = time.perf_counter() - t0
    print(f"{2 * args.files} files, {total / 1e6:.1f} MB: {len(found.files)} claim files found")
    print(f"discover  {t_discover:8.3f} s   (baseline: lines only)")
    print(f"parse     {t_parse:8.3f} s   (what a full parse of every file costs)")


if __name__ == "__main__":
    main()
