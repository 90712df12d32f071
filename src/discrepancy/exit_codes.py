"""Exit statuses of the command line (DESIGN "CLI and exit codes")."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """What ``discrepancy`` exits with."""

    #: No finding reaches the fail level (``--fail-on``).
    OK = 0
    #: At least one finding reaches the fail level.
    FINDINGS = 1
    #: Usage, configuration or claim-file error; nothing was checked.
    USAGE = 2
