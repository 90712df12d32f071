"""Labels and assertions."""

from __future__ import annotations

import pytest

from discrepancy.errors import ValueParseError
from discrepancy.values import Assertion, Label, parse_assertion, parse_label


@pytest.mark.parametrize(
    ("raw", "text"),
    [("special forces", "special forces"), ("  Navy ", "Navy"), ("2024 (est.)", "2024 (est.)")],
)
def test_labels(raw: str, text: str) -> None:
    assert parse_label(raw) == Label(text)
    assert parse_label(parse_label(raw).render()) == Label(text)


@pytest.mark.parametrize("raw", ["", "   ", None, 5, 2.5, True, ["a"], {"a": 1}], ids=repr)
def test_label_errors_quote_the_value(raw: object) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_label(raw)
    assert caught.value.message.startswith(f"cannot parse label {raw!r}")
    assert caught.value.hint


TRUE = ["true", "True", "YES", "yes", "confirmed", "Confirms", "confirm", "affirmed", " admitted "]
FALSE = ["false", "No", "denied", "deny", "denies", "refuted", "rejected", "DISPUTED", "untrue"]


@pytest.mark.parametrize("raw", [True, *TRUE], ids=repr)
def test_assertions_true(raw: object) -> None:
    assert parse_assertion(raw) == Assertion(True)


@pytest.mark.parametrize("raw", [False, *FALSE], ids=repr)
def test_assertions_false(raw: object) -> None:
    assert parse_assertion(raw) == Assertion(False)


@pytest.mark.parametrize("raw", ["maybe", "", None, 1, 0, 1.0, ["yes"], "not confirmed"], ids=repr)
def test_assertion_errors_quote_the_value(raw: object) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_assertion(raw)
    assert caught.value.message.startswith(f"cannot parse assertion {raw!r}")
    assert "confirmed" in caught.value.hint


@pytest.mark.parametrize("value", [True, False])
def test_assertion_render_round_trips(value: bool) -> None:
    assert parse_assertion(Assertion(value).render()) == Assertion(value)
