"""Claims as tables: ``check_table`` over polars / pandas / pyarrow tables, and
``read_table`` for CSV, Parquet and Arrow files (needs ``discrepancy[table]``)."""

from __future__ import annotations

from discrepancy.table.check import check_table, check_table_file
from discrepancy.table.columns import COLUMNS
from discrepancy.table.read import TABLE_EXTENSIONS, is_table_path, read_table

__all__ = [
    "COLUMNS",
    "TABLE_EXTENSIONS",
    "check_table",
    "check_table_file",
    "is_table_path",
    "read_table",
]
