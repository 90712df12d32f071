"""Past DENSE_SOURCES sources, agreement is reported as the cells that hold pairs, and no
format draws a sources x sources table past PAIRWISE_LIMIT (issue 17: bounded work)."""

from __future__ import annotations

import json

import polars as pl
import pytest

from discrepancy.agreement import DENSE_SOURCES
from discrepancy.report.options import PAIRWISE_LIMIT
from discrepancy.table import check_table


def _report(n_sources: int):  # type: ignore[no-untyped-def]
    # two sources per fact: s0 and s1 agree on f0, s2 and s3 disagree on f1, ...
    rows = []
    for k in range(n_sources // 2):
        a, b = f"s{2 * k}", f"s{2 * k + 1}"
        value = 100 if k % 2 else 200
        rows += [(a, f"f{k}", 100), (b, f"f{k}", value)]
    frame = pl.DataFrame(rows, schema=["source", "subject", "best"], orient="row")
    return check_table(frame.with_columns(property=pl.lit("count")))


def test_many_sources_give_cells_not_matrices() -> None:
    report = _report(2 * (DENSE_SOURCES // 2 + 10))
    d = report.to_dict()["agreement"]
    assert "matrix" not in d and "n" not in d
    names = d["sources"]
    cells = {(names[i], names[j]): (share, n) for i, j, share, n in d["cells"]}
    # each compared pair of sources once (upper triangle), nothing for pairs never compared
    assert len(cells) == len(names) // 2
    assert cells[("s0", "s1")] == (0.0, 1) and cells[("s2", "s3")] == (1.0, 1)
    assert report.agreement.matrix.shape == (len(names), len(names))  # the API keeps numpy
    json.dumps(report.to_dict(), allow_nan=False)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_no_pairwise_table_past_the_limit(fmt: str) -> None:
    report = _report(2 * (PAIRWISE_LIMIT // 2 + 2))
    from discrepancy.report.options import RenderOptions

    out = report.render(fmt, options=RenderOptions(tables="always"))
    assert "is not drawn as a table" in out
    assert 'id="agreement-matrix"' not in out
    small = _report(8).render(fmt, options=RenderOptions(tables="always"))
    assert "is not drawn as a table" not in small
