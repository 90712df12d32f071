"""HTML articles: the main text through trafilatura, an optional extra (``discrepancy[html]``).

trafilatura is a well-kept offline extractor (boilerplate removal on lxml); it is imported
only when an HTML article comes in, so plain-text drafting needs nothing beyond the core.
"""

from __future__ import annotations

import re

from discrepancy.errors import InputError, Problem
from discrepancy.location import Location

_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML document (not prose that mentions a tag)."""
    return bool(_HTML_START.match(text[:2000]))


def extract_html(text: str, display: str) -> str:
    """The article text of an HTML page; raises :class:`InputError` without the extra or text."""
    try:
        import trafilatura  # optional extra, loaded on first HTML article only

        extracted = trafilatura.extract(
            text, include_comments=False, include_tables=False, favor_precision=True
        )
    except ImportError as err:  # the extra, or a part it loads on first use, is missing
        msg = (
            "this is an HTML page, and reading HTML needs the optional extractor: "
            f"pip install 'discrepancy[html]' (or save the article as plain text; {err})"
        )
        raise InputError([Problem("E001", msg, Location(display))]) from None
    if not extracted or not extracted.strip():
        msg = "no article text found in this HTML page; save the article as plain text"
        raise InputError([Problem("E007", msg, Location(display))])
    return str(extracted)


__all__ = ["extract_html", "looks_like_html"]
