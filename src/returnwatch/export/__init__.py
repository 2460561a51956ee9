"""Exports for dashboards, written only from a warehouse that passed its checks."""

from returnwatch.export.gate import export_refusal
from returnwatch.export.write import PendingExport, start_exports, write_exports

__all__ = ["PendingExport", "export_refusal", "start_exports", "write_exports"]
