"""Reading claim files: safe YAML/JSON readers, the ``load`` function and the claim-file schema."""

from __future__ import annotations

from discrepancy.io.load import EXTENSIONS, load
from discrepancy.io.schema import claim_file_schema
from discrepancy.io.yaml_reader import Limits

__all__ = ["EXTENSIONS", "Limits", "claim_file_schema", "load"]
