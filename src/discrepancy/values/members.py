"""Sets of members: open ("includes these") or complete ("exactly these")."""

from __future__ import annotations

import difflib
import json
import numbers
import re
from collections.abc import Mapping, Sequence
from typing import ClassVar

from attrs import field, frozen

from discrepancy.errors import ValueParseError
from discrepancy.values._text import Unparsed, cannot

#: Forms that parse, for error messages.
HINT = (
    'try [Ussuriysk, Khabarovsk], "Ussuriysk, Khabarovsk and Blagoveshchensk", '
    '"exactly [Ussuriysk, Khabarovsk]" or {members: [Ussuriysk, Khabarovsk], complete: true}'
)
_KEYS = ("members", "complete")
_CLOSED = re.compile(r"^(?:exactly|only)\s+", re.IGNORECASE)
_NONE = ("none", "nothing", "exactly []")
#: Members that the unquoted "[A, B]" form would not read back as written.
_NEEDS_QUOTES = re.compile(r'[,;\[\]{}"]|^\s|\s$|^$')


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
        """Canonical text that :func:`parse_set` reads back to an equal value.

        "[Ussuriysk, Khabarovsk]" (open), "exactly [Ussuriysk, Khabarovsk]" (complete),
        "none" (complete and empty); members that need it are JSON-quoted:
        '["Trinidad and Tobago", "Mali"]'.
        """
        if self.complete and not self.members:
            return "none"
        if any(_NEEDS_QUOTES.search(m) for m in self.members):
            listed = json.dumps(list(self.members), ensure_ascii=False)
        else:
            listed = "[" + ", ".join(self.members) + "]"
        return f"exactly {listed}" if self.complete else listed


def parse_set(raw: object) -> MemberSet:
    """Parse a set: a list (open), ``{members: [...], complete: true}``, or a text list
    ``"Ussuriysk, Khabarovsk and Blagoveshchensk"``.

    - a list or tuple is open ("includes these"); numbers become text, members are kept as
      written and must not be blank.
    - a mapping ``{members: ..., complete: bool}`` (``complete`` defaults to false).
    - text: "A, B and C" / "A, B, and C" / "A and B" (split at commas and a final "and" or
      "&", so write "Trinidad and Tobago" in a list), "[A, B]", a JSON list
      '["A", "B"]'; "exactly ..." or "only ..." closes the list; "none" is the complete
      empty set. Where the text holds a semicolon, members are split at semicolons alone
      (a final "and" or "&" after the last one dropped), so they may hold commas:
      "Koenig, Andrew; Moo, Barbara E.".
    - an open set must name at least one member; a complete one may be empty.

    Raises:
        ValueParseError: quoting the value and listing forms that parse.
    """
    try:
        members, complete = _read(raw)
    except Unparsed as error:
        raise ValueParseError(cannot("set", raw, error.reason), hint=HINT) from None
    if not members and not complete:
        reason = "an open set needs at least one member (a complete empty set is 'none')"
        raise ValueParseError(cannot("set", raw, reason), hint=HINT)
    return MemberSet(members, complete)


def _read(raw: object) -> tuple[tuple[str, ...], bool]:
    if isinstance(raw, MemberSet):
        return raw.members, raw.complete
    if isinstance(raw, str):
        return _read_text(raw)
    if isinstance(raw, Mapping):
        return _read_mapping(raw)
    if isinstance(raw, Sequence):
        return _members(raw), False
    raise Unparsed("" if raw is None else f"a {type(raw).__name__} is not a set")


