"""Shared test settings.

Hypothesis explores new random examples on every local run (the way to find bugs), but in CI
(``CI`` set) it is derandomized: the same examples every run, so a landing never depends on
the draw. A failure found locally is pinned as an explicit example or test.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
