"""Lookalike ids are errors (or one id after NFKC); lookalike names are warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discrepancy.engine import check
from discrepancy.errors import ClaimFileError
from discrepancy.io import load
from discrepancy.lookalikes import id_problem, invisible, mixed_script_word, nfkc, skeleton

pl = pytest.importorskip("polars")


def source(folder: Path, name: str, sid: str, *, label: str | None = None, value: int = 1) -> Path:
    path = folder / name
    named = f", name: {label}" if label else ""
    path.write_text(
        f"source: {{id: {sid}{named}}}\nclaims:\n  - {{subject: s, property: p, value: {value}}}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("sid", "expected"),
    [
        ("nіs", "mixes scripts in one word (Cyrillic and Latin: U+0456"),
        ("nis\u200b", "holds an invisible character U+200B (ZERO WIDTH SPACE)"),
        ("n\u00adis", "holds an invisible character U+00AD (SOFT HYPHEN)"),
    ],
)
def test_lookalike_ids_are_errors(tmp_path: Path, sid: str, expected: str) -> None:
    path = source(tmp_path, "a.yaml", sid)
    with pytest.raises(ClaimFileError) as info:
        load(path)
    [problem] = info.value.problems
    assert problem.code == "E104"
    assert expected in problem.message


def test_fullwidth_id_is_the_same_id(tmp_path: Path) -> None:
    source(tmp_path, "a.yaml", "nis")
    source(tmp_path, "b.yaml", "ｎｉｓ")
    with pytest.raises(ClaimFileError) as info:
        load(tmp_path)
    [problem] = info.value.problems
    assert problem.code == "E121" and "'nis' is already defined" in problem.message


def test_lookalike_source_names_are_a_warning(tmp_path: Path) -> None:
    source(tmp_path, "a.yaml", "a", label="NIS", value=1)
    source(tmp_path, "b.yaml", "b", label="NІS", value=1)
    report = check(load(tmp_path))
    [warning] = [w for w in report.warnings if w.code == "E124"]
    assert "source name 'NІS' prints like 'NIS'" in warning.message
    assert "U+0406" in warning.message


def test_table_sources_are_normalised_and_checked() -> None:
    from discrepancy.table import check_table

    def frame(sources: list[str]) -> object:
        n = len(sources)
        return pl.DataFrame(
            {"source": sources, "subject": ["s"] * n, "property": ["p"] * n, "best": [1.0] * n}
        )

    report = check_table(frame(["nis", "ｎｉｓ", "RIA Новости"]))
    assert sorted(s.id for s in report.claims.sources) == ["RIA Новости", "nis"]
    for bad in ("nіs", "nis\u200b"):
        with pytest.raises(ClaimFileError) as info:
            check_table(frame(["nis", bad]))
        assert [p.code for p in info.value.problems] == ["E104"]


def test_words_in_different_scripts_are_fine() -> None:
    for name in ("RIA Новости", "東京タワー", "Κ-pop", "Zelenskyy"):
        assert id_problem(name) is None, name


TEXT = st.text(st.characters(codec="utf-8"), max_size=20)


@given(TEXT)
def test_skeleton_ignores_invisible_characters_and_compatibility_forms(text: str) -> None:
    assert skeleton(nfkc(text)) == skeleton(text)
    hidden = "\u200b".join(text)
    assert skeleton(hidden) == skeleton(text)


@given(TEXT)
def test_an_id_problem_names_a_real_cause(text: str) -> None:
    problem = id_problem(text)
    if problem is None:
        assert not invisible(text) and mixed_script_word(nfkc(text)) is None
    else:
        assert invisible(text) or mixed_script_word(nfkc(text)) is not None
