"""Sets: lists (open), {members, complete}, text lists; errors and round trips."""

from __future__ import annotations

import pytest
from hypothesis import given

from discrepancy.errors import ValueParseError
from discrepancy.values import MemberSet, parse_set
from strategies import member_sets

FORMS = [
    (["Ussuriysk", "Khabarovsk"], (("Ussuriysk", "Khabarovsk"), False)),
    (("A",), (("A",), False)),
    ([1, 2.5, "x"], (("1", "2.5", "x"), False)),
    ({"members": ["A", "B"], "complete": True}, (("A", "B"), True)),
    ({"members": ["A"]}, (("A",), False)),
    ({"members": [], "complete": True}, ((), True)),
    ({"members": "A and B", "complete": True}, (("A", "B"), True)),
    (
        "Ussuriysk, Khabarovsk and Blagoveshchensk",
        (("Ussuriysk", "Khabarovsk", "Blagoveshchensk"), False),
    ),
    ("A, B, and C", (("A", "B", "C"), False)),
    ("A and B", (("A", "B"), False)),
    ("A & B", (("A", "B"), False)),
    ("Vladivostok", (("Vladivostok",), False)),
    ("[A, B]", (("A", "B"), False)),
    ('["Trinidad and Tobago", "Mali"]', (("Trinidad and Tobago", "Mali"), False)),
    ("exactly [A, B]", (("A", "B"), True)),
    ("exactly A and B", (("A", "B"), True)),
    ("only A, B", (("A", "B"), True)),
    ("none", ((), True)),
    ("exactly []", ((), True)),
    # a claim file's mapping written as text, as a table cell holds it
    ("{members: [A, B], complete: true}", (("A", "B"), True)),
    ("{members: [A, B]}", (("A", "B"), False)),
    ("{complete: false, members: 'A, B'}", (("A", "B"), False)),
    ('["A [b]", "C"]', (("A [b]", "C"), False)),
    # semicolons separate members that hold commas (bibliographic lists of names)
    ("Koenig, Andrew; Moo, Barbara E.", (("Koenig, Andrew", "Moo, Barbara E."), False)),
    ("Koenig, Andrew; and Moo, Barbara", (("Koenig, Andrew", "Moo, Barbara"), False)),
    ("[Koenig, Andrew; Moo, Barbara]", (("Koenig, Andrew", "Moo, Barbara"), False)),
    ("exactly Koenig, Andrew; Moo, Barbara", (("Koenig, Andrew", "Moo, Barbara"), True)),
]


@pytest.mark.parametrize(("raw", "expected"), FORMS, ids=[repr(f[0]) for f in FORMS])
def test_forms(raw: object, expected: tuple[tuple[str, ...], bool]) -> None:
    assert parse_set(raw) == MemberSet(*expected)


BAD = [
    [],
    "[]",
    "",
    None,
    5,
    True,
    [""],
    ["  "],
    [True],
    [None],
    [["nested"]],
    {"member": ["A"]},
    {"members": ["A"], "complete": "yes"},
    {"complete": True},
    "A,,B",
    "A;;B",
    "Koenig, Andrew;",
    "[A, [B]]",  # a nested list read as text: not a member named "[B]"
    "{members: [A], complete: maybe}",
    "{member: [A]}",
    "{A}",
    "A, {B}",
]


@pytest.mark.parametrize("raw", BAD, ids=repr)
def test_errors_quote_the_value_and_hint(raw: object) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_set(raw)
    assert caught.value.message.startswith(f"cannot parse set {raw!r}")
    assert "complete: true" in caught.value.hint


def test_errors_say_why() -> None:
    with pytest.raises(ValueParseError, match="open set needs at least one member"):
        parse_set([])
    with pytest.raises(ValueParseError, match="did you mean 'members'"):
        parse_set({"member": ["A"]})


RENDERED = [
    (MemberSet(["A", "B"]), "[A, B]"),
    (MemberSet(["A", "B"], complete=True), "exactly [A, B]"),
    (MemberSet([], complete=True), "none"),
    (MemberSet(["Trinidad and Tobago"]), "[Trinidad and Tobago]"),
    (MemberSet(["Kyiv, Ukraine", "X"]), '["Kyiv, Ukraine", "X"]'),
]


@pytest.mark.parametrize(("members", "text"), RENDERED, ids=[r[1] for r in RENDERED])
def test_render(members: MemberSet, text: str) -> None:
    assert members.render() == text
    assert parse_set(text) == members


@given(member_sets())
def test_render_round_trips(members: MemberSet) -> None:
    assert parse_set(members.render()) == members
