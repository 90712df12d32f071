"""Rules across facts on real stories, through the CLI on real files and through the API:
a flood's death toll (Derna inside Libya; a national toll that falls), troops sent in
groups within a total, dates in a declared order; and their declarations' errors (exit 2).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import attrs
import pytest

from discrepancy.cli import main
from discrepancy.config import Config
from discrepancy.engine import check
from discrepancy.errors import ClaimFileError
from discrepancy.io.load import load
from discrepancy.model import Claim, ClaimSet, Entity, ScopeRelation, Source
from discrepancy.rules.cross_facts import taken_back
from discrepancy.values import parse_date, parse_quantity

LIBYA = """\
discrepancy: 1
sources:
  - {id: redcrescent, name: Libyan Red Crescent, published: 2023-09-16}
  - {id: who, name: WHO, published: 2023-09-17}
  - {id: govt, name: Eastern government, published: 2023-09-12}
  - {id: ocha, name: UN OCHA, published: 2023-09-19}
entities:
  libya: {name: Libya}
  derna: {name: Derna, aliases: [Darnah], part_of: [libya]}
claims:
  - {id: derna, source: redcrescent, subject: Darnah, property: deaths, value: "11,300", as_of: 2023-09-16}
  - {id: toll, source: who, subject: Libya, property: deaths, value: "3,958", as_of: 2023-09-17}
  - {id: early, source: govt, subject: Libya, property: deaths, value: "over 5,000", as_of: 2023-09-12}
  - {id: toll, source: ocha, subject: Libya, property: deaths, value: "3,351", as_of: 2023-09-19}
"""

CUMULATIVE = "[properties]\ndeaths = {cumulative = true}\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _json_report(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = main(["check", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_libya_part_exceeds_whole_and_toll_falls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = _write(tmp_path, "libya.yaml", LIBYA)
    config = _write(tmp_path, "discrepancy.toml", CUMULATIVE)
    code, report = _json_report([str(claims), "--config", str(config)], capsys)
    assert code == 1
    by_rule: dict[str, list[dict]] = {}
    for f in report["findings"]:
        by_rule.setdefault(f["rule"], []).append(f)
    # Derna (16 Sep) can't exceed Libya's running total on 17 or 19 Sep: the worst whole
    (p001,) = by_rule["P001"]
    assert [c["ref"] for c in p001["claims"]] == ["redcrescent/derna", "ocha/toll"]
    assert p001["magnitude"] == pytest.approx(11300 / 3351)
    assert "2023-09-16" in p001["message"] and "2023-09-19" in p001["message"]
    assert p001["location"]["line"] == 11
    # the national toll falls from "over 5,000" (12 Sep) to 3,958 and to 3,351
    falls = sorted(by_rule["T001"], key=lambda f: f["magnitude"])
    assert [[c["ref"] for c in f["claims"]] for f in falls] == [
        ["govt/early", "who/toll"],
        ["govt/early", "ocha/toll"],
    ]
    assert falls[1]["magnitude"] == pytest.approx(5000 / 3351)
    assert falls[1]["pairs"][0]["severity"] == "minor"  # 1.49 < major ratio 1.5
    assert "as of 2023-09-12" in falls[1]["message"] and "as of 2023-09-19" in falls[1]["message"]


def test_without_running_totals_disjoint_days_are_not_compared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Deaths not declared cumulative: Derna on 16 Sep says nothing about Libya on 17 Sep,
    and a falling toll is only Q001 where the days overlap."""
    claims = _write(tmp_path, "libya.yaml", LIBYA)
    _, report = _json_report([str(claims)], capsys)
    assert not {f["rule"] for f in report["findings"]} & {"P001", "T001"}


def test_per_claim_cumulative_and_opting_out(tmp_path: Path) -> None:
    text = LIBYA.replace('value: "3,351", as_of', 'value: "3,351", cumulative: true, as_of')
    claims = load(_write(tmp_path, "libya.yaml", text))
    rules = sorted(f.rule for f in check(claims).findings if f.rule in ("T001", "P001"))
    assert rules == ["P001", "T001", "T001"]
    # a claim that is not a running total (one day's deaths) leaves the totals: the fall
    # left is 3,958 on 17 Sep to 3,351 on 19 Sep
    text = text.replace('value: "over 5,000",', 'value: "over 5,000", cumulative: false,')
    claims = load(_write(tmp_path, "libya.yaml", text))
    falls = [f for f in check(claims).findings if f.rule == "T001"]
    assert [[c.ref for c in f.claims] for f in falls] == [["who/toll", "ocha/toll"]]


