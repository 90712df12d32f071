"""Whole-check rules: near-identical names (N001), facts one source states (N002), claims
left out of their group (G001), ambiguous thousands (V001); through the CLI on real files,
on tables, and as properties."""

from __future__ import annotations

import io
import json
import random
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from discrepancy.cli import main
from discrepancy.config import Config
from discrepancy.engine import check
from discrepancy.io.load import load
from discrepancy.lint.near_miss import near_misses
from discrepancy.lint.spellings import Spelling, loose
from discrepancy.model import Claim, ClaimSet, Source
from discrepancy.values import parse_quantity
from discrepancy.verdict import Level

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(folder: Path, name: str, source: str, claims: str) -> Path:
    path = folder / name
    path.write_text(f"source: {{id: {source}}}\nclaims:\n{claims}", encoding="utf-8")
    return path


@pytest.fixture
def flood(tmp_path: Path) -> Path:
    """The issue's story: three outlets on one flood, one with typos."""
    write(
        tmp_path,
        "a.yaml",
        "alpha",
        "  - {subject: vardar-flood-2024, property: deaths, value: 40, unit: people}\n",
    )
    write(
        tmp_path,
        "b.yaml",
        "beta",
        "  - {subject: vardar-flood-2024, property: deaths, value: 41, unit: people}\n",
    )
    write(
        tmp_path,
        "c.yaml",
        "gamma",
        "  - {subject: vardar-flood-2024, property: deaths, value: 42, unit: peple}\n"
        "  - {subject: vardar-flood-2025, property: deaths, value: 12, unit: people}\n"
        "  - {subject: vardar-flood-2024, property: death, value: 12, unit: people}\n",
    )
    return tmp_path


def _json(*argv: str | Path) -> tuple[int, dict[str, object]]:
    code, out, err = run("check", "--format", "json", *argv)
    assert err == "" or code != 2, err
    return code, json.loads(out)


def test_cli_names_each_typo_with_both_spellings_and_places(flood: Path) -> None:
    code, report = _json(flood, "--select", "N001")
    found = [f for f in report["findings"] if f["rule"] == "N001"]  # type: ignore[index, union-attr]
    messages = sorted(f["message"] for f in found)
    assert len(messages) == 3
    unit, subject, prop = (
        next(m for m in messages if m.startswith(k)) for k in ("unit", "subject", "property")
    )
    assert "'peple'" in unit and "'people'" in unit and "c.yaml:3" in unit and "a.yaml:3" in unit
    assert "'vardar-flood-2025'" in subject and "'vardar-flood-2024'" in subject
    assert "aliases: [vardar-flood-2025]" in subject
    assert "'death'" in prop and "'deaths'" in prop and "plural" in prop
    assert all(f["severity"] == "warning" for f in found)
    assert code == 0  # warnings do not fail at the default fail-on
    code, _ = _json(flood, "--select", "N001", "--fail-on", "warning")
    assert code == 1


def test_cli_text_output_and_threshold_option(flood: Path) -> None:
    code, out, _ = run("check", flood, "--select", "N", "--no-color")
    assert "N001 [warning] unit 'peple'" in out
    # at 101 only spellings equal after folding count: the plural, not the typos
    _, report = _json(flood, "--select", "N001", "--near-miss-threshold", "101")
    msgs = [f["message"] for f in report["findings"]]  # type: ignore[index, union-attr]
    assert len(msgs) == 1 and msgs[0].startswith("property 'death'")
    code, _, _ = run("check", flood, "--near-miss-threshold", "high")  # argparse: stderr
    assert code == 2


