"""A table check runs without numpy's huge-page advice and leaves it as it found it."""

from __future__ import annotations

import threading

import pytest

from discrepancy.small_pages import _switch, small_pages

pl = pytest.importorskip("polars")

switch = _switch()
pytestmark = pytest.mark.skipif(switch is None, reason="this numpy has no huge-page switch")


def _setting() -> bool:
    assert switch is not None
    before = bool(switch(False))
    switch(before)
    return before


@pytest.mark.parametrize("start", [True, False])
def test_small_pages_turns_the_advice_off_and_restores_it(start: bool) -> None:
    assert switch is not None
    old = bool(switch(start))
    try:
        with small_pages():
            assert _setting() is False
            with small_pages():  # nested: the outer one restores
                assert _setting() is False
            assert _setting() is False
        assert _setting() is start
        with pytest.raises(RuntimeError), small_pages():
            raise RuntimeError
        assert _setting() is start
    finally:
        switch(old)


def test_overlapping_checks_on_threads_restore_the_first_setting() -> None:
    # A enters, B enters, A leaves (B still inside: stays off), B leaves: restored
    assert switch is not None
    old = bool(switch(True))
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def a() -> None:
        with small_pages():
            a_in.set()
            b_in.wait()
        a_out.set()

    def b() -> None:
        a_in.wait()
        with small_pages():
            b_in.set()
            a_out.wait()
            seen.append(_setting())

    try:
        threads = [threading.Thread(target=a), threading.Thread(target=b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert seen == [False]
        assert _setting() is True
    finally:
        switch(old)


def test_check_table_leaves_the_advice_as_it_was() -> None:
    from discrepancy.table import check_table

    before = _setting()
    frame = pl.DataFrame(
        {"source": ["a", "b"], "subject": ["x", "x"], "property": ["n", "n"], "best": [1.0, 2.0]}
    )
    assert check_table(frame).summary["findings"] == 1
    assert _setting() is before
