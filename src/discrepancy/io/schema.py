"""The claim-file JSON Schema (draft 2020-12), shipped as ``claim-file.schema.json``.

Editors use it (YAML language server: ``# yaml-language-server: $schema=...``) to complete keys
and flag mistakes while typing; ``discrepancy schema`` prints it. The loader stays the
authority: the test suite checks that the schema's key lists equal :mod:`discrepancy.io.keys`.
"""

from __future__ import annotations

import functools
import json
from importlib.resources import files
from typing import Any, Final

#: File name of the schema inside the package.
SCHEMA_FILE: Final = "claim-file.schema.json"


@functools.cache
def _schema_text() -> str:
    return files("discrepancy").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def claim_file_schema() -> dict[str, Any]:
    """The JSON Schema of a claim file, as a fresh dict (safe to modify)."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


__all__ = ["SCHEMA_FILE", "claim_file_schema"]