TROOPS = """\
source: {id: insider, published: 2024-12-02}
scopes:
  - {scope: {group: first}, part_of: {}}
  - {scope: {}, sum_of: [{group: first}, {group: second}]}
claims:
  - {id: first, subject: dprk-troops, property: troops, value: "{first}", scope: {group: first}}
  - {id: second, subject: dprk-troops, property: troops, value: "{second}", scope: {group: second}}
  - {id: total, subject: dprk-troops, property: troops, value: "12,000"}
"""


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("1,500", "1,500", ["P002"]),  # the groups named so far are not the total
        ("1,500", "10,500", []),  # they are
        ("1,500", "about 10,000", []),  # within "about": 9,500-10,500, +1,500 meets 12,000
        ("15,000", "1,500", ["P001", "P002"]),  # a group larger than the whole
    ],
)
def test_troops_groups_within_the_total(
    first: str, second: str, expected: list[str], tmp_path: Path
) -> None:
    text = TROOPS.replace("{first}", first).replace("{second}", second)
    claims = load(_write(tmp_path, "insider.yaml", text))
    got = sorted(f.rule for f in check(claims).findings if f.rule[0] == "P")
    assert got == expected


def test_sum_within_the_written_precision(tmp_path: Path) -> None:
    """12,000 is written to the thousand (11,500-12,500): parts of 1,500 and 10,200 fit."""
    text = TROOPS.replace("{first}", "1,500").replace("{second}", "10,200")
    claims = load(_write(tmp_path, "insider.yaml", text))
    assert "P002" not in {f.rule for f in check(claims).findings}
    text = TROOPS.replace("{first}", "1,500").replace("{second}", "9,000")
    claims = load(_write(tmp_path, "insider.yaml", text))
    (p002,) = [f for f in check(claims).findings if f.rule == "P002"]
    assert p002.magnitude == pytest.approx(12000 / 10500)
    assert [c.ref for c in p002.claims] == ["insider/total", "insider/first", "insider/second"]


def test_property_sums_from_configuration(tmp_path: Path) -> None:
    claims = load(
        _write(
            tmp_path,
            "a.yaml",
            """\
            source: {id: a}
            claims:
              - {subject: clashes, property: casualties, value: 40}
              - {subject: clashes, property: killed, value: 12}
              - {subject: clashes, property: wounded, value: 58}
            """,
        )
    )
    config = Config(properties={"casualties": {"sum_of": ["killed", "wounded"]}})
    found = {f.rule for f in check(claims, config).findings}
    assert {"P001", "P002"} <= found  # wounded alone exceeds the casualties
    assert not {"P001", "P002"} & {f.rule for f in check(claims).findings}


ORDER = """\
source: {id: nis, published: 2024-10-18}
claims:
  - {id: deployed, subject: dprk-troops, property: deployed, value: "{deployed}"}
  - {id: arrived, subject: dprk-troops, property: arrived, value: 2024-10-12, after: deployed}
"""


@pytest.mark.parametrize(
    ("deployed", "days"), [("2024-10-18", 6), ("2024-10-08", None), ("October 2024", None)]
)
def test_arrival_after_deployment(deployed: str, days: int | None, tmp_path: Path) -> None:
    claims = load(_write(tmp_path, "nis.yaml", ORDER.replace("{deployed}", deployed)))
    found = [f for f in check(claims).findings if f.rule == "D002"]
    if days is None:
        assert not found
    else:
        (f,) = found
        assert f.magnitude == days
        assert f.pairs[0].severity == "minor"  # under date.major-days (7)
        assert "declared after nis/deployed" in f.message


