"""An article in, draft claims out: every number of things, date, list of names and
confirmation or denial of a sentence becomes a claim with the sentence's speaker.

Subjects and properties come from the claim files next to the draft when a sentence says most
of an existing property's words (so drafts join existing groups); otherwise from the sentence:
its first proper name as the subject, the counted noun and the verb near the value as the
property ("soldiers-sent").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import attrs

from discrepancy.draft.assertions import find_stances
from discrepancy.draft.attribute import Voice, clause_voices, voices
from discrepancy.draft.context import Context
from discrepancy.draft.dates import DateMention, find_dates
from discrepancy.draft.lists import find_lists
from discrepancy.draft.model import Draft, DraftClaim
from discrepancy.draft.names import read_speaker, slug
from discrepancy.draft.published import find_published
from discrepancy.draft.quantities import find_quantities
from discrepancy.draft.sentences import Sentence, quotations, sentences
from discrepancy.draft.vocabulary import wordset
from discrepancy.draft.words import concept
from discrepancy.values._date_text import MONTHS, WEEKDAYS

#: Quotes longer than this are cut to the clauses around the value.
MAX_QUOTE = 400
_PROPER = re.compile(r"(?<![\w’'])(?:[A-Z][\w’'.-]*)(?:\s+(?:of\s+)?[A-Z][\w’'.-]*)*")
_CLAUSE_END = re.compile(r"[,;:—–]")
_NOT_SUBJECTS = frozenset({*MONTHS, *WEEKDAYS}) | wordset(
    """the a an according on in at this that these those there they it he she we while
    although though such both file average however meanwhile if as after before since
    when with despite because given amid still also but and or yet so for by from of"""
)
#: A dateline: "SAO PAULO, May 3 (Reuters) - ", "PARIS (AP) — ", "KYIV — ".
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'’-]*(?:\s+[A-Z][A-Za-z.'’-]*){0,3}(?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2})?"
    r"\s*\([A-Za-z .&]{2,30}\)|[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
    r"(?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2})?)\s*[-—–]+\s+"
)
#: A heading or link line: mostly capitalised words and no closing punctuation.
_HEADING_SHARE = 0.7


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _quote(sentence: str, start: int, end: int) -> str:
    """The sentence, or when long the clauses around ``sentence[start:end]``."""
    if len(_collapse(sentence)) <= MAX_QUOTE:
        return _collapse(sentence)
    bounds = [0, *(m.end() for m in _CLAUSE_END.finditer(sentence)), len(sentence)]
    lo = max((b for b in bounds if b <= start), default=0)
    hi = min((b for b in bounds if b >= end), default=len(sentence))
    while hi - lo < MAX_QUOTE // 2:
        wider_lo = max((b for b in bounds if b < lo), default=lo)
        wider_hi = min((b for b in bounds if b > hi), default=hi)
        if (wider_lo, wider_hi) == (lo, hi):
            break
        lo, hi = wider_lo, wider_hi
    return _collapse(sentence[lo:hi].strip(" ,;:—–()"))


def _clause(sentence: str, start: int, end: int) -> str:
    """The words of the clause around a value: from the boundary before it to the one after."""
    bounds = [0, *(m.end() for m in _CLAUSE_END.finditer(sentence)), len(sentence)]
    lo = max((b for b in bounds if b <= start), default=0)
    hi = min((b for b in bounds if b >= end), default=len(sentence))
    return sentence[lo:hi]


def _topic(sents: Sequence[Sentence]) -> str:
    """The article's most named proper name (its topic), the subject of last resort."""
    counts: dict[str, int] = {}
    for s in sents:
        for m in _PROPER.finditer(s.text):
            words = re.sub(r"['’]s$", "", m.group()).split()
            while words and words[0].lower().strip(".") in _NOT_SUBJECTS:
                words = words[1:]
            if len(words) >= 1 and (name := slug(" ".join(words))) and not name.isdigit():
                counts[name] = counts.get(name, 0) + 1
    return max(sorted(counts), key=lambda k: counts[k]) if counts else "article"


def _subject(
    sentence: str,
    start: int,
    speakers: Sequence[str],
    topic: str = "article",
    proper: frozenset[str] | None = None,
) -> str:
    """The first proper name of the clause before the value (else of the sentence) that is
    not the speaker's; a sentence's first word counts only if the article capitalises it
    elsewhere too ("Speculation that ..." is no name). Else the article's topic."""
    for text in (sentence[:start], sentence):
        for m in _PROPER.finditer(text):
            words = re.sub(r"['’]s$", "", m.group()).split()
            if m.start() == 0 and proper is not None:
                while words and words[0] not in proper:
                    words = words[1:]
            while words and words[0].lower().strip(".") in _NOT_SUBJECTS:
                words = words[1:]
            who = read_speaker(" ".join(words)) if len(words) > 2 else None
            if who is not None and who.person:
                words = who.name.split()  # "Russian President Vladimir Putin"
            name = slug(" ".join(words))
            if not name or name.isdigit() or any(s and s in name for s in speakers):
                continue
            return name
    return topic


