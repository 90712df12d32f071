"""What a draft is: the source it describes and the claims drafted from its text."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen


@frozen
class DraftClaim:
    """One suggested claim, every field as it will be written to the claim file."""

    id: str
    subject: str
    property: str
    value: str | tuple[str, ...]
    type: str
    quote: str
    unit: str | None = None
    as_of: str | None = None
    said_by: str | None = None
    via: tuple[str, ...] = ()
    note: str | None = None
    #: offsets of the sentence in the article (for order and for measuring, not written)
    start: int = field(default=0, eq=False)
    end: int = field(default=0, eq=False)
    #: offset of the value in its sentence
    at: int = field(default=0, eq=False)


@frozen
class Draft:
    """The claims drafted from one article, and what was left out and why."""

    source_id: str
    article: str
    published: dt.date | None
    claims: tuple[DraftClaim, ...]
    #: dates that needed a published date to resolve, when none was known
    unresolved: tuple[str, ...] = ()
    name: str | None = None
    url: str | None = None


__all__ = ["Draft", "DraftClaim"]
