"""Vectorised pairwise comparison, one module per claim type.

Each module's ``*_verdicts`` function takes the values of one group as arrays plus the pair
indices ``i, j`` (one triangle, ``np.triu_indices``) and returns a
:class:`~discrepancy.compare.result.Comparison`; no Python loop over pairs. The claim types
that call them are in :mod:`discrepancy.types` (``QuantityType`` ...).
Import from the submodules (this package imports nothing, so :mod:`discrepancy.units` can use
:mod:`discrepancy.compare.text`).
"""
