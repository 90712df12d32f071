"""A stand-in for the engine's ComparedGroup, shared by the consensus and agreement tests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from attrs import field, frozen

from discrepancy.model import Claim
from discrepancy.values import Quantity


@frozen
class FakeGroup:
    """The attributes consensus and agreement read from a compared group."""

    subject: str
    property: str
    type: str
    claims: tuple[Claim, ...] = field(converter=tuple)
    i: np.ndarray = field(eq=False)
    j: np.ndarray = field(eq=False)
    verdict: np.ndarray = field(eq=False)
    scope: tuple[tuple[str, str], ...] = ()
    unit: str | None = None
    members: tuple[tuple[str, ...], ...] | None = None


def quantity_verdict(a: Quantity, b: Quantity) -> int:
    """agree 0 (same best), compatible 1 (overlap), conflict 3."""
    if a.best == b.best:
        return 0
    return 1 if a.low <= b.high and b.low <= a.high else 3


def quantity_group(
    subject: str,
    prop: str,
    claims: Sequence[Claim],
) -> FakeGroup:
    """A quantity group with every pair compared by :func:`quantity_verdict`."""
    n = len(claims)
    i, j = np.triu_indices(n, k=1)
    verdict = np.array(
        [quantity_verdict(claims[a].value, claims[b].value) for a, b in zip(i, j, strict=True)],  # type: ignore[arg-type]
        dtype=np.int8,
    )
    return FakeGroup(
        subject, prop, "quantity", claims, i.astype(np.int64), j.astype(np.int64), verdict
    )


def q(
    source: str, value: float, *, subject: str = "march", prop: str = "turnout", **kw: object
) -> Claim:
    return Claim(source=source, subject=subject, property=prop, value=Quantity.exact(value), **kw)  # type: ignore[arg-type]


def echo_group() -> FakeGroup:
    """Three outlets relaying the organisers' 50,000 (one via another) against two
    independent counts of 8,000: the issue's echo example."""
    return quantity_group(
        "march",
        "turnout",
        [
            q("outlet-a", 50_000, said_by="organisers"),
            q("outlet-b", 50_000, said_by="organisers"),
            q("outlet-c", 50_000, said_by="organisers", via=["outlet-a"]),
            q("police", 8_000),
            q("counter", 8_000),
        ],
    )


def test_stand_in_verdicts() -> None:
    g = quantity_group("s", "p", [q("a", 10), q("b", 10), q("c", 30)])
    assert g.verdict.tolist() == [0, 3, 3]
    assert quantity_verdict(Quantity(9, 10, 11), Quantity(11, 12, 13)) == 1
