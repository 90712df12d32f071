"""``python -m discrepancy``: the same as the ``discrepancy`` command."""

from discrepancy.cli import _entry

_entry()
