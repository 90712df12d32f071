"""Lists of names in a sentence: "in Ussuriysk, Khabarovsk, and Blagoveshchensk" is a set.

A list is three or more capitalised names joined by commas and a final "and" (or ending in
"and other ..." / "among others", which leaves it open). Lists joined by "or" name
alternatives, not members, and are left alone.
"""

from __future__ import annotations

import re
from typing import Final

from attrs import frozen

_NAME: Final = r"(?:[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|of|de|el|al))*)"
_LIST: Final = re.compile(
    rf"(?P<items>{_NAME}(?:,\s+{_NAME}){{1,}}),?\s+and\s+(?:(?P<last>{_NAME})|(?P<other>other\s+\w+))"
)
#: The noun before a list: "military bases in ...", "the Russian cities of ...".
_NOUN_BEFORE: Final = re.compile(
    r"(?P<noun>[a-z]+)\s+(?:[A-Z][\w-]*\s+)*(?:in|of|at|including|such as|like)\s+(?:the\s+)?(?:[a-z]+\s+)?$"
)


@frozen
class NameList:
    """Members as written, where the list is in the sentence, and whether it is open."""

    start: int
    end: int
    members: tuple[str, ...]
    open: bool
    noun: str | None


def _clean(name: str) -> str:
    name = re.sub(r"^(?:The|the)\s+", "", name)
    if name.endswith(".") and not re.search(r"(?:^|\.)[A-Z]\.$", name):
        name = name[:-1]
    return name


def find_lists(sentence: str) -> list[NameList]:
    """Lists of three or more names in ``sentence``."""
    out: list[NameList] = []
    for m in _LIST.finditer(sentence):
        members = [x.strip() for x in m.group("items").split(",")]
        if m.group("last"):
            members.append(m.group("last").strip())
        members = [_clean(x) for x in members if x]
        if len(members) < 3 and not m.group("other"):
            continue
        if len(members) < 2:
            continue
        before = _NOUN_BEFORE.search(sentence[: m.start()])
        out.append(
            NameList(
                m.start(),
                m.end(),
                tuple(members),
                open=bool(m.group("other"))
                or "including" in sentence[max(0, m.start() - 12) : m.start()],
                noun=before.group("noun") if before else None,
            )
        )
    return out


__all__ = ["NameList", "find_lists"]
