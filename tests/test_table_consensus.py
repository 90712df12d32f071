"""``check_table`` and ``check`` reach the same consensus: one definition of "the same
value" (entity aliases, transliteration and case for labels; equal best values for
quantities written with different intervals; equal intervals for dates).

The generated rows leave entity aliases out (an explicit test covers them). They
also leave ``as_of`` out: claims whose ``as_of`` differ are not compared, so in ``check`` their
values join only through agree pairs, while the table path joins equal best values (a known
difference; ``value_identity_codes(agree=...)`` gives the claim-set codes when given them)."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pl = pytest.importorskip("polars")

from discrepancy.engine import check  # noqa: E402
from discrepancy.model import Entity  # noqa: E402
from discrepancy.table import check_table  # noqa: E402
from test_table_identity import _table, load_or_fail_alike  # noqa: E402

ENTITIES = (
    Entity("special-forces", "special forces", aliases=("special operations forces", "SOF")),
    Entity("khabarovsk", "Khabarovsk"),
)

TEXTS = [
    "12,000",
    "about 12,000",
    "12000",
    "around 12,000",
    "between 11,000 and 13,000",
    "11,000",
    "2024-06",
    "June 2024",
    "2024-06-19",
    "special forces",
    "Special  Forces",
    "SPECIAL FORCES",
    "marines",
    "Хабаровск",
    "Khabarovsk",
    "yes",
    "no",
]

row = st.fixed_dictionaries(
    {
        "source": st.sampled_from(["a", "b", "c", "d"]),
        "subject": st.sampled_from(["troops", "bases"]),
        "property": st.sampled_from(["count", "kind"]),
        "value": st.one_of(st.sampled_from(TEXTS), st.sampled_from([12_000, 11_000, 500])),
        "unit": st.just(None),
        "scope": st.sampled_from([None, None, "stage=planned"]),
        "as_of": st.just(None),
        "said_by": st.sampled_from([None, None, "agency"]),
    }
)


def _consensus(report: object) -> list[dict[str, object]]:
    groups = [c.to_dict() for c in report.consensus]  # type: ignore[attr-defined]
    return sorted(groups, key=lambda c: json.dumps(c, sort_keys=True, default=str))


def compare(rows: list[dict[str, object]], folder: Path) -> None:
    loaded = load_or_fail_alike(rows, folder, entities=ENTITIES)
    if loaded is None:
        return
    claims = attrs.evolve(loaded, entities=ENTITIES)
    expected = check(claims)
    got = check_table(_table(rows), entities=ENTITIES)
    assert _consensus(got) == _consensus(expected)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(row, min_size=1, max_size=14))
def test_table_consensus_equals_claim_file_consensus(
    rows: list[dict[str, object]], tmp_path: Path
) -> None:
    compare(rows, tmp_path)


def _rows(values: list[tuple[str, object]]) -> list[dict[str, object]]:
    return [
        {"source": s, "subject": "troops", "property": "kind", "value": v, "unit": None,
         "scope": None, "as_of": None, "said_by": None}
        for s, v in values
    ]  # fmt: skip


def test_aliased_labels_are_one_value(tmp_path: Path) -> None:
    rows = _rows([("a", "special forces"), ("b", "Special Operations Forces"), ("c", "marines")])
    compare(rows, tmp_path)
    got = check_table(_table(rows), entities=ENTITIES)
    (c,) = got.consensus
    assert c.support == ("a", "b")
    assert c.dissent == ("c",)


def test_quantities_with_different_intervals_are_one_value(tmp_path: Path) -> None:
    rows = _rows([("a", "12,000"), ("b", "about 12,000"), ("c", "11,000")])
    compare(rows, tmp_path)
    (c,) = check_table(_table(rows)).consensus
    assert c.best == 12_000
    assert c.support == ("a", "b")


def test_first_appearance_orders_tied_labels(tmp_path: Path) -> None:
    """Ties go to the value seen first in the group, whatever came first in other groups."""
    rows = _rows([("a", "marines"), ("b", "special forces")])
    rows += [dict(r, subject="bases") for r in _rows([("a", "special forces"), ("b", "marines")])]
    compare(rows, tmp_path)


def test_categorical_key_is_the_claim_set_key() -> None:
    """With the table's entity index, the table key of a label is the claim-set path's."""
    from discrepancy.compare.text import EntityIndex
    from discrepancy.consensus.glue import categorical_value_key
    from discrepancy.model import Claim
    from discrepancy.table.consensus import categorical_key
    from discrepancy.values import Label

    index = EntityIndex.build(ENTITIES)
    keys = {
        categorical_key("label", Claim("a", "x", "y", Label(t)), None, entities=index)
        for t in ("special forces", "Special Operations Forces", "SOF")
    }
    assert keys == {categorical_value_key("label", Label("special forces"), None, index)}
    plain = categorical_key("label", Claim("a", "x", "y", Label("Хабаровск")), None)
    assert plain == categorical_key("label", Claim("a", "x", "y", Label("khabarovsk")), None)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_table_identity_with_agree_pairs_is_the_claim_set_identity(seed: int) -> None:
    """Given the comparison's agree pairs, the table's value codes are glue's, and without
    them quantities are identified by their best value."""
    import numpy as np

    from discrepancy.consensus.glue import content_ranks
    from discrepancy.table.consensus import fact_kind, value_identity_codes
    from reference.consensus import _categorical_keys, group_pairs, value_identities
    from test_consensus_identity import _random_groups

    groups = _random_groups(seed)
    kind = np.array([fact_kind(g.type) for g in groups], dtype=np.int8)
    code, low, best, high, offsets = value_identities(groups, kind)
    fact = np.repeat(np.arange(len(groups)), np.diff(offsets))
    raw = [
        k if kind[f] == 0 else None
        for f, g in enumerate(groups)
        for k in (_categorical_keys(g) if kind[f] == 0 else [None] * len(g.claims))
    ]
    key = content_ranks(raw).astype(np.float64)  # keys coded by content, as combine does
    i, j, verdict = group_pairs(groups, offsets)
    agree = (i[verdict == 0], j[verdict == 0])
    got = value_identity_codes(fact, kind, low, best, high, key, agree=agree)
    np.testing.assert_array_equal(got, code)
    # quantities agree exactly when their best values are equal
    np.testing.assert_array_equal(value_identity_codes(fact, kind, low, best, high, key), code)
