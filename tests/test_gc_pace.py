"""The CLI paces the garbage collector for a run and restores it after."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from discrepancy.cli import main
from discrepancy.gc_pace import RUN_THRESHOLDS, before_exit, paced, paused


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


def test_paused_turns_collection_off_and_back_on() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused():
        raise RuntimeError
    assert gc.isenabled()


def test_paused_leaves_collection_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_kept_objects_are_frozen_until_the_run_ends() -> None:
    assert gc.get_freeze_count() == 0
    with paced():
        with paused(keep=True):
            kept = [[n] for n in range(100)]
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    assert len(kept) == 100


def test_kept_objects_are_not_frozen_outside_a_run() -> None:
    assert gc.get_freeze_count() == 0
    with paused(keep=True):
        kept = [[n] for n in range(100)]
    assert gc.get_freeze_count() == 0
    assert len(kept) == 100


def test_cli_timeline_leaves_nothing_frozen(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "discrepancy: 1\nsource: {id: a}\nclaims:\n  - {subject: x, property: n, value: 1}\n",
        encoding="utf-8",
    )
    assert main(["timeline", "x/n", str(tmp_path), "-o", str(tmp_path / "t.txt")]) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_cli_check_leaves_nothing_frozen_and_collection_on(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "discrepancy: 1\nsource: {id: a}\nclaims:\n  - {subject: x, property: n, value: 1}\n",
        encoding="utf-8",
    )
    assert main(["check", str(tmp_path), "--format", "json", "-q"]) == 0
    assert main(["check", str(tmp_path), "--format", "json", "-o", str(tmp_path / "r.json")]) == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_before_exit_freezes_what_is_alive() -> None:
    assert gc.get_freeze_count() == 0
    try:
        before_exit()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_module_run_exits_with_the_check_code(tmp_path: Path) -> None:
    """``python -m discrepancy`` (what freezes before exit) still reports and exits as main."""
    (tmp_path / "a.yaml").write_text(
        "discrepancy: 1\nsource: {id: a}\nclaims:\n  - {subject: x, property: n, value: 1}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        "discrepancy: 1\nsource: {id: b}\nclaims:\n  - {subject: x, property: n, value: 2}\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.json"
    command = ["check", str(tmp_path), "--format", "json", "-o", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "discrepancy", *command],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
    )
    assert done.returncode == 1, done.stderr
    assert '"Q001"' in out.read_text(encoding="utf-8")
