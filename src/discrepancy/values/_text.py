"""Text clean-up and the internal rejection shared by the value parsers."""

from __future__ import annotations

import re

_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")


class Unparsed(Exception):
    """A text that does not fit a grammar; ``reason`` says why (may be empty).

    Internal: the public parsers turn it into a :class:`ValueParseError` quoting the value.
    """

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


def normalize(text: str) -> str:
    """Lower case, ASCII dashes and quotes, single spaces, no trailing full stop."""
    text = _DASHES.sub("-", text).replace("\u2019", "'").replace("\u00b1", " ± ")
    text = _SPACES.sub(" ", text.lower()).strip()
    return text.removesuffix(".").strip() if not text.endswith("..") else text


def cannot(kind: str, raw: object, reason: str = "") -> str:
    """The message of a parse error: it names the type and quotes the value."""
    tail = f": {reason}" if reason else ""
    return f"cannot parse {kind} {raw!r}{tail}"
