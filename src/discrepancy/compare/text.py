"""Text normalisation shared by grouping and comparison, and the entity alias index.

``fold`` is the one definition of "the same text": transliterated to ASCII (anyascii, so
``Хабаровск`` is ``khabarovsk``), case-folded, with runs of whitespace collapsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

from anyascii import anyascii
from attrs import field, frozen

from discrepancy.model import Entity

_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` transliterated to ASCII, case-folded and with whitespace collapsed."""
    return _SPACE.sub(" ", anyascii(text).casefold()).strip()


def _freeze(raw: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(raw))


@frozen
class EntityIndex:
    """Every folded name, alias and id of the entities of one check -> the entity id, and
    each entity's parent (its first ``part_of`` that names another entity, as an id).

    A name two entities share maps to the first entity that claims it. A ``part_of`` that
    names no entity, or the entity itself, gives no parent (the loader reports it, E130/E131).
    """

    names: Mapping[str, str] = field(factory=dict, converter=_freeze, eq=False)
    parents: Mapping[str, str] = field(factory=dict, converter=_freeze, eq=False)

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> EntityIndex:
        names: dict[str, str] = {}
        listed = list(entities)
        for entity in listed:
            for name in entity.names:
                names.setdefault(fold(name), entity.id)
        parents: dict[str, str] = {}
        for entity in listed:  # the first part_of that names another entity
            for whole in entity.part_of:
                parent = names.get(fold(whole))
                if parent is not None and parent != entity.id:
                    parents[entity.id] = parent
                    break
        return cls(names, parents)

    def ancestors(self, entity_id: str) -> tuple[str, ...]:
        """The ids of the entities ``entity_id`` lies inside, nearest first (a cycle, which
        the loader rejects, stops where it comes back)."""
        out: list[str] = []
        node = self.parents.get(entity_id)
        while node is not None and node != entity_id and node not in out:
            out.append(node)
            node = self.parents.get(node)
        return tuple(out)

    def canonical(self, text: str) -> str:
        """The entity id ``text`` names, else ``text`` folded."""
        key = fold(text)
        return self.names.get(key, key)

    def entity(self, text: str) -> str | None:
        """The id of the entity ``text`` names, or ``None``."""
        return self.names.get(fold(text))


__all__ = ["EntityIndex", "fold"]
