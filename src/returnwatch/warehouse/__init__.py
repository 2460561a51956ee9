"""The DuckDB warehouse: schema, loading, derived views, and safe connections.

The names below are imported from their modules on first use (PEP 562), so that
``from returnwatch.warehouse import connect`` or ``WarehouseLocked`` does not import
pandas and the derive with them (a run with nothing new, ``returnwatch sql``).
"""

from __future__ import annotations

import sys
import types

from returnwatch.lazy_names import lazy_names

_EXPORTS = {
    "NotAWarehouse": "connect",
    "WarehouseLocked": "connect",
    "WarehouseUnusable": "connect",
    "connect": "connect",
    "derive": "derive",
    "read_frames": "derive",
    "ensure_schema": "load",
    "load_tables": "load",
}
"""Public name -> the module of this package that defines it."""

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_names(__name__, _EXPORTS, globals())


class _Package(types.ModuleType):
    """Two public functions share their module's name (``connect``, ``derive``). Importing
    such a module makes Python set it as an attribute of this package, which would hide
    the function; the function keeps the name, as it did when it was imported eagerly."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
