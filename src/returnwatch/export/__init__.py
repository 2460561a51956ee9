"""Exports for dashboards, written only from a warehouse that passed its checks.

The names below are imported from their modules on first use (PEP 562): importing a light
submodule (``export.target``, which ``returnwatch run`` asks before any work) must not
import the writers with pandas and DuckDB, on the run's critical path before its check
worker starts.
"""

from __future__ import annotations

from returnwatch.lazy_names import lazy_names

_EXPORTS = {
    "ExportedRun": "exported_run",
    "PendingExport": "write",
    "export_refusal": "gate",
    "start_exports": "write",
    "write_exports": "write",
}
"""Public name -> the module of this package that defines it."""

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals())
