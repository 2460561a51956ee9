"""The gazetteer's value types: areas, aliases, household sizes and resolution results."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds from the largest to the smallest; a child's kind must come after its parent's.
KINDS: tuple[str, ...] = (
    "country",
    "region",
    "mantika",
    "baladiya",
    "settlement",
    "district",
    "neighbourhood",
)
KIND_RANK: dict[str, int] = {kind: rank for rank, kind in enumerate(KINDS)}


class GazetteerDataError(ValueError):
    """A gazetteer data file is malformed; the message names the file and the rows."""


@dataclass(frozen=True)
class Area:
    """One place: an OCHA P-coded admin unit or one of the project's own areas below them."""

    area_id: str
    name: str
    name_ar: str | None
    kind: str
    parent_id: str | None
    country: str
    pcode: str | None
    admin_level: int | None


@dataclass(frozen=True)
class Alias:
    """Another spelling of an area's name, scoped to its parent (`parent_key` = `id|Name`)."""

    parent_key: str
    alias: str
    area_id: str
    lang: str


@dataclass(frozen=True)
class HouseholdSize:
    """Average persons per household for a country and year, with its citation."""

    size: float
    year: int
    source: str


@dataclass(frozen=True)
class Resolution:
    """How a place text was matched to an area.

    `method` is one of `alias`, `normalised`, `fuzzy`, `ambiguous`, `unresolved`;
    `matched` is the alias (as written in the data) that matched, and `candidates`
    the areas that alias could name (several when the result is `ambiguous`).
    """

    area_id: str | None
    method: str
    score: float
    matched: str | None = None
    candidates: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.area_id is not None


@dataclass(frozen=True)
class Mention:
    """A known place name found in free text: `text[start:end]` and the areas it may name."""

    start: int
    end: int
    text: str
    candidates: tuple[str, ...]