@pytest.mark.parametrize(
    ("text", "code", "where"),
    [
        (
            "source: {id: a}\nentities:\n  derna: {part_of: [lybia]}\n  libya: {name: Libya}\n"
            "claims: []\n",
            "E130",
            ":3:21: E130 entity 'derna' has part_of 'lybia', which is not a declared entity "
            "(did you mean 'libya'?)",
        ),
        (
            "source: {id: a}\nentities:\n  x: {part_of: [y]}\n  y: {name: Y}\n"
            "  z: {sum_of: [y], part_of: [x]}\nclaims: []\n",
            "E131",
            ":3:3: E131 entities lie within each other in a circle: x -> y -> z -> x",
        ),
        (
            "source: {id: a}\nscopes:\n  - {scope: {group: first}, part_of: {}}\n"
            "  - {scope: {}, part_of: {group: First}}\nclaims: []\n",
            "E131",
            ":3:5: E131 scopes lie within each other in a circle",
        ),
        (
            "source: {id: a}\nclaims:\n  - {id: dep, subject: t, property: deployed, value: 2024-10-08}\n"
            "  - {subject: t, property: arrived, value: 2024-10-12, after: deploy}\n",
            "E132",
            ":4:5: E132 claim a/c2 is 'after: deploy', which names no claim (did you mean 'dep'?)",
        ),
        (
            "source: {id: a}\nclaims:\n  - {id: n, subject: t, property: troops, value: 1500}\n"
            "  - {subject: t, property: arrived, value: 2024-10-12, after: n}\n",
            "E132",
            ":4:5: E132 'after' orders dates, but a/n is a quantity",
        ),
        (
            "source: {id: a}\nscopes:\n  - {scope: {group: first}}\nclaims: []\n",
            "E102",
            ":3:5: E102 a scope relation needs 'scope' and 'part_of'",
        ),
        (
            "source: {id: a}\nscopes:\n  - {scope: {group: first}, part: {}}\nclaims: []\n",
            "E101",
            ":3:29: E101 unknown key 'part' in scope_relation (did you mean 'part_of'?)",
        ),
    ],
)
def test_bad_declarations_exit_2_at_file_line_col(
    text: str, code: str, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}{where}" in err, err
    assert "Traceback" not in err


