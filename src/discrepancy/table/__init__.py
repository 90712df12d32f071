"""Claims as tables: ``check_table`` over polars / pandas / pyarrow tables, and
``read_table`` for CSV, Parquet and Arrow files (needs ``discrepancy[table]``)."""

from __future__ import annotations

from discrepancy.table.check import check_table, check_table_file, claims_from_table
from discrepancy.table.columns import COLUMNS
from discrepancy.table.read import TABLE_EXTENSIONS, is_table_path, read_table
from discrepancy.table.sources import SOURCE_COLUMNS, read_sources

__all__ = [
    "COLUMNS",
    "SOURCE_COLUMNS",
    "TABLE_EXTENSIONS",
    "check_table",
    "check_table_file",
    "claims_from_table",
    "is_table_path",
    "read_sources",
    "read_table",
]
