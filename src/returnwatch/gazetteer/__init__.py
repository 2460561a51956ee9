"""The gazetteer: places as data files (areas, aliases, household sizes) and a small resolver.

    from returnwatch.gazetteer import Gazetteer
    gaz = Gazetteer.load()
    gaz.resolve("Third Residential area", within="ly-sirte").area_id  # "ly-sirte-d3"

The data files and their sources are described in `data/README.md`.
"""

from returnwatch.gazetteer.gazetteer import Gazetteer
from returnwatch.gazetteer.model import (
    KINDS,
    Alias,
    Area,
    GazetteerDataError,
    HouseholdSize,
    Mention,
    Resolution,
)
from returnwatch.gazetteer.resolve import FUZZY_THRESHOLD

__all__ = [
    "FUZZY_THRESHOLD",
    "KINDS",
    "Alias",
    "Area",
    "Gazetteer",
    "GazetteerDataError",
    "HouseholdSize",
    "Mention",
    "Resolution",
]