def test_bad_property_configuration_is_e202(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = _write(tmp_path, "libya.yaml", LIBYA)
    config = _write(tmp_path, "discrepancy.toml", "[properties]\ndeaths = {cumulativ = true}\n")
    assert main(["check", str(claims), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "E202" in err and "did you mean 'cumulative'" in err


@pytest.mark.parametrize(
    "fmt", ["text", "markdown", "html", "json", "sarif", "github", "junit", "jsonl"]
)
def test_every_format_shows_the_codes(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = LIBYA + (
        "  - {id: arrived, source: who, subject: teams, property: arrived, value: 2023-09-11, "
        "after: who/sent}\n"
        "  - {id: sent, source: who, subject: teams, property: sent, value: 2023-09-14}\n"
    )
    claims = _write(tmp_path, "libya.yaml", text)
    config = _write(tmp_path, "discrepancy.toml", CUMULATIVE)
    assert main(["check", str(claims), "--config", str(config), "--format", fmt]) == 1
    out = capsys.readouterr().out
    for code in ("P001", "T001", "D002"):
        assert code in out, (fmt, code)


def test_a_table_declares_the_same(tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    from discrepancy.table import check_table

    claims = load(_write(tmp_path, "libya.yaml", LIBYA))
    config = Config(properties={"deaths": {"cumulative": True}})
    expected = sorted((f.rule, f.magnitude) for f in check(claims, config).findings)
    frame = pl.DataFrame(
        {
            "source": ["redcrescent", "who", "govt", "ocha"],
            "claim": ["derna", "toll", "early", "toll"],
            "subject": ["Darnah", "Libya", "Libya", "Libya"],
            "property": ["deaths"] * 4,
            "value": ["11,300", "3,958", "over 5,000", "3,351"],
            "as_of": ["2023-09-16", "2023-09-17", "2023-09-12", "2023-09-19"],
        }
    )
    got = check_table(frame, config, entities=claims.entities)
    assert sorted((f.rule, f.magnitude) for f in got.findings) == expected
    # per row, as a claim file's `cumulative: true`
    marked = frame.with_columns(pl.Series("cumulative", ["true", "yes", None, "1"]))
    got = check_table(marked, entities=claims.entities)
    assert sorted((f.rule, f.magnitude) for f in got.findings) == expected
    # after, in a column; a bad one is E132 at its row
    dates = pl.DataFrame(
        {
            "source": ["a", "a"],
            "claim": ["sent", None],
            "subject": ["teams", "teams"],
            "property": ["sent", "arrived"],
            "value": ["2023-09-14", "2023-09-11"],
            "after": [None, "sent"],
        }
    )
    assert [f.rule for f in check_table(dates).findings if f.rule == "D002"] == ["D002"]
    with pytest.raises(ClaimFileError) as err:
        check_table(dates.with_columns(pl.Series("after", [None, "snet"])), path="t.csv")
    (problem,) = err.value.problems
    assert problem.code == "E132" and str(problem.location).startswith("t.csv:2")


def test_a_correction_explains_a_fall() -> None:
    """A later figure marked as superseding the earlier one, or an earlier one retracted, is
    no fall (the ``supersedes`` / ``retracted`` fields are read where claims have them)."""

    @attrs.frozen
    class Corrected(Claim):
        supersedes: str | None = None
        retracted: str | None = None

    early = Corrected(
        source="govt",
        subject="libya",
        property="deaths",
        value=parse_quantity("over 5,000"),
        id="early",
        as_of=parse_date("2023-09-12"),
    )
    later = Corrected(
        source="govt",
        subject="libya",
        property="deaths",
        value=parse_quantity("3,351"),
        id="later",
        as_of=parse_date("2023-09-19"),
    )
    config = Config(properties={"deaths": {"cumulative": True}})

    def rules(*claims: Claim) -> list[str]:
        cs = ClaimSet(sources=[Source("govt")], claims=claims)
        return [f.rule for f in check(cs, config).findings if f.rule == "T001"]

    assert rules(early, later) == ["T001"]
    assert rules(early, attrs.evolve(later, supersedes="early")) == []
    assert rules(attrs.evolve(early, retracted="withdrawn on 13 Sep"), later) == []
    assert taken_back([attrs.evolve(later, supersedes="other/x")]) == {"other/x"}


def test_scope_relations_given_to_the_api() -> None:
    claims = ClaimSet(
        sources=[Source("a"), Source("b")],
        entities=[Entity("libya", "Libya"), Entity("derna", "Derna", part_of=["libya"])],
        claims=[
            Claim(source="a", subject="troops", property="n", value=parse_quantity("15,000"),
                  scope={"group": "first"}),
            Claim(source="b", subject="troops", property="n", value=parse_quantity("12,000")),
        ],
        scopes=[ScopeRelation({"group": "first"}, part_of={})],
    )  # fmt: skip
    (f,) = [f for f in check(claims).findings if f.rule == "P001"]
    assert f.scope == (("group", "first"),)
    assert "{'group': 'first'}" in f.message


def test_ignore_select_and_rule_docs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = LIBYA.replace(
        'value: "3,351", as_of', 'value: "3,351", ignore: {T001: "OCHA counts bodies only"}, as_of'
    )
    claims = _write(tmp_path, "libya.yaml", text)
    config = _write(tmp_path, "discrepancy.toml", CUMULATIVE)
    _, report = _json_report([str(claims), "--config", str(config)], capsys)
    falls = [[c["ref"] for c in f["claims"]] for f in report["findings"] if f["rule"] == "T001"]
    assert falls == [["govt/early", "who/toll"]]  # the fall to OCHA's figure is suppressed
    # ... and the report says so, as it does for the ignores of pair rules
    hid = [s for s in report["suppressed"] if s["rule"] == "T001"]
    assert [(s["claim"], s["reason"], s["subject"], s["whole"]) for s in hid] == [
        ("ocha/toll", "OCHA counts bodies only", "libya", True)
    ]
    assert main(["check", str(claims), "--config", str(config)]) == 1
    assert "T001 by ocha/toll" in capsys.readouterr().out
    _, report = _json_report([str(claims), "--config", str(config), "--select", "P"], capsys)
    assert {f["rule"] for f in report["findings"]} == {"P001"}
    assert main(["rule", "T001"]) == 0
    assert "running total falls" in capsys.readouterr().out
