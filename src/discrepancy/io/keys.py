"""The keys each mapping of a claim file may hold: one table shared by the loader and the schema.

The JSON Schema shipped as ``claim-file.schema.json`` is checked against this table by the test
suite (``tests/test_schema.py``), so the two cannot drift apart.
"""

from __future__ import annotations

import re
from typing import Final

from discrepancy.types.quantity import QuantityType
from discrepancy.types.set import SetType

#: Keys of the top-level mapping of a claim file.
TOP_KEYS: Final = ("discrepancy", "source", "sources", "entities", "scopes", "claims")

#: Keys of a source mapping (``source:`` or one item of ``sources:``).
SOURCE_KEYS: Final = (
    "id",
    "name",
    "published",
    "url",
    "document",
    "note",
    "reliability",
    "grade",
)

#: Keys of one entity (a value of the ``entities:`` mapping).
ENTITY_KEYS: Final = ("name", "aliases", "note", "part_of", "sum_of")

#: Keys of one item of ``scopes:`` (a scope within another, or the sum of others).
SCOPE_KEYS: Final = ("scope", "part_of", "sum_of", "note")

#: Keys of one claim.
CLAIM_KEYS: Final = (
    "id",
    "source",
    "subject",
    "property",
    "value",
    "type",
    "unit",
    "as_of",
    "scope",
    "said_by",
    "via",
    "quote",
    "note",
    "ignore",
    "status",
    "supersedes",
    "retracted",
    "reason",
    "denied_by",
    "verified",
    "grade",
    "cumulative",
    "after",
)

#: Keys of a quantity written as a mapping (``value: {low: 1500, best: 5000, high: 12000}``);
#: the type owns them (``mapping_keys``), the loader asks it.
QUANTITY_KEYS: Final = QuantityType.mapping_keys

#: Keys of a set written as a mapping (``value: {members: [...], complete: true}``).
SET_KEYS: Final = SetType.mapping_keys

#: Required keys per mapping.
REQUIRED_SOURCE_KEYS: Final = ("id",)
REQUIRED_CLAIM_KEYS: Final = ("subject", "property", "value")

#: Every mapping whose keys the loader checks, by the name used in messages.
ALLOWED_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "claim file": TOP_KEYS,
    "source": SOURCE_KEYS,
    "entity": ENTITY_KEYS,
    "scope_relation": SCOPE_KEYS,
    "claim": CLAIM_KEYS,
}

#: Values of a claim's ``status``: ``draft`` is written by ``discrepancy draft`` and means
#: "not yet reviewed"; accepting a draft is deleting its status line.
CLAIM_STATUSES: Final = ("draft",)

#: Format versions this package reads.
FORMAT_VERSIONS: Final = (1,)

#: Source and claim ids.
ID_PATTERN: Final = "^[a-z0-9][a-z0-9_.-]*$"
ID_RE: Final = re.compile(ID_PATTERN)

#: Rule codes named in ``ignore:``.
CODE_PATTERN: Final = "^[A-Z][0-9]{3}$"
CODE_RE: Final = re.compile(CODE_PATTERN)

__all__ = [
    "ALLOWED_KEYS",
    "CLAIM_KEYS",
    "CLAIM_STATUSES",
    "CODE_PATTERN",
    "CODE_RE",
    "ENTITY_KEYS",
    "FORMAT_VERSIONS",
    "ID_PATTERN",
    "ID_RE",
    "QUANTITY_KEYS",
    "REQUIRED_CLAIM_KEYS",
    "REQUIRED_SOURCE_KEYS",
    "SCOPE_KEYS",
    "SET_KEYS",
    "SOURCE_KEYS",
    "TOP_KEYS",
]
