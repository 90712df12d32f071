"""Consensus per group from truth discovery over all groups at once."""

from __future__ import annotations

from discrepancy.consensus.result import Consensus, ConsensusRun

__all__ = ["Consensus", "ConsensusRun"]
