"""Claim files are untrusted: the loader refuses unsafe YAML and never crashes."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discrepancy.errors import ClaimFileError, Problem
from discrepancy.io import Limits, load
from discrepancy.location import Location
from discrepancy.model import ClaimSet

BILLION_LAUGHS = """\
source: {id: a}
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
claims: [{subject: s, property: p, value: *i}]
"""


def only(path: Path, limits: Limits | None = None) -> Problem:
    with pytest.raises(ClaimFileError) as info:
        load(path, limits=limits)
    assert len(info.value.problems) == 1, [str(p) for p in info.value.problems]
    return info.value.problems[0]


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BILLION_LAUGHS)
    problem = only(path)
    assert problem.code == "E004"
    assert problem.location == Location(str(path), 2, 4)
    assert "anchors are not allowed" in problem.message


def test_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    path.write_text("source: {id: a}\nclaims: [{subject: s, property: p, value: *x}]\n")
    problem = only(path)
    assert problem.code == "E004"
    assert "'*x'" in problem.message


@pytest.mark.parametrize(
    "tag", ["!!python/object:os.system", "!!python/name:os.system", "!custom", "!!binary"]
)
def test_tags_are_refused(tmp_path: Path, tag: str) -> None:
    path = tmp_path / "tag.yaml"
    path.write_text(f"source: {{id: a}}\nclaims: [{{subject: s, property: p, value: {tag} x}}]\n")
    problem = only(path)
    assert problem.code == "E004"
    assert "tags are not allowed" in problem.message
    assert problem.location == Location(str(path), 2, 43)


def test_core_string_tag_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "str.yaml"
    path.write_text("source: {id: a, name: !!str 2024}\n")
    (source,) = load(path).sources
    assert source.name == "2024"


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_nesting_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"deep{suffix}"
    value = "[" * 40 + "1" + "]" * 40
    path.write_text(
        '{"source": {"id": "a"}, "claims": [{"subject": "s", "property": "p", "value": '
        + value
        + "}]}"
    )
    problem = only(path)
    assert problem.code == "E004"
    assert "deeper than 32 levels" in problem.message
    assert problem.location is not None
    assert problem.location.line == 1


def test_depth_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("source: {id: a}\nclaims:\n  - {subject: s, property: p, value: [1]}\n")
    assert only(path, Limits(max_depth=3)).code == "E004"
    assert len(load(path, limits=Limits(max_depth=4))) == 1


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("source: {id: a}\nnote: " + "x" * 200 + "\n")
    problem = only(path, Limits(max_bytes=100))
    assert problem.code == "E003"
    assert problem.location == Location(str(path))
    assert "larger than the limit of 100" in problem.message


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".jsonl"])
def test_node_limit(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"many{suffix}"
    path.write_text(
        json.dumps({"source": "a", "subject": "s", "property": "p", "value": list(range(50))})
        if suffix == ".jsonl"
        else json.dumps({"source": {"id": "a"}, "note": list(range(50))})
    )
    problem = only(path, Limits(max_nodes=20))
    assert problem.code == "E004"
    assert "more than 20 values" in problem.message


def test_json_rejects_what_is_not_json(tmp_path: Path) -> None:
    # (named with a claim-file key: a file named explicitly that is JSON but no claim file
    # is E001, "not a claim file")
    for text in ['{"source": NaN}', "{'a': 1}", '{"a": 1} x', '{"source": "\\ud800"}', "[01]", ""]:
        path = tmp_path / "bad.json"
        path.write_text(text)
        assert only(path).code == "E002", text


def _load_text(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            result = load(path)
        except ClaimFileError as err:
            assert err.problems
            assert all(p.code.startswith("E") for p in err.problems)
        else:
            assert isinstance(result, ClaimSet)


SUFFIXES = st.sampled_from([".yaml", ".json", ".jsonl"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300), suffix=SUFFIXES)
def test_random_bytes_never_crash(data: bytes, suffix: str) -> None:
    _load_text(data, suffix)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300), suffix=SUFFIXES)
def test_random_text_never_crashes(text: str, suffix: str) -> None:
    _load_text(text.encode("utf-8", "surrogatepass"), suffix)


_TOKENS = [
    "source:", "sources:", "claims:", "entities:", "id:", "subject:", "property:", "value:",
    "type:", "as_of:", "scope:", "ignore:", "via:", "published:", "- ", "  ", "\n", "{", "}",
    "[", "]", ",", ":", "a", "1500", "about 10,000", "2024-10-18", "true", "null", "&x", "*x",
    "!!str", '"', "'", "#", "---", "|", ">", "Q001", "quantity", "date", "set", "-1", ".inf",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tokens=st.lists(st.sampled_from(_TOKENS), max_size=60), suffix=SUFFIXES)
def test_claim_like_text_never_crashes(tokens: list[str], suffix: str) -> None:
    _load_text("".join(tokens).encode(), suffix)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["about 10,000", "2024-10-18", "Friday", "1.2 million", "x", "c1"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["low", "best", "high", "members", "complete"]), inner)
    ),
    max_leaves=8,
)


_CLAIM_KEYS = st.sampled_from(
    ["id", "source", "subject", "property", "value", "type", "as_of", "scope", "ignore", "via",
     "unit", "subjcet"]
)  # fmt: skip
_SOURCE_KEYS = st.sampled_from(["id", "name", "published", "url"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    claims=st.lists(st.dictionaries(_CLAIM_KEYS, _VALUES), max_size=4),
    source=st.dictionaries(_SOURCE_KEYS, _SCALARS),
)
def test_claim_shaped_json_never_crashes(
    claims: list[dict[str, object]], source: dict[str, object]
) -> None:
    _load_text(json.dumps({"source": source, "claims": claims}).encode(), ".json")


def test_overlong_numbers_do_not_crash(tmp_path: Path) -> None:
    digits = "9" * 5000
    path = tmp_path / "long.json"
    path.write_text(
        '{"source": {"id": "a"}, "claims": [{"subject": "s", "property": "p", "value": '
        + digits
        + "}]}"
    )
    assert only(path).code == "E002"
    path = tmp_path / "long.yaml"
    path.write_text(f"source: {{id: a}}\nclaims: [{{subject: s, property: p, value: {digits}}}]\n")
    try:
        load(path)
    except ClaimFileError as err:
        assert [p.code for p in err.problems] == ["E110"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    files=st.lists(
        st.lists(st.tuples(st.booleans(), st.sampled_from(["1500", "about 10,000", "2024-10-18",
                                                           "yes", "special forces"])),
                 max_size=6),
        min_size=1,
        max_size=4,
    ),
    suffix=SUFFIXES,
)  # fmt: skip
def test_every_claim_written_is_loaded(files: list[list[tuple[bool, str]]], suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        written = 0
        for n, claims in enumerate(files):
            records = [
                {"subject": "s", "property": f"p{i}", "value": value}
                | ({"id": f"k{i}"} if with_id else {})
                | ({"type": "label"} if value == "special forces" else {})
                for i, (with_id, value) in enumerate(claims)
            ]
            path = Path(folder) / f"f{n}{suffix}"
            if suffix == ".jsonl":
                lines = [json.dumps({"source": {"id": f"s{n}"}})]
                lines += [json.dumps(r | {"source": f"s{n}"}) for r in records]
                path.write_text("\n".join(lines) + "\n")
            else:
                path.write_text(json.dumps({"source": {"id": f"s{n}"}, "claims": records}))
            written += len(records)
        loaded = load(folder)
        assert len(loaded) == written
        assert len({c.ref for c in loaded.claims}) == written
