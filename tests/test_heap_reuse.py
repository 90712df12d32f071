"""A table check keeps freed array memory for reuse (glibc) and sets malloc's thresholds
back once the last overlapping check is done."""

from __future__ import annotations

import threading

import pytest

from discrepancy import heap_reuse
from discrepancy.heap_reuse import (
    AFTER_MMAP_THRESHOLD,
    AFTER_TRIM_THRESHOLD,
    CHECK_MMAP_THRESHOLD,
    CHECK_TRIM_THRESHOLD,
    M_MMAP_THRESHOLD,
    M_TRIM_THRESHOLD,
    reused_heap,
)


class _Recorder:
    """Stands in for the C library: records each call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, int]] = []

    def mallopt(self, param: int, value: int) -> int:
        self.calls.append(("mallopt", param, value))
        return 1

    def malloc_trim(self, pad: int) -> int:
        self.calls.append(("malloc_trim", pad, 0))
        return 1


CHECK = [
    ("mallopt", M_MMAP_THRESHOLD, CHECK_MMAP_THRESHOLD),
    ("mallopt", M_TRIM_THRESHOLD, CHECK_TRIM_THRESHOLD),
]
AFTER = [
    ("mallopt", M_MMAP_THRESHOLD, AFTER_MMAP_THRESHOLD),
    ("mallopt", M_TRIM_THRESHOLD, AFTER_TRIM_THRESHOLD),
    ("malloc_trim", 0, 0),
]


def test_thresholds_are_set_once_for_nested_bodies_and_after_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    libc = _Recorder()
    monkeypatch.setattr(heap_reuse, "_LIBC", libc)
    with reused_heap():
        assert libc.calls == CHECK
        with reused_heap():  # nested: the outer one sets them back
            pass
        assert libc.calls == CHECK
    assert libc.calls == CHECK + AFTER
    with pytest.raises(RuntimeError), reused_heap():
        raise RuntimeError
    assert libc.calls == (CHECK + AFTER) * 2


def test_overlapping_checks_on_threads_set_them_back_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A enters, B enters, A leaves (B still inside: unchanged), B leaves: set back
    libc = _Recorder()
    monkeypatch.setattr(heap_reuse, "_LIBC", libc)
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[int] = []

    def a() -> None:
        with reused_heap():
            a_in.set()
            b_in.wait()
        a_out.set()

    def b() -> None:
        a_in.wait()
        with reused_heap():
            b_in.set()
            a_out.wait()
            seen.append(len(libc.calls))

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [len(CHECK)]
    assert libc.calls == CHECK + AFTER


def test_without_glibc_the_body_runs_untouched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heap_reuse, "_LIBC", None)
    with reused_heap():
        ran = True
    assert ran


def test_the_real_library_takes_the_calls() -> None:
    # on glibc the calls go through (numbers are the same either way); elsewhere a no-op
    with reused_heap():
        data = bytearray(CHECK_MMAP_THRESHOLD // 8)
    assert len(data) == CHECK_MMAP_THRESHOLD // 8
