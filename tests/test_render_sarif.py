"""SARIF 2.1.0: the structure code-scanning tools rely on, whatever the input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from discrepancy.report.formats import render
from discrepancy.report.sarif import SCHEMA
from report_fixture import fixture_report, hostile_report

#: The part of the SARIF 2.1.0 schema this renderer uses (the full schema isn't downloaded).
_MESSAGE = {
    "type": "object",
    "required": ["text"],
    "properties": {"text": {"type": "string"}},
}
_REGION = {
    "type": "object",
    "properties": {
        "startLine": {"type": "integer", "minimum": 1},
        "startColumn": {"type": "integer", "minimum": 1},
    },
}
_PHYSICAL = {
    "type": "object",
    "required": ["artifactLocation"],
    "properties": {
        "artifactLocation": {
            "type": "object",
            "required": ["uri"],
            "properties": {"uri": {"type": "string", "format": "uri-reference"}},
        },
        "region": _REGION,
    },
}
_LOCATION = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "minimum": -1},
        "physicalLocation": _PHYSICAL,
        "logicalLocations": {"type": "array", "items": {"type": "object"}},
        "message": _MESSAGE,
    },
}
_LEVEL = {"enum": ["none", "note", "warning", "error"]}
SARIF_SUBSET: dict[str, Any] = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string"},
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "informationUri": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "name": {"type": "string"},
                                                "shortDescription": _MESSAGE,
                                                "fullDescription": _MESSAGE,
                                                "help": _MESSAGE,
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {"level": _LEVEL},
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["message"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": -1},
                                "level": _LEVEL,
                                "message": _MESSAGE,
                                "locations": {"type": "array", "items": _LOCATION},
                                "relatedLocations": {"type": "array", "items": _LOCATION},
                                "partialFingerprints": {
                                    "type": "object",
                                    "additionalProperties": {"type": "string"},
                                },
                                "properties": {"type": "object"},
                            },
                        },
                    },
                },
            },
        },
    },
}


def _check(log: dict[str, Any]) -> None:
    """Structural checks, plus the schema subset when jsonschema is installed."""
    assert log["$schema"] == SCHEMA
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "discrepancy"
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids))
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning")
        for loc in result.get("locations", []) + result.get("relatedLocations", []):
            phys = loc.get("physicalLocation")
            if phys:
                assert "\\" not in phys["artifactLocation"]["uri"]
                assert phys["region"]["startLine"] >= 1
                assert phys["region"]["startColumn"] >= 1
    try:
        import jsonschema  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - the test extra installs it
        return
    jsonschema.validate(log, SARIF_SUBSET, format_checker=jsonschema.FormatChecker())


RULES = [
    {"code": "Q001", "name": "quantity_intervals_disjoint", "doc": "quantity conflict\n\nWhat: x"},
    {"code": "Q001", "name": "duplicate, ignored"},
    {"code": "A001", "summary": "assertions contradict", "level": "error"},
]


def test_fixture_results() -> None:
    log = json.loads(render(fixture_report().to_dict(), "sarif", rules=RULES))
    _check(log)
    driver = log["runs"][0]["tool"]["driver"]
    # given rules first, then the codes only findings use (S002), never twice
    assert [r["id"] for r in driver["rules"]] == ["Q001", "A001", "S002"]
    q001 = driver["rules"][0]
    assert q001["shortDescription"] == {"text": "quantity conflict"}
    assert q001["fullDescription"]["text"].startswith("quantity conflict")
    assert driver["rules"][2]["defaultConfiguration"] == {"level": "warning"}

    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["Q001", "A001", "S002"]
    troops = results[0]
    assert troops["level"] == "error"
    assert troops["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "seeds/insider.yaml"},
        "region": {"startLine": 14, "startColumn": 12},
    }
    related = troops["relatedLocations"]
    assert [r["message"]["text"].split(":")[0] for r in related] == [
        "insider/troops-budanov",
        "newslooks/troops-planned",
        "yonhap-relay/troops-total",
    ]
    fingerprint = fixture_report().findings[0].fingerprint
    assert troops["partialFingerprints"] == {"discrepancy/v1": fingerprint}


def test_default_rules_come_from_the_registry_or_the_findings() -> None:
    log = json.loads(render(fixture_report().to_dict(), "sarif"))
    _check(log)
    ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert {"A001", "Q001", "S002"} <= set(ids)


def test_registry_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "discrepancy.rules.registry", None)  # import fails
    log = json.loads(render(fixture_report().to_dict(), "sarif"))
    _check(log)
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == ["A001", "Q001", "S002"]


def test_hostile_input_is_valid_sarif() -> None:
    log = json.loads(render(hostile_report().to_dict(), "sarif", rules=[]))
    _check(log)
    results = log["runs"][0]["results"]
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in results
        for loc in r.get("locations", []) + r.get("relatedLocations", [])
        if "physicalLocation" in loc
    }
    assert uris == {"dir/%3Cimg%20src%3Dx%20onerror%3Dalert%282%29%3E/x%2Cy%3Az%25.yaml"}
    # a finding without any location points at its group instead
    assert any("logicalLocations" in r["locations"][0] for r in results)
    # a location with line 0 still has a 1-based region
    weird = {"findings": [{"rule": "Q001", "message": "m", "location": {"path": "a\\b.yaml"}}]}
    log = json.loads(render(weird, "sarif", rules=[]))
    _check(log)
    loc = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert loc == {
        "artifactLocation": {"uri": "a/b.yaml"},
        "region": {"startLine": 1, "startColumn": 1},
    }


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("seeds/x.yaml", "seeds/x.yaml"),
        ("./seeds/x y.yaml", "seeds/x%20y.yaml"),
        ("/abs/x.yaml", "file:///abs/x.yaml"),
        ("C:\\work\\x.yaml", "file:///C:/work/x.yaml"),
    ],
)
def test_uris(path: str, uri: str) -> None:
    from discrepancy.report.sarif import _uri

    assert _uri(path) == uri
