"""Exports for dashboards, written only from a warehouse that passed its checks."""

from returnwatch.export.csv_files import export_csvs

__all__ = ["export_csvs"]