def _proper_words(sents: Sequence[Sentence]) -> frozenset[str]:
    """Words the article capitalises inside sentences: names, not sentence openers."""
    out: set[str] = set()
    for s in sents:
        for m in re.finditer(r"(?<=[a-z,;] )[A-Z][\w’'.-]*", s.text):
            out.add(m.group())
    return frozenset(out)


def _is_heading(sentence: str) -> bool:
    words = re.findall(r"[A-Za-z][\w’'-]*", sentence)
    if len(words) < 3 or sentence.rstrip()[-1:] in '.!?”"':
        return False
    capitals = sum(
        1 for w in words if w[0].isupper() or w.lower() in ("of", "the", "to", "in", "and")
    )
    return capitals >= _HEADING_SHARE * len(words)


def _verb_near(sentence: str, start: int, end: int) -> str | None:
    """The meaning of the verb nearest the value in its clause ("dispatch" -> sent)."""
    best: tuple[int, str] | None = None
    for m in re.finditer(r"[A-Za-z]+", _clause(sentence, start, end)):
        found = concept(m.group())
        if found is not None:
            clause_start = sentence.find(_clause(sentence, start, end))
            distance = abs(clause_start + m.start() - start)
            if best is None or distance < best[0]:
                best = (distance, found)
    if best is None:  # the clause says no verb: the sentence's own ("plans to dispatch ... ,")
        for m in re.finditer(r"[A-Za-z]+", sentence[:start]):
            found = concept(m.group())
            if found is not None:
                best = (0, found)
    return best[1] if best else None


