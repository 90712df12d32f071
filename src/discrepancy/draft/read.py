"""Reading an article to draft from: UTF-8 text (or HTML through the optional extractor).

Bad input is refused with a :class:`~discrepancy.errors.InputError` naming the file, never a
traceback: a missing or unreadable file (E001), text that is not UTF-8 (E002, at the line and
column of the first bad byte), a file larger than the claim-file limit (E003), a binary file
(E007: NUL bytes or many control characters) and an empty one (E007).
"""

from __future__ import annotations

import os
from pathlib import Path

from attrs import frozen

from discrepancy.draft.html import extract_html, looks_like_html
from discrepancy.errors import InputError, Problem
from discrepancy.io.yaml_reader import Limits
from discrepancy.location import Location

#: Share of control characters (other than tab and line breaks) above which text is binary.
_BINARY_SHARE = 0.01
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


@frozen
class Article:
    """The text of one article and where it came from (``html`` when it was extracted)."""

    path: str
    text: str
    html: bool = False


def _fail(code: str, message: str, location: Location) -> InputError:
    return InputError([Problem(code, message, location)])


def read_article(path: str | os.PathLike[str], *, limits: Limits | None = None) -> Article:
    """The article at ``path`` as text; raises :class:`InputError` with one problem."""
    display = os.fspath(path)
    limit = (limits or Limits()).max_bytes
    file = Path(path)
    try:
        if file.is_dir():
            raise _fail("E001", f"'{display}' is a folder; name an article file", Location(display))
        size = file.stat().st_size
        if size > limit:
            raise _fail(
                "E003",
                f"file is {size:,} bytes, larger than the limit of {limit:,}; "
                "draft from a shorter article or split it",
                Location(display),
            )
        data = file.read_bytes()[: limit + 1]
    except OSError as err:
        reason = err.strerror or str(err)
        raise _fail("E001", f"cannot read article: {reason}", Location(display)) from None
    return decode_article(data, display, limit=limit)


def decode_article(data: bytes, display: str, *, limit: int = Limits().max_bytes) -> Article:
    """Bytes of an article as text (see the module docstring for what is refused)."""
    if len(data) > limit:
        raise _fail("E003", f"file is larger than the limit of {limit:,} bytes", Location(display))
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise _fail(
            "E007",
            "binary file (it holds NUL bytes); draft from plain text or HTML",
            _where(data, at, display),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _fail(
            "E002",
            f"not UTF-8 text (byte 0x{data[err.start]:02x}); save the article as UTF-8",
            _where(data, err.start, display),
        ) from None
    if not text.strip():
        raise _fail("E007", "article is empty; there is nothing to draft from", Location(display))
    controls = sum(1 for c in text if ord(c) < 32 and c not in _TEXT_CONTROLS)
    if controls > _BINARY_SHARE * len(text):
        raise _fail(
            "E007",
            f"binary file ({controls:,} control characters); draft from plain text or HTML",
            Location(display),
        )
    if looks_like_html(text):
        return Article(display, extract_html(text, display), html=True)
    return Article(display, text.replace("\r\n", "\n").replace("\r", "\n"))


def _where(data: bytes, at: int, display: str) -> Location:
    line = data.count(b"\n", 0, at) + 1
    column = at - (data.rfind(b"\n", 0, at) + 1) + 1
    return Location(display, line, column)


__all__ = ["Article", "decode_article", "read_article"]
