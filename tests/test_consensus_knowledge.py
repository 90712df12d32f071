"""What the user knows goes into consensus (issue 14, item 8): declared source priors
(``reliability``, Admiralty grades), claim grades as weights, verified claims and gold files
that fix a fact's value and score the sources; values that don't read are E113 at
file:line:col."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy import check, load
from discrepancy.cli import main
from discrepancy.consensus.facts import CATEGORICAL, build_fact_table
from discrepancy.consensus.registry import solve
from discrepancy.knowledge import claim_weight, grade_problem, source_prior


def _write(folder: Path, files: dict[str, str]) -> list[str]:
    for name, body in files.items():
        (folder / name).write_text(body, encoding="utf-8")
    return [str(folder / name) for name in files]


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _file(source: str, claims: list[str], extra: str = "") -> str:
    lines = ["discrepancy: 1", f"source: {{id: {source}{extra}}}", "claims:"]
    return "\n".join(lines + [f"  - {c}" for c in claims]) + "\n"


def test_values_that_do_not_read_are_e113_at_their_place(tmp_path: Path) -> None:
    bad = _file(
        "x",
        ["{subject: a, property: b, value: 1, verified: maybe, grade: G7}"],
        ", reliability: 1.5, grade: Z",
    )
    (path,) = _write(tmp_path, {"bad.yaml": bad})
    code, out, err = _run(["check", path])
    assert code == 2
    where = sorted(line.split(": E113 ")[0] for line in (out + err).splitlines() if "E113" in line)
    assert where == [f"{path}:2:30", f"{path}:2:42", f"{path}:4:51", f"{path}:4:65"]


def test_a_table_with_a_bad_grade_or_verified_is_e113(tmp_path: Path) -> None:
    csv = "source,subject,property,value,verified,grade\na,x,n,1,yes,B2\nb,x,n,2,true,Q\n"
    (path,) = _write(tmp_path, {"t.csv": csv})
    code, out, err = _run(["check", path])
    assert code == 2
    text = out + err
    assert f"{path}:2:5: E113" in text  # 'yes' in column 5, row 1 (line 2)
    assert f"{path}:3:6: E113" in text  # 'Q' in column 6


WIRES = {
    "a.yaml": _file("a", ["{subject: quake, property: deaths, value: 120}"]),
    "b.yaml": _file("b", ["{subject: quake, property: deaths, value: 140}"]),
    "c.yaml": _file("c", ["{subject: quake, property: deaths, value: 140}"]),
}


def _consensus(report: dict) -> tuple[str, str | None, list[str]]:
    (c,) = report["consensus"]
    return c["value"], c["basis"], c["support"]


def test_a_verified_claim_fixes_the_value_against_a_majority(tmp_path: Path) -> None:
    files = dict(WIRES)
    files["a.yaml"] = _file("a", ["{subject: quake, property: deaths, value: 120, verified: true}"])
    paths = _write(tmp_path, files)
    code, out, err = _run(["check", *paths, "--format", "json"])
    assert code in (0, 1), err
    report = json.loads(out)
    value, basis, support = _consensus(report)
    assert (value, basis, support) == ("120", "verified", ["a"])
    assert report["consensus"][0]["confidence"] == 1.0
    # the sources are scored against the verified value
    rel = report["consensus_method"]["reliability"]
    assert rel["a"] > rel["b"] == rel["c"]


def test_a_gold_file_fixes_the_value_and_scores_the_sources(tmp_path: Path) -> None:
    paths = _write(tmp_path, WIRES)
    (gold,) = _write(
        tmp_path,
        {"gold.yaml": _file("checked", ["{subject: quake, property: deaths, value: 120}"])},
    )
    plain = json.loads(_run(["check", *paths, "--format", "json"])[1])
    assert _consensus(plain)[:2] == ("140", "majority")
    code, out, err = _run(["check", *paths, "--gold", gold, "--format", "json"])
    assert code in (0, 1), err
    report = json.loads(out)
    assert _consensus(report) == ("120", "verified", ["a", "checked"])
    rel, before = (
        report["consensus_method"]["reliability"],
        plain["consensus_method"]["reliability"],
    )
    assert rel["a"] > before["a"]
    assert rel["b"] < before["b"]
    # the API: load(..., gold=...) marks the gold file's claims verified
    claims = load(paths, gold=gold, document_roots=[tmp_path])
    assert [c.verified for c in claims.claims] == [False, False, False, True]
    assert check(claims).consensus[0].basis == "verified"


def test_verified_claims_that_disagree_fix_nothing(tmp_path: Path) -> None:
    files = {
        "a.yaml": _file("a", ["{subject: q, property: n, value: 1, verified: true}"]),
        "b.yaml": _file("b", ["{subject: q, property: n, value: 2, verified: true}"]),
        "c.yaml": _file("c", ["{subject: q, property: n, value: 2}"]),
    }
    report = json.loads(_run(["check", *_write(tmp_path, files), "--format", "json"])[1])
    assert _consensus(report)[1] != "verified"


def test_a_verified_set_fixes_its_members(tmp_path: Path) -> None:
    set_claim = "{{subject: ship, property: crew, type: set, value: [{m}]{v}}}"
    files = {
        "a.yaml": _file("a", [set_claim.format(m="ann, bob", v=", verified: true")]),
        "b.yaml": _file("b", [set_claim.format(m="ann, cy", v="")]),
        "c.yaml": _file("c", [set_claim.format(m="ann, cy", v="")]),
    }
    report = json.loads(_run(["check", *_write(tmp_path, files), "--format", "json"])[1])
    (c,) = report["consensus"]
    assert (c["value"], c["basis"], c["support"]) == ("ann, bob", "verified", ["a"])


def test_a_declared_prior_breaks_a_one_against_one_split(tmp_path: Path) -> None:
    def run(extra_a: str, extra_b: str) -> tuple[str, str | None, list[str]]:
        files = {
            "a.yaml": _file("a", ["{subject: q, property: n, value: 10}"], extra_a),
            "b.yaml": _file("b", ["{subject: q, property: n, value: 20}"], extra_b),
        }
        folder = tmp_path / f"run{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        return _consensus(
            json.loads(_run(["check", *_write(folder, files), "--format", "json"])[1])
        )

    assert run("", ", grade: A")[2] == ["b"]
    assert run(", grade: A", "")[2] == ["a"]
    assert run(", reliability: 0.2", "")[2] == ["b"]
    assert run("", ", reliability: 0.2")[2] == ["a"]


def test_a_claim_grade_weighs_its_vote(tmp_path: Path) -> None:
    files = {
        "a.yaml": _file("a", ["{subject: q, property: n, value: 10, grade: E5}"]),
        "b.yaml": _file("b", ["{subject: q, property: n, value: 20}"]),
    }
    report = json.loads(_run(["check", *_write(tmp_path, files), "--format", "json"])[1])
    assert _consensus(report)[2] == ["b"]


def test_grades_read_as_the_documented_probabilities() -> None:
    assert claim_weight(None) == 1.0
    assert claim_weight("B2") == pytest.approx(1.0)
    assert claim_weight("A1") == pytest.approx((0.95 / 0.8) ** 2)
    assert claim_weight("F6") == 1.0
    assert claim_weight("C", source_grade="A4") == pytest.approx(0.65 / 0.8 * 0.5 / 0.8)
    assert source_prior(None, "D3") == 0.5
    assert source_prior(0.7, "A") == 0.7
    assert source_prior(None, "F") is None
    for good in ("A", "b2", "6", "F6"):
        assert grade_problem(good) is None
    for bad in ("G", "A7", "AB", "", "2A"):
        assert grade_problem(bad) is not None


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 2)), min_size=1, max_size=20
    ),
    st.lists(st.one_of(st.none(), st.floats(0, 1)), min_size=4, max_size=4),
    st.lists(st.sampled_from([1.0, 0.5, 1.4]), min_size=20, max_size=20),
    st.lists(st.booleans(), min_size=20, max_size=20),
    st.permutations(range(4)),
    st.randoms(use_true_random=False),
)
def test_knowledge_is_order_free_and_rename_free(
    rows, priors, weights, verified, rename, rnd
) -> None:
    """Priors, weights and verified claims give the same consensus with the rows shuffled
    and the sources renamed."""
    n = len(rows)

    def run(order: list[int], names: list[int]) -> tuple[dict, dict]:
        fact = np.array([rows[k][0] for k in order])
        source = np.array([names[rows[k][1]] for k in order])
        key = np.array([rows[k][2] for k in order], dtype=float)
        prior = np.full(4, np.nan)
        for s, p in enumerate(priors):
            prior[names[s]] = np.nan if p is None else p
        facts = build_fact_table(
            fact,
            source,
            n_facts=4,
            n_sources=4,
            kind=np.full(4, CATEGORICAL, dtype=np.int8),
            key=key,
            source_prior=prior,
            claim_weight=np.array([weights[k] for k in order]),
            verified=np.array([verified[k] for k in order]),
        )
        result = solve("auto", facts, tol=1e-9, max_iter=200)
        value_key = {}
        for r in range(n):
            value_key[int(facts.value[r])] = int(key[r])
        won = {
            f: value_key.get(int(result.value[f])) for f in range(4) if int(result.value[f]) >= 0
        }
        rel = {s: round(float(result.reliability[names[s]]), 6) for s in range(4)}
        return won, rel

    order = list(range(n))
    shuffled = order[:]
    rnd.shuffle(shuffled)
    assert run(order, list(range(4))) == run(shuffled, list(rename))


def test_reports_name_a_verified_value_beside_its_confidence(tmp_path: Path) -> None:
    claims = "source,subject,property,value\na,q,n,10\nb,q,n,20\nc,q,n,20\n"
    table, gold = _write(
        tmp_path, {"claims.csv": claims, "gold.csv": "source,subject,property,value\nok,q,n,10\n"}
    )
    for fmt in ("text", "markdown", "html"):
        code, out, err = _run(["check", table, "--gold", gold, "--format", fmt])
        assert code in (0, 1), err
        assert "1 verified" in out, fmt


def test_a_sources_table_declares_priors_and_refuses_bad_ones() -> None:
    import polars as pl

    from discrepancy.errors import ClaimFileError
    from discrepancy.table.sources import read_sources

    good = pl.DataFrame({"id": ["a", "b"], "reliability": ["0.9", None], "grade": [None, "c3"]})
    a, b = read_sources(good)
    assert (a.reliability, a.grade, b.reliability, b.grade) == (0.9, None, None, "C3")
    bad = pl.DataFrame({"id": ["a", "b"], "reliability": [2.0, None], "grade": [None, "H"]})
    with pytest.raises(ClaimFileError) as err:
        read_sources(bad)
    got = sorted((p.code, p.location.line, p.location.column) for p in err.value.problems)
    assert got == [("E113", 1, 2), ("E113", 2, 3)]
