"""Who says what a sentence states: "according to X", "X said", "X told Y", "citing X".

:func:`attribution` reads one sentence whose quoted words are masked (so a verb inside a quote
is not taken for the sentence's own), trying, in order:

- ``citing X``: X said it; the one citing (the sentence's subject) relayed it (``via``);
- ``according to X`` (also "according to a statement from X", "an X source");
- ``..., X said.`` / ``..., said X.`` / ``“...,” X said`` at the end of the sentence;
- ``X (, who ...,) said/told/confirmed/announced/reported ... that`` at its start; with
  ``told Y``, Y relayed it;
- a heading ``X Report: ...``.

A pronoun ("he said") is returned as such for the caller to resolve against earlier speakers.
"""

from __future__ import annotations

import itertools
import re
from typing import Final

from attrs import frozen

from discrepancy.draft.names import (
    GENERIC,
    MEMBER_OF,
    ORG_WORDS,
    OUTLET_WORDS,
    SPEAKER_WORDS,
    TITLES,
    Speaker,
    pronoun,
    read_speaker,
)

_VERBS: Final = (
    "said|says|told|tells|stated|states|announced|announces|reported|reports|confirmed|"
    "confirms|disclosed|discloses|revealed|reveals|remarked|remarks|noted|notes|added|adds|"
    "claimed|claims|estimated|estimates|warned|warns|argued|argues|wrote|writes|suggested|"
    "suggests|insisted|insists|acknowledged|acknowledges|explained|explains|asserted|alleged|"
    "alleges|testified|mentioned|informed|denied|denies|believes|believed|spoke|speaks|"
    "counted|(?:put|puts|putting) (?:the|its|their) (?:figure|number|toll|total|count|turnout)|"
    "(?:released|issued|published) (?:an? )?(?:official |new )?(?:statement|report)"
)
_ADVERBS: Final = (
    r"(?:(?:has|have|had|also|later|earlier|previously|repeatedly|categorically|publicly|"
    r"officially|further|again|reportedly|separately|then|now|already|has also|had also)\s+)*"
)
#: A leading phrase before the subject: "On Thursday,", "In a statement,", "However,".
_LEAD: Final = re.compile(
    r"^(?:(?:On|In|At|Last|Earlier|Later|However|Meanwhile|Still|Also|Separately|Similarly|"
    r"Additionally|Moreover|Since|After|Before|During|By|For|Yet|But|And|Then|Now|Today|"
    r"While|Although|Though|As|If|When|Despite|With|Because|Given|Amid|Asked|Speaking|Citing|"
    r"Friday|Monday|Tuesday|Wednesday|Thursday|Saturday|Sunday)\b[^,]{0,120},\s*"
    r"|(?:[A-Z][a-z]+ly|Nationwide|Elsewhere|Overall|Instead|Indeed|Abroad|Altogether),\s*)+"
)
_SUBJECT_VERB: Final = re.compile(rf"^(?P<np>[^_]{{1,240}}?)\s+{_ADVERBS}(?P<verb>{_VERBS})\b")
_CITING: Final = re.compile(
    r"\bciting\s+(?P<np>[^,;:—–_()]+?)\s*(?=[,;:—–_()]|(?<![A-Z])\.\s|\.?$)"
)
_ACCORDING: Final = re.compile(
    r"\b[Aa]ccording to\s+(?:(?:(?:an?|the)\s+)?(?:statement|report|reports|source|sources|"
    r"spokesperson|spokesman|official|officials|estimate|estimates|data|figures)\s+"
    r"(?:from|by|at|in|of|close to|for)\s+)?(?P<np>[^,;:—–_]+?)\s*(?=[,;:—–_]|(?<![A-Z])\.\s|\.?$)"
)
_TRAILING: Final = re.compile(
    rf"(?:,|_)\s*(?P<np>[^,_;:]{{2,90}}?)\s+{_ADVERBS}(?P<verb>said|says|reported|reports|added|"
    rf"adds|noted|notes|wrote|writes|stated|announced|confirmed|estimated|told\s+[^,.]+?)"
    rf"(?:\s+(?:on|in|last|this|late|early|at|during)\b[^,_]*)?\s*[.!?]?\s*$"
)
_TRAILING_INVERTED: Final = re.compile(
    r"(?:,|_)\s*(?:said|says|added|adds|noted|wrote)\s+(?P<np>[^,_;:]{2,90}?)\s*[.!?]?\s*$"
)
_HEADING: Final = re.compile(
    r"^(?P<np>[A-Z][^:_]{1,60}?)\s+(?:[Rr]eport|[Ss]tatement|[Aa]ssessment|[Ss]ays)\s*:"
)
#: A quotation that opens the sentence ("“...,” X told a meeting, adding that ...").
_AFTER_QUOTE: Final = re.compile(r"^[_\s]*_[_\s]*,?\s*")
_TOLD: Final = re.compile(r"^told\s+(?P<np>(?:the\s+|The\s+)?[A-Z][^,_]*?)\s*(?=\bthat\b|,|$)")
_MAX_SUBJECT_WORDS: Final = 10


