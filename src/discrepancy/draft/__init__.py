"""Draft claims from article text (``discrepancy draft``): a claim file of ``status: draft``
claims for a person to review, each with its value as written, a verbatim quote and, where the
text says so, its speaker, relay, date and unit.

``draft_text`` drafts one article's text, ``read_article`` reads one from a file (refusing
binary, empty, oversized and non-UTF-8 input), ``load_context`` reads the claim files a draft
should line up with, and ``render_draft`` writes the claim file.
"""

from __future__ import annotations

from discrepancy.draft.context import Context, load_context
from discrepancy.draft.drafter import draft_text
from discrepancy.draft.model import Draft, DraftClaim
from discrepancy.draft.read import Article, read_article
from discrepancy.draft.write import render_draft

__all__ = [
    "Article",
    "Context",
    "Draft",
    "DraftClaim",
    "draft_text",
    "load_context",
    "read_article",
    "render_draft",
]
