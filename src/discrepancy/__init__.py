"""discrepancy: check what several sources claim about the same facts.

The public API is what this module exports (``__all__``); everything else is private.
"""

from __future__ import annotations

from discrepancy._version import __version__
from discrepancy.agreement import Agreement, SourceAgreement
from discrepancy.config import Config
from discrepancy.config_file import find_config, load_config
from discrepancy.consensus import Consensus, ConsensusRun
from discrepancy.engine import check
from discrepancy.errors import (
    ClaimFileError,
    ConfigError,
    DiscrepancyError,
    InputError,
    Problem,
    ValueParseError,
)
from discrepancy.findings import Cluster, Finding, Pair
from discrepancy.io.load import load
from discrepancy.location import Location
from discrepancy.model import Claim, ClaimSet, Entity, Source
from discrepancy.report import Report, Skipped
from discrepancy.table import check_table, read_table
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
    "Agreement",
    "Assertion",
    "Claim",
    "ClaimFileError",
    "ClaimSet",
    "Cluster",
    "Config",
    "ConfigError",
    "Consensus",
    "ConsensusRun",
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
    "Report",
    "Severity",
    "Skipped",
    "Source",
    "SourceAgreement",
    "ValueParseError",
    "Verdict",
    "__version__",
    "check",
    "check_table",
    "find_config",
    "infer_type",
    "load",
    "load_config",
    "parse_assertion",
    "parse_date",
    "parse_label",
    "parse_quantity",
    "parse_set",
    "parse_value",
    "read_table",
]
