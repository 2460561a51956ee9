"""What each return event adds to its area's running total.

A flow adds its quantity, less what its parts given beside it in the same report already
add (a total of 1,600 beside a part of 585 adds 1,015 at its own area). A stock sets the total of its area (with everything below it)
as of its date, so it adds the difference between itself and that total just before:
later flows then add on top, and stocks are never summed with each other. A stock
given as a minimum ("more than 1,600") only ever raises the total; a maximum only
lowers it. Events are taken in date order, flows before stocks on the same day (a
stock as of a day includes that day's flows), deeper areas before their parents.
Households and individuals are reckoned separately.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

MEASURES = ("households", "individuals")


def compute_increments(events: pd.DataFrame, closure: pd.DataFrame) -> pd.DataFrame:
    """``events``: event_id, area_id, event_date, figure_type, qualifier, households,
    individuals, and optionally parts_households, parts_individuals. ``closure``: area_id, ancestor_id, depth. Returns one row per event."""
    columns = ["event_id", "area_id", "event_date", *MEASURES]
    if events.empty:
        return pd.DataFrame(columns=columns)
    below = closure.groupby("ancestor_id")["area_id"].apply(list).to_dict()
    depth = closure.groupby("area_id")["depth"].max().to_dict()
    ordered = events.assign(
        _stock=events["figure_type"].eq("stock"), _depth=events["area_id"].map(depth)
    ).sort_values(
        ["event_date", "_stock", "_depth", "event_id"], ascending=[True, True, False, True]
    )
    totals = {measure: defaultdict(int) for measure in MEASURES}
    rows = []
    for event in ordered.itertuples(index=False):
        row = {"event_id": event.event_id, "area_id": event.area_id, "event_date": event.event_date}
        for measure in MEASURES:
            value = getattr(event, measure)
            if pd.isna(value):
                row[measure] = None
                continue
            step = int(value)
            if event.figure_type == "flow":
                parts = getattr(event, f"parts_{measure}", None)
                step = max(step - (0 if parts is None or pd.isna(parts) else int(parts)), 0)
            else:
                before = sum(
                    totals[measure][area] for area in below.get(event.area_id, [event.area_id])
                )
                step = _stock_step(int(value) - before, event.qualifier)
            totals[measure][event.area_id] += step
            row[measure] = step
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    for measure in MEASURES:
        frame[measure] = frame[measure].astype("Int64")
    return frame


def _stock_step(difference: int, qualifier: str) -> int:
    if qualifier == "min":
        return max(difference, 0)
    if qualifier == "max":
        return min(difference, 0)
    return difference
