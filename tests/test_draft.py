"""The drafter's parts on made-up sentences: values, dates, speakers, lists, stances, and the
claim file it writes (which must load, with every quote found in the article)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discrepancy.draft import Context, draft_text, load_context, render_draft
from discrepancy.draft.assertions import find_stances
from discrepancy.draft.dates import find_dates
from discrepancy.draft.lists import find_lists
from discrepancy.draft.names import read_speaker
from discrepancy.draft.published import find_published
from discrepancy.draft.quantities import find_quantities
from discrepancy.draft.write import scalar
from discrepancy.io.load import load
from discrepancy.io.yaml_reader import Limits, read_yaml, to_python
from discrepancy.quotes import find_quote


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the test's folder: documents outside the working directory are refused
    (E005), as they would be for a user whose claim files live elsewhere."""
    monkeypatch.chdir(tmp_path)


FRIDAY = dt.date(2023, 3, 10)  # a Friday


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Officials said about 2,300 people were evacuated.", [("about 2,300", "people")]),
        ("The army deployed a total of 40,000 troops.", [("a total of 40,000", "soldiers")]),
        ("Between 300 and 450 homes were destroyed.", [("Between 300 and 450", "homes")]),
        ("Estimates range from 1,200 to 3,000 dead.", [("from 1,200 to 3,000", "dead")]),
        ("More than a thousand civilians fled.", [("More than a thousand", "civilians")]),
        ("It fired nearly two million shells.", [("nearly two million", "shells")]),
        ("A 5,000-strong force crossed the river.", [("5,000-strong", "soldiers")]),
        ("The fund holds $3.5 billion.", [("3.5 billion", "USD")]),
        ("Three brigades moved north.", [("Three", "brigades")]),
        ("One of them said so.", []),
        ("The MiG-29 and the S-300 were seen near Route 66.", []),
        ("The 3rd Division moved at 10:30 under Article 5.", []),
        ("See https://example.org/2023/03/10/story-12345 for more.", []),
    ],
)
def test_quantities(sentence: str, expected: list[tuple[str, str | None]]) -> None:
    found = find_quantities(sentence)
    assert [(q.text, q.unit) for q in found] == expected
    for q in found:
        assert sentence[q.start : q.end] == q.text


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Troops arrived between March 2 and 5, officials said.",
            [("between March 2 and 5", "2023-03-02", "2023-03-05")],
        ),
        ("The accord was signed on Jan. 9, 2021.", [("Jan. 9, 2021", "2021-01-09", "2021-01-09")]),
        ("The ministry said on Friday that it agreed.", [("Friday", "2023-03-10", "2023-03-10")]),
        ("The talks failed in the 1990s.", [("the 1990s", "1990-01-01", "1999-12-31")]),
        ("The plant opened in May.", [("May", "2023-05-01", "2023-05-31")]),
        ("He visited Kyiv this year.", [("2023", "2023-01-01", "2023-12-31")]),
        ("Talks broke down last week.", [("2023-02-27..2023-03-05", "2023-02-27", "2023-03-05")]),
        ("The vote is tomorrow.", [("2023-03-11", "2023-03-11", "2023-03-11")]),
        ("Some 2000 soldiers marched.", []),
    ],
)
def test_dates(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    found = find_dates(sentence, published=FRIDAY)
    assert [(d.text, str(d.value.start), str(d.value.end)) for d in found] == expected


def test_dates_that_need_a_published_day_are_flagged_without_one() -> None:
    (found,) = find_dates("The ministry said on Friday that it agreed.", published=None)
    assert found.needs_published


@pytest.mark.parametrize(
    ("phrase", "speaker_id", "person"),
    [
        ("Defence Minister Anna Kowalska", "kowalska", True),
        ("the World Health Organization (WHO)", "who", False),
        ("Kenyan news agency Nation", "nation", False),
        ("Pentagon spokesperson Sabrina Singh", "singh", True),
        ("The Red Cross", "red-cross", False),
        ("Maria Lopez, a researcher at the institute", "lopez", True),
        ("an EU source", "eu", False),
        ("Analysts", None, False),
        ("the statement", None, False),
        ("Ukrainian officials", None, False),
    ],
)
def test_speaker_names(phrase: str, speaker_id: str | None, person: bool) -> None:
    speaker = read_speaker(phrase)
    if speaker_id is None:
        assert speaker is None
    else:
        assert speaker is not None and (speaker.id, speaker.person) == (speaker_id, person)


def _voices(
    text: str, *, context: Context | None = None
) -> list[tuple[str | None, tuple[str, ...]]]:
    draft = draft_text(text, source_id="paper", published=FRIDAY, context=context)
    return [(c.said_by, c.via) for c in draft.claims if c.type == "quantity"]


@pytest.mark.parametrize(
    ("text", "said_by", "via"),
    [
        ("According to the Red Cross, 120 people died.", "red-cross", ()),
        (
            "The ministry said on Friday, citing the army, that 40 soldiers died.",
            "army",
            ("ministry",),
        ),
        ("Aid group Oxfam told Reuters that 300 homes burned.", "oxfam", ("reuters",)),
        ("Some 300 homes burned, Mayor Ann Kim said.", "kim", ()),
        ("Some 300 homes burned, said Mayor Ann Kim.", "kim", ()),
        ("“We lost 300 homes,” Mayor Ann Kim said.", "kim", ()),
        ("Local paper The Courier, citing police, reported 12 arrests.", "police", ("courier",)),
        ("Nobody counted the 300 homes that burned.", None, ()),
        ("Turkey's disaster agency AFAD said 2,921 people died.", "afad", ()),
        ("The state's civil defense agency said 39 people died.", "civil-defense-agency", ()),
        (
            "A spokesperson for the government told Reuters that 12 boats left.",
            "government",
            ("reuters",),
        ),
        ("Analysts at the Kiel Institute said aid reached 40 billion euros.", "kiel-institute", ()),
        (
            "Some 40 died, according to the health ministry and a rescue group.",
            "health-ministry",
            (),
        ),
        (
            "“It is bad,” WHO officer Ana Ruiz told a meeting in Geneva, adding that 23 died.",
            "ruiz",
            (),
        ),
        ("Experts said that 300 homes burned.", None, ()),
    ],
)
def test_speakers(text: str, said_by: str | None, via: tuple[str, ...]) -> None:
    assert _voices(text) == [(said_by, via)]


def test_pronouns_and_quotations_carry_the_speaker() -> None:
    text = (
        "Mayor Ann Kim spoke to reporters on Friday. She said 300 homes had burned.\n"
        "Governor Tom Reed added details:\n"
        "“We evacuated 2,000 people. Another 500 left on their own.”"
    )
    assert _voices(text) == [("kim", ()), ("reed", ()), ("reed", ())]


def test_clauses_with_their_own_speakers() -> None:
    text = (
        "Police said 48,000 people marched, while the union put the figure at 500,000. "
        "The interior ministry counted 963,000 protesters; organisers claimed 2.5 million."
    )
    assert _voices(text) == [("police", ()), ("union", ()), ("interior-ministry", ()), (None, ())]


def test_an_outlet_reporting_relays_the_speaker_before() -> None:
    text = (
        "The defence ministry announced on Friday that the army has begun a withdrawal.\n"
        "This withdrawal involves 3,000 soldiers, the Daily Herald reports."
    )
    (voice,) = _voices(text)
    assert voice[1] == ("daily-herald",) and voice[0] is not None and "ministry" in voice[0]
    # an outlet's own report, not about the sentence before, is the outlet's
    text = (
        "Rescue teams arrived on Monday night, the foreign ministry said. "
        "Citing local officials, the Anadolu news agency reported that 6,000 buildings fell."
    )
    assert _voices(text) == [("anadolu-news-agency", ())]


def test_a_dateline_is_no_claim() -> None:
    text = "SAO PAULO, May 3 (Reuters) - Floods have killed at least 39 people, officials said."
    draft = draft_text(text, source_id="wire", published=dt.date(2024, 5, 3))
    assert [c.value for c in draft.claims] == ["at least 39"]
    assert draft.claims[0].subject != "reuters"


def test_lists_and_stances() -> None:
    (names,) = find_lists("Floods hit Lagos, Abuja, and Kano on Friday.")
    assert names.members == ("Lagos", "Abuja", "Kano") and not names.open
    (names,) = find_lists("Offices in Paris, Rome, Madrid, and other cities closed.")
    assert names.members == ("Paris", "Rome", "Madrid") and names.open
    assert find_lists("They went to Paris, Rome, or Madrid.") == []
    (stance,) = find_stances("The army confirmed that the bridge was destroyed.")
    assert stance.value == "confirmed"
    assert find_stances("The army has not confirmed that the bridge was destroyed.") == []
    (stance,) = find_stances("The Kremlin denied that its jets struck the port.")
    assert stance.value == "denied"


def test_published_date_line_and_url() -> None:
    assert find_published("Headline\n\nMarch 10, 2023\n\nText.") == dt.date(2023, 3, 10)
    assert find_published("Text.\nhttps://example.org/2023/03/09/story") == dt.date(2023, 3, 9)
    assert find_published("No date here.") is None


def test_context_supplies_ids(tmp_path: Path) -> None:
    (tmp_path / "agency.yaml").write_text(
        "discrepancy: 1\nsource: {id: agency, published: 2023-03-09}\n"
        "entities:\n  who: {name: World Health Organization, aliases: [WHO]}\n"
        "claims:\n  - {subject: cholera-outbreak, property: cases-confirmed, value: 1200,"
        " unit: cases, said_by: who}\n",
        encoding="utf-8",
    )
    context = load_context([tmp_path])
    text = "The World Health Organization said 1,400 cases had been confirmed so far."
    draft = draft_text(text, source_id="paper", published=FRIDAY, context=context)
    (claim,) = [c for c in draft.claims if c.type == "quantity"]
    assert (claim.said_by, claim.subject, claim.property, claim.unit) == (
        "who",
        "cholera-outbreak",
        "cases-confirmed",
        "cases",
    )


def test_scalar_is_yaml_that_reads_back() -> None:
    hostile = 'a: [b] {c} # "d" \\ \u2028 \x07 \ufeff ---\n- x'
    node = read_yaml(f"k: {scalar(hostile)}\n", Limits())
    assert to_python(node) == {"k": hostile}


_SENTENCES = st.sampled_from(
    [
        "According to the Red Cross, about 1,200 people died on Friday.",
        "The army said it deployed 3,000 troops between March 2 and 5.",
        "“We counted 40 dead,” Mayor Ann Kim said.",
        "Officials in Lagos, Abuja, and Kano confirmed that schools closed.",
        "The Kremlin denied that its jets struck the port in 2021.",
        "Nothing to see here: no numbers.",
        "She added that over a thousand homes burned in the 1990s.",
        "A 5,000-strong force, citing the ministry, arrived on Jan. 9.",
        "Prices rose 12 percent this year.",
    ]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_SENTENCES, min_size=1, max_size=6), st.sampled_from([" ", "\n", "\n\n"]))
def test_any_draft_loads_and_quotes_its_article(
    tmp_path_factory: pytest.TempPathFactory, picked: list[str], joiner: str
) -> None:
    folder = tmp_path_factory.mktemp("draft")
    text = joiner.join(picked)
    (folder / "article.txt").write_text(text, encoding="utf-8")
    draft = draft_text(text, source_id="paper", published=FRIDAY)
    out = folder / "paper.yaml"
    out.write_text(render_draft(draft, document="article.txt"), encoding="utf-8")
    claims = load(out, document_roots=[folder])
    assert len(claims.claims) == len(draft.claims)
    for claim in claims.claims:
        assert claim.is_draft
        assert claim.quote is not None and find_quote(claim.quote, text).found
