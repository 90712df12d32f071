"""Consensus per group from truth discovery over all groups at once.

The engine (:mod:`discrepancy.table.consensus`) builds one :class:`FactTable` of every
claim, runs a method (``auto``, ``majority``, ``truthfinder``, ``crh`` or one from the
entry-point group ``discrepancy.consensus``) and returns a :class:`ConsensusRun`; the same
over compared claim objects is the reference twin's (``tests/reference/consensus.py``).
"""

from __future__ import annotations

from discrepancy.consensus.facts import (
    CATEGORICAL,
    DATE,
    QUANTITY,
    FactTable,
    build_fact_table,
)
from discrepancy.consensus.glue import consensus_from_columns, consensus_of
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
    "consensus_from_columns",
    "consensus_of",
    "get_method",
    "methods",
]
