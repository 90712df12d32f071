"""What the claim files already in a folder say: entity ids and their names, speaker ids,
and which subjects and properties claims use, so that drafts line up with existing groups."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from anyascii import anyascii
from attrs import frozen

from discrepancy.draft.names import Speaker, slug
from discrepancy.draft.units import SOLDIERS, family
from discrepancy.draft.words import concept, keys, stem
from discrepancy.errors import InputError
from discrepancy.io.load import EXTENSIONS, load
from discrepancy.model import Claim, Entity
from discrepancy.units import normalise_text_unit

#: Least share of a property name's words a sentence must say for the property to be reused.
MIN_SHARE = 0.5


def fold(text: str) -> str:
    """A name folded for lookup: ASCII, lower case, no brackets, no leading article."""
    text = re.sub(r"\([^)]*\)", " ", anyascii(text).lower())
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@frozen
class Suggestion:
    """A subject and property reused from an existing claim."""

    subject: str
    property: str
    unit: str | None = None


@frozen
class Context:
    """Entities and claims of the claim files next to a draft (empty when there are none)."""

    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    skipped: tuple[str, ...] = ()  # files that could not be read, with the reason

    def speaker_id(self, speaker: Speaker) -> str:
        """The id the claim files already use for this speaker, else one made from its name."""
        spellings = [fold(s) for s in speaker.spellings() if s.strip()]
        for entity in self.entities:
            names = {fold(n) for n in entity.names}
            if any(s in names for s in spellings):
                return entity.id
        known = {c.said_by for c in self.claims if c.said_by} | {
            v for c in self.claims for v in c.via
        }
        for s in speaker.spellings():
            if slug(s) in known:
                return slug(s)
        return speaker.id

    def member_id(self, name: str) -> str | None:
        """The entity a set member names, if the claim files define it."""
        folded = fold(name)
        return next((e.id for e in self.entities if folded in {fold(n) for n in e.names}), None)

    def unit_for(self, unit: str | None) -> str | None:
        """The spelling the claim files use for a unit, if they use an equal one."""
        if unit is None:
            return None
        key = normalise_text_unit(unit)
        for claim in self.claims:
            if claim.unit and normalise_text_unit(claim.unit) == key:
                return claim.unit
        return unit

    def suggest(self, kind: str, sentence: str, unit: str | None = None) -> Suggestion | None:
        """The (subject, property) of existing claims of ``kind`` that the sentence best says.

        Each word of a property name counts when the sentence has its stem or its meaning
        ("dispatched" says ``sent``); a quantity's unit of the same family counts as one more
        (a different unit rules the property out); words of the subject (its id and entity
        names) count half. A generic property (``date``, ``count``) needs its subject named.
        Ties go to the pair used most often, then to the one whose words the sentence says
        most completely."""
        said = keys(sentence)
        mine = family(unit) if unit else None
        counts: Counter[tuple[str, str]] = Counter()
        example: dict[tuple[str, str], Claim] = {}
        for claim in self.claims:
            if claim.type == kind:
                pair = (claim.subject, claim.property)
                counts[pair] += 1
                example.setdefault(pair, claim)
        ranked: list[tuple[float, int, float, tuple[str, str]]] = []
        family_words = {stem(w) for w in SOLDIERS} if mine == SOLDIERS[0] else set()
        for pair, claim in example.items():
            words = _words(pair[1])
            generic = bool(words) and all(w in _GENERIC_PROPERTIES for w in words)
            matched = sum(
                1 for w in words if stem(w) in said or concept(w) in said or stem(w) in family_words
            )
            theirs = family(claim.unit) if claim.unit else None
            if mine and theirs and normalise_text_unit(mine) != normalise_text_unit(theirs):
                continue
            unit_bonus = 1 if mine and theirs else 0
            subject = min(1.0, 0.25 * len(self._subject_keys(pair[0]) & said))
            if generic:
                if not subject:
                    continue
                matched = 1
            if not matched and not unit_bonus:
                continue
            total = matched + unit_bonus + subject
            share = matched / len(words) if words else 0.0
            if total < 1 or (not generic and share < MIN_SHARE and not unit_bonus):
                continue
            ranked.append((total, counts[pair], share, pair))
        if not ranked:
            return None
        pair = max(ranked)[3]
        return Suggestion(pair[0], pair[1], example[pair].unit)

    def _subject_keys(self, subject: str) -> set[str]:
        out = {stem(w) for w in _words(subject)}
        for entity in self.entities:
            if entity.id == subject:
                for name in entity.names:
                    out |= {stem(w) for w in _words(name)}
        return out - _WEAK


_GENERIC_PROPERTIES = frozenset({"date", "day", "time", "when", "count", "number", "total"})
#: Words too common in subject names to show which subject a sentence is about.
_WEAK = frozenset({"of", "the", "to", "and", "in", "for"})


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", anyascii(name).lower()) if len(w) > 1]


def _claim_files(folder: Path, exclude: Iterable[Path]) -> list[Path]:
    skip = {p.resolve() for p in exclude}
    out = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.suffix.lower() in EXTENSIONS and path.is_file() and path.resolve() not in skip:
            out.append(path)
    return out


def load_context(
    folders: Iterable[str | os.PathLike[str]], *, exclude: Iterable[Path] = ()
) -> Context:
    """The claim files directly inside ``folders`` (not their subfolders), each read on its
    own; a file that does not load is listed in ``skipped`` instead of stopping the draft."""
    entities: dict[str, Entity] = {}
    claims: list[Claim] = []
    skipped: list[str] = []
    excluded = list(exclude)
    for folder in folders:
        for path in _claim_files(Path(folder), excluded):
            try:
                loaded = load(path)
            except InputError as err:
                first = err.problems[0] if err.problems else None
                skipped.append(f"{path}: {first}" if first else str(path))
                continue
            for entity in loaded.entities:
                entities.setdefault(entity.id, entity)
            claims.extend(loaded.claims)
    return Context(tuple(entities.values()), tuple(claims), tuple(skipped))


__all__ = ["MIN_SHARE", "Context", "Suggestion", "fold", "load_context"]
