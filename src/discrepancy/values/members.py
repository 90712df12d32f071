"""Sets of members: open ("includes these") or complete ("exactly these")."""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from discrepancy.errors import ValueParseError


def _tuple_of_str(items: object) -> tuple[str, ...]:
    return tuple(str(x) for x in items)  # type: ignore[attr-defined]


@frozen
class MemberSet:
    """Members as written (alignment happens at comparison). ``complete`` closes the list."""

    kind: ClassVar[str] = "set"

    members: tuple[str, ...] = field(converter=_tuple_of_str)
    complete: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"members": list(self.members), "complete": self.complete}

    def render(self) -> str:
        """Canonical text that :func:`parse_set` reads back to an equal value."""
        raise NotImplementedError  # values helper: implement


def parse_set(raw: object) -> MemberSet:
    """Parse a set: a list (open), ``{members: [...], complete: true}``, or a text list
    ``"Ussuriysk, Khabarovsk and Blagoveshchensk"``.

    Raises:
        ValueParseError: quoting the value and listing forms that parse.
    """
    raise NotImplementedError  # values helper: implement


__all__ = ["MemberSet", "ValueParseError", "parse_set"]
