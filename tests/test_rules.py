"""The rule catalogue: one flat table, documented rules, pure functions."""

from __future__ import annotations

import re

import pytest

from discrepancy.config import Config
from discrepancy.engine import compare_group
from discrepancy.model import Claim, ClaimSet, Source
from discrepancy.rules.registry import builtin_rules, get_rule, rules
from discrepancy.values import Quantity
from discrepancy.verdict import Level
from reference.grouping import build_groups

EXPECTED = {
    "A001": ("assertions_contradict", "assertion", Level.ERROR),
    "D001": ("date_intervals_disjoint", "date", Level.ERROR),
    "D002": ("date_order_violated", "check", Level.ERROR),
    "E301": ("suppression_without_reason", "claim", Level.WARNING),
    "E302": ("quote_not_in_document", "claim", Level.WARNING),
    "E303": ("draft_claim_present", "claim", Level.WARNING),
    "E304": ("withdrawn_claim", "claim", Level.INFO),
    "G001": ("claim_not_comparable", "check", Level.WARNING),
    "L001": ("labels_differ", "label", Level.ERROR),
    "L002": ("places_differ", "place", Level.ERROR),
    "N001": ("names_nearly_identical", "check", Level.WARNING),
    "N002": ("fact_single_source", "check", Level.INFO),
    "P001": ("part_exceeds_whole", "check", Level.ERROR),
    "P002": ("parts_do_not_sum", "check", Level.ERROR),
    "Q001": ("quantity_intervals_disjoint", "quantity", Level.ERROR),
    "S001": ("complete_list_contradicted", "set", Level.ERROR),
    "S002": ("member_lists_differ", "set", Level.WARNING),
    "T001": ("running_total_falls", "check", Level.ERROR),
    "V001": ("thousands_ambiguous", "check", Level.WARNING),
}


def test_table() -> None:
    infos = builtin_rules()
    assert {r.code: (r.name, r.type, r.level) for r in infos} == EXPECTED
    assert [r.code for r in infos] == sorted(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_every_rule_is_documented(code: str) -> None:
    info = get_rule(code)
    assert info is not None
    for section in ("What:", "Why:", "Example:", "Configuration:"):
        assert re.search(rf"^{section}", info.doc, re.M), (code, section)
    assert not info.doc.startswith(code)
    assert info.func.__doc__ is not None and info.func.__doc__.startswith(code)


def test_get_rule_is_case_insensitive_and_unknown_is_none() -> None:
    assert get_rule("q001") is get_rule("Q001") or get_rule("q001") == get_rule("Q001")
    assert get_rule("Z999") is None


def test_rules_are_pure_and_repeatable() -> None:
    claims = ClaimSet(
        [Source("a"), Source("b")],
        (),
        [Claim("a", "s", "p", Quantity.exact(1)), Claim("b", "s", "p", Quantity.exact(3))],
    )
    (group,), _ = build_groups(claims)
    done = compare_group(group, Config())
    # a rule of a claim type runs on groups of that type (rules.apply.rule_group)
    for info in (r for r in rules(plugins=False) if r.type in ("claim", "any", group.type)):
        first = list(info.func(done, Config()))
        assert first == list(info.func(done, Config()))
    (q001,) = list(get_rule("Q001").func(done, Config()))  # type: ignore[union-attr]
    assert q001.rule == "Q001"


def test_config_selection_semantics() -> None:
    assert Config().selects("Q001")
    assert not Config(ignore=["Q"]).selects("Q001")
    assert Config(select=["Q001"], ignore=["Q"]).selects("Q001")  # longer prefix wins
    assert not Config(select=["Q"], ignore=["Q001"]).selects("Q001")
    assert not Config(select=["S"]).selects("Q001")
    assert (
        Config(levels={"S": "error", "S002": "warning"}).level_for("S002", Level.ERROR)
        is Level.WARNING
    )
