"""Evidence, not tie-breaks (issue 14, item 7): confidence grows with independent voices, and
a single-origin fact or a tie says so in ``basis``."""

from __future__ import annotations

import numpy as np
import pytest

from discrepancy.consensus import build_fact_table, get_method
from discrepancy.consensus.method import BASIS


def _facts():
    # fact 0: one source; fact 1: one against one; fact 2: three agree; fact 3: two vs one;
    # fact 4: three outlets relaying one origin
    fact = np.array([0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
    source = np.array([0, 0, 1, 0, 1, 2, 0, 1, 2, 0, 1, 2])
    key = np.array([1, 1, 2, 5, 5, 5, 7, 7, 8, 9, 9, 9], dtype=np.float64)
    origin = np.array([0, 0, 1, 0, 1, 2, 0, 1, 2, 7, 7, 7])
    return build_fact_table(
        fact, source, n_facts=5, n_sources=3, kind=np.zeros(5), key=key, origin=origin
    )


def test_basis_and_confidence_follow_the_independent_evidence() -> None:
    r = get_method("auto")(_facts(), tol=1e-9, max_iter=100)
    assert r.basis is not None
    basis = [BASIS[b] for b in r.basis]
    assert basis == ["single-origin", "tie", "unanimous", "majority", "single-origin"]
    conf = r.score[r.value]
    assert conf[0] == pytest.approx(2 / 3) and conf[4] == pytest.approx(2 / 3)
    assert conf[1] == pytest.approx(0.5)
    assert conf[2] == pytest.approx(0.8)
    assert conf[0] < conf[2] and conf[1] < conf[3] < conf[2]


def test_the_json_report_carries_the_basis() -> None:
    pl = pytest.importorskip("polars")
    import discrepancy as dy

    frame = pl.DataFrame(
        {
            "source": ["a", "a", "b", "c"],
            "subject": ["x", "y", "y", "y"],
            "property": ["p", "p", "p", "p"],
            "value": ["red", "blue", "blue", "blue"],
            "type": ["label"] * 4,
        }
    )
    entries = {c.subject: c.to_dict() for c in dy.check_table(frame).consensus}
    assert entries["x"]["basis"] == "single-origin"
    assert entries["x"]["confidence"] == pytest.approx(2 / 3, abs=1e-6)
    assert entries["y"]["basis"] == "unanimous"
    assert entries["y"]["confidence"] == pytest.approx(0.8, abs=1e-6)
