"""Speakers over a whole article: each sentence's own attribution, then what carries over.

- a pronoun ("he said") is the latest named speaker of the three sentences before (a person
  for he/she);
- an outlet that "reports" what the sentence before attributed to someone else, in a sentence
  that goes on about it ("This ...", "It ..."), relays it:
  "NIS announced ... . This decision involves ..., Yonhap News Agency reports." is said by the
  NIS via Yonhap;
- a sentence inside a quotation, with no speaker of its own, is said by the quotation's
  speaker: the one named where it closes ("...,” Zelenskyy said."), where it opens, or the
  sentence before it when that one ends with a colon (a quotation introduced by "... said:").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attrs import frozen

from discrepancy.draft.names import Speaker
from discrepancy.draft.sentences import Quotation, Sentence, mask_quotations
from discrepancy.draft.speakers import Attribution, attribution, clauses

_PRONOUN_REACH = 3
#: A sentence that goes on about what the one before said ("This decision ...", "It ...").
_ANAPHORA = re.compile(r"(?:This|These|That|Those|It|Such|The same|The move|The decision)\b")
_OPENING_MARKS = '“"«'


@frozen
class Voice:
    """Who said a sentence (``None``: the source itself) and who relayed it."""

    said_by: Speaker | None = None
    via: tuple[Speaker, ...] = ()


def _pronoun(word: str, earlier: Sequence[Voice]) -> Voice:
    for voice in reversed(earlier[-_PRONOUN_REACH:]):
        who = voice.said_by
        if who is None:
            continue
        if word in ("he", "she") and not who.person:
            continue
        return voice
    return Voice()


def _own_voices(sents: Sequence[Sentence], quotes: Sequence[Quotation]) -> list[Voice]:
    voices: list[Voice] = []
    for s in sents:
        own: Attribution = attribution(mask_quotations(s.text, s.start, list(quotes)))
        if own.pronoun:
            voice = _pronoun(own.pronoun, voices)
        elif (
            own.said_by is not None
            and own.said_by.outlet
            and not own.via
            and voices
            and _ANAPHORA.match(s.text)
        ):
            before = voices[-1].said_by
            if before is not None and not before.outlet:
                voice = Voice(before, (own.said_by,))
            else:
                voice = Voice(own.said_by)
        else:
            voice = Voice(own.said_by, own.via)
        voices.append(voice)
    return voices


def _containing(sents: Sequence[Sentence], at: int) -> int | None:
    for k, s in enumerate(sents):
        if s.start <= at < s.end:
            return k
    return None


def voices(sents: Sequence[Sentence], quotes: Sequence[Quotation]) -> list[Voice]:
    """The voice of each sentence of an article (see the module docstring)."""
    own = _own_voices(sents, quotes)
    out = list(own)
    for q in quotes:
        inside = [k for k, s in enumerate(sents) if q.start <= s.start < q.end]
        if not inside:
            continue
        first = inside[0]
        speaker = Voice()
        for k in (_containing(sents, q.end - 1), _containing(sents, q.start)):
            if k is not None and own[k].said_by is not None:
                speaker = own[k]
                break
        else:
            before = sents[first - 1].text.strip() if first > 0 else ""
            if before.endswith(":") or before[:1] in _OPENING_MARKS:
                speaker = out[first - 1]  # "... said:" or the quote before, continued
        for k in inside:
            if own[k].said_by is None:
                out[k] = speaker
    return out


def clause_voices(sentence: Sentence, quotes: Sequence[Quotation]) -> list[tuple[int, int, Voice]]:
    """Clauses of a sentence that name their own speaker, as ``(start, end, voice)`` with
    offsets in the sentence: "Police said 48,000 took part, while the union put the figure at
    500,000" gives the union its clause. Empty for a sentence of one clause."""
    masked = mask_quotations(sentence.text, sentence.start, list(quotes))
    spans = clauses(masked)
    if len(spans) < 2:
        return []
    out = []
    for start, end in spans:
        own = attribution(masked[start:end])
        if own.said_by is not None:
            out.append((start, end, Voice(own.said_by, own.via)))
        elif own.unnamed and start > 0:
            out.append((start, end, Voice()))  # "...; organisers claimed 2.5 million"
    return out


__all__ = ["Voice", "clause_voices", "voices"]
