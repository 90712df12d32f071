"""A plugin claim type goes through the same path as the built-ins, end to end.

The fixture distribution (tests/plugin_fixture) registers the type ``word`` (compared by
initial) under ``discrepancy.types`` and its conflict rule X102 under ``discrepancy.rules``.
It is made visible the way pip would install it: a ``*.dist-info`` with ``entry_points.txt``
on ``sys.path``. The same claims are checked from a claim file, a CSV table and a Parquet
table through the real CLI, and the reports must say the same things.

This file is the example of docs/types.md.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discrepancy.cli import main
from discrepancy.types.registry import (
    PluginError,
    claim_types,
    get_type,
    type_names,
    validate_type,
)

FIXTURE = Path(__file__).parent / "plugin_fixture"

#: (source, subject, property, type, value): the claims of every form below
CLAIMS = [
    ("a", "tree", "fruit", "word", "apple"),
    ("b", "tree", "fruit", "word", "Avocado"),
    ("c", "tree", "fruit", "word", "pear"),
    ("a", "bush", "fruit", "word", "berry"),
    ("b", "bush", "fruit", "word", "blackcurrant"),
    ("a", "tree", "height", "quantity", "12"),
    ("c", "tree", "height", "quantity", "30"),
]


def _entry_points() -> str:
    data = tomllib.loads((FIXTURE / "pyproject.toml").read_text())
    out = []
    for group, items in data["project"]["entry-points"].items():
        out.append(f"[{group}]")
        out.extend(f"{k} = {v}" for k, v in items.items())
    return "\n".join(out) + "\n"


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The fixture plugin, installed as pip would: a dist-info with its entry points."""
    site = tmp_path / "site"
    dist = site / "discrepancy_plugin_fixture-0.1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: discrepancy-plugin-fixture\nVersion: 0.1.0\n"
    )
    (dist / "entry_points.txt").write_text(_entry_points())
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend(str(FIXTURE / "src"))
    yield tmp_path
    sys.modules.pop("discrepancy_plugin_fixture", None)


def _claim_file(folder: Path, rows: list[tuple[str, ...]]) -> Path:
    lines = ["sources:"] + [f"  - id: {s}" for s in sorted({r[0] for r in rows})] + ["claims:"]
    for source, subject, prop, kind, value in rows:
        lines.append(
            f"  - {{source: {source}, subject: {subject}, property: {prop}, "
            f"type: {kind}, value: '{value}'}}"
        )
    path = folder / "claims.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _frame(rows: list[tuple[str, ...]]) -> Any:
    pl = pytest.importorskip("polars")
    names = ("source", "subject", "property", "type", "value")
    return pl.DataFrame({n: [r[k] for r in rows] for k, n in enumerate(names)})


def _check(path: Path, *more: str) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(path), "--format", "json", *more], stdout=out, stderr=err)
    assert code in (0, 1), err.getvalue()
    report: dict[str, Any] = json.loads(out.getvalue())
    return report


def _said(report: dict[str, Any]) -> dict[str, Any]:
    """What a report says, without where each claim was written."""
    findings = sorted(
        (
            f["rule"],
            f["severity"],
            f["verdict"],
            f["message"],
            f["subject"],
            f["property"],
            json.dumps([[c["value"], c["normalized"], c["sources"]] for c in f["clusters"]]),
        )
        for f in report["findings"]
    )
    return {
        "findings": findings,
        "consensus": sorted(report["consensus"], key=lambda c: (c["subject"], c["property"])),
        "agreement": {k: report["agreement"][k] for k in ("sources", "matrix", "n")},
        "reliability": report["consensus_method"]["reliability"],
        "summary": {k: report["summary"][k] for k in ("claims", "groups", "findings", "skipped")},
    }


def test_the_registry_lists_the_plugin_type_after_the_builtins(installed: Path) -> None:
    assert type_names()[-1] == "word"
    assert type_names()[:5] == ("quantity", "date", "set", "label", "assertion")
    assert "word" in claim_types()
    assert "word" not in claim_types(plugins=False)
    word = get_type("word")
    assert word.consensus == "categorical"  # the default hook
    assert word.consensus_key(word.parse("Apple"), None, None) == ("word", "a")  # its own


def test_a_plugin_type_gives_the_same_report_from_a_claim_file_csv_and_parquet(
    installed: Path,
) -> None:
    yaml_report = _check(_claim_file(installed, CLAIMS))
    frame = _frame(CLAIMS)
    frame.write_csv(installed / "claims.csv")
    frame.write_parquet(installed / "claims.parquet")
    csv_report = _check(installed / "claims.csv")
    parquet_report = _check(installed / "claims.parquet")

    said = _said(yaml_report)
    assert said == _said(csv_report) == _said(parquet_report)
    # and what is said is the plugin's doing: its verdicts, its rule, its consensus identity
    assert said["summary"] == {"claims": 7, "groups": 3, "findings": 2, "skipped": 0}
    rules = {(f[0], f[4], f[5]) for f in said["findings"]}
    assert rules == {("X102", "tree", "fruit"), ("Q001", "tree", "height")}
    by_fact = {(c["subject"], c["property"]): c for c in said["consensus"]}
    tree = by_fact[("tree", "fruit")]
    assert tree["type"] == "word" and tree["value"] in ("apple", "Avocado")
    assert tree["support"] == ["a", "b"] and tree["dissent"] == ["c"]
    bush = by_fact[("bush", "fruit")]
    assert bush["support"] == ["a", "b"] and bush["dissent"] == []