class _Ids:
    """Claim ids from properties, numbered when one repeats (``troops-sent-2``)."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, prop: str) -> str:
        base = slug(prop)[:48].strip("-") or "claim"
        self.seen[base] = self.seen.get(base, 0) + 1
        n = self.seen[base]
        return base if n == 1 else f"{base}-{n}"


def _as_of(dates: Sequence[DateMention]) -> str | None:
    usable = [d for d in dates if not d.needs_published]
    return usable[0].text if len(usable) == 1 else None


def draft_text(
    text: str,
    *,
    source_id: str,
    article: str = "",
    published: dt.date | None = None,
    context: Context | None = None,
    approx: float = 0.05,
) -> Draft:
    """Draft the claims of one article (see the module docstring).

    ``published`` anchors weekdays and dates without a year; when not given, a date line of
    the text is used (:func:`~discrepancy.draft.published.find_published`). Dates that need it
    when none is known are left out and listed in ``Draft.unresolved``.
    """
    ctx = context or Context()
    published = published or find_published(text)
    sents = sentences(text)
    quotes = quotations(text)
    spoken = voices(sents, quotes)
    ids = _Ids()
    topic = _topic(sents)
    proper = _proper_words(sents)
    claims: list[DraftClaim] = []
    unresolved: list[str] = []
    for sentence, voice in zip(sents, spoken, strict=True):
        if _is_heading(sentence.text):
            continue
        said_by, via = _voice_ids(voice, ctx, source_id)
        names = [said_by or "", *via]
        for who in (voice.said_by, *voice.via):
            if who is not None:
                names += [slug(n) for n in who.spellings()]
        own_clauses = [
            (start, end, *_voice_ids(v, ctx, source_id))
            for start, end, v in clause_voices(sentence, quotes)
        ]
        found = _sentence_claims(
            sentence, said_by, via, published, ctx, ids, approx, unresolved, names, topic, proper
        )
        claims.extend(_by_clause(found, own_clauses))
    return Draft(source_id, article, published, tuple(claims), tuple(unresolved))


def _by_clause(
    claims: list[DraftClaim], own: list[tuple[int, int, str | None, tuple[str, ...]]]
) -> list[DraftClaim]:
    """Claims whose value lies in a clause with its own speaker take that speaker."""
    if not own:
        return claims
    out = []
    for claim in claims:
        at = claim.at
        for start, end, said_by, via in own:
            if start <= at < end:
                claim = attrs.evolve(claim, said_by=said_by, via=via)
                break
        out.append(claim)
    return out


def _voice_ids(voice: Voice, ctx: Context, source_id: str) -> tuple[str | None, tuple[str, ...]]:
    said_by = ctx.speaker_id(voice.said_by) if voice.said_by is not None else None
    via = tuple(dict.fromkeys(ctx.speaker_id(v) for v in voice.via))
    via = tuple(v for v in via if v and v not in (said_by, source_id))
    if said_by == source_id:
        said_by = None
    return said_by, via


def _sentence_claims(
    sentence: Sentence,
    said_by: str | None,
    via: tuple[str, ...],
    published: dt.date | None,
    ctx: Context,
    ids: _Ids,
    approx: float,
    unresolved: list[str],
    speakers: Sequence[str] = (),
    topic: str = "article",
    proper: frozenset[str] | None = None,
) -> list[DraftClaim]:
    text = sentence.text
    dateline = _DATELINE.match(text)
    skip = dateline.end() if dateline else 0  # the dateline's place and date are no claims
    dates = [d for d in find_dates(text, published=published) if d.start >= skip]
    unresolved.extend(_collapse(d.text) for d in dates if d.needs_published)
    dates = [d for d in dates if not d.needs_published]
    if len(dates) == 1 and not re.search(r"[A-Za-z]{3}", text.replace(dates[0].text, "")):
        return []  # a dateline ("October 21, 2024"): the published date, not a claim
    taken = [(d.start, d.end) for d in dates]
    quantities = find_quantities(text, taken=[*taken, (0, skip)], approx=approx)
    as_of = _as_of(dates)
    out: list[DraftClaim] = []
    common = {"said_by": said_by, "via": via, "start": sentence.start, "end": sentence.end}

    for q in quantities:
        unit = ctx.unit_for(q.unit)
        clause = _clause(text, q.start, q.end)
        hint = _suggest(ctx, "quantity", clause, text, unit)
        if hint is None:
            verb = _verb_near(text, q.start, q.end)
            noun = unit or "number"
            prop = f"{noun}-{verb}" if verb and verb != concept(noun) else noun
            subject = _subject(text[skip:], q.start - skip, speakers, topic, proper)
        else:
            subject, prop = hint
        out.append(
            DraftClaim(
                ids(prop),
                subject,
                prop,
                q.text,
                "quantity",
                _quote(text, q.start, q.end),
                unit=unit,
                as_of=as_of,
                at=q.start,
                **common,  # type: ignore[arg-type]
            )
        )
    for d in dates:
        clause = _clause(text, d.start, d.end)
        hint = _suggest(ctx, "date", f"{clause} {said_by or ''}", text, None)
        if hint is None:
            prop = _verb_near(text, d.start, d.end) or "date"
            subject = _subject(text[skip:], d.start - skip, speakers, topic, proper)
        else:
            subject, prop = hint
        note = f'written "{d.written}"' if d.written else None
        out.append(
            DraftClaim(
                ids(prop),
                subject,
                prop,
                d.text,
                "date",
                _quote(text, d.start, d.end),
                note=note,
                at=d.start,
                **common,  # type: ignore[arg-type]
            )
        )
    for names in find_lists(text):
        if any(names.start < b and a < names.end for a, b in taken):
            continue
        hint = _suggest(ctx, "set", text, text, None)
        if hint is None:
            prop = names.noun or "members"
            subject = _subject(text[skip:], names.start - skip, speakers, topic, proper)
        else:
            subject, prop = hint
        note = "an open list: the text names these among others" if names.open else None
        out.append(
            DraftClaim(
                ids(prop),
                subject,
                prop,
                names.members,
                "set",
                _quote(text, names.start, names.end),
                note=note,
                at=names.start,
                **common,  # type: ignore[arg-type]
            )
        )
    for stance in find_stances(text):
        hint = _suggest(ctx, "assertion", stance.about, stance.about, None)
        if hint is None:
            subject = _subject(stance.about, len(stance.about), speakers)
            if subject == "article":
                continue  # no clear subject: no assertion
            rest = [
                w.lower()
                for w in re.findall(r"[A-Za-z]+", stance.about)
                if len(w) > 3 and w.lower() not in subject.split("-")
            ][:3]
            prop = "-".join(rest) or "stated"
        else:
            subject, prop = hint
        end = min(len(text), stance.start + len(stance.about) + 12)
        out.append(
            DraftClaim(
                ids(prop),
                subject,
                prop,
                stance.value,
                "assertion",
                _quote(text, stance.start, end),
                at=stance.start,
                **common,  # type: ignore[arg-type]
            )
        )
    return out


def _suggest(
    ctx: Context, kind: str, clause: str, sentence: str, unit: str | None
) -> tuple[str, str] | None:
    found = ctx.suggest(kind, clause, unit) or ctx.suggest(kind, sentence, unit)
    return (found.subject, found.property) if found else None


__all__ = ["MAX_QUOTE", "draft_text"]
