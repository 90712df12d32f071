"""The shipped claim-file JSON Schema agrees with the loader (one table of keys: io/keys.py)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from discrepancy.errors import ClaimFileError
from discrepancy.io import claim_file_schema, load
from discrepancy.io import keys as K
from discrepancy.io.yaml_reader import Limits, read_yaml, to_python
from discrepancy.types.registry import BUILTIN_TYPES, TYPE_NAME_PATTERN

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "load"
SEEDS = sorted((ROOT / "seeds").glob("*.yaml")) if (ROOT / "seeds").is_dir() else []

SCHEMA = claim_file_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _read(path: Path) -> object:
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    node = read_yaml(path.read_text(encoding="utf-8"), Limits())
    assert node is not None
    return to_python(node)


def test_schema_is_valid_draft_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_schema_is_a_fresh_copy() -> None:
    schema = claim_file_schema()
    schema["properties"].clear()
    assert claim_file_schema() == SCHEMA


@pytest.mark.skipif(not SEEDS, reason="no seed claim files")
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_files_validate(path: Path) -> None:
    VALIDATOR.validate(_read(path))


@pytest.mark.parametrize(
    "path",
    sorted(p for p in FIXTURES.rglob("*") if p.suffix in {".yaml", ".yml", ".json"}),
    ids=lambda p: p.name,
)
def test_fixture_files_validate(path: Path) -> None:
    VALIDATOR.validate(_read(path))


def test_json_lines_claims_validate_as_claims() -> None:
    claim = jsonschema.Draft202012Validator({"$ref": "#/$defs/claim", "$defs": SCHEMA["$defs"]})
    for path in sorted(FIXTURES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else None
            if isinstance(record, dict) and isinstance(record.get("source"), str):
                claim.validate(record)


# ------------------------------------------------------------------- one table of keys


def _defs(name: str) -> dict[str, Any]:
    return SCHEMA if name == "claim file" else SCHEMA["$defs"][name]


def test_schema_keys_are_the_loaders_keys() -> None:
    for name, allowed in K.ALLOWED_KEYS.items():
        definition = _defs(name)
        assert tuple(definition["properties"]) == allowed, name
        assert definition["additionalProperties"] is False, name
    assert tuple(SCHEMA["$defs"]["source"]["required"]) == K.REQUIRED_SOURCE_KEYS
    assert tuple(SCHEMA["$defs"]["claim"]["required"]) == K.REQUIRED_CLAIM_KEYS
    builtin = tuple(t.name for t in BUILTIN_TYPES)  # the registry's built-ins
    type_of = SCHEMA["$defs"]["claim"]["properties"]["type"]["anyOf"]
    assert tuple(type_of[0]["enum"]) == builtin
    assert type_of[1]["pattern"] == TYPE_NAME_PATTERN
    assert SCHEMA["$defs"]["id"]["pattern"] == K.ID_PATTERN
    ignore = SCHEMA["$defs"]["claim"]["properties"]["ignore"]
    assert ignore["propertyNames"]["pattern"] == K.CODE_PATTERN
    assert SCHEMA["properties"]["discrepancy"]["enum"] == list(K.FORMAT_VERSIONS)
    objects = [v for v in SCHEMA["$defs"]["value"]["anyOf"] if v.get("type") == "object"]
    assert [tuple(o["properties"]) for o in objects] == [K.QUANTITY_KEYS, K.SET_KEYS]
    assert all(o["additionalProperties"] is False for o in objects)


MINIMAL: dict[str, Any] = {
    "source": {"id": "a", "name": "A"},
    "entities": {"kh": {"name": "Khabarovsk", "part_of": []}},
    "scopes": [{"scope": {"group": "first"}, "part_of": {}}],
    "claims": [{"subject": "s", "property": "p", "value": 1, "cumulative": True}],
}


def _with_unknown_key(where: str) -> dict[str, Any]:
    doc = copy.deepcopy(MINIMAL)
    target = {
        "claim file": doc,
        "source": doc["source"],
        "entity": doc["entities"]["kh"],
        "scope_relation": doc["scopes"][0],
        "claim": doc["claims"][0],
    }[where]
    target["bogus"] = "x"
    return doc


@pytest.mark.parametrize("where", list(K.ALLOWED_KEYS))
def test_unknown_key_is_rejected_by_schema_and_loader(where: str, tmp_path: Path) -> None:
    VALIDATOR.validate(MINIMAL)
    doc = _with_unknown_key(where)
    assert not VALIDATOR.is_valid(doc)
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(ClaimFileError) as info:
        load(path)
    assert [p.code for p in info.value.problems] == ["E101"]
    assert f"unknown key 'bogus' in {where}" in info.value.problems[0].message


def test_schema_ships_inside_the_package() -> None:
    from importlib.resources import files

    assert files("discrepancy").joinpath("claim-file.schema.json").is_file()


@pytest.mark.parametrize(
    ("written", "valid"), [("quantity", True), ("word", True), ("Word", False), (5, False)]
)
def test_the_schema_takes_a_plugin_type_name_but_not_any_text(written: object, valid: bool) -> None:
    doc = copy.deepcopy(MINIMAL)
    doc["claims"][0]["type"] = written
    assert VALIDATOR.is_valid(doc) is valid
