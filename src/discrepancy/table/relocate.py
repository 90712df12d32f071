"""Where the rows of a key partition are in the whole table (claims, findings and skipped
claims relocated from partition rows to table rows)."""

from __future__ import annotations

import attrs
import numpy as np

from discrepancy.findings import Finding
from discrepancy.groups import Skipped
from discrepancy.location import Location
from discrepancy.model import Claim


class Relocation:
    """Where the rows of a partition are in the whole table. Columns read with
    ``first_line=0`` located claims at ``<path>:<local row>``; this relocates them to
    ``<path>:<first_line + table row>``. ``table_rows=None``: the partition is the table,
    read with its own ``first_line``, and nothing moves. With ``path``, only locations in
    that file move (a row's ``location`` column points elsewhere: at its claim file)."""

    def __init__(
        self, table_rows: np.ndarray | None, first_line: int, path: str | None = None
    ) -> None:
        self.table_rows = table_rows
        self.first_line = first_line
        self.path = path

    def rows(self, local: np.ndarray) -> np.ndarray:
        """The table rows of ``local`` rows."""
        return local if self.table_rows is None else self.table_rows[local]

    def location(self, loc: Location | None) -> Location | None:
        if self.table_rows is None or loc is None or loc.line < 0:
            return loc
        if self.path is not None and loc.path != self.path:
            return loc
        return attrs.evolve(loc, line=self.first_line + int(self.table_rows[loc.line]))

    def claim(self, claim: Claim) -> Claim:
        if self.table_rows is None:
            return claim
        return attrs.evolve(
            claim,
            location=self.location(claim.location),
            value_location=self.location(claim.value_location),
        )

    def finding(self, finding: Finding) -> Finding:
        if self.table_rows is None:
            return finding
        return attrs.evolve(finding, claims=tuple(self.claim(c) for c in finding.claims))

    def skipped(self, s: Skipped) -> Skipped:
        return s if self.table_rows is None else attrs.evolve(s, location=self.location(s.location))


__all__ = ["Relocation"]
