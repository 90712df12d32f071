"""One origin counts once per fact, whatever values its relays print (issue 14, item 6 in
part): its weight is split across those values, and evidence counts origins, not outlets."""

from __future__ import annotations

from discrepancy.consensus import consensus_from_columns


def _run(rows: list[tuple[str, float, str | None]]):
    _, est, run = consensus_from_columns(
        source=[r[0] for r in rows],
        subject=["flood"] * len(rows),
        property=["deaths"] * len(rows),
        best=[r[1] for r in rows],
        said_by=[r[2] for r in rows],
    )
    return est[0, 1], run.groups[0]


def test_an_origin_relayed_with_two_figures_is_one_voice_split_between_them() -> None:
    """The ministry's figure, printed as 11,300 by one outlet and rounded to 11,000 by another,
    is one voice of weight 1/2 on each, so the police's 5,000 (one whole voice) leads."""
    best, c = _run(
        [
            ("outlet-a", 11_300, "ministry"),
            ("outlet-b", 11_000, "ministry"),
            ("tv", 5_000, "police"),
        ]
    )
    assert best == 5_000
    assert c.basis != "majority"
    assert c.confidence < 0.67  # two origins, split: never the certainty of agreement


def test_an_independent_confirmation_outweighs_the_split() -> None:
    best, c = _run(
        [
            ("outlet-a", 11_300, "ministry"),
            ("outlet-b", 11_000, "ministry"),
            ("tv", 5_000, "police"),
            ("monitor", 11_300, None),
        ]
    )
    assert best == 11_300
    assert set(c.support) >= {"outlet-a", "monitor"}


def test_one_origin_relayed_by_three_outlets_is_single_origin() -> None:
    _, c = _run([("a", 1_500, "nis"), ("b", 1_500, "nis"), ("c", 1_500, "nis")])
    assert c.basis == "single-origin"
    assert abs(c.confidence - 2 / 3) < 1e-6