def test_threshold_from_the_config_file(flood: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(flood)  # configuration comes from the working directory, never the claims
    (flood / "discrepancy.toml").write_text(
        "[names]\nnear-miss-threshold = 101\n", encoding="utf-8"
    )
    _, report = _json(flood, "--select", "N001")
    assert len(report["findings"]) == 1  # type: ignore[arg-type]
    (flood / "discrepancy.toml").write_text(
        "[names]\nnear-miss-threshold = 500\n", encoding="utf-8"
    )
    code, _, err = run("check", flood)
    assert code == 2 and "near-miss-threshold" in err


def test_alias_or_claim_ignore_silences_a_near_miss(flood: Path) -> None:
    (flood / "d.yaml").write_text(
        "source: {id: delta}\n"
        "entities:\n  vardar-flood-2024: {aliases: [vardar-flood-2025]}\n"
        "  deaths: {aliases: [death]}\n"
        "claims: []\n",
        encoding="utf-8",
    )
    _, report = _json(flood, "--select", "N001")
    msgs = [f["message"] for f in report["findings"]]  # type: ignore[index, union-attr]
    assert len(msgs) == 1 and msgs[0].startswith("unit 'peple'")


def test_single_source_fact_is_an_info_note_that_never_fails(flood: Path) -> None:
    code, report = _json(flood, "--select", "N002", "--fail-on", "warning")
    notes = report["findings"]
    assert code == 0
    assert {(f["subject"], f["property"]) for f in notes} == {  # type: ignore[union-attr, index]
        ("vardar-flood-2025", "deaths"),
        ("vardar-flood-2024", "death"),
    }
    assert all(f["severity"] == "info" for f in notes)  # type: ignore[union-attr, index]
    assert report["summary"]["by_severity"]["info"] == 2  # type: ignore[index]


def test_seeds_have_no_near_misses() -> None:
    report = check(load([SEEDS]))
    assert [f for f in report.findings if f.rule == "N001"] == []


def test_numbered_series_is_not_a_near_miss(tmp_path: Path) -> None:
    lines = "".join(
        f"  - {{subject: event-{k}, property: deaths, value: {k + 1}}}\n" for k in range(30)
    )
    write(tmp_path, "a.yaml", "alpha", lines)
    write(tmp_path, "b.yaml", "beta", lines + "  - {subject: evnt-7, property: deaths, value: 8}\n")
    _, report = _json(tmp_path, "--select", "N001")
    msgs = [f["message"] for f in report["findings"]]  # type: ignore[index, union-attr]
    assert len(msgs) == 1 and "'evnt-7'" in msgs[0] and "'event-7'" in msgs[0]


def test_speakers_and_scope_values(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.yaml",
        "alpha",
        "  - {subject: s, property: p, value: 1, said_by: zelenskyy, scope: {stage: planned}}\n"
        "  - {subject: s, property: q, value: 1, said_by: zelenskyy}\n",
    )
    write(
        tmp_path,
        "b.yaml",
        "beta",
        "  - {subject: s, property: p, value: 1, said_by: zelensky, scope: {stage: planed}}\n",
    )
    _, report = _json(tmp_path, "--select", "N001")
    kinds = sorted(f["message"].split(" '")[0] for f in report["findings"])  # type: ignore[union-attr, index]
    assert kinds == ["scope value", "speaker"]


def test_skipped_claim_is_a_warning_finding(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.yaml",
        "alpha",
        "  - {subject: flood, property: toll, value: 40, unit: people}\n",
    )
    write(
        tmp_path,
        "b.yaml",
        "beta",
        "  - {subject: flood, property: toll, value: 41, unit: people}\n",
    )
    write(
        tmp_path, "c.yaml", "gamma", "  - {subject: flood, property: toll, value: 90, unit: km}\n"
    )
    code, report = _json(tmp_path, "--select", "G001", "--fail-on", "warning")
    (f,) = report["findings"]  # type: ignore[misc]
    assert code == 1
    assert f["rule"] == "G001" and f["claims"][0]["ref"] == "gamma/c1"  # type: ignore[index]
    assert "unit 'km'" in f["message"]  # type: ignore[index]


def test_ambiguous_thousands(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.yaml",
        "alpha",
        '  - {subject: flood, property: injured, value: "3.000"}\n'
        '  - {subject: flood, property: missing, value: "1.5"}\n'
        '  - {subject: flood, property: cost, value: "1.500 million"}\n',
    )
    _, report = _json(tmp_path, "--select", "V001")
    (f,) = report["findings"]  # type: ignore[misc]
    assert f["property"] == "injured" and "3000" in f["message"]  # type: ignore[index]


# ---------------------------------------------------------------------------------- units


def _sp(key: str, *, kind: str = "subject", sources: int = 1, claims: int = 1) -> Spelling:
    return Spelling(kind, key, key, 0, claims, sources, frozenset({"p"}))


def test_loose_form() -> None:
    assert loose("Deaths") == loose("death")
    assert loose("Vardar  Flood") == loose("vardar-flood")
    assert loose("Хабаровск") == loose("khabarovsk")


def test_suspect_is_the_less_used_spelling() -> None:
    (m,) = near_misses([_sp("people", sources=3), _sp("peple")], threshold=90)
    assert (m.suspect.key, m.usual.key) == ("peple", "people")


def test_no_shared_context_no_near_miss() -> None:
    a = Spelling("subject", "people", "people", 0, 1, 1, frozenset({"p"}))
    b = Spelling("subject", "peple", "peple", 1, 1, 1, frozenset({"q"}))
    assert near_misses([a, b], threshold=90) == []


def test_declared_entities_are_distinct_on_purpose() -> None:
    pair = [_sp("vardar-flood-2024"), _sp("vardar-flood-2025")]
    assert len(near_misses(pair, threshold=90)) == 1
    both = frozenset({"vardar-flood-2024", "vardar-flood-2025"})
    assert near_misses(pair, threshold=90, declared=both) == []


def _all_pairs(spellings: list[Spelling], threshold: float) -> set[tuple[str, str]]:
    """The plain reference: every pair, no blocking."""
    out = set()
    for a, b in combinations(spellings, 2):
        la, lb = loose(a.key), loose(b.key)
        if la == lb or Indel.normalized_similarity(la, lb) * 100 >= threshold:
            out.add(tuple(sorted((a.key, b.key))))
    return out


words = st.text(alphabet="abcdefgh-", min_size=3, max_size=12).filter(lambda w: loose(w) != "")


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=2, max_size=12, unique_by=loose))
def test_blocking_finds_what_all_pairs_finds_on_small_sets(keys: list[str]) -> None:
    """With fewer names than the window, sorted neighbourhood is every pair (no digits, so
    the numbered-series rule does not apply)."""
    spellings = [_sp(k) for k in keys]
    found = {
        tuple(sorted((m.suspect.key, m.usual.key))) for m in near_misses(spellings, threshold=85)
    }
    assert found == _all_pairs(spellings, 85)


