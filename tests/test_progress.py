"""Progress: silent by default, off a terminal and in CI; stages count their steps."""

from __future__ import annotations

import io

import pytest

from discrepancy.progress import (
    NoProgress,
    Progress,
    RichProgress,
    progress_for,
    terminal_wanted,
    track,
)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_is_silent(capsys: pytest.CaptureFixture[str]) -> None:
    with NoProgress() as p:
        p.stage("parsing", 3)
        p.advance(3)
        assert list(track(p, [1, 2], "rules")) == [1, 2]
    out = capsys.readouterr()
    assert out.out == out.err == ""


def test_rich_bar_writes_nothing_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    stream = io.StringIO()
    with RichProgress(stream=stream) as p:
        assert not p.enabled
        p.stage("grouping", 10)
        p.advance(10)
    assert stream.getvalue() == ""


def test_rich_bar_silent_in_ci_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    stream = _Tty()
    assert not terminal_wanted(stream)
    with RichProgress(stream=stream) as p:
        p.stage("rules", 2)
        p.advance()
    assert stream.getvalue() == ""


def test_rich_bar_draws_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    stream = _Tty()
    assert terminal_wanted(stream)
    with RichProgress(stream=stream) as p:
        assert p.enabled
        for _ in track(p, range(5), "rules"):
            pass
    assert "rules" in stream.getvalue()


def test_stages_advance_and_finish_in_order() -> None:
    p = RichProgress(stream=io.StringIO(), enabled=False)
    with p:
        p.stage("parsing", 2)
        p.advance()
        list(track(p, ["g1", "g2", "g3"], "grouping"))
        p.stage("consensus")  # unknown total
        p.advance(7)
    assert p.stages == [["parsing", 2, 2], ["grouping", 3, 3], ["consensus", 7, None]]


def test_progress_for() -> None:
    assert isinstance(progress_for(None), NoProgress)
    assert isinstance(progress_for(False), NoProgress)
    assert isinstance(progress_for(True), RichProgress)
    mine = NoProgress()
    assert progress_for(mine) is mine
    assert isinstance(mine, Progress)
    with pytest.raises(TypeError, match="'progress' must be a bool or a Progress"):
        progress_for("yes")  # type: ignore[arg-type]


def test_nested_with_shares_one_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    bar = RichProgress(stream=_Tty())
    with bar:
        with progress_for(bar) as inner:
            inner.stage("parsing", 1)
            inner.advance()
        assert bar._bar is not None  # still drawing after the inner block
        bar.stage("rules", 1)
    assert bar._bar is None
    assert [s[0] for s in bar.stages] == ["parsing", "rules"]


class Recorder(NoProgress):
    """A Progress that remembers each stage: [name, total, steps done]."""

    def __init__(self) -> None:
        self.stages: list[list[object]] = []

    def stage(self, name: str, total: int | None = None) -> None:
        self.stages.append([name, total, 0])

    def advance(self, n: int = 1) -> None:
        self.stages[-1][2] += n  # type: ignore[operator]


def test_load_and_check_report_every_stage_to_completion() -> None:
    from pathlib import Path

    import discrepancy as dy

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    bar = Recorder()
    claims = dy.load(seeds, progress=bar)
    dy.check(claims, progress=bar)
    assert [s[0] for s in bar.stages] == ["parsing", "grouping", "rules", "consensus"]
    for name, total, done in bar.stages:
        assert total == done, name
    assert bar.stages[0][1] == len(list(seeds.glob("*.yaml")))
