"""Third-party rules and claim types through entry points (no pip: a dist-info on sys.path)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from discrepancy.engine import check
from discrepancy.model import Claim, ClaimSet, Source
from discrepancy.rules.registry import (
    PluginError,
    claim_types,
    get_rule,
    get_type,
    rules,
    validate_rule,
)
from discrepancy.values import Quantity

FIXTURE = Path(__file__).parent / "plugin_fixture"


def _install(tmp_path: Path, entry_points: str, name: str = "fixture_plugin") -> None:
    """Make ``importlib.metadata`` see a distribution with these entry points."""
    dist = tmp_path / f"{name}-0.1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n")
    (dist / "entry_points.txt").write_text(entry_points)


@pytest.fixture
def plugin_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(FIXTURE / "src"))
    yield tmp_path
    sys.modules.pop("discrepancy_plugin_fixture", None)
    sys.modules.pop("bad_plugin", None)


def _fixture_entry_points() -> str:
    import tomllib

    data = tomllib.loads((FIXTURE / "pyproject.toml").read_text())
    eps = data["project"]["entry-points"]
    out = []
    for group, items in eps.items():
        out.append(f"[{group}]")
        out.extend(f"{k} = {v}" for k, v in items.items())
    return "\n".join(out) + "\n"


def test_plugin_rule_runs_in_check(plugin_path: Path) -> None:
    _install(plugin_path, _fixture_entry_points())
    info = get_rule("X101")
    assert info is not None and info.plugin and info.type == "quantity"
    assert info.doc.startswith("suspiciously round number")
    assert "X101" in [r.code for r in rules()]
    claims = ClaimSet(
        [Source("a"), Source("b")],
        (),
        [
            Claim("a", "s", "p", Quantity.exact(10_000)),
            Claim("b", "s", "p", Quantity.exact(10_000)),
        ],
    )
    report = check(claims)
    assert [f.rule for f in report.findings] == ["X101", "X101"]


def test_plugin_claim_type_is_compared(plugin_path: Path) -> None:
    _install(plugin_path, _fixture_entry_points())
    word = get_type("word")
    assert "word" in claim_types()
    claims = ClaimSet(
        [Source("a"), Source("b")],
        (),
        [
            Claim("a", "s", "p", word.parse("apple", published=None, approx=0.05)),  # type: ignore[arg-type]
            Claim("b", "s", "p", word.parse("pear", published=None, approx=0.05)),  # type: ignore[arg-type]
        ],
    )
    report = check(claims)
    assert report.groups == 1 and report.skipped == ()


def test_plugin_with_wrong_signature_fails_at_load(plugin_path: Path) -> None:
    (plugin_path / "bad_plugin.py").write_text(
        'def one_arg(group):\n    """X900 bad\n\n    What: nothing."""\n    return iter(())\n'
    )
    _install(plugin_path, "[discrepancy.rules]\nX900 = bad_plugin:one_arg\n", name="bad_plugin")
    with pytest.raises(PluginError, match=r"X900.*bad_plugin:one_arg.*exactly two parameters"):
        rules()


def test_validate_rule_refuses_builtin_codes_and_missing_docs() -> None:
    def rule(group: object, config: object) -> Iterator[object]:
        yield from ()

    with pytest.raises(PluginError, match="built-in"):
        validate_rule("Q001", rule, plugin="p")
    with pytest.raises(PluginError, match="docstring"):
        validate_rule("X001", rule, plugin="p")
    with pytest.raises(PluginError, match="capital letters"):
        validate_rule("x1", rule, plugin="p")


def test_plugin_claim_type_from_a_table(plugin_path: Path) -> None:
    """A table names a plugin type in its 'type' column; the type parses and compares it."""
    pl = pytest.importorskip("polars")
    from discrepancy.table import check_table

    _install(plugin_path, _fixture_entry_points())
    table = pl.DataFrame(
        {"source": ["a", "b", "c"], "subject": ["s"] * 3, "property": ["p"] * 3,
         "type": ["word"] * 3, "value": ["apple", "avocado", "pear"]}
    )  # fmt: skip
    report = check_table(table)
    assert report.groups == 1 and report.skipped == ()
    agreement = report.agreement
    a, b, c = (agreement.sources.index(s) for s in "abc")
    assert agreement.matrix[a, b] == 1.0  # same first letter
    assert agreement.matrix[a, c] == 0.0
