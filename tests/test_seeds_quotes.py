"""The claim files in ``seeds/`` quote their articles verbatim.

Every ``quote`` must occur in the seed article it was written from (``../shared/seeds``), modulo
whitespace and the style of quote marks and apostrophes. The articles are source material kept
outside the project; when they are absent this module is skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
ARTICLES = ROOT / ".." / "shared" / "seeds"

if not ARTICLES.is_dir():
    pytest.skip(f"seed articles not found at {ARTICLES}", allow_module_level=True)

#: claim file -> the article it was written from
ARTICLE_OF = {
    "insider.yaml": "000_d8dd040719903d34.txt",
    "newslooks.yaml": "001_f0a0f4931d3789de.txt",
    "moscow-times.yaml": "002_f05a7119bd12d99d.txt",
    "training-report.yaml": "003_b99157515cf8f1e7.txt",
    "yonhap-relay.yaml": "004_e52ba4af9c357606.txt",
}

_MARKS = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
    }
)


def normalise(text: str) -> str:
    """Straight quote marks, single spaces."""
    return re.sub(r"\s+", " ", text.translate(_MARKS)).strip()


def _load(path: Path) -> dict:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: top level is not a mapping"
    return data


def _seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.yaml"))


def test_every_seed_file_has_an_article() -> None:
    names = {p.name for p in _seed_files()}
    assert names == set(ARTICLE_OF), f"seed files {sorted(names)} != mapped {sorted(ARTICLE_OF)}"
    for article in ARTICLE_OF.values():
        assert (ARTICLES / article).is_file(), article


@pytest.mark.parametrize("name", sorted(ARTICLE_OF))
def test_quotes_occur_in_article(name: str) -> None:
    path = SEEDS / name
    if not path.is_file():
        pytest.fail(f"missing seed file {path}")
    data = _load(path)
    article = normalise((ARTICLES / ARTICLE_OF[name]).read_text(encoding="utf-8"))
    missing = []
    for claim in data.get("claims") or []:
        quote = claim.get("quote")
        if quote is None:
            continue
        assert isinstance(quote, str), f"{name}/{claim.get('id')}: quote is not text"
        if normalise(quote) not in article:
            missing.append(f"{claim.get('id')}: {quote!r}")
    assert not missing, f"{name}: quotes not in {ARTICLE_OF[name]}:\n" + "\n".join(missing)


@pytest.mark.parametrize("name", sorted(ARTICLE_OF))
def test_quotes_are_short(name: str) -> None:
    data = _load(SEEDS / name)
    long = [
        claim.get("id")
        for claim in data.get("claims") or []
        if claim.get("quote") and len(claim["quote"].split()) > 25
    ]
    assert not long, f"{name}: quotes longer than 25 words: {long}"


def test_claim_ids_unique_and_enough_claims() -> None:
    files = _seed_files()
    assert len(files) == 5
    total = 0
    source_ids = []
    for path in files:
        data = _load(path)
        assert data.get("discrepancy", 1) == 1
        source_ids.append(data["source"]["id"])
        ids = [c["id"] for c in data["claims"]]
        assert len(ids) == len(set(ids)), f"{path.name}: duplicate claim ids"
        total += len(ids)
    assert len(source_ids) == len(set(source_ids))
    assert total >= 30, f"only {total} claims in seeds/"
