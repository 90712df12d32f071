"""The report of a check and its renderings (each format renders the JSON report)."""

from __future__ import annotations

from discrepancy.report.report import SCHEMA_VERSION, Report, Skipped

__all__ = ["SCHEMA_VERSION", "Report", "Skipped"]
