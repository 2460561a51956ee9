"""Exports for dashboards, written only from a warehouse that passed its checks."""

from returnwatch.export.gate import export_refusal
from returnwatch.export.write import write_exports

__all__ = ["export_refusal", "write_exports"]
