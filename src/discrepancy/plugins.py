"""Entry-point plugins: finding them, loading them, and the error a misfit raises.

Shared by the claim-type registry (:mod:`discrepancy.types.registry`, group
``discrepancy.types``) and the rule catalogue (:mod:`discrepancy.rules.registry`, group
``discrepancy.rules``). Entry points are scanned once per ``sys.path``.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import EntryPoint, entry_points

from discrepancy.errors import DiscrepancyError


class PluginError(DiscrepancyError):
    """A plugin that does not fit its entry-point group; the message names the plugin."""


@lru_cache(maxsize=16)
def _entry_points(group: str, path: tuple[str, ...]) -> tuple[EntryPoint, ...]:
    """The entry points of ``group`` for this ``sys.path`` (scanning costs ~25 ms a call)."""
    return tuple(sorted(entry_points(group=group), key=lambda e: e.name))


def group_entry_points(group: str) -> tuple[EntryPoint, ...]:
    """Entry points of ``group``, sorted by name; rescanned when ``sys.path`` changes."""
    return _entry_points(group, tuple(sys.path))


def plugin_name(ep: EntryPoint) -> str:
    """How messages name a plugin: group, name, object and distribution."""
    dist = getattr(ep, "dist", None)
    where = f" from {dist.name}" if dist is not None and getattr(dist, "name", None) else ""
    return f"{ep.group} plugin '{ep.name}' ({ep.value}{where})"


def load_plugin(ep: EntryPoint) -> object:
    """The object an entry point names; raises :class:`PluginError` when it cannot load."""
    try:
        return ep.load()
    except (ImportError, AttributeError) as err:
        msg = f"{plugin_name(ep)} cannot be loaded: {err}"
        raise PluginError(msg) from None


def positional(func: Callable[..., object]) -> list[inspect.Parameter]:
    """The parameters of ``func`` that can be passed by position."""
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [p for p in inspect.signature(func).parameters.values() if p.kind in kinds]


__all__ = ["PluginError", "group_entry_points", "load_plugin", "plugin_name", "positional"]
