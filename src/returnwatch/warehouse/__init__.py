"""The DuckDB warehouse: schema, loading, derived views, and safe connections."""

from returnwatch.warehouse.connect import WarehouseLocked, connect
from returnwatch.warehouse.derive import derive, read_frames
from returnwatch.warehouse.load import ensure_schema, load_tables

__all__ = ["WarehouseLocked", "connect", "derive", "ensure_schema", "load_tables", "read_frames"]
