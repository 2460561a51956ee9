"""A figure as ``returnwatch extract`` prints it: its record plus where its area lies."""

from __future__ import annotations

from typing import Any

from returnwatch.extract.figure import Figure
from returnwatch.gazetteer import Gazetteer


def describe(figure: Figure, gazetteer: Gazetteer) -> dict[str, Any]:
    record = figure.record()
    area = gazetteer.area(figure.area_id) if figure.area_id else None
    settlement = gazetteer.nearest(figure.area_id, "settlement") if figure.area_id else None
    record.update(
        area_name=area.name if area else None,
        settlement=settlement.name if settlement else None,
        country=area.country if area else None,
        span=[figure.span_start, figure.span_end],
        event_date=figure.event_date.isoformat() if figure.event_date else None,
    )
    return record
