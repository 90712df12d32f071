"""Text clean-up and the internal rejection shared by the value parsers."""

from __future__ import annotations

import re

_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")


#: The longest text the quantity and date grammars read, in characters. Real values are a few
#: words ("between 1,500 and 12,000 soldiers", "Oct 8-13, 2024"); refusing longer text up
#: front keeps every parse bounded whatever the grammar's backtracking costs.
MAX_VALUE_CHARS = 1000
#: The longest value quoted in a parse error, in characters (then an ellipsis).
QUOTED_CHARS = 200


class Unparsed(Exception):
    """A text that does not fit a grammar; ``reason`` says why (may be empty).

    Internal: the public parsers turn it into a :class:`ValueParseError` quoting the value.
    """

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason


def check_length(text: str, kind: str) -> str:
    """``text`` if a grammar may read it, else :class:`Unparsed` saying it is too long."""
    if len(text) > MAX_VALUE_CHARS:
        msg = (
            f"{len(text):,} characters is too long for a {kind} (at most {MAX_VALUE_CHARS:,}); "
            "a longer text is a 'note' or a 'quote'"
        )
        raise Unparsed(msg)
    return text


def normalize(text: str) -> str:
    """Lower case, ASCII dashes and quotes, single spaces, no trailing full stop."""
    text = _DASHES.sub("-", text).replace("\u2019", "'").replace("\u00b1", " ± ")
    text = _SPACES.sub(" ", text.lower()).strip()
    return text.removesuffix(".").strip() if not text.endswith("..") else text


def cannot(kind: str, raw: object, reason: str = "") -> str:
    """The message of a parse error: it names the type and quotes the value."""
    tail = f": {reason}" if reason else ""
    shown = repr(raw)
    if len(shown) > QUOTED_CHARS:  # a 1 MB value must not make a 1 MB message
        shown = shown[: QUOTED_CHARS - 1] + "…"
    return f"cannot parse {kind} {shown}{tail}"
