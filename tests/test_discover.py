"""Discovery: which files a folder scan reads, files named explicitly, tables with claim files."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import polars as pl
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from discrepancy.io.discover import discover, matches, yaml_top_keys
from discrepancy.io.load import load
from discrepancy.table import check_table
from test_cli import run


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def repository(root: Path) -> Path:
    """A repository as users have them: claim files beside mkdocs.yml, package.json, a table."""
    write(root, "mkdocs.yml", "site_name: Flood desk\nnav:\n  - index.md\n")
    write(root, "package.json", '{"name": "site", "version": "1.0.0"}\n')
    write(root, "tsconfig.json", '{\n  // comments make this invalid JSON\n  "strict": true\n}\n')
    write(
        root,
        "claims/nis.yaml",
        """
        discrepancy: 1
        source: {id: nis}
        claims:
          - {id: troops, subject: dprk-troops-russia, property: troops-sent, value: "1,500"}
        """,
    )
    write(
        root,
        "claims/more.json",
        json.dumps(
            {
                "sources": [{"id": "budanov"}],
                "claims": [
                    {
                        "source": "budanov",
                        "subject": "dprk-troops-russia",
                        "property": "troops-sent",
                        "value": "11,000",
                    }
                ],
            }
        ),
    )
    write(
        root,
        "claims/yonhap.csv",
        'source,subject,property,value\nyonhap,dprk-troops-russia,troops-sent,"12,000"\n',
    )
    write(root, "claims/.hidden/x.yaml", "discrepancy: 1\nsource: {id: hidden}\nclaims: []\n")
    return root


def test_a_folder_scan_takes_claim_files_and_tables_and_ignores_other_yaml(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path)
    found = discover([root])
    assert [(f.path.relative_to(root).as_posix(), f.kind) for f in found.files] == [
        ("claims/more.json", "claims"),
        ("claims/nis.yaml", "claims"),
        ("claims/yonhap.csv", "table"),
    ]
    assert sorted(Path(p).name for p in found.ignored) == [
        "mkdocs.yml",
        "package.json",
        "tsconfig.json",
    ]
    assert found.problems == ()


def test_check_in_a_repository_reads_claims_and_tables_together(tmp_path: Path) -> None:
    root = repository(tmp_path)
    code, out, err = run("check", root, "--format", "json")
    assert code == 1, err
    report = json.loads(out)
    assert report["summary"]["claims"] == 3
    (finding,) = report["findings"]
    assert {c["source"] for c in finding["claims"]} == {"nis", "budanov", "yonhap"}
    paths = {Path(c["location"]["path"]).name for c in finding["claims"]}
    assert paths == {"nis.yaml", "more.json", "yonhap.csv"}


def test_verbose_lists_what_was_ignored(tmp_path: Path) -> None:
    root = repository(tmp_path)
    _, _, err = run("check", root, "--verbose", "--format", "json")
    assert f"ignoring {root / 'mkdocs.yml'}" in err
    assert f"reading {root / 'claims' / 'yonhap.csv'} (table)" in err
    _, _, quiet = run("check", root, "--format", "json")
    assert "mkdocs.yml" not in quiet


def test_a_file_named_explicitly_must_be_a_claim_file_or_a_table(tmp_path: Path) -> None:
    root = repository(tmp_path)
    code, out, err = run("check", root / "mkdocs.yml")
    assert code == 2 and out == ""
    assert "mkdocs.yml:1:1: E001 'mkdocs.yml' is not a claim file" not in err  # full path shown
    assert "is not a claim file (its top-level keys are nav, site_name)" in err
    assert "Traceback" not in err
    write(root, "notes.txt", "hello")
    code, _, err = run("check", root / "notes.txt")
    assert code == 2 and "is neither a claim file" in err


def test_a_broken_claim_file_in_a_folder_is_read_not_skipped(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "sourc: {id: a}\nclaims:\n  - {subject: s, property: p, value: 1}\n")
    write(tmp_path, "b.json", '{"source": {"id": "b"}, "claims": [}')
    code, _, err = run("check", tmp_path)
    assert code == 2
    assert "a.yaml:1:1: E101 unknown key 'sourc'" in err
    assert "b.json:1:" in err and "E002" in err


def test_a_folder_without_claim_files_says_what_it_ignored(tmp_path: Path) -> None:
    write(tmp_path, "mkdocs.yml", "site_name: x\n")
    code, _, err = run("check", tmp_path)
    assert code == 2
    assert "holds no claim files or tables; 1 other YAML/JSON file ignored" in err


def test_include_and_exclude_globs_from_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repository(tmp_path)
    monkeypatch.chdir(root)  # the configuration is the project's (cwd), never the checked folder's
    write(
        root,
        "legacy/old.yml",
        "sources: [{id: old}]\n",  # no claims: a near miss, read so its problem shows
    )
    write(root, "data/export.yaml", "- not a mapping\n")
    write(root, "drafts/wip.yaml", "discrepancy: 1\nsource: {id: wip}\nclaims: [{oops: 1}]\n")
    write(
        root, "discrepancy.toml", 'exclude = ["drafts/**", "legacy"]\ninclude = ["data/*.yaml"]\n'
    )
    code, _, err = run("check", root)
    assert code == 2
    assert "export.yaml:1:1: E103 a claim file must be a mapping" in err  # included
    assert "wip" not in err and "old.yml" not in err  # excluded


def test_glob_matching() -> None:
    assert matches("claims/a.yml", ["claims/**/*.yml"])
    assert matches("claims/x/y/a.yml", ["claims/**/*.yml"])
    assert not matches("other/claims/a.yml", ["claims/**/*.yml"])
    assert matches("other/claims/a.yml", ["**/claims/*.yml"])
    assert matches("a/b/mkdocs.yml", ["mkdocs.yml"])  # a bare name matches anywhere
    assert matches("drafts", ["drafts/**"]) and matches("drafts/a/b.yaml", ["drafts/**"])
    assert not matches("a/c/b.yaml", ["a/*"])


def test_json_lines_claim_may_name_a_source_a_table_defines(tmp_path: Path) -> None:
    write(tmp_path, "t.csv", "source,subject,property,value\nhur,s,p,1\n")
    write(
        tmp_path, "more.jsonl", '{"source": "hur", "subject": "s", "property": "p", "value": 5}\n'
    )
    claims = load([tmp_path])
    assert [c.ref for c in claims.claims] == ["hur/c1", "hur/c2"]  # ids continue across files
    assert [c.location.path for c in claims.claims if c.location] == [
        str(tmp_path / "more.jsonl"),
        str(tmp_path / "t.csv"),
    ]


def test_a_table_row_id_clashing_with_a_claim_file_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "t.csv", "source,claim,subject,property,value\nhur,troops,s,p,1\n")
    write(
        tmp_path,
        "hur.yaml",
        "source: {id: hur}\nclaims:\n  - {id: troops, subject: s, property: p, value: 2}\n",
    )
    code, _, err = run("check", tmp_path)
    assert code == 2
    assert "t.csv:2:1: E120 duplicate claim id 'troops' in source 'hur'" in err


def test_unknown_table_columns_are_a_warning(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "source": ["a", "b"],
            "subject": ["s", "s"],
            "property": ["p", "p"],
            "value": ["1,500", "12,000"],
            "reporter": ["x", "y"],
        }
    )
    report = check_table(frame, path="t.csv", first_line=2)
    assert report.summary["findings"] == 1
    (warning,) = report.warnings
    assert warning.code == "E101" and "unknown column 'reporter'" in warning.message
    path = tmp_path / "t.csv"
    frame.write_csv(path)
    code, out, _ = run("check", path, "--no-color")
    assert code == 1 and "unknown column 'reporter'" in out
    write(tmp_path, "b.yaml", "source: {id: c}\nclaims: [{subject: s, property: p, value: 3}]\n")
    code, out, _ = run("check", tmp_path, "--format", "json")  # with claim files too
    assert code == 1
    assert [w["code"] for w in json.loads(out)["warnings"]] == ["E101"]


def test_block_yaml_is_not_parsed_to_find_its_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = repository(tmp_path)
    calls: list[int] = []
    # ``discrepancy.io.load`` the attribute is the function; the modules are in sys.modules
    load_module = sys.modules["discrepancy.io.load"]
    discover_module = sys.modules["discrepancy.io.discover"]
    real = load_module.read_yaml

    def counting(text: str, *args: object, **kwargs: object) -> object:
        calls.append(len(text))
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(load_module, "read_yaml", counting)
    monkeypatch.setattr(discover_module, "read_yaml", counting)
    load([root])
    assert len(calls) == 1  # nis.yaml, once, by the loader; mkdocs.yml never


KEY = st.from_regex(r"[a-z_][a-z0-9_ -]{0,12}[a-z0-9]", fullmatch=True)
VALUE = st.recursive(
    st.none() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEY, inner, max_size=3),
    max_leaves=6,
)


@given(st.dictionaries(KEY, VALUE, min_size=1, max_size=6), st.booleans())
def test_line_peek_finds_the_keys_yaml_finds(data: dict[str, object], header: bool) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    if header:
        text = "# a comment\n---\n" + text
    assert yaml_top_keys(text) == set(yaml.safe_load(text))


def test_unknown_columns_are_a_warning_on_dask_too() -> None:
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    from discrepancy.dask import check_dask

    frame = pd.DataFrame(
        {
            "source": ["a", "b", "c"],
            "subject": ["s", "s", "t"],
            "property": ["p", "p", "p"],
            "value": ["1,500", "12,000", "3"],
            "reporter": ["x", "y", "z"],
        }
    )
    report = check_dask(dd.from_pandas(frame, npartitions=2), path="t.csv", first_line=2)
    assert [(w.code, str(w.location)) for w in report.warnings] == [("E101", "t.csv:1:5")]
    assert "unknown column 'reporter'" in report.warnings[0].message
    assert report.summary["by_rule"].get("Q001") == 1
