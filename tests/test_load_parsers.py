"""libyaml's C parser and the pure-Python parser read claim files identically."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import discrepancy as dy
from discrepancy.errors import ClaimFileError
from discrepancy.io import yaml_reader

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "seeds").glob("*.yaml")) + sorted(
    (ROOT / "tests/fixtures/load").glob("*.yaml")
)

BROKEN = {
    "unclosed.yaml": "source:\n  id: a\nclaims: [\n  - {subject: x\n",
    "tab.yaml": "source:\n\tid: a\n",
    "alias.yaml": "source: {id: a}\nx: &a [1]\ny: *a\n",
    "tag.yaml": "source: !!python/object {id: a}\n",
    "typo.yaml": "source: {id: a}\nclaims:\n  - {subjcet: x, property: p, value: 1}\n",
}


def _both(monkeypatch: pytest.MonkeyPatch, run):  # type: ignore[no-untyped-def]
    pytest.importorskip("_ruamel_yaml")
    out = []
    for pure in (True, False):
        monkeypatch.setattr(yaml_reader, "_PURE", pure)
        out.append(run())
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_same_claims_and_locations(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pure, fast = _both(monkeypatch, lambda: dy.load(path))
    assert pure == fast
    assert [c.location for c in pure.claims] == [c.location for c in fast.claims]
    assert [c.value_location for c in pure.claims] == [c.value_location for c in fast.claims]


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_same_problems(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / name
    path.write_text(BROKEN[name], encoding="utf-8")

    def problems() -> list[tuple[str, int]]:
        with pytest.raises(ClaimFileError) as err:
            dy.load(path)
        return [(p.code, p.location.line if p.location else 0) for p in err.value.problems]

    pure, fast = _both(monkeypatch, problems)
    assert pure == fast


# PyYAML's binding of libyaml (the fast event source, when installed) against ruamel.yaml's
# (the reference): equal trees, or the same refusal at the same place.

_TOKENS = [
    "source:", "claims:", "id:", "subject:", "value:", "scope:", "- ", "  ", "\n", "{", "}",
    "[", "]", ",", ": ", "a", "1500", "about 10,000", "2024-10-18", "true", "null", "~", "&x",
    "*x", "!!str ", "!x ", "! ", '"', "'", "#", "---", "...", "|", ">", "-1", ".inf", "0x1F",
    "\t", "\x07", "é", "\u2028", "a: a",
]  # fmt: skip


def _read(text: str) -> object:
    try:
        root = yaml_reader.read_yaml(text, yaml_reader.Limits(max_depth=4))
    except yaml_reader.ReadError as err:
        return (err.code, err.message, err.line, err.column)
    return None if root is None else (yaml_reader.to_python(root), _positions(root))


def _positions(node: yaml_reader.Node) -> list[tuple[int, int]]:
    out = [(node.line, node.column)]
    if isinstance(node, yaml_reader.Seq):
        for item in node.items:
            out += _positions(item)
    elif isinstance(node, yaml_reader.Map):
        for key, item in node.items:
            out += _positions(key) + _positions(item)
    return out


def _fast_and_reference(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[object, object]:
    monkeypatch.setattr(yaml_reader, "_PURE", False)
    fast = _read(text)
    monkeypatch.setattr(yaml_reader, "_FAST", None)
    return fast, _read(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tokens=st.lists(st.sampled_from(_TOKENS), max_size=40))
def test_fast_parser_reads_like_the_reference(tokens: list[str]) -> None:
    pytest.importorskip("_ruamel_yaml")
    if yaml_reader._FAST is None:
        pytest.skip("PyYAML's C extension is not installed")
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, reference = _fast_and_reference(monkeypatch, "".join(tokens))
    assert fast == reference or _both_nan(fast, reference)


def _both_nan(a: object, b: object) -> bool:
    return repr(a) == repr(b) and "nan" in repr(a)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fast_parser_reads_claim_files_like_the_reference(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("_ruamel_yaml")
    if yaml_reader._FAST is None:
        pytest.skip("PyYAML's C extension is not installed")
    fast, reference = _fast_and_reference(monkeypatch, path.read_text(encoding="utf-8"))
    assert fast == reference