def _claims(rows: list[tuple[str, str, str, str | None]]) -> ClaimSet:
    sources = sorted({r[0] for r in rows})
    claims = [
        Claim(source=s, subject=subj, property=p, value=parse_quantity(k + 1), id=f"c{k}", unit=u)
        for k, (s, subj, p, u) in enumerate(rows)
    ]
    return ClaimSet([Source(x) for x in sources], (), claims)


facts = st.tuples(
    st.sampled_from(["a", "b", "c"]),
    st.sampled_from(["flood-2024", "flood-2025", "Flood 2024", "fire"]),
    st.sampled_from(["deaths", "death", "injured"]),
    st.sampled_from([None, "people", "peple", "km"]),
)


def _lint_view(report: object) -> list[tuple[str, str, str]]:
    return sorted(
        (f.rule, f.message, f.level)
        for f in report.findings  # type: ignore[attr-defined]
        if f.rule in ("N001", "G001", "V001")
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(facts, min_size=1, max_size=14), st.randoms(use_true_random=False))
def test_renaming_sources_and_shuffling_do_not_change_near_misses(
    rows: list[tuple[str, str, str, str | None]], rnd: random.Random
) -> None:
    config = Config(select=("N001",))
    before = check(_claims(rows), config, documents={})
    rename = {"a": "zulu", "b": "alpha", "c": "mike"}
    renamed = [(rename[s], *rest) for s, *rest in rows]
    after = check(_claims(renamed), config, documents={})
    strip = lambda r: sorted(f.message.split(" (")[0] for f in r.findings)  # noqa: E731
    assert strip(before) == strip(after)
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert strip(check(_claims(shuffled), config, documents={})) == strip(before)


