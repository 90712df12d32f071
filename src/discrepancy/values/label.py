"""Labels (categories) and assertions (yes/no statements)."""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from discrepancy.errors import ValueParseError
from discrepancy.values._text import cannot

LABEL_HINT = 'write the category as text, e.g. "special forces"'
ASSERTION_HINT = "try true, false, yes, no, confirmed or denied"
#: Words that state or deny, compared case-insensitively.
TRUE_WORDS = frozenset(
    [
        "true",
        "yes",
        "confirmed",
        "confirm",
        "confirms",
        "affirmed",
        "affirm",
        "affirms",
        "acknowledged",
        "admitted",
        "correct",
        "accurate",
    ]
)
FALSE_WORDS = frozenset(
    [
        "false",
        "no",
        "denied",
        "deny",
        "denies",
        "refuted",
        "refute",
        "refutes",
        "rejected",
        "reject",
        "rejects",
        "disputed",
        "disputes",
        "incorrect",
        "untrue",
        "inaccurate",
    ]
)


@frozen
class Label:
    """A category, compared after normalisation (case, spacing, transliteration, aliases)."""

    kind: ClassVar[str] = "label"

    text: str = field(converter=str)

    def to_dict(self) -> dict[str, object]:
        return {"label": self.text}

    def render(self) -> str:
        return self.text


@frozen
class Assertion:
    """A yes/no statement about the subject's property (``confirmed`` / ``denied``)."""

    kind: ClassVar[str] = "assertion"

    value: bool

    def to_dict(self) -> dict[str, object]:
        return {"assertion": self.value}

    def render(self) -> str:
        return "true" if self.value else "false"


def parse_label(raw: object) -> Label:
    """Parse a label: any non-empty text, without surrounding spaces (numbers, booleans,
    lists and mappings are refused)."""
    if isinstance(raw, Label):
        return raw
    if not isinstance(raw, str):
        reason = "" if raw is None else f"a label is text, not a {type(raw).__name__}"
        raise ValueParseError(cannot("label", raw, reason), hint=LABEL_HINT)
    if not raw.strip():
        raise ValueParseError(cannot("label", raw, "it is empty"), hint=LABEL_HINT)
    return Label(raw.strip())


def parse_assertion(raw: object) -> Assertion:
    """Parse ``true``/``false``, ``yes``/``no``, ``confirmed``/``denied`` and kin.

    True: true, yes, confirmed, confirm(s), affirmed, affirm(s), acknowledged, admitted,
    correct, accurate. False: false, no, denied, deny, denies, refuted, refute(s),
    rejected, reject(s), disputed, disputes, incorrect, untrue, inaccurate. Case does not
    matter; numbers (even 0 and 1) are refused.
    """
    if isinstance(raw, Assertion):
        return raw
    if isinstance(raw, bool):
        return Assertion(raw)
    word = raw.strip().lower() if isinstance(raw, str) else None
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return Assertion(word in TRUE_WORDS)
    raise ValueParseError(cannot("assertion", raw), hint=ASSERTION_HINT)


_ASSERTION_WORDS = TRUE_WORDS | FALSE_WORDS


def is_assertion_word(raw: object) -> bool:
    """Whether ``raw`` is a bool or one of the assertion words."""
    if isinstance(raw, bool):
        return True
    return isinstance(raw, str) and raw.strip().lower() in _ASSERTION_WORDS


__all__ = [
    "Assertion",
    "Label",
    "ValueParseError",
    "is_assertion_word",
    "parse_assertion",
    "parse_label",
]
