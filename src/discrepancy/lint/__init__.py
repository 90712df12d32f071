"""Checks over a whole check rather than one group: near-identical names (N001), facts only
one source states (N002), claims left out of their group (G001) and ambiguous numbers (V001).
"""

from __future__ import annotations

from discrepancy.lint.near_miss import NearMiss, near_misses
from discrepancy.lint.run import LintInput, lint, lint_input_of_claims
from discrepancy.lint.spellings import Spelling, loose, spellings_of_claims

__all__ = [
    "LintInput",
    "NearMiss",
    "Spelling",
    "lint",
    "lint_input_of_claims",
    "loose",
    "near_misses",
    "spellings_of_claims",
]
