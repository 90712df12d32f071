"""discrepancy: check what several sources claim about the same facts.

The public API is what this module exports (``__all__``); everything else is private.
"""

from __future__ import annotations

from discrepancy._version import __version__
from discrepancy.config import Config
from discrepancy.errors import (
    ClaimFileError,
    ConfigError,
    DiscrepancyError,
    InputError,
    Problem,
    ValueParseError,
)
from discrepancy.findings import Cluster, Finding, Pair
from discrepancy.location import Location
from discrepancy.model import Claim, ClaimSet, Entity, Source
from discrepancy.values import (
    Assertion,
    DateInterval,
    Label,
    MemberSet,
    Precision,
    Quantity,
    infer_type,
    parse_assertion,
    parse_date,
    parse_label,
    parse_quantity,
    parse_set,
    parse_value,
)
from discrepancy.verdict import Level, Severity, Verdict

__all__ = [
    "Assertion",
    "Claim",
    "ClaimFileError",
    "ClaimSet",
    "Cluster",
    "Config",
    "ConfigError",
    "DateInterval",
    "DiscrepancyError",
    "Entity",
    "Finding",
    "InputError",
    "Label",
    "Level",
    "Location",
    "MemberSet",
    "Pair",
    "Precision",
    "Problem",
    "Quantity",
    "Severity",
    "Source",
    "ValueParseError",
    "Verdict",
    "__version__",
    "infer_type",
    "parse_assertion",
    "parse_date",
    "parse_label",
    "parse_quantity",
    "parse_set",
    "parse_value",
]
