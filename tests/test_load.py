"""``discrepancy.io.load``: claim files in, a ClaimSet or every problem out."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from discrepancy.errors import ClaimFileError, Problem
from discrepancy.io import load
from discrepancy.location import Location
from discrepancy.model import ClaimSet

FIXTURES = Path(__file__).parent / "fixtures" / "load"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems(*paths: str | Path) -> list[Problem]:
    with pytest.raises(ClaimFileError) as info:
        load(list(paths))
    return list(info.value.problems)


def codes_and_lines(found: list[Problem]) -> list[tuple[str, int]]:
    return [(p.code, p.location.line if p.location else 0) for p in found]


def only(*paths: str | Path) -> Problem:
    found = problems(*paths)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in ``tmp_path`` so paths are relative, as a user types them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ------------------------------------------------------------------------------- good files


def test_yaml_fixture_loads_every_claim() -> None:
    claims = load(FIXTURES / "basic.yaml")
    assert isinstance(claims, ClaimSet)
    assert len(claims) == 5
    (source,) = claims.sources
    assert source.id == "newslooks"
    assert source.name == "Newslooks"
    assert source.published == dt.date(2024, 10, 18)
    assert [c.id for c in claims.claims] == ["troops-planned", "c2", "c3", "c4", "c5"]
    assert [c.type for c in claims.claims] == ["quantity", "date", "set", "label", "assertion"]
    first = claims.claims[0]
    assert first.ref == "newslooks/troops-planned"
    assert first.unit == "soldiers"
    assert first.scope_dict == {"stage": "planned"}
    assert first.said_by == "zelenskyy"
    assert first.via == ("yonhap",)
    assert first.ignore == (("Q001", "planned, not deployed"),)
    assert first.raw == "around 10,000"
    assert first.as_of is not None
    assert first.as_of.start == dt.date(2024, 10, 17)
    assert first.location == Location(str(FIXTURES / "basic.yaml"), 11, 5)
    assert first.value_location == Location(str(FIXTURES / "basic.yaml"), 14, 12)
    (entity,) = claims.entities
    assert entity.id == "vladivostok"
    assert entity.aliases == ("Владивосток", "Vladivostok port")


@pytest.mark.parametrize("name", ["basic.json", "basic.jsonl"])
def test_json_and_json_lines_equal_yaml(name: str) -> None:
    expected = load(FIXTURES / "basic.yaml")
    got = load(FIXTURES / name)
    assert got == expected
    assert [c.value_location.line for c in got.claims if c.value_location] != []


def test_json_lines_locations_are_their_lines() -> None:
    claims = load(FIXTURES / "basic.jsonl")
    assert [c.location.line for c in claims.claims if c.location] == [3, 4, 6, 7, 8]


def test_several_sources_in_one_file() -> None:
    claims = load(FIXTURES / "multi-source.yaml")
    assert [s.id for s in claims.sources] == ["insider", "yonhap"]
    assert [c.ref for c in claims.claims] == ["insider/c1", "yonhap/c1", "insider/c2"]
    yonhap = claims.source("yonhap")
    assert yonhap is not None
    assert yonhap.document == str(FIXTURES / "texts" / "yonhap.txt")


def test_json_lines_claim_naming_an_undefined_source_is_an_error() -> None:
    with pytest.raises(ClaimFileError) as info:
        load(FIXTURES / "auto-source.jsonl")
    found = info.value.problems
    assert [(p.code, p.location.line, p.location.column) for p in found if p.location] == [
        ("E122", 1, 12),
        ("E122", 2, 12),
        ("E122", 3, 12),
    ]
    assert "claim names source 'agency-a', which is not defined" in found[0].message
    assert '{"source": {"id": "agency-a"}}' in found[0].message


def test_json_lines_sources_defined_by_a_line_or_another_file(here: Path) -> None:
    write(
        here,
        "a.jsonl",
        '{"sources": [{"id": "a"}]}\n{"source": "a", "subject": "s", "property": "p", "value": 1}\n{"source": "b", "subject": "s", "property": "p", "value": 2}\n',
    )
    write(here, "b.yaml", "source: {id: b}\nclaims: []\n")
    claims = load(["a.jsonl", "b.yaml"])
    assert [c.ref for c in claims.claims] == ["a/c1", "b/c1"]


def test_a_folder_loads_every_claim_of_every_file(here: Path) -> None:
    written = 0
    for i, folder in enumerate(["a", "a", "b/deep", "b", "c"]):
        claims = "".join(
            f"  - {{subject: s{i}, property: p{j}, value: {j + 1}}}\n" for j in range(i + 1)
        )
        write(here, f"claims/{folder}/src{i}.yaml", f"source: {{id: src{i}}}\nclaims:\n{claims}")
        written += i + 1
    write(here, "claims/.hidden/skip.yaml", "not: [a claim file")
    write(here, "claims/.skip.yaml", "not: [a claim file")
    write(here, "claims/notes.txt", "not a claim file")
    loaded = load("claims")
    assert len(loaded) == written == 15
    # sorted order: claims/a/src0, claims/a/src1, claims/b/deep/src2, claims/b/src3, claims/c/src4
    assert [s.id for s in loaded.sources] == ["src0", "src1", "src2", "src3", "src4"]
    assert loaded.claims[0].location == Location("claims/a/src0.yaml", 3, 5)


def test_files_given_twice_are_read_once(here: Path) -> None:
    write(here, "one.yaml", "source: {id: one}\nclaims: [{subject: s, property: p, value: 1}]\n")
    assert len(load(["one.yaml", "./one.yaml", "."])) == 1


def test_entities_merge_across_files(here: Path) -> None:
    write(
        here,
        "a.yaml",
        "source: {id: a}\nentities: {kh: {name: Khabarovsk, aliases: [Хабаровск]}}\n",
    )
    write(here, "b.yaml", "source: {id: b}\nentities: {kh: {aliases: [Habarovsk, Хабаровск]}}\n")
    (entity,) = load(".").entities
    assert entity.name == "Khabarovsk"
    assert entity.aliases == ("Хабаровск", "Habarovsk")
    assert entity.location == Location("a.yaml", 2, 12)


def test_null_reason_in_ignore_is_kept_empty(here: Path) -> None:
    write(
        here,
        "a.yaml",
        """
        source: {id: a}
        claims:
          - {subject: s, property: p, value: 1, ignore: {Q001: }}
        """,
    )
    assert load("a.yaml").claims[0].ignore == (("Q001", ""),)


def test_claims_may_name_sources_of_other_files(here: Path) -> None:
    write(here, "a.yaml", "sources: [{id: a}, {id: b}]\n")
    write(here, "z.yaml", "sources: []\nclaims: [{source: b, subject: s, property: p, value: 1}]\n")
    assert [c.ref for c in load(".").claims] == ["b/c1"]


# ------------------------------------------------------------------------------- problems


def test_misspelled_key_names_file_line_and_the_right_key(here: Path) -> None:
    write(
        here,
        "claims.yaml",
        """
        source: {id: newslooks}
        claims:
          - subject: troops
            property: deployed
            subjcet: troops
            value: 1500
        """,
    )
    problem = only("claims.yaml")
    assert str(problem) == (
        "claims.yaml:5:5: E101 unknown key 'subjcet' in claim (did you mean 'subject'?)"
    )


def test_unknown_keys_in_every_mapping(here: Path) -> None:
    write(
        here,
        "a.yaml",
        """
        sorce: {id: a}
        source: {id: a, publised: 2024-10-18}
        entities: {kh: {nmae: Khabarovsk}}
        claims: [{subject: s, property: p, value: 1}]
        """,
    )
    found = problems("a.yaml")
    assert codes_and_lines(found) == [
        ("E101", 1),
        ("E101", 2),
        ("E101", 3),
    ]
    assert "did you mean 'source'?" in found[0].message
    assert "in source (did you mean 'published'?)" in found[1].message
    assert "in entity (did you mean 'name'?)" in found[2].message


def test_unparseable_value_is_e110_at_the_value(here: Path) -> None:
    write(
        here,
        "claims.yaml",
        """
        source: {id: newslooks}
        claims:
          - subject: troops
            property: deployed
            type: quantity
            value: a great many soldiers
        """,
    )
    problem = only("claims.yaml")
    assert problem.code == "E110"
    assert problem.location == Location("claims.yaml", 6, 12)
    assert "a great many soldiers" in problem.message


def test_broken_yaml_is_e002_with_file_and_line(here: Path) -> None:
    write(
        here,
        "broken.yaml",
        """
        source: {id: a}
        claims:
          - subject: s
            property: [p
            value: 1
        """,
    )
    problem = only("broken.yaml")
    assert problem.code == "E002"
    assert problem.location is not None
    assert problem.location.path == "broken.yaml"
    assert problem.location.line >= 4
    assert str(problem).startswith(f"broken.yaml:{problem.location.line}:")


def test_duplicate_yaml_key_is_reported(here: Path) -> None:
    write(
        here,
        "a.yaml",
        "source: {id: a}\nclaims:\n  - {subject: s, subject: t, property: p, value: 1}\n",
    )
    problem = only("a.yaml")
    assert problem.code == "E002"
    assert "duplicate key 'subject'" in problem.message
    assert problem.location == Location("a.yaml", 3, 18)


def test_duplicate_json_key_is_reported(here: Path) -> None:
    write(here, "a.json", '{"source": {"id": "a", "id": "b"}}')
    problem = only("a.json")
    assert problem.code == "E002"
    assert "duplicate key 'id'" in problem.message
    assert problem.location == Location("a.json", 1, 24)


def test_broken_json_has_line_and_column(here: Path) -> None:
    write(here, "a.json", '{"source": {"id": "a"},\n "claims": [1,]}\n')
    problem = only("a.json")
    assert problem.code == "E002"
    assert problem.location == Location("a.json", 2, 15)


def test_broken_json_lines_line_is_reported_and_others_still_read(here: Path) -> None:
    write(
        here,
        "a.jsonl",
        """
        {"source": {"id": "a"}}
        {"source": "a", "subject": "s", "property": "p", "value": 1}
        {"source": "a", "subject": "s", "property": "p" "value": 1}
        {"source": "a", "subjcet": "s", "property": "p", "value": 1}
        [1, 2]
        """,
    )
    found = problems("a.jsonl")
    assert codes_and_lines(found) == [
        ("E002", 3),
        ("E101", 4),
        ("E103", 5),
    ]


def test_duplicate_claim_ids(here: Path) -> None:
    write(
        here,
        "a.yaml",
        """
        source: {id: a}
        claims:
          - {id: troops, subject: s, property: p, value: 1}
          - {id: troops, subject: s, property: q, value: 2}
          - {subject: s, property: r, value: 3}
          - {id: c3, subject: s, property: t, value: 4}
        """,
    )
    found = problems("a.yaml")
    assert [p.code for p in found] == ["E120", "E120"]
    assert str(found[0]) == (
        "a.yaml:4:10: E120 duplicate claim id 'troops' in source 'a', first used at "
        "a.yaml:3:10; give each claim its own id"
    )
    assert found[1].location == Location("a.yaml", 6, 10)
    assert "also the default id of the claim without 'id' at a.yaml:5:5" in found[1].message


def test_duplicate_source_ids_across_files(here: Path) -> None:
    write(here, "a.yaml", "source: {id: same}\n")
    write(here, "b.yaml", "source: {id: same}\n")
    problem = only(".")
    assert problem.code == "E121"
    assert problem.location == Location("b.yaml", 1, 14)
    assert "a.yaml:1:9" in problem.message


def test_missing_source(here: Path) -> None:
    write(here, "a.yaml", "claims: [{subject: s, property: p, value: 1}]\n")
    problem = only("a.yaml")
    assert problem.code == "E122"
    assert "no source" in problem.message


def test_claim_naming_an_undefined_source(here: Path) -> None:
    write(
        here,
        "a.yaml",
        """
        sources: [{id: newslooks}, {id: insider}]
        claims:
          - {source: newslook, subject: s, property: p, value: 1}
          - {subject: s, property: p, value: 1}
        """,
    )
    found = problems("a.yaml")
    assert [p.code for p in found] == ["E122", "E122"]
    assert "(did you mean 'newslooks'?)" in found[0].message
    assert found[0].location == Location("a.yaml", 3, 14)


def test_missing_required_keys(here: Path) -> None:
    write(
        here,
        "a.yaml",
        """
        source: {name: No id}
        claims:
          - {property: p, value: 1}
          - subject: s
            property: p
            value:
        """,
    )
    found = problems("a.yaml")
    assert codes_and_lines(found) == [
        ("E102", 1),
        ("E102", 3),
        ("E102", 6),
    ]
    assert "'id'" in found[0].message
    assert "'subject'" in found[1].message
    assert "'value'" in found[2].message


def test_invalid_ids_version_and_type(here: Path) -> None:
    write(
        here,
        "a.yaml",
        """
        discrepancy: 2
        source: {id: New Looks}
        claims:
          - {id: Troops!, subject: s, property: p, value: 1}
          - {subject: s, property: p, value: 1, type: quantiy}
        """,
    )
    found = problems("a.yaml")
    assert [p.code for p in found] == ["E105", "E104", "E104", "E111"]
    assert "'new-looks'" in found[1].message
    assert "(did you mean 'quantity'?)" in found[3].message


def test_wrong_kinds_of_values(here: Path) -> None:
    write(
        here,
        "a.yaml",
        """
        source: {id: a}
        entities: [kh]
        claims:
          - subject: [s]
            property: p
            value: 1
            scope: planned
            ignore: {q001: why}
          - just text
        """,
    )
    found = problems("a.yaml")
    assert codes_and_lines(found) == [
        ("E103", 2),
        ("E103", 4),
        ("E103", 7),
        ("E103", 8),
        ("E103", 9),
    ]
    assert "'Q001'" in found[3].message


def test_contradictory_entity_names(here: Path) -> None:
    write(here, "a.yaml", "source: {id: a}\nentities: {kh: {name: Khabarovsk}}\n")
    write(here, "b.yaml", "source: {id: b}\nentities: {kh: {name: Habarovsk}}\n")
    problem = only(".")
    assert problem.code == "E123"
    assert problem.location == Location("b.yaml", 2, 12)


def test_unknown_key_in_a_value_mapping(here: Path) -> None:
    write(
        here,
        "a.yaml",
        "source: {id: a}\nclaims: [{subject: s, property: p, value: {low: 1, hgih: 3}}]\n",
    )
    problem = only("a.yaml")
    assert problem.code == "E101"
    assert "(did you mean 'high'?)" in problem.message


def test_paths_that_cannot_be_read(here: Path) -> None:
    (here / "empty").mkdir()
    write(here, "notes.txt", "hello")
    found = problems("missing.yaml", "empty", "notes.txt")
    assert [p.code for p in found] == ["E001", "E001", "E001"]
    assert (
        str(found[0])
        == "empty: E001 folder 'empty' holds no claim files or tables. A claim file declares "
        "itself with a top-level 'discrepancy: 1' (or 'source:' and 'claims:'); tables end in "
        ".csv, .parquet, .arrow"
    )


def test_not_utf8(here: Path) -> None:
    (here / "a.yaml").write_bytes(b"source: {id: a}\nnote: \xff\n")
    problem = only("a.yaml")
    assert problem.code == "E002"
    assert problem.location == Location("a.yaml", 2, 7)


def test_empty_and_non_mapping_files(here: Path) -> None:
    write(here, "empty.yaml", "# nothing here\n")
    write(here, "list.yaml", "- a\n- b\n")
    write(here, "two.yaml", "source: {id: x}\n---\nsource: {id: y}\n")
    found = problems("empty.yaml", "list.yaml", "two.yaml")  # named: each must be a claim file
    assert [(p.code, str(p.location)) for p in found] == [
        ("E122", "empty.yaml:1:1"),
        ("E103", "list.yaml:1:1"),
        ("E002", "two.yaml:2:1"),
    ]


def test_every_problem_of_every_file_is_reported_in_order(here: Path) -> None:
    write(here, "b.yaml", "source: {id: b}\nclaims: [{subjcet: s, property: p, value: 1}]\n")
    write(
        here, "a.yaml", "source: {id: a}\nclaims: [{subject: s, property: p, value: 1, nte: x}]\n"
    )
    write(here, "c.json", '{"source": ')
    found = problems(".")
    assert [str(p.location) for p in found] == ["a.yaml:2:46", "b.yaml:2:11", "c.json:1:12"]
    message = str(ClaimFileError(found))
    assert message.splitlines()[0].startswith("a.yaml:2:46: E101 unknown key 'nte'")
