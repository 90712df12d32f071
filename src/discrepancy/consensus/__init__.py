"""Consensus per group from truth discovery over all groups at once.

``run_consensus(groups, method="auto")`` builds one :class:`FactTable` of every claim,
runs a method (``auto``, ``majority``, ``truthfinder``, ``crh`` or one from the entry-point
group ``discrepancy.consensus``) and returns a :class:`ConsensusRun`.
"""

from __future__ import annotations

from discrepancy.consensus.facts import (
    CATEGORICAL,
    DATE,
    QUANTITY,
    FactTable,
    build_fact_table,
)
from discrepancy.consensus.glue import (
    build_from_groups,
    consensus_from_columns,
    consensus_of,
    run_consensus,
    value_identity,
)
from discrepancy.consensus.method import ConsensusMethod, MethodResult
from discrepancy.consensus.registry import MethodPluginError, get_method, methods
from discrepancy.consensus.result import Consensus, ConsensusList, ConsensusRun, WindowConsensus

__all__ = [
    "CATEGORICAL",
    "DATE",
    "QUANTITY",
    "Consensus",
    "ConsensusList",
    "ConsensusMethod",
    "ConsensusRun",
    "FactTable",
    "MethodPluginError",
    "MethodResult",
    "WindowConsensus",
    "build_fact_table",
    "build_from_groups",
    "consensus_from_columns",
    "consensus_of",
    "get_method",
    "methods",
    "run_consensus",
    "value_identity",
]
