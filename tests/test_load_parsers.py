"""libyaml's C parser and the pure-Python parser read claim files identically."""

from __future__ import annotations

from pathlib import Path

import pytest

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
