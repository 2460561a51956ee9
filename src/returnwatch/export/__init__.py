"""Exports for dashboards, written only from a warehouse that passed its checks.

The names below are imported from their modules on first use (PEP 562): importing a light
submodule (``export.target``, which ``returnwatch run`` asks before any work) must not
import the writers with pandas and DuckDB, on the run's critical path before its check
worker starts.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "PendingExport": "write",
    "export_refusal": "gate",
    "start_exports": "write",
    "write_exports": "write",
}
"""Public name -> the module of this package that defines it."""

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:  # a submodule not imported yet, or a typo
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
