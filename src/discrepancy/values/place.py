"""Places: a name as written, with the context given with it ("Richmond, Virginia").

A place's meaning (which city, which region it lies in) depends on the check's entities and
the optional gazetteer, so parsing keeps the text and its comma-separated parts, most
specific first; :mod:`discrepancy.places.resolve` resolves them.
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from discrepancy.errors import ValueParseError
from discrepancy.values._text import cannot

PLACE_HINT = 'write a place name, with its region or country after a comma if it is ambiguous, e.g. "Richmond, Virginia"'


def _parts(text: str) -> tuple[str, ...]:
    return tuple(p for p in (" ".join(x.split()) for x in text.split(",")) if p)


@frozen
class Place:
    """A place name, and the names of the places it lies in that the claim gives with it."""

    kind: ClassVar[str] = "place"

    text: str = field(converter=str)

    @property
    def parts(self) -> tuple[str, ...]:
        """The comma-separated names, most specific first (``("Richmond", "Virginia")``)."""
        return _parts(self.text)

    def to_dict(self) -> dict[str, object]:
        return {"place": self.text}

    def render(self) -> str:
        return self.text


def parse_place(raw: object) -> Place:
    """A place: non-empty text with at least one name between its commas."""
    if isinstance(raw, Place):
        return raw
    if not isinstance(raw, str):
        reason = "" if raw is None else f"a place is text, not a {type(raw).__name__}"
        raise ValueParseError(cannot("place", raw, reason), hint=PLACE_HINT)
    if not _parts(raw):
        raise ValueParseError(cannot("place", raw, "it names no place"), hint=PLACE_HINT)
    return Place(" ".join(raw.split()))


__all__ = ["PLACE_HINT", "Place", "parse_place"]