@settings(max_examples=25, deadline=None)
@given(st.lists(facts, min_size=1, max_size=14))
def test_tables_lint_like_claim_files(rows: list[tuple[str, str, str, str | None]]) -> None:
    pl = pytest.importorskip("polars")
    from discrepancy.table import check_table

    claims = _claims(rows)
    table = pl.DataFrame(
        {
            "source": [c.source for c in claims.claims],
            "claim": [c.id for c in claims.claims],
            "subject": [c.subject for c in claims.claims],
            "property": [c.property for c in claims.claims],
            "best": [c.value.best for c in claims.claims],  # type: ignore[union-attr]
            "unit": [c.unit for c in claims.claims],
        }
    )
    config = Config(select=("N", "G", "V"))
    strip = lambda r: sorted(  # noqa: E731
        (f.rule, f.subject, f.property, str(f.level), tuple(c.ref for c in f.claims))
        for f in r.findings
    )
    assert strip(check_table(table, config)) == strip(check(claims, config, documents={}))


def test_info_level_is_below_warning() -> None:
    assert Level.INFO.rank < Level.WARNING.rank < Level.ERROR.rank


def test_dask_partitions_lint_like_one_table() -> None:
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    from discrepancy.dask import check_dask
    from discrepancy.table import check_table

    rows = [
        ("a", "vardar-flood-2024", "deaths", "people", 40),
        ("b", "vardar-flood-2024", "deaths", "people", 41),
        ("c", "vardar-flood-2024", "deaths", "peple", 42),
        ("c", "vardar-flood-2025", "deaths", "people", 12),
        ("c", "vardar-flood-2024", "death", "people", 12),
        ("a", "fire", "deaths", "people", 3),
        ("b", "fire", "deaths", "km", 4),
    ] * 3
    frame = pd.DataFrame(rows, columns=["source", "subject", "property", "unit", "best"])
    config = Config(select=("N", "G", "V"))
    expected = check_table(frame, config)
    got = check_dask(dd.from_pandas(frame, npartitions=3), config, npartitions=3)
    view = lambda r: [(f.rule, f.message, [c.ref for c in f.claims]) for f in r.findings]  # noqa: E731
    assert {f.rule for f in expected.findings} == {"N001", "N002", "G001"}
    assert view(got) == view(expected)


def test_aliases_merge_units_scopes_and_speakers(flood: Path) -> None:
    (flood / "d.yaml").write_text(
        "source: {id: delta}\n"
        "entities:\n  people: {aliases: [peple]}\n  zelenskyy: {aliases: [zelensky]}\n"
        "claims:\n"
        "  - {subject: vardar-flood-2024, property: deaths, value: 40, unit: people,"
        " said_by: zelensky}\n",
        encoding="utf-8",
    )
    _, report = _json(flood, "--select", "N001,G001,Q")
    msgs = [f["message"] for f in report["findings"]]  # type: ignore[index, union-attr]
    assert not any("peple" in m for m in msgs)
    q = [f for f in report["findings"] if f["rule"] == "Q001"]  # type: ignore[union-attr, index]
    assert {c["ref"] for c in q[0]["claims"]} >= {"gamma/c1"}  # the 42 is compared now
    speakers = {c["said_by"] for f in q for c in f["claims"]}  # type: ignore[index]
    assert "zelenskyy" in speakers and "zelensky" not in speakers


def test_table_aliases_like_claim_files() -> None:
    from discrepancy.model import Entity
    from discrepancy.table import check_table

    pl = pytest.importorskip("polars")
    frame = pl.DataFrame(
        {
            "source": ["a", "b", "c"],
            "subject": ["flood"] * 3,
            "property": ["deaths"] * 3,
            "best": [40.0, 41.0, 90.0],
            "unit": ["people", "people", "peple"],
            "scope": ["stage=final", "stage=final", "stage=finall"],
        }
    )
    plain = check_table(frame, Config(select=("N001", "G001")))
    assert {f.rule for f in plain.findings} == {"N001"}
    merged = check_table(
        frame,
        Config(select=("N001", "G001", "Q")),
        entities=[Entity("people", aliases=("peple",)), Entity("final", aliases=("finall",))],
    )
    (q,) = merged.findings
    assert q.rule == "Q001" and len(q.claims) == 3
