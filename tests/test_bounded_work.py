"""Hostile input can't make a check take quadratic time: value parsers and the quote matcher.

These tests guard against a return of the quadratic cases the attack pass measured (239 s for
"about " x 200k, 97 s for a 14 KB quote, 170 s for a 9 MB document x 20 quotes) with bounds
far above the linear times (well under a second each here); benchmarks/bench_attacks.py
prints the times themselves.
"""

from __future__ import annotations

import contextlib
import random
import time
from pathlib import Path

import pytest

from discrepancy.errors import ClaimFileError, ValueParseError
from discrepancy.io import load
from discrepancy.quotes import find_quote, normalise
from discrepancy.values import infer_type, parse_date, parse_quantity
from discrepancy.values._text import MAX_VALUE_CHARS

MB = 1_000_000
ADVERSARIAL = {
    "about x 200k": "about " * 200_000,
    "1,1,1": "1," * (MB // 2),
    "between": "between 1 and " * (MB // 14),
    "dashes": "1-" * (MB // 2),
    "digits": "9" * MB,
    "words": "one hundred " * (MB // 12),
}
SLOW = 20.0  # seconds: the quadratic versions took minutes


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_megabyte_values_are_refused_quickly(name: str) -> None:
    text = ADVERSARIAL[name]
    start = time.perf_counter()
    for parse in (parse_quantity, parse_date):
        with pytest.raises(ValueParseError) as info:
            parse(text)
        assert "too long" in str(info.value)
        assert len(str(info.value)) < 600  # the value is quoted, capped
    assert infer_type(text) == "label"
    assert time.perf_counter() - start < SLOW


@pytest.mark.parametrize("pattern", ["1-", "about ", "between 1 and ", "(", "~", "oct 8-", "- "])
def test_values_at_the_length_limit_parse_in_linear_time(pattern: str) -> None:
    text = (pattern * MAX_VALUE_CHARS)[:MAX_VALUE_CHARS]
    start = time.perf_counter()
    for _ in range(20):
        for parse in (parse_quantity, parse_date):
            with contextlib.suppress(ValueParseError):
                parse(text)
    assert time.perf_counter() - start < SLOW


def test_a_claim_file_with_a_megabyte_value_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        f'source: {{id: a}}\nclaims:\n  - {{subject: s, property: p, type: quantity, value: "{"about " * 200_000}"}}\n'
    )
    start = time.perf_counter()
    with pytest.raises(ClaimFileError) as info:
        load(path)
    [problem] = info.value.problems
    assert problem.code == "E110" and "too long" in problem.message
    assert len(problem.message) < 600
    assert time.perf_counter() - start < SLOW


def _document(size: int) -> str:
    rng = random.Random(7)
    words = ["troops", "the", "north", "korean", "soldiers", "arrived", "in", "russia", "said"]
    return " ".join(rng.choice(words) for _ in range(size // 6))[:size]


def test_nine_megabyte_document_and_twenty_quotes_finish_in_seconds() -> None:
    document = _document(9 * MB)
    start = time.perf_counter()
    results = [
        find_quote(f"quote {i}: the special forces soldiers arrived in russia on day {i}", document)
        for i in range(20)
    ]
    assert time.perf_counter() - start < 3 * SLOW
    assert not any(r.found for r in results)
    assert all(r.passage == "" or "soldiers" in r.passage.lower() for r in results)


def test_long_quote_against_long_document_is_linear() -> None:
    start = time.perf_counter()
    assert not find_quote("x" * 14_000 + "z", "y" * 7_000 + "x" * 7_000).found
    assert not find_quote("ab" * (MB // 2), "ab" * 400_000 + "c").found
    assert time.perf_counter() - start < SLOW


def test_closest_passage_still_found_in_ordinary_documents() -> None:
    document = "Officials said 1,500 North Korean special forces arrived in Vladivostok last week."
    match = find_quote("1,500 special forces soldiers arrived in Vladivostok", document)
    assert not match.found
    assert "special forces arrived in Vladivostok" in match.passage


def test_vectorised_fold_matches_the_per_character_fold() -> None:
    from discrepancy.quotes import _normalise_chars

    rng = random.Random(3)
    alphabet = "aZ \t\n\u00a0\u3000“”'\"–—-xÉ😀\u2028"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(30)))
        fast, slow = normalise(text), _normalise_chars(text)
        assert fast[0] == slow[0] and list(fast[1]) == list(slow[1]), repr(text)


def test_a_group_beyond_the_limit_is_one_clear_error(tmp_path: Path) -> None:
    from discrepancy.engine import check
    from discrepancy.errors import InputError
    from discrepancy.limits import MAX_GROUP_CLAIMS

    n = MAX_GROUP_CLAIMS + 1
    lines = ["sources:", *(f"  - {{id: s{i}}}" for i in range(n)), "claims:"]
    lines += [
        f"  - {{source: s{i}, subject: x, property: p, value: {1000 + 7 * i}}}" for i in range(n)
    ]
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n")
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        check(load(path))
    [problem] = info.value.problems
    assert problem.code == "E008" and f"holds {n:,} claims" in problem.message
    assert str(problem).startswith(f"{path}:{n + 3}:")
    assert time.perf_counter() - start < SLOW


def test_tables_beyond_the_limits_are_clear_errors() -> None:
    pl = pytest.importorskip("polars")
    from discrepancy.errors import InputError
    from discrepancy.limits import MAX_AGREEMENT_SOURCES, MAX_GROUP_CLAIMS
    from discrepancy.table import check_table

    def frame(n: int, facts: int) -> object:
        return pl.DataFrame(
            {
                "source": [f"s{i}" for i in range(n)],
                "subject": [f"x{i % facts}" for i in range(n)],
                "property": ["p"] * n,
                "best": [1000.0 + 7 * i for i in range(n)],
            }
        )

    with pytest.raises(InputError, match="E008 group 'x0 · p' holds 1,001 claims"):
        check_table(frame(MAX_GROUP_CLAIMS + 1, 1))
    with pytest.raises(InputError, match=f"E008 {MAX_AGREEMENT_SOURCES + 1:,} sources"):
        check_table(frame(MAX_AGREEMENT_SOURCES + 1, 100))
