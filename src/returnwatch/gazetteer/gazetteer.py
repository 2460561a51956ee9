"""The `Gazetteer`: areas, their hierarchy, name resolution and household sizes, from data files."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from returnwatch.gazetteer.hierarchy import Hierarchy
from returnwatch.gazetteer.load import AREA_COLUMNS, HOUSEHOLD_COLUMNS, GazetteerData, load_data
from returnwatch.gazetteer.mentions import MentionFinder
from returnwatch.gazetteer.model import Area, HouseholdSize, Mention, Resolution
from returnwatch.gazetteer.resolve import Resolver, alias_texts


class Gazetteer:
    """Places known to returnwatch. Build it with `Gazetteer.load()`."""

    def __init__(self, data: GazetteerData) -> None:
        self._data = data
        self._areas = data.areas
        self._hierarchy = Hierarchy(data.areas)
        self._resolver = Resolver(data.areas, data.aliases, self._hierarchy)
        order = {area_id: rank for rank, area_id in enumerate(data.areas)}
        self._mentions = MentionFinder(alias_texts(data.areas, data.aliases), order)
        self._resolved: dict[tuple[str, str | None], Resolution] = {}

    @classmethod
    def load(cls, data_dir: str | os.PathLike[str] | None = None) -> Gazetteer:
        """The gazetteer of `data_dir` (default: the package's data files), read once and cached.

        Raises `GazetteerDataError` naming the file and line of every problem found.
        """
        return _load_cached(None if data_dir is None else str(Path(data_dir).resolve()))

    @property
    def areas(self) -> tuple[Area, ...]:
        """Every area, in the order of areas.csv."""
        return tuple(self._areas.values())

    def has(self, area_id: str | None) -> bool:
        """True when `area_id` is an area id (P-coded areas use their P-code as id)."""
        return area_id is not None and area_id in self._areas

    def area(self, area_id: str) -> Area:
        """The area with this id; KeyError when there is none."""
        try:
            return self._areas[area_id]
        except KeyError:
            raise KeyError(f"{area_id!r} is not an area of the gazetteer") from None

    def ancestors(self, area_id: str) -> list[Area]:
        """The areas above `area_id`, its parent first, up to the country."""
        self.area(area_id)
        return [self._areas[parent] for parent in self._hierarchy.ancestor_ids(area_id)]

    def nearest(self, area_id: str, kind: str) -> Area | None:
        """`area_id` itself or its closest ancestor of this kind (e.g. "settlement"), if any."""
        for area in (self.area(area_id), *self.ancestors(area_id)):
            if area.kind == kind:
                return area
        return None

    def is_within(self, area_id: str, ancestor_id: str) -> bool:
        """True when `area_id` is `ancestor_id` or lies below it."""
        self.area(area_id)
        self.area(ancestor_id)
        return self._hierarchy.is_within(area_id, ancestor_id)

    def resolve(self, text: str, within: str | None = None) -> Resolution:
        """Match place text to one area; `within` prefers, and alone allows fuzzy, areas in it."""
        found = self._resolved.get((text, within))
        if found is None:
            if len(self._resolved) > 50_000:  # the same place names recur; bound the memory
                self._resolved.clear()
            found = self._resolved[(text, within)] = self._resolver.resolve(text, within)
        return found

    def find_mentions(self, text: str) -> list[Mention]:
        """Every known place name in free text, longest first, non-overlapping, in text order."""
        return self._mentions.find(text)

    def household_size(self, country: str, year: int) -> HouseholdSize | None:
        """The household size of the nearest year at or before `year`, else the nearest after."""
        years = sorted(y for c, y in self._data.household_sizes if c == country)
        if not years:
            return None
        before = [y for y in years if y <= year]
        chosen = before[-1] if before else years[0]
        return self._data.household_sizes[(country, chosen)]

    def areas_frame(self) -> pd.DataFrame:
        """The rows of areas.csv, typed for the warehouse `areas` table."""
        rows = [
            {
                "area_id": area.area_id,
                "name": area.name,
                "name_ar": area.name_ar,
                "kind": area.kind,
                "parent_id": area.parent_id,
                "country": area.country,
                "pcode": area.pcode,
                "admin_level": area.admin_level,
                "source": self._data.sources[area.area_id],
            }
            for area in self._areas.values()
        ]
        frame = pd.DataFrame(rows, columns=list(AREA_COLUMNS))
        frame["admin_level"] = frame["admin_level"].astype("Int64")
        return frame

    def household_sizes_frame(self) -> pd.DataFrame:
        """The rows of household_sizes.csv, typed for the warehouse `household_sizes` table."""
        rows = [
            {"country": country, "year": year, "household_size": hs.size, "source": hs.source}
            for (country, year), hs in sorted(self._data.household_sizes.items())
        ]
        frame = pd.DataFrame(rows, columns=list(HOUSEHOLD_COLUMNS))
        return frame.astype({"year": "int64", "household_size": "float64"})


@lru_cache(maxsize=8)
def _load_cached(data_dir: str | None) -> Gazetteer:
    return Gazetteer(load_data(data_dir))
