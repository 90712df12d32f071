"""How much of a report the formats for people show (text, Markdown, HTML).

Machine formats (JSON, SARIF, ...) always carry everything; these options only shape what a
person reads, so that a report of thousands of claims stays readable: a finding past a
handful of claims shows its value clusters instead of every claim, the agreement and consensus
tables show when asked or when small, text fits the terminal, Markdown fits GitHub's 1 MiB.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import field, frozen, validators

#: a finding with more claims than this shows its value clusters (unless ``full``)
HANDFUL = 6
#: the agreement and consensus tables show by default when they are this small
SMALL_SOURCES = 8
SMALL_CONSENSUS = 30
#: GitHub's limit on a job summary or a comment body
MARKDOWN_LIMIT = 1024 * 1024


@frozen(kw_only=True)
class RenderOptions:
    """Options of the formats for people; the defaults suit a terminal or a CI log."""

    #: text: the width lines wrap or truncate at (``None``: 120 columns, a CI log's)
    width: int | None = field(default=None, validator=validators.optional(validators.ge(40)))
    #: text: one line per finding and the summary, nothing else
    concise: bool = False
    #: every claim and every listed pair of each finding, whatever its size
    full: bool = False
    #: agreement and consensus tables: ``auto`` (when small), ``always`` or ``never``
    tables: str = field(default="auto", validator=validators.in_(("auto", "always", "never")))
    #: Markdown: the most bytes it may take (findings past it are counted, not shown)
    max_bytes: int = field(default=MARKDOWN_LIMIT - 4096, validator=validators.ge(10_000))
    #: where the full report is, named at the end of a Markdown report that left findings out
    full_report: str | None = None

    @property
    def columns(self) -> int:
        return self.width or 120

    def shows_tables(self, sources: int, consensus: int) -> tuple[bool, bool]:
        """Whether the agreement and the consensus tables show, given their sizes."""
        if self.tables != "auto":
            return (self.tables == "always",) * 2
        return sources <= SMALL_SOURCES, 0 < consensus <= SMALL_CONSENSUS

    def clusters_only(self, claims: int) -> bool:
        """Whether a finding of ``claims`` claims shows its value clusters, not its claims."""
        return not self.full and claims > HANDFUL


DEFAULT = RenderOptions()

#: Most sources a sources x sources agreement table is drawn for (text, Markdown, HTML);
#: past it the reports show per-source agreement and point to the JSON report's pairs.
PAIRWISE_LIMIT = 60


def pairwise_shown(agreement: Mapping[str, Any]) -> bool:
    """Whether the sources x sources table of ``agreement`` (a report's ``agreement``) is
    drawn: the JSON holds a ``matrix`` (see ``Agreement.to_dict``) and few enough sources."""
    sources = agreement.get("sources") or ()
    return "matrix" in agreement and len(sources) <= PAIRWISE_LIMIT  # type: ignore[arg-type]


def pairwise_note(agreement: Mapping[str, Any]) -> str:
    """What the reports say instead of a pairwise table too large to draw."""
    n = len(agreement.get("sources") or ())  # type: ignore[arg-type]
    return (
        f"The agreement of {n:,} sources with each other is not drawn as a table (more than "
        f"{PAIRWISE_LIMIT}); each source's agreement is below, and every compared pair of "
        "sources is in the JSON report (`agreement.matrix`, or `agreement.cells` past "
        "200 sources)."
    )


__all__ = [
    "DEFAULT",
    "HANDFUL",
    "MARKDOWN_LIMIT",
    "PAIRWISE_LIMIT",
    "RenderOptions",
    "pairwise_note",
    "pairwise_shown",
]
