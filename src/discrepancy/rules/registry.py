"""The rule catalogue: one flat table from code to rule function, plus entry-point plugins.

A rule is a pure function ``(group: ComparedGroup, config: Config) -> Iterator[Finding]``; its
docstring is its documentation (first line: code and title; then What / Why / Example /
Configuration), which ``discrepancy rule CODE`` prints.

Third parties add rules through the entry-point group ``discrepancy.rules`` (the entry point's
name is the rule code, its object the function) and claim types through
``discrepancy.types`` (an object satisfying :class:`ClaimType`; the claim-type registry is
:mod:`discrepancy.types.registry`, re-exported here). Plugins are checked when they
load, as pluggy does: a rule must take exactly two parameters and have a docstring, its code
must look like ``ABC123`` and not reuse a built-in code; a claim type needs ``name``,
``parse`` and ``compare``. A plugin that does not fit raises :class:`PluginError` naming it.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from attrs import frozen

from discrepancy.groups import ComparedGroup
from discrepancy.plugins import (
    PluginError,
    group_entry_points,
    load_plugin,
    plugin_name,
    positional,
)
from discrepancy.rules.across import (
    date_order_violated,
    part_exceeds_whole,
    parts_do_not_sum,
    running_total_falls,
)
from discrepancy.rules.assertion import assertions_contradict
from discrepancy.rules.claims import (
    draft_claim_present,
    quote_not_in_document,
    suppression_without_reason,
    withdrawn_claim,
)
from discrepancy.rules.date import date_intervals_disjoint
from discrepancy.rules.label import labels_differ
from discrepancy.rules.lint import (
    claim_not_comparable,
    fact_single_source,
    names_nearly_identical,
    thousands_ambiguous,
)
from discrepancy.rules.members import complete_list_contradicted, member_lists_differ
from discrepancy.rules.place import places_differ
from discrepancy.rules.quantity import quantity_intervals_disjoint
from discrepancy.types.protocol import ClaimType
from discrepancy.types.registry import TYPES_GROUP, claim_types, get_type, validate_type
from discrepancy.verdict import Level

if TYPE_CHECKING:
    from discrepancy.config import Config
    from discrepancy.findings import Finding

#: entry-point group of third-party rules (name = code, object = rule function)
RULES_GROUP = "discrepancy.rules"

RuleFunc = Callable[["ComparedGroup", "Config"], Iterable["Finding"]]

_CODE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")


@frozen
class RuleInfo:
    """One rule of the catalogue: code, function name, claim type (``claim``: any claim;
    ``check``: runs once over the whole check, see :mod:`discrepancy.lint`), default level, documentation and the function; ``plugin`` names where a third-party rule
    came from (empty for built-ins)."""

    code: str
    name: str
    type: str
    level: Level
    doc: str
    func: RuleFunc
    plugin: str = ""


# code, function, claim type, default level: the whole built-in catalogue.
_TABLE: tuple[tuple[str, RuleFunc, str, Level], ...] = (
    ("A001", assertions_contradict, "assertion", Level.ERROR),
    ("D001", date_intervals_disjoint, "date", Level.ERROR),
    ("D002", date_order_violated, "check", Level.ERROR),
    ("E301", suppression_without_reason, "claim", Level.WARNING),
    ("E302", quote_not_in_document, "claim", Level.WARNING),
    ("E303", draft_claim_present, "claim", Level.WARNING),
    ("E304", withdrawn_claim, "claim", Level.INFO),
    ("G001", claim_not_comparable, "check", Level.WARNING),
    ("L001", labels_differ, "label", Level.ERROR),
    ("L002", places_differ, "place", Level.ERROR),
    ("N001", names_nearly_identical, "check", Level.WARNING),
    ("N002", fact_single_source, "check", Level.INFO),
    ("P001", part_exceeds_whole, "check", Level.ERROR),
    ("P002", parts_do_not_sum, "check", Level.ERROR),
    ("Q001", quantity_intervals_disjoint, "quantity", Level.ERROR),
    ("S001", complete_list_contradicted, "set", Level.ERROR),
    ("S002", member_lists_differ, "set", Level.WARNING),
    ("T001", running_total_falls, "check", Level.ERROR),
    ("V001", thousands_ambiguous, "check", Level.WARNING),
)


def rule_doc(func: Callable[..., object], code: str = "") -> str:
    """A rule's documentation: its docstring, without the code that starts the first line."""
    doc = inspect.cleandoc(func.__doc__ or "")
    if code and doc.startswith(code):
        doc = doc[len(code) :].lstrip()
    return doc