def test_the_order_of_claims_changes_no_answer(installed: Path) -> None:
    forward = _said(_check(_claim_file(installed, CLAIMS)))
    backward = _said(_check(_claim_file(installed, CLAIMS[::-1])))
    # (a cluster is shown as its first claim wrote it, so only the texts may differ)
    assert [f[:3] + f[4:6] for f in forward["findings"]] == [
        f[:3] + f[4:6] for f in backward["findings"]
    ]
    assert forward["agreement"] == backward["agreement"]
    assert [c["support"] for c in forward["consensus"]] == [
        c["support"] for c in backward["consensus"]
    ]


@pytest.mark.parametrize("form", ["text", "markdown"])
def test_a_plugin_type_shows_its_values_its_own_way(installed: Path, form: str) -> None:
    """The reports show a ``word`` through its ``show`` hook, in any format."""
    out, err = io.StringIO(), io.StringIO()
    main(["check", str(_claim_file(installed, CLAIMS)), "--format", form], stdout=out, stderr=err)
    shown = out.getvalue()
    assert "X102" in shown
    assert "«apple»" in shown and "«pear»" in shown


def test_a_value_the_plugin_cannot_parse_is_e110_at_its_place_both_ways(installed: Path) -> None:
    rows = [*CLAIMS, ("c", "bush", "fruit", "word", "two words")]
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(_claim_file(installed, rows))], stdout=out, stderr=err)
    assert code == 2
    assert f"claims.yaml:{len(rows) + 4 + 1}:" in err.getvalue()
    assert "E110 cannot read 'two words' as a word; write one word" in err.getvalue()
    _frame(rows).write_csv(installed / "bad.csv")
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(installed / "bad.csv")], stdout=out, stderr=err) == 2
    assert "E110" in err.getvalue() and "write one word" in err.getvalue()


def test_a_misspelt_type_names_the_plugin_type_too(installed: Path) -> None:
    rows = [("a", "tree", "fruit", "wrod", "apple")]
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(_claim_file(installed, rows))], stdout=out, stderr=err) == 2
    assert "E111 unknown type 'wrod' (did you mean 'word'?)" in err.getvalue()
    assert "assertion, place, word" in err.getvalue()


def test_without_the_plugin_the_type_is_unknown(tmp_path: Path) -> None:
    rows = [("a", "tree", "fruit", "word", "apple")]
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(_claim_file(tmp_path, rows))], stdout=out, stderr=err) == 2
    assert "E111 unknown type 'word'" in err.getvalue()


def test_the_registry_is_the_one_list_of_built_in_types() -> None:
    """Type codes are positions in the registry's list; the values package's own list of
    the types it parses and infers is the first five, in the same order (a type that claims
    name with `type:`, such as `place`, comes after them)."""
    from discrepancy.types.registry import BUILTIN_TYPES
    from discrepancy.values.infer import TYPES

    assert tuple(t.name for t in BUILTIN_TYPES)[: len(TYPES)] == TYPES
    assert "place" in {t.name for t in BUILTIN_TYPES}
    assert type_names()[: len(BUILTIN_TYPES)] == tuple(t.name for t in BUILTIN_TYPES)
    assert len({t.tie_rank for t in BUILTIN_TYPES}) == len(BUILTIN_TYPES)


_WORDS = st.sampled_from(["apple", "Avocado", "pear", "plum", "berry", "Banana", "kiwi"])
_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d"]),
        st.sampled_from(["tree", "bush"]),
        st.sampled_from(["fruit", "colour"]),
        st.just("word"),
        _WORDS,
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_ROWS)
def test_any_word_claims_say_the_same_from_a_claim_file_and_a_table(
    installed: Path, rows: list[tuple[str, ...]]
) -> None:
    """Whatever the claims, the plugin type's claims read from a claim file and from a CSV
    table give equal findings, agreement and consensus."""
    folder = Path(tempfile.mkdtemp(dir=installed))
    _frame(rows).write_csv(folder / "claims.csv")
    assert _said(_check(_claim_file(folder, rows))) == _said(_check(folder / "claims.csv"))


class _Named:
    """A claim type with only a name, a parser and a comparison (as a plugin gives)."""

    def __init__(self, name: object) -> None:
        self.name = name

    def parse(self, raw: object, *, published: object, approx: float) -> object:
        return raw

    def compare(self, group: object, i: object, j: object, config: object) -> object:
        return None


@pytest.mark.parametrize("name", ["word", "place_name", "colour-2"])
def test_a_plugin_type_named_like_a_type_loads(name: str) -> None:
    assert validate_type(_Named(name), plugin="fixture:T").name == name  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["Word", "two words", "", "2nd", 5])
def test_a_plugin_type_named_otherwise_fails_at_load(name: object) -> None:
    """The claim-file schema accepts any name of this form beside the built-ins, so a
    name the schema would flag is refused when the plugin loads, naming the plugin."""
    with pytest.raises(PluginError, match=r"fixture:T: a claim type's name must be lowercase"):
        validate_type(_Named(name), plugin="fixture:T")


@pytest.mark.parametrize(
    ("attr", "value"), [("numeric_columns", True), ("config_keys", {"x": "quantity_approx"})]
)
def test_a_plugin_type_may_not_claim_what_only_built_ins_have(attr: str, value: object) -> None:
    """The numbers columns of a table and the Config fields belong to built-in types: a
    plugin claiming them fails at load, naming the plugin and the attribute."""
    kind = _Named("coin")
    setattr(kind, attr, value)
    with pytest.raises(PluginError, match=rf"fixture:T: '{attr}' is for built-in types"):
        validate_type(kind, plugin="fixture:T")
