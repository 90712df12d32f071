"""Small statistics the reports need: the Wilson score interval of a proportion."""

from __future__ import annotations

import math


def wilson_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """The Wilson score interval for ``k`` successes out of ``n`` (95 % for ``z=1.96``).

    Unlike the normal approximation it stays inside [0, 1] and is wide for small ``n``, so
    1/1 reads as "somewhere between 0.21 and 1" while 40/40 reads as "at least 0.91".
    Returns ``None`` when ``n == 0`` (nothing to estimate).

    Raises:
        ValueError: when ``k`` is not within 0..n or ``z`` is negative.
    """
    if n < 0 or not 0 <= k <= n:
        msg = f"wilson_interval needs 0 <= k <= n (got k={k!r}, n={n!r})"
        raise ValueError(msg)
    if z < 0:
        msg = f"wilson_interval needs z >= 0 (got z={z!r})"
        raise ValueError(msg)
    if n == 0:
        return None
    p = k / n
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return low, high


__all__ = ["wilson_interval"]
