"""Configuration files: discovery, keys, and errors that point at the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from discrepancy.config import Config
from discrepancy.config_file import find_config, load_config, locate
from discrepancy.errors import ConfigError
from discrepancy.verdict import Level

FULL = """\
[project]
name = "x"

[tool.discrepancy]
paths = ["seeds"]
select = ["Q", "S"]
ignore = ["S002"]
fail-on = "warning"
consensus = "truthfinder"
per-file-ignores = {"seeds/opinion/*.yaml" = ["L001"]}
levels = {S001 = "warning"}

[tool.discrepancy.quantity]
major-ratio = 2
approx = 0.1

[tool.discrepancy.date]
major-days = 3

[tool.discrepancy.set]
fuzzy-threshold = 85
major-distance = 0.4
"""


def test_pyproject_all_keys(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(FULL)
    config = load_config(path)
    assert config == Config(
        paths=("seeds",),
        select=("Q", "S"),
        ignore=("S002",),
        fail_on="warning",
        consensus_method="truthfinder",
        per_file_ignores={"seeds/opinion/*.yaml": ["L001"]},
        levels={"S001": "warning"},
        quantity_major_ratio=2,
        quantity_approx=0.1,
        date_major_days=3,
        set_fuzzy_threshold=85,
        set_major_distance=0.4,
    )
    assert config.level_for("S001", Level.ERROR) is Level.WARNING


def test_discrepancy_toml_top_level(tmp_path: Path) -> None:
    path = tmp_path / "discrepancy.toml"
    path.write_text('select = ["Q"]\n\n[quantity]\nmajor-ratio = 3\n')
    config = load_config(path)
    assert config.select == ("Q",) and config.quantity_major_ratio == 3


def test_pyproject_without_table_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n')
    assert load_config(path) == Config()


def test_unknown_key_with_did_you_mean_and_location(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.discrepancy]\nselect = ["Q"]\n\n[tool.discrepancy.quantity]\n  major-ration = 2\n'
    )
    with pytest.raises(ConfigError) as err:
        load_config(path)
    (p,) = err.value.problems
    assert p.code == "E201"
    assert p.message == (
        "unknown key 'major-ration' in [tool.discrepancy.quantity] (did you mean 'major-ratio'?)"
    )
    assert (p.location.path, p.location.line, p.location.column) == (str(path), 5, 3)


def test_every_problem_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "discrepancy.toml"
    path.write_text(
        'fail-on = "sometimes"\nselekt = ["Q"]\nselect = ["Q01X"]\n'
        '[set]\nfuzzy-threshold = "high"\n[date]\nmajor-days = -1\n'
    )
    with pytest.raises(ConfigError) as err:
        load_config(path)
    got = [(p.code, p.location.line if p.location else 0) for p in err.value.problems]
    assert sorted(got) == [("E201", 2), ("E202", 1), ("E202", 3), ("E202", 5), ("E202", 7)]
    text = str(err.value)
    assert "'fuzzy-threshold' in [set] must be a number (got 'high')" in text
    assert "did you mean 'select'" in text


def test_dotted_keys_are_located(tmp_path: Path) -> None:
    text = "[tool.discrepancy]\nquantity.major-ration = 2\n"
    assert locate(text, ["tool", "discrepancy", "quantity"], "major-ration") == (2, 10)
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert err.value.problems[0].location.line == 2  # type: ignore[union-attr]


def test_invalid_toml(tmp_path: Path) -> None:
    path = tmp_path / "discrepancy.toml"
    path.write_text("select = [\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert err.value.problems[0].code == "E002"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / "nope.toml")
    assert err.value.problems[0].code == "E001"


def test_find_config_nearest_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.discrepancy]\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    claim = sub / "x.yaml"
    claim.write_text("")
    assert find_config(claim) == (tmp_path / "pyproject.toml").resolve()
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "no tool table"\n')
    assert find_config(sub) == (tmp_path / "pyproject.toml").resolve()
    (tmp_path / "a" / "discrepancy.toml").write_text("")
    assert find_config(sub) == (tmp_path / "a" / "discrepancy.toml").resolve()


def test_find_config_none(tmp_path: Path) -> None:
    assert find_config(tmp_path) is None or not str(find_config(tmp_path)).startswith(str(tmp_path))
