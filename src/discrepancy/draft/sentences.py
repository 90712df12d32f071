"""Paragraphs, sentences and quotations of an article, as spans of its text.

Sentences come from pysbd (rule-based sentence boundary detection, no model), run on each
paragraph. A line that does not end a sentence and is followed by a line starting in lower
case is one paragraph broken by extraction ("has been put at\\n\\nanywhere between ..."), so
the two are joined. Quotations are found over the whole text, across paragraphs: a
multi-paragraph quotation opens with “ and closes with ” (a “ while one is open continues it,
as when each paragraph of a long quote opens with one), straight double quotes pair up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from attrs import frozen

if TYPE_CHECKING:
    import pysbd

#: What may open a line before the sentence proper: bullets, markdown marks, spaces.
_LEAD = re.compile(r"[\s•·▪◦●\-*#>]*")
#: A line ending that does not end a sentence, so a following lower-case line continues it.
_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’)\]]\s*$")
_OPEN, _CLOSE, _STRAIGHT = "“", "”", '"'


@frozen
class Sentence:
    """One sentence: its text (``article[start:end]``, stripped) and its paragraph."""

    text: str
    start: int
    end: int
    index: int
    paragraph: int


@frozen
class Quotation:
    """A quoted passage: the offsets of its opening and closing marks (``end`` exclusive)."""

    start: int
    end: int


@cache
def _segmenter() -> pysbd.Segmenter:
    import pysbd  # a dependency; loaded once, on first use (it compiles many patterns)

    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each paragraph: lines, joined where extraction broke a sentence."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    block: tuple[int, int] | None = None
    for start, end in lines:
        if block is not None:
            before = text[block[0] : block[1]]
            after = text[start:end].lstrip()
            if not _ENDS_SENTENCE.search(before) and after[:1].islower():
                block = (block[0], end)
                continue
            yield block
        block = (start, end)
    if block is not None:
        yield block


def sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text``, in order, with offsets into ``text``."""
    out: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        chunk = text[p_start:p_end]
        flat = chunk.replace("\n", " ")  # same length: offsets stay valid
        at = 0
        for piece in _segmenter().segment(flat):
            found = flat.find(piece.strip(), at) if piece.strip() else -1
            if found < 0:
                continue
            s, e = found, found + len(piece.strip())
            at = e
            lead = _LEAD.match(flat, s)
            s = lead.end() if lead and lead.end() < e else s
            body = text[p_start + s : p_start + e]
            if body.strip():
                out.append(Sentence(body, p_start + s, p_start + e, len(out), number))
    return out


def quotations(text: str) -> list[Quotation]:
    """Quoted passages, curly (possibly over several paragraphs) and straight."""
    out: list[Quotation] = []
    curly: int | None = None
    straight: int | None = None
    for m in re.finditer(r"[“”\"]", text):
        mark, at = m.group(), m.start()
        if mark == _OPEN:
            curly = at if curly is None else curly
        elif mark == _CLOSE and curly is not None:
            out.append(Quotation(curly, at + 1))
            curly = None
        elif mark == _STRAIGHT:
            if straight is None:
                straight = at
            else:
                out.append(Quotation(straight, at + 1))
                straight = None
    for start in (curly, straight):
        if start is not None:  # never closed: it runs to the end of its paragraph
            end = text.find("\n", start)
            out.append(Quotation(start, len(text) if end < 0 else end))
    return sorted(out, key=lambda q: q.start)


def mask_quotations(text: str, offset: int, spans: list[Quotation]) -> str:
    """``text`` (which starts at ``offset``) with quoted words replaced by ``_``, same length,
    so patterns that look for a speaker do not read the words of the quote."""
    chars = list(text)
    for q in spans:
        lo, hi = max(q.start - offset, 0), min(q.end - offset, len(text))
        for k in range(lo, hi):
            if not chars[k].isspace():
                chars[k] = "_"
    return "".join(chars)


__all__ = ["Quotation", "Sentence", "mask_quotations", "paragraphs", "quotations", "sentences"]
