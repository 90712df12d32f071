"""The table of consensus methods: built-ins plus entry points in ``discrepancy.consensus``.

A third-party method is a function with the method signature
``(facts: FactTable, *, tol: float, max_iter: int) -> MethodResult``, registered as::

    [project.entry-points."discrepancy.consensus"]
    mymethod = "mypkg.consensus:mymethod"

Its signature is checked when it loads, so a method that doesn't fit fails at load, not in
the middle of a run.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Mapping
from importlib.metadata import entry_points

from discrepancy.consensus.facts import FactTable
from discrepancy.consensus.method import ConsensusMethod, MethodResult, apply_verified
from discrepancy.consensus.methods import auto, crh, majority, truthfinder

GROUP = "discrepancy.consensus"

#: Built-in methods by name. ``auto`` is the default.
BUILTIN: Mapping[str, ConsensusMethod] = {
    "auto": auto,
    "crh": crh,
    "majority": majority,
    "truthfinder": truthfinder,
}


class MethodPluginError(TypeError):
    """An entry point in ``discrepancy.consensus`` that isn't a usable method."""


def _check_signature(name: str, fn: object) -> ConsensusMethod:
    if not callable(fn):
        msg = f"consensus method {name!r} from entry point group {GROUP!r} is not callable"
        raise MethodPluginError(msg)
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):  # builtins without a signature: accept as is
        return fn  # type: ignore[return-value]
    params = list(sig.parameters.values())
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    has_var_kw = any(p.kind is p.VAR_KEYWORD for p in params)
    missing = [k for k in ("tol", "max_iter") if k not in sig.parameters and not has_var_kw]
    if not positional or missing:
        want = "(facts, *, tol, max_iter)"
        got = f"{getattr(fn, '__name__', fn)}{sig}"
        extra = f"; missing {', '.join(missing)}" if missing else ""
        msg = f"consensus method {name!r} must have the signature {want}, got {got}{extra}"
        raise MethodPluginError(msg)
    return fn  # type: ignore[return-value]


def methods() -> dict[str, ConsensusMethod]:
    """Every known method by name: built-ins, then entry points (a built-in name wins)."""
    out: dict[str, ConsensusMethod] = dict(BUILTIN)
    for ep in entry_points(group=GROUP):
        if ep.name in out:
            continue
        out[ep.name] = _check_signature(ep.name, ep.load())
    return out


def get_method(name: str) -> ConsensusMethod:
    """The method called ``name``.

    Raises:
        ValueError: for an unknown name, listing the known ones (with a did-you-mean).
    """
    if name in BUILTIN:
        return BUILTIN[name]
    known = methods()
    if name in known:
        return known[name]
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    msg = f"unknown consensus method {name!r}{hint}; known methods: {', '.join(sorted(known))}"
    raise ValueError(msg)


def solve(name: str, facts: FactTable, *, tol: float, max_iter: int) -> MethodResult:
    """Run the method called ``name`` over ``facts``, then hold every fact the user
    verified to its verified value (:func:`~discrepancy.consensus.method.apply_verified`)."""
    result = get_method(name)(facts, tol=tol, max_iter=max_iter)
    return apply_verified(facts, result)


__all__ = ["BUILTIN", "GROUP", "MethodPluginError", "get_method", "methods", "solve"]
