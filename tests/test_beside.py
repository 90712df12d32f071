"""Beside: a call on a second thread hands back its value or its exception."""

from __future__ import annotations

import threading

import pytest

from discrepancy.beside import Beside


def test_result_is_the_value_computed_on_another_thread() -> None:
    main = threading.get_ident()
    job = Beside(lambda: (threading.get_ident() != main, sum(range(10))))
    assert job.result() == (True, 45)
    assert job.result() == (True, 45)  # asking again waits for nothing


def test_exception_reaches_the_caller() -> None:
    def fail() -> int:
        msg = "bad row"
        raise ValueError(msg)

    job = Beside(fail)
    with pytest.raises(ValueError, match="bad row"):
        job.result()
