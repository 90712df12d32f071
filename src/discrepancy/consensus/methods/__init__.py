"""Built-in consensus methods; each is a function ``(facts, *, tol, max_iter) -> MethodResult``."""

from __future__ import annotations

from discrepancy.consensus.methods.auto import auto
from discrepancy.consensus.methods.crh import crh
from discrepancy.consensus.methods.majority import majority
from discrepancy.consensus.methods.truthfinder import truthfinder

__all__ = ["auto", "crh", "majority", "truthfinder"]