def builtin_rules() -> list[RuleInfo]:
    """The built-in rules, in code order."""
    return [
        RuleInfo(code, func.__name__, kind, level, rule_doc(func, code), func)
        for code, func, kind, level in _TABLE
    ]


def validate_rule(code: str, func: object, *, plugin: str) -> RuleInfo:
    """Check a third-party rule as it loads and describe it; raises :class:`PluginError`."""
    builtin = {c for c, *_ in _TABLE}
    if not _CODE.match(code):
        msg = f"{plugin}: rule code must be 1-4 capital letters and 3 digits, like 'X101'"
        raise PluginError(msg)
    if code in builtin:
        msg = f"{plugin}: rule code {code} is a built-in rule; choose another code"
        raise PluginError(msg)
    if not callable(func):
        msg = f"{plugin}: must be a function (group, config) -> findings, got {func!r}"
        raise PluginError(msg)
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        msg = f"{plugin}: cannot read the signature of {func!r}"
        raise PluginError(msg) from None
    params = list(sig.parameters.values())
    required_kw = [
        p.name
        for p in params
        if p.kind is inspect.Parameter.KEYWORD_ONLY and p.default is inspect.Parameter.empty
    ]
    if len(positional(func)) != 2 or len(params) != 2 or required_kw:
        names = ", ".join(p.name for p in params)
        msg = (
            f"{plugin}: a rule must take exactly two parameters (group, config); "
            f"{getattr(func, '__name__', func)!s} takes ({names})"
        )
        raise PluginError(msg)
    if not (func.__doc__ or "").strip():
        msg = f"{plugin}: a rule needs a docstring (it is the rule's documentation)"
        raise PluginError(msg)
    kind = str(getattr(func, "type", "any"))
    level = Level(str(getattr(func, "level", Level.WARNING)))
    name = str(getattr(func, "__name__", code))
    return RuleInfo(code, name, kind, level, rule_doc(func, code), func, plugin)  # type: ignore[arg-type]


def plugin_rules() -> list[RuleInfo]:
    """Rules registered under ``discrepancy.rules``, validated; raises :class:`PluginError`."""
    out = []
    for ep in group_entry_points(RULES_GROUP):
        out.append(validate_rule(ep.name.strip().upper(), load_plugin(ep), plugin=plugin_name(ep)))
    return out


def rules(*, plugins: bool = True) -> list[RuleInfo]:
    """Every rule, built-in and (by default) from plugins, in code order."""
    found = builtin_rules() + (plugin_rules() if plugins else [])
    seen: dict[str, RuleInfo] = {}
    for info in found:
        if info.code in seen:
            msg = f"{info.plugin or 'built-in'}: rule code {info.code} is registered twice"
            raise PluginError(msg)
        seen[info.code] = info
    return sorted(seen.values(), key=lambda r: r.code)


def get_rule(code: str) -> RuleInfo | None:
    """The rule with this code (built-in or plugin), or ``None``."""
    code = code.strip().upper()
    return next((r for r in rules() if r.code == code), None)


__all__ = [
    "RULES_GROUP",
    "TYPES_GROUP",
    "ClaimType",
    "PluginError",
    "RuleFunc",
    "RuleInfo",
    "builtin_rules",
    "claim_types",
    "get_rule",
    "get_type",
    "plugin_rules",
    "rule_doc",
    "rules",
    "validate_rule",
    "validate_type",
]
