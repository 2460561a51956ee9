"""How many people (and households) an area could hold: the bound a return figure must stay under.

Figures come from census counts in ``gazetteer/data/area_capacity.csv`` (one row per area
and year, with its source). An area without a row takes the bound of its nearest ancestor
that has one: 1,000,000 families cannot return to a neighbourhood of Sirte when the whole
mantika holds 157,747 people.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

from returnwatch.config import PACKAGE_DIR, PLAUSIBILITY_MARGIN
from returnwatch.gazetteer import Gazetteer

CAPACITY_FILE = PACKAGE_DIR / "gazetteer" / "data" / "area_capacity.csv"


@dataclass(frozen=True)
class Capacity:
    """The census count an area's figures are checked against, and where it comes from."""

    area_id: str
    population: int
    households: int | None
    year: int
    source: str

    def limit(self, unit: str) -> int:
        """The largest plausible figure in ``unit``: households are bounded by the census
        households where known, else by the people (a household holds at least one)."""
        base = self.households if unit == "households" and self.households else self.population
        return int(base * PLAUSIBILITY_MARGIN)

    def describe(self, unit: str) -> str:
        counted = "households" if unit == "households" and self.households else "people"
        base = self.households if counted == "households" else self.population
        return f"{PLAUSIBILITY_MARGIN} x the {base:,} {counted} of {self.area_id} ({self.year})"


def read_capacities() -> dict[str, Capacity]:
    """The latest row per area of area_capacity.csv."""
    latest: dict[str, Capacity] = {}
    with CAPACITY_FILE.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                capacity = Capacity(
                    row["area_id"],
                    int(row["population"]),
                    int(row["households"]) if row["households"] else None,
                    int(row["year"]),
                    row["source"],
                )
            except (KeyError, ValueError) as err:
                raise ValueError(f"{CAPACITY_FILE} line {line}: {err}; fix the row") from None
            held = latest.get(capacity.area_id)
            if held is None or capacity.year > held.year:
                latest[capacity.area_id] = capacity
    return latest


@lru_cache(maxsize=1)
def area_capacities() -> dict[str, Capacity]:
    """Every gazetteer area's bound: its own row, else its nearest ancestor's (if any)."""
    rows = read_capacities()
    gazetteer = Gazetteer.load()
    bounds: dict[str, Capacity] = {}
    for area in gazetteer.areas:
        for candidate in (area, *gazetteer.ancestors(area.area_id)):
            if candidate.area_id in rows:
                bounds[area.area_id] = rows[candidate.area_id]
                break
    return bounds
