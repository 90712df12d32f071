"""Labels (categories) and assertions (yes/no statements)."""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from discrepancy.errors import ValueParseError


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
    """Parse a label: any non-empty text (numbers and booleans are refused)."""
    raise NotImplementedError  # values helper: implement


def parse_assertion(raw: object) -> Assertion:
    """Parse ``true``/``false``, ``yes``/``no``, ``confirmed``/``denied`` and kin."""
    raise NotImplementedError  # values helper: implement


__all__ = ["Assertion", "Label", "ValueParseError", "parse_assertion", "parse_label"]
