"""The CLI paces the garbage collector for a run and restores it after."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from discrepancy.cli import main
from discrepancy.gc_pace import RUN_THRESHOLDS, paced


def test_paced_sets_and_restores_thresholds() -> None:
    before = gc.get_threshold()
    with paced():
        assert gc.get_threshold() == RUN_THRESHOLDS
    assert gc.get_threshold() == before


def test_paced_restores_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), paced((5000, 10, 10)):
        raise RuntimeError
    assert gc.get_threshold() == before


def test_cli_check_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "discrepancy: 1\nsource: {id: a}\nclaims:\n  - {subject: x, property: n, value: 1}\n",
        encoding="utf-8",
    )
    before = gc.get_threshold()
    assert main(["check", str(tmp_path), "--format", "json", "-q"]) == 0
    assert gc.get_threshold() == before