_APPOSITIVE: Final = re.compile(
    r"(?:a|an|the|who|which|head|chief|director|minister|secretary|spokes\w+|[a-z]+ of|"
    r"[A-Z][\w.]*)\b[^_]*,$"
)
_WORD: Final = re.compile(r"[\w’'.-]+")


_PREPOSITIONS: Final = frozenset(
    ["by", "at", "in", "of", "for", "from", "with", "to", "on", "about"]
)


def _names_someone(head: str) -> bool:
    """Whether the words before a reporting verb can be a speaker's name: short, and any
    lower-case word a title, an outlet or organisation word, or an adjective of office."""
    words = _WORD.findall(head)
    if not words or len(words) > _MAX_SUBJECT_WORDS or ":" in head:
        return False
    allowed = SPEAKER_WORDS | TITLES | OUTLET_WORDS | ORG_WORDS | GENERIC
    if all(not w[:1].islower() or w.lower() in allowed for w in words[1:]):
        return True
    if MEMBER_OF.match(head):
        return True  # "A spokesperson for the federal government"
    if any(w in _PREPOSITIONS for w in words):
        return False
    # a descriptor before a name ("Turkey's disaster management agency AFAD"), or an
    # organisation named by its kind ("the interior ministry")
    return words[-1][:1].isupper() or (words[-1].lower() in ORG_WORDS and len(words) <= 5)


@frozen
class Attribution:
    """The speaker a sentence names (``said_by``), who relayed it (``via``), or a pronoun."""

    said_by: Speaker | None = None
    via: tuple[Speaker, ...] = ()
    pronoun: str | None = None
    #: a reporting verb whose subject names no one ("organisers claimed", "experts say")
    unnamed: bool = False


def _speaker(phrase: str) -> Speaker | None:
    return read_speaker(phrase)


def _subject(masked: str) -> tuple[Speaker | None, str | None, str | None, int]:
    """The sentence's subject and reporting verb: (speaker, pronoun, verb, end of verb)."""
    body = _LEAD.sub("", _AFTER_QUOTE.sub("", masked))
    shift = len(masked) - len(body)
    m = _SUBJECT_VERB.match(body)
    if m is None:
        return None, None, None, -1
    np = m.group("np")
    head, _, appositive = np.partition(", ")
    if not _names_someone(head) or (appositive and not _APPOSITIVE.match(appositive)):
        return None, None, None, -1
    said = pronoun(np)
    return (_speaker(np) if said is None else None), said, m.group("verb"), shift + m.end()


#: Where a sentence joins clauses that may each have their own speaker.
_CLAUSES: Final = re.compile(r";\s+|,\s+(?:while|whereas|but)\s+")


def clauses(masked: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the clauses of a sentence that may each name a speaker
    ("Police said 48,000 took part, while the union put the figure at 500,000")."""
    bounds = [0, *(m.end() for m in _CLAUSES.finditer(masked)), len(masked)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def attribution(masked: str) -> Attribution:
    """Who a sentence says is speaking (see the module docstring). ``masked`` is the sentence
    with quoted words replaced by ``_``."""
    subject, said, verb, verb_end = _subject(masked)
    if m := _CITING.search(masked):
        cited = _speaker(m.group("np"))
        if cited is not None:
            relay = subject
            if relay is None:
                before = masked[: m.start()].rstrip(" ,")
                relay = _speaker(_LEAD.sub("", before)) if len(before.split()) <= 8 else None
            return Attribution(cited, (relay,) if relay else ())
    if m := _ACCORDING.search(masked):
        found = _speaker(m.group("np"))
        if found is not None:
            return Attribution(found)
    for pattern in (_TRAILING, _TRAILING_INVERTED):
        if m := pattern.search(masked):
            said_np = pronoun(m.group("np"))
            if said_np:
                return Attribution(pronoun=said_np)
            found = _speaker(m.group("np"))
            if found is not None:
                return Attribution(found)
    if said is not None:
        return Attribution(pronoun=said)
    if subject is not None and verb is not None:
        via: tuple[Speaker, ...] = ()
        if verb in ("told", "tells") and (t := _TOLD.match(masked[verb_end - len(verb) :])):
            relay = _speaker(t.group("np"))
            via = (relay,) if relay is not None else ()
        return Attribution(subject, via)
    if m := _HEADING.match(masked):
        found = _speaker(m.group("np"))
        if found is not None:
            return Attribution(found)
    body = _LEAD.sub("", _AFTER_QUOTE.sub("", masked))
    generic = _SUBJECT_VERB.match(body)
    return Attribution(unnamed=bool(generic and len(generic.group("np").split()) <= 3))


__all__ = ["Attribution", "attribution", "clauses"]
