"""check_table and read_table: inputs, values, errors, files, and the pairs of all groups."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from discrepancy import ClaimFileError, Config  # noqa: E402
from discrepancy.report.lazy import LazyFindings  # noqa: E402
from discrepancy.table import check_table, check_table_file, read_table  # noqa: E402
from discrepancy.table.agreement import group_pair_counts, pair_counts  # noqa: E402
from discrepancy.table.encode import combine as combine_codes  # noqa: E402
from discrepancy.table.encode import encode  # noqa: E402
from discrepancy.table.pairs import segment_pairs, stable_order  # noqa: E402
from discrepancy.table.plan import origins_repeat  # noqa: E402
from test_progress import Recorder  # noqa: E402

TROOPS = {
    "source": ["nis", "zelenskyy", "insider", "newslooks"],
    "subject": ["dprk-troops-russia"] * 4,
    "property": ["troops"] * 4,
    "value": ["1,500", "10,000", "11,000", "12,000"],
}


def test_seed_example_one_finding_six_pairs_magnitude_8() -> None:
    report = check_table(pl.DataFrame(TROOPS))
    assert report.summary["findings"] == 1
    (finding,) = report.findings
    assert finding.rule == "Q001"
    assert len(finding.pairs) == 6
    assert finding.magnitude == 8
    assert finding.claims[0].location is not None
    assert (finding.claims[0].location.path, finding.claims[0].location.line) == ("<table>", 1)


def _strip(d: dict[str, object]) -> dict[str, object]:
    d = dict(d)
    d.pop("tool", None)
    return d


def test_polars_pyarrow_and_pandas_give_the_same_report() -> None:
    pd = pytest.importorskip("pandas")
    frame = pl.DataFrame(TROOPS)
    reports = [
        check_table(frame).to_dict(),
        check_table(frame.to_arrow()).to_dict(),
        check_table(pd.DataFrame(TROOPS)).to_dict(),
    ]
    assert reports[0] == reports[1] == reports[2]


def test_numeric_best_low_high_read_like_claim_file_mappings() -> None:
    frame = pl.DataFrame(
        {
            "source": ["a", "b", "c"],
            "subject": ["x"] * 3,
            "property": ["p"] * 3,
            "best": [1500.0, 12000.0, None],
            "low": [None, 11000.0, 9000.0],
            "high": [None, 13000.0, 11000.0],
        }
    )
    report = check_table(frame)
    (finding,) = report.findings
    claims = {c.ref: c for c in finding.claims}
    assert claims["a/c1"].raw == 1500
    assert claims["b/c1"].raw == {"low": 11000, "best": 12000, "high": 13000}
    c = claims["c/c1"].value
    assert (c.low, c.best, c.high) == (9000, 10000, 11000)  # type: ignore[union-attr]


def test_value_text_is_parsed_once_per_distinct_value() -> None:
    frame = pl.DataFrame(
        {
            "source": ["a", "b", "c", "d"],
            "subject": ["x"] * 4,
            "property": ["p"] * 4,
            "value": ["about 10,000", "about 10,000", "2024-06", "yes"],
            "claim": ["one", None, None, "lbl"],
        }
    )
    report = check_table(frame)
    assert report.summary["claims"] == 4
    refs = [c.ref for c in report.claims.claims]
    assert refs == ["a/one", "b/c1", "c/c1", "d/lbl"]
    assert [s.ref for s in report.skipped] == ["c/c1", "d/lbl"]  # most common type: quantity


def test_scope_text_and_struct_are_the_same_fact() -> None:
    base = {
        "source": ["a", "b"],
        "subject": ["x", "x"],
        "property": ["p", "p"],
        "value": ["1", "9"],
    }
    as_text = check_table(pl.DataFrame(base | {"scope": ["stage=planned", "stage = planned"]}))
    as_struct = check_table(
        pl.DataFrame(base | {"scope": [{"stage": "planned"}, {"stage": "planned"}]})
    )
    assert as_text.summary["findings"] == as_struct.summary["findings"] == 1
    assert as_text.findings[0].scope == as_struct.findings[0].scope == (("stage", "planned"),)


def test_as_of_disjoint_pairs_are_not_compared() -> None:
    frame = pl.DataFrame(TROOPS | {"as_of": ["2023", "2024", "2025", "2026"]})
    assert check_table(frame).summary["findings"] == 0


def test_findings_are_built_on_access_and_counted_without_building() -> None:
    frame = pl.DataFrame(
        {
            "source": ["a", "b"] * 50,
            "subject": [f"f{k // 2}" for k in range(100)],
            "property": ["p"] * 100,
            "best": [1.0, 5.0] * 50,
        }
    )
    report = check_table(frame)
    assert isinstance(report.findings, LazyFindings)
    assert report.summary["findings"] == 50
    assert report.summary["by_rule"] == {"Q001": 50}
    subjects = [f.subject for f in report.findings]
    assert subjects == [f"f{k}" for k in range(50)]  # natural order: f2 before f10


def test_per_file_ignores_and_select_apply() -> None:
    frame = pl.DataFrame(TROOPS)
    assert check_table(frame, Config(ignore=["Q001"])).summary["findings"] == 0
    quiet = Config(per_file_ignores={"claims.csv": ["Q"]})
    assert check_table(frame, quiet, path="data/claims.csv").summary["findings"] == 0
    assert check_table(frame, quiet, path="other.csv").summary["findings"] == 1


# ------------------------------------------------------------------------------- errors


def _problems(frame: object) -> list[str]:
    with pytest.raises(ClaimFileError) as info:
        check_table(frame)
    return [str(p) for p in info.value.problems]


def test_missing_and_unknown_columns() -> None:
    problems = _problems(pl.DataFrame({"source": ["a"], "subjcet": ["x"], "value": ["1"]}))
    assert any("E101 unknown column 'subjcet' (did you mean 'subject'?)" in p for p in problems)
    assert any("E102 table has no 'subject' column" in p for p in problems)
    assert any("E102 table has no 'property' column" in p for p in problems)


def test_unparseable_value_names_column_and_row() -> None:
    frame = pl.DataFrame(TROOPS | {"value": ["1,500", "twelve-ish", "11,000", "twelve-ish"]})
    frame = frame.with_columns(type=pl.lit("quantity"))
    (problem,) = _problems(frame)
    assert problem.startswith("<table>:2:4: E110 column 'value', rows 2, 4: ")
    assert "twelve-ish" in problem


def test_non_numeric_best_names_column_and_row() -> None:
    frame = pl.DataFrame(
        {"source": ["a", "b"], "subject": ["x", "x"], "property": ["p", "p"], "best": ["1", "lots"]}
    )
    (problem,) = _problems(frame)
    assert problem.startswith("<table>:2:4: E110 column 'best', row 2: 'lots' is not a number")


def test_value_and_best_that_agree_read_once_and_that_differ_are_refused() -> None:
    """A table exported with the figure twice (value '25', best 25) says one thing in each
    row: it checks like the value alone. Where the two say different things ('about 25'
    and 25, or 25 and 26), the row holds two claims: E103 names those rows only."""
    base = {"source": ["a", "b", "c"], "subject": ["x"] * 3, "property": ["p"] * 3}
    twice = check_table(
        pl.DataFrame(base | {"value": ["25", "25", "40"], "best": [25.0, 25.0, 40.0]})
    )
    once = check_table(pl.DataFrame(base | {"value": ["25", "25", "40"]}))
    assert _strip(twice.to_dict()) == _strip(once.to_dict())
    frame = pl.DataFrame(base | {"value": ["about 25", "25", "25"], "best": [25.0, 26.0, 25.0]})
    (problem,) = _problems(frame)
    assert problem.startswith("<table>:1:4: E103 column 'value', rows 1, 2: ")
    assert "say different things" in problem


def test_bad_ids_types_and_duplicates() -> None:
    frame = pl.DataFrame(
        {
            "source": ["two\nlines", "b", "b"],
            "subject": ["x", None, "x"],
            "property": ["p"] * 3,
            "value": ["1", "2", "3"],
            "type": [None, "quantty", None],
            "claim": [None, "k", "k"],
        }
    )
    text = "\n".join(_problems(frame))
    assert "E104 column 'source', row 1: invalid source 'two\\nlines'" in text
    assert "E102 column 'subject', row 2: no 'subject'" in text
    assert "E111 column 'type', row 2: unknown type 'quantty' (did you mean 'quantity'?)" in text
    assert "E120 column 'claim', row 3: duplicate claim id 'k' in source 'b'" in text


def test_sources_are_named_as_the_data_has_them() -> None:
    names = ["CO", "contributor #0 (142.30.91.136)", "mystã\x83â¬c"]
    frame = pl.DataFrame(
        {"source": names, "subject": ["x"] * 3, "property": ["p"] * 3, "best": [1.0, 1.0, 2.0]}
    )
    report = check_table(frame)
    assert sorted(report.agreement.sources) == sorted(names)
    assert report.summary["findings"] == 1


def test_not_a_table() -> None:
    (problem,) = _problems([1, 2, 3])
    assert "E001 cannot read a list as a claim table" in problem


# -------------------------------------------------------------------------------- files


def test_read_table_csv_and_parquet(tmp_path: Path) -> None:
    frame = pl.DataFrame(TROOPS)
    csv = tmp_path / "claims.csv"
    frame.write_csv(csv)
    parquet = tmp_path / "claims.parquet"
    frame.write_parquet(parquet)
    assert read_table(csv).equals(frame)
    assert read_table(parquet).equals(frame)
    from_csv = check_table_file(csv)
    from_parquet = check_table_file(parquet)
    assert from_csv.summary == from_parquet.summary
    claim = from_csv.findings[0].claims[1]
    assert claim.location is not None
    assert (claim.location.path, claim.location.line) == (str(csv), 3)  # header is line 1
    claim = from_parquet.findings[0].claims[1]
    assert claim.location is not None
    assert claim.location.line == 2


def test_read_table_errors(tmp_path: Path) -> None:
    with pytest.raises(ClaimFileError, match=r"E001 'x\.txt' is not a table"):
        read_table("x.txt")
    with pytest.raises(ClaimFileError, match="E001 cannot read table"):
        read_table(tmp_path / "missing.parquet")


def test_csv_errors_point_at_the_line(tmp_path: Path) -> None:
    csv = tmp_path / "claims.csv"
    csv.write_text("source,subject,property,best\na,x,p,1\nb,x,p,many\n", encoding="utf-8")
    with pytest.raises(ClaimFileError) as info:
        check_table_file(csv)
    (problem,) = info.value.problems
    assert str(problem).startswith(f"{csv}:3:4: E110 column 'best', row 2: 'many'")


# -------------------------------------------------------------------------------- pairs


@pytest.mark.parametrize("sizes", [[], [1], [2], [3, 1, 0, 4], [5, 5, 2, 0, 1, 7]])
def test_segment_pairs_are_each_segments_upper_triangle(sizes: list[int]) -> None:
    i, j = segment_pairs(np.array(sizes, dtype=np.int64))
    expected: list[tuple[int, int]] = []
    offset = 0
    for n in sizes:  # the plain reference: one triu per segment
        a, b = np.triu_indices(n, k=1)
        expected += list(zip((a + offset).tolist(), (b + offset).tolist(), strict=True))
        offset += n
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == expected


def test_pair_counts_match_a_plain_count_per_source_pair() -> None:
    rng = np.random.default_rng(3)
    m = 5
    a, b = rng.integers(0, m, 400), rng.integers(0, m, 400)
    consistent = rng.random(400) < 0.7
    n, agreed = pair_counts(m, a, b, consistent)
    want_n = np.zeros((m, m), dtype=np.int64)
    want_ok = np.zeros((m, m), dtype=np.int64)
    for x, y, ok in zip(a.tolist(), b.tolist(), consistent.tolist(), strict=True):
        lo, hi = min(x, y), max(x, y)
        want_n[lo, hi] += 1
        want_ok[lo, hi] += ok
    assert np.array_equal(n, want_n) and np.array_equal(agreed, want_ok)


@pytest.mark.parametrize("cells", [1, 7, 1 << 22])
def test_group_pair_counts_count_every_pair_of_each_group(cells: int) -> None:
    rng = np.random.default_rng(4)
    m, sizes = 4, np.array([3, 0, 1, 5, 2, 6])
    source = rng.integers(0, m, int(sizes.sum()))
    i, j = segment_pairs(sizes)  # the plain reference: list the pairs and count them
    want, _ = pair_counts(m, source[i], source[j], np.ones(i.shape[0], dtype=bool))
    assert np.array_equal(group_pair_counts(m, source, sizes, cells=cells), want)


def test_origins_repeat_only_when_a_group_has_an_origin_twice() -> None:
    group = np.array([0, 0, 1, 1, -1, -1])
    assert not origins_repeat(group, np.array([0, 1, 0, 1, 0, 0]))  # the skipped rows repeat
    assert origins_repeat(group, np.array([0, 1, 2, 2, 3, 4]))
    assert not origins_repeat(np.array([-1, 0]), np.array([0, 0]))


@pytest.mark.parametrize("top", [50, 70_000, 1 << 31, 1 << 40])
@pytest.mark.parametrize("n", [0, 1, 7, 300_000])
def test_stable_order_is_numpys_stable_argsort(n: int, top: int) -> None:
    # codes of 16 bits (one radix pass), 32 bits (two) and wider (the sort of unique keys)
    codes = np.random.default_rng(n).integers(0, top, n)
    codes[: n // 2] %= 50  # many ties: stability shows
    assert np.array_equal(stable_order(codes), np.argsort(codes, kind="stable"))


@pytest.mark.parametrize(
    "values",
    [
        ["a", "a", "a"],
        ["a", None, "a"],
        [None, None],
        ["b", "a", "b", None, "a", None],
        ["x", "y", "x"],
    ],
)
def test_encode_numbers_values_by_first_appearance(values: list[str | None]) -> None:
    codes, first = encode(pl.Series(values, dtype=pl.String))
    seen: dict[str | None, int] = {}
    want = [seen.setdefault(v, len(seen)) for v in values]  # the plain reference
    assert codes.tolist() == want
    assert first.tolist() == [values.index(v) for v in seen]
    pair, _ = encode(pl.DataFrame({"v": values, "k": [1] * len(values)}))
    assert pair.tolist() == want


def test_combined_codes_match_tuples_by_first_appearance() -> None:
    rng = np.random.default_rng(5)
    x, y = rng.integers(0, 4, 200), rng.integers(0, 3, 200)
    codes, first = combine_codes(x, y)
    seen: dict[tuple[int, int], int] = {}
    want = [seen.setdefault(t, len(seen)) for t in zip(x.tolist(), y.tolist(), strict=True)]
    assert codes.tolist() == want
    assert first.tolist() == [want.index(k) for k in range(len(seen))]


MIXED = {
    "source": ["a", "b", "c", "a", "b", "a", "b"],
    "subject": ["x", "x", "x", "y", "y", "z", "z"],
    "property": ["troops", "troops", "troops", "date", "date", "unit", "unit"],
    "value": ["1,500", "10,000", "1,600", "2024-06", "2023", "marines", "special forces"],
}


@pytest.mark.parametrize("consensus", [True, False])
def test_progress_stages_run_to_completion(consensus: bool) -> None:
    bar = Recorder()
    report = check_table(pl.DataFrame(MIXED), consensus=consensus, progress=bar)
    want = [
        ["parsing", 7, 7],
        ["grouping", 7, 7],
        ["rules", report.groups, report.groups],  # quantity groups at once, others one by one
    ]
    if consensus:
        want.append(["consensus", 1, 1])
    assert bar.stages == want


def test_progress_is_silent_by_default_and_passed_through_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "claims.csv"
    pl.DataFrame(MIXED).write_csv(path)
    quiet = check_table_file(path)
    assert capsys.readouterr() == ("", "")
    bar = Recorder()
    loud = check_table_file(path, progress=bar)
    assert [s[0] for s in bar.stages] == ["parsing", "grouping", "rules", "consensus"]
    assert _strip(loud.to_dict()) == _strip(quiet.to_dict())
    assert capsys.readouterr() == ("", "")


def test_table_findings_sort_like_the_engine_by_magnitude() -> None:
    frame = pl.DataFrame(
        {
            "source": ["a", "b"] * 3,
            "subject": ["event-10", "event-10", "event-2", "event-2", "event-3", "event-3"],
            "property": ["p"] * 6,
            "best": [100.0, 200.0, 100.0, 200.0, 100.0, 900.0],
        }
    )
    report = check_table(frame)
    assert [f.subject for f in report.findings] == ["event-3", "event-2", "event-10"]
    assert [f.magnitude for f in report.findings] == [9.0, 2.0, 2.0]


def test_table_findings_do_not_build_every_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    import discrepancy.rules.finding as finding

    def refuse(group: object) -> list[object]:
        raise AssertionError("every claim pair was built")

    monkeypatch.setattr(finding, "pairs", refuse)
    frame = pl.DataFrame(
        {"source": list("abcde"), "subject": ["s"] * 5, "property": ["p"] * 5,
         "best": [1.0, 1.0, 1.0, 5.0, 5.0]}
    )  # fmt: skip
    (f,) = check_table(frame).findings
    (pair,) = f.pairs
    assert pair.count == 6 and len(f.clusters) == 2