def _read_mapping(raw: Mapping[object, object]) -> tuple[tuple[str, ...], bool]:
    for key in raw:
        if key not in _KEYS:
            near = difflib.get_close_matches(str(key), _KEYS, n=1)
            raise Unparsed(
                f"unknown key {key!r}" + (f" (did you mean {near[0]!r}?)" if near else "")
            )
    if "members" not in raw:
        raise Unparsed("a mapping needs 'members'")
    complete = raw.get("complete", False)
    if not isinstance(complete, bool):
        raise Unparsed(f"'complete' must be true or false (got {complete!r})")
    members = raw["members"]
    if isinstance(members, str):
        return _read_text(members)[0], complete
    if not isinstance(members, Sequence):
        raise Unparsed("'members' must be a list")
    return _members(members), complete


def _members(items: Sequence[object]) -> tuple[str, ...]:
    return tuple(_member(item) for item in items)


def _member(item: object) -> str:
    if isinstance(item, str) and item.strip():
        return item
    if isinstance(item, numbers.Real) and not isinstance(item, bool):
        return str(item)
    raise Unparsed(f"a member must be non-empty text or a number (got {item!r})")


def _read_text(text: str) -> tuple[tuple[str, ...], bool]:
    body = _CLOSED.sub("", text.strip())
    complete = body != text.strip()
    if text.strip().lower() in _NONE or (complete and body in ("[]", "none")):
        return (), True
    if not complete and body.startswith("{") and body.endswith("}"):
        # a claim file's mapping written as text (a table cell): {members: [...], complete: true}
        return _read_mapping(_flow_mapping(body[1:-1]))
    if body.startswith("[") and body.endswith("]"):
        return _bracketed(body), complete
    return _unquoted(_split(body)), complete


def _flow_mapping(inner: str) -> dict[object, object]:
    """``members: [A, B], complete: true`` as a mapping: split at the commas outside
    brackets and quotes, each part at its first colon; ``true``/``false`` read as booleans."""
    parts: list[str] = []
    depth, start, quote = 0, 0, ""
    for at, ch in enumerate(inner):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(inner[start:at])
            start = at + 1
    parts.append(inner[start:])
    out: dict[object, object] = {}
    for part in parts:
        key, colon, value = part.partition(":")
        if not colon:
            raise Unparsed(f"'{part.strip()}' is not 'key: value'")
        text = value.strip()
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
            text = text[1:-1]  # a quoted value: "A and B"
        flag = {"true": True, "false": False}.get(text.lower())
        out[key.strip()] = text if flag is None else flag
    return out


def _unquoted(members: tuple[str, ...]) -> tuple[str, ...]:
    """Members read from unquoted text: brackets or braces in one are a slip (a nested list,
    a mapping's syntax), not part of a name; a name that holds them is written quoted,
    '["A [b]", "C"]'."""
    for member in members:
        if any(ch in member for ch in "[]{}"):
            raise Unparsed(
                f"member {member!r} holds a bracket or brace; quote the names that hold "
                'them (["A [b]", "C"]) or write {members: [A, B], complete: true} for a '
                "complete list"
            )
    return members


def _bracketed(body: str) -> tuple[str, ...]:
    if body.startswith('["'):
        try:
            items = json.loads(body)
        except json.JSONDecodeError as error:
            raise Unparsed(f"bad quoted list ({error.msg})") from None
        return _members(items)
    inner = body[1:-1].strip()
    sep = ";" if ";" in inner else ","
    return _unquoted(tuple(part.strip() for part in inner.split(sep))) if inner else ()


def _split(body: str) -> tuple[str, ...]:
    if ";" in body:  # "Koenig, Andrew; Moo, Barbara E.": the commas are inside names
        parts = [part.strip() for part in body.split(";")]
        parts[-1] = re.sub(r"^(?:and|&)\s+", "", parts[-1])
    else:
        parts = [part.strip() for part in body.split(",")]
        last = re.sub(r"^(?:and|&)\s+", "", parts[-1])
        parts[-1:] = re.split(r"\s+(?:and|&)\s+", last)
    if any(not part for part in parts):
        raise Unparsed("an empty member")
    return tuple(parts)


__all__ = ["MemberSet", "ValueParseError", "parse_set"]
