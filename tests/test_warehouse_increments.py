"""The set-based increments (SQL by depth, numpy along each area's stocks) equal the rule
read literally: events one by one in order, each stock looking at the totals below it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from returnwatch.warehouse.increments import MEASURES, compute_increments

PARENTS = {"r": None, "a": "r", "b": "r", "a1": "a", "a2": "a", "b1": "b", "a1x": "a1"}


def closure() -> pd.DataFrame:
    pairs = []
    for area in PARENTS:
        chain, current = [], area
        while current:
            chain.append(current)
            current = PARENTS[current]
        pairs += [(area, ancestor, depth) for depth, ancestor in enumerate(chain)]
    return pd.DataFrame(pairs, columns=["area_id", "ancestor_id", "depth"])


def sequential(events: pd.DataFrame, closure: pd.DataFrame) -> dict[str, tuple]:
    """The module docstring's rule, one event at a time (the reference)."""
    below = closure.groupby("ancestor_id")["area_id"].apply(list).to_dict()
    depth = closure.groupby("area_id")["depth"].max().to_dict()
    ordered = sorted(
        events.itertuples(index=False),
        key=lambda e: (
            e.event_date,
            e.figure_type == "stock",
            -depth[e.area_id],
            # stocks of one area and day: the one known last, then the larger, taken last
            *(_nulls_first(getattr(e, key)) for key in ("stock_known_on", *MEASURES)),
            e.event_id,
        ),
    )
    totals = {m: defaultdict(int) for m in MEASURES}
    result = {}
    for i, event in enumerate(ordered):
        steps = []
        for measure in MEASURES:
            value = getattr(event, measure)
            if pd.isna(value):
                steps.append(None)
                continue
            value = int(value)
            if event.figure_type == "stock" and any(
                later.figure_type == "stock"
                and (later.area_id, later.event_date) == (event.area_id, event.event_date)
                and later.qualifier not in ("min", "max")
                and not pd.isna(getattr(later, measure))
                for later in ordered[i + 1 :]
            ):
                steps.append(0)  # a stock of its day taken after it sets this total
                continue
            if event.figure_type == "flow":
                parts = getattr(event, f"parts_{measure}")
                step = max(value - (0 if pd.isna(parts) else int(parts)), 0)
            else:
                difference = value - sum(totals[measure][a] for a in below[event.area_id])
                step = {"min": max(difference, 0), "max": min(difference, 0)}.get(
                    event.qualifier, difference
                )
            totals[measure][event.area_id] += step
            steps.append(step)
        result[event.event_id] = tuple(steps)
    return result


def _nulls_first(value) -> tuple:
    return (False, 0) if pd.isna(value) else (True, value)


quantity = st.one_of(st.none(), st.integers(0, 5000))
event = st.tuples(
    st.sampled_from(sorted(PARENTS)),
    st.integers(0, 6),
    st.sampled_from(["flow", "stock"]),
    st.sampled_from(["exact", "approx", "min", "max"]),
    quantity,
    quantity,
    st.one_of(st.none(), st.integers(0, 3000)),
    st.one_of(st.none(), st.integers(0, 2)),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(event, min_size=1, max_size=30), st.sampled_from([1, 2, 3, 7, 500_000]))
def test_set_based_increments_equal_the_sequential_rule(drawn, walk_rows):
    """Also when the stocks are walked in batches of a few (whole) areas at a time."""
    events = pd.DataFrame(
        [
            (
                f"e{i:02}", area, date(2020, 1, 1) + timedelta(days=day), kind, qualifier, h, n,
                p, None, None if known is None else date(2020, 2, 1) + timedelta(days=known),
            )
            for i, (area, day, kind, qualifier, h, n, p, known) in enumerate(drawn)
        ],
        columns=[
            "event_id", "area_id", "event_date", "figure_type", "qualifier",
            "households", "individuals", "parts_households", "parts_individuals",
            "stock_known_on",
        ],
    )  # fmt: skip
    result = compute_increments(events, closure(), walk_rows)
    got = {
        row.event_id: tuple(
            None if pd.isna(v) else int(v) for v in (row.households, row.individuals)
        )
        for row in result.itertuples()
    }
    assert got == sequential(events, closure())
