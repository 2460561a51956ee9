"""Read and validate the gazetteer's data files (areas, aliases, household sizes).

Every problem found is reported at once, each naming the file, its line (the header is
line 1) and what to fix, in one `GazetteerDataError`.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from returnwatch.gazetteer.model import (
    KIND_RANK,
    KINDS,
    Alias,
    Area,
    GazetteerDataError,
    HouseholdSize,
)
from returnwatch.gazetteer.normalise import is_numeric, key, surface

AREAS_FILE = "areas.csv"
ALIASES_FILE = "aliases.csv"
HOUSEHOLD_SIZES_FILE = "household_sizes.csv"
AREA_COLUMNS = (
    "area_id",
    "name",
    "name_ar",
    "kind",
    "parent_id",
    "country",
    "pcode",
    "admin_level",
    "source",
)
ALIAS_COLUMNS = ("parent_key", "alias", "area_id", "lang")
HOUSEHOLD_COLUMNS = ("country", "year", "household_size", "source")

_OWN_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE_ID = re.compile(r"^[A-Z]{2,3}[0-9]*$")
_PCODE = re.compile(r"^[A-Z]{2}[0-9]+$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]+)?$")


@dataclass
class GazetteerData:
    """The validated contents of one data directory."""

    areas: dict[str, Area]
    sources: dict[str, str]
    aliases: tuple[Alias, ...]
    household_sizes: dict[tuple[str, int], HouseholdSize]


@dataclass
class _Problems:
    messages: list[str] = field(default_factory=list)

    def add(self, where: str, line: int, message: str) -> None:
        self.messages.append(f"{where}, line {line}: {message}")

    def raise_if_any(self) -> None:
        if self.messages:
            count = len(self.messages)
            head = f"{count} problem{'s' if count > 1 else ''} in the gazetteer data files:"
            raise GazetteerDataError("\n".join([head, *self.messages]))


def package_data_dir() -> Traversable:
    """The data directory shipped inside the package."""
    return resources.files("returnwatch.gazetteer").joinpath("data")


def load_data(data_dir: str | os.PathLike[str] | Traversable | None = None) -> GazetteerData:
    """Read and validate the three data files of `data_dir` (default: the package's own)."""
    directory = package_data_dir() if data_dir is None else _as_dir(data_dir)
    problems = _Problems()
    area_rows = _read_rows(directory, AREAS_FILE, AREA_COLUMNS)
    areas, sources = _parse_areas(area_rows, _where(directory, AREAS_FILE), problems)
    alias_rows = _read_rows(directory, ALIASES_FILE, ALIAS_COLUMNS)
    aliases = _parse_aliases(alias_rows, areas, _where(directory, ALIASES_FILE), problems)
    size_rows = _read_rows(directory, HOUSEHOLD_SIZES_FILE, HOUSEHOLD_COLUMNS)
    sizes = _parse_sizes(size_rows, areas, _where(directory, HOUSEHOLD_SIZES_FILE), problems)
    problems.raise_if_any()
    return GazetteerData(areas, sources, aliases, sizes)


def _as_dir(data_dir: str | os.PathLike[str] | Traversable) -> Traversable:
    if isinstance(data_dir, (str, os.PathLike)):
        return Path(data_dir)
    return data_dir


def _where(directory: Traversable, filename: str) -> str:
    return str(directory.joinpath(filename))


def _read_rows(
    directory: Traversable, filename: str, columns: tuple[str, ...]
) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a CSV file whose header must be exactly `columns`."""
    path = directory.joinpath(filename)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise GazetteerDataError(f"{path}: file not found; the gazetteer needs it") from error
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    if tuple(header) != columns:
        raise GazetteerDataError(
            f"{path}, line 1: header is {','.join(header)!r}; it must be {','.join(columns)!r}"
        )
    rows = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(columns):
            raise GazetteerDataError(
                f"{path}, line {reader.line_num}: {len(values)} fields, expected {len(columns)}"
                " (quote fields that contain commas)"
            )
        rows.append((reader.line_num, {c: v.strip() for c, v in zip(columns, values, strict=True)}))
    return rows


def _parse_areas(
    rows: list[tuple[int, dict[str, str]]], where: str, problems: _Problems
) -> tuple[dict[str, Area], dict[str, str]]:
    areas: dict[str, Area] = {}
    sources: dict[str, str] = {}
    lines: dict[str, int] = {}
    pcodes: dict[str, str] = {}
    for line, row in rows:
        area = _parse_area(row, line, where, problems)
        if area is None:
            continue
        if area.area_id in areas:
            problems.add(
                where,
                line,
                f"duplicate area_id {area.area_id!r} (first on line "
                f"{lines[area.area_id]}); ids must be unique",
            )
            continue
        if area.pcode and area.pcode in pcodes:
            owner = pcodes[area.pcode]
            problems.add(where, line, f"pcode {area.pcode!r} is already the pcode of {owner!r}")
        if area.pcode:
            pcodes[area.pcode] = area.area_id
        areas[area.area_id] = area
        sources[area.area_id] = row["source"]
        lines[area.area_id] = line
    for area_id, area in areas.items():
        _check_parent(area, areas, lines[area_id], where, problems)
    _check_cycles(areas, lines, where, problems)
    return areas, sources


def _parse_area(row: dict[str, str], line: int, where: str, problems: _Problems) -> Area | None:
    area_id, kind, country = row["area_id"], row["kind"], row["country"]
    errors = []
    if not (_OWN_ID.match(area_id) or _CODE_ID.match(area_id)):
        errors.append(f"area_id {area_id!r} must be a P-code (LY0208) or a lowercase slug")
    if not row["name"]:
        errors.append("name is empty")
    if kind not in KIND_RANK:
        errors.append(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if not _COUNTRY.match(country):
        errors.append(f"country {country!r} must be an ISO 3166 alpha-3 code such as LBY")
    if row["pcode"] and not _PCODE.match(row["pcode"]):
        errors.append(f"pcode {row['pcode']!r} is not a P-code such as LY0208")
    if not row["source"]:
        errors.append("source is empty; cite where the area comes from")
    level = row["admin_level"]
    if level and not level.isdigit():
        errors.append(f"admin_level {level!r} must be a whole number or empty")
    for error in errors:
        problems.add(where, line, f"area {area_id!r}: {error}")
    if errors:
        return None
    return Area(
        area_id=area_id,
        name=row["name"],
        name_ar=row["name_ar"] or None,
        kind=kind,
        parent_id=row["parent_id"] or None,
        country=country,
        pcode=row["pcode"] or None,
        admin_level=int(level) if level else None,
    )


def _check_parent(
    area: Area, areas: dict[str, Area], line: int, where: str, problems: _Problems
) -> None:
    label = f"area {area.area_id!r}"
    if area.parent_id is None:
        if area.kind != "country":
            problems.add(where, line, f"{label} has no parent_id; only a country may have none")
        return
    parent = areas.get(area.parent_id)
    if parent is None:
        problems.add(
            where,
            line,
            f"{label}: parent_id {area.parent_id!r} is not an area in this file; "
            "add the parent row or fix the id",
        )
        return
    if KIND_RANK[parent.kind] >= KIND_RANK[area.kind]:
        problems.add(where, line, f"{label} ({area.kind}) cannot sit under a {parent.kind}")
    if parent.country != area.country:
        problems.add(where, line, f"{label}: country {area.country} differs from its parent's")


def _check_cycles(
    areas: dict[str, Area], lines: dict[str, int], where: str, problems: _Problems
) -> None:
    for area_id in areas:
        seen = {area_id}
        parent_id = areas[area_id].parent_id
        while parent_id in areas:
            if parent_id in seen:
                problems.add(where, lines[area_id], f"area {area_id!r} is its own ancestor")
                break
            seen.add(parent_id)
            parent_id = areas[parent_id].parent_id


def _parse_aliases(
    rows: list[tuple[int, dict[str, str]]],
    areas: dict[str, Area],
    where: str,
    problems: _Problems,
) -> tuple[Alias, ...]:
    aliases: list[Alias] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        alias = Alias(row["parent_key"], row["alias"], row["area_id"], row["lang"])
        error = _alias_error(alias, areas)
        seen_key = (surface(alias.alias), alias.area_id)
        if error is None and seen_key in seen:
            error = f"repeats the alias on line {seen[seen_key]}"
        if error is not None:
            problems.add(where, line, f"alias {alias.alias!r} -> {alias.area_id!r}: {error}")
            continue
        seen[seen_key] = line
        aliases.append(alias)
    return tuple(aliases)


def _alias_error(alias: Alias, areas: dict[str, Area]) -> str | None:
    area = areas.get(alias.area_id)
    if area is None:
        return "area_id is not an area in areas.csv"
    if not key(alias.alias):
        return "alias is empty"
    if is_numeric(surface(alias.alias)) or is_numeric(key(alias.alias)):
        return "a number alone is not a place name; add a word such as 'Hay 700'"
    if surface(alias.alias) in {surface(area.name), surface(area.name_ar or "")}:
        return "repeats the area's own name (names and Arabic names count as aliases already)"
    if not _LANG.match(alias.lang):
        return f"lang {alias.lang!r} must be a language code such as en, ar, fr"
    parent = areas.get(area.parent_id or "")
    if parent is None:
        return None if alias.parent_key == "" else "parent_key must be empty for a country"
    expected = {f"{code}|{parent.name}" for code in (parent.area_id, parent.pcode) if code}
    if alias.parent_key not in expected:
        return f"parent_key {alias.parent_key!r} must be one of {sorted(expected)}"
    return None


def _parse_sizes(
    rows: list[tuple[int, dict[str, str]]],
    areas: dict[str, Area],
    where: str,
    problems: _Problems,
) -> dict[tuple[str, int], HouseholdSize]:
    sizes: dict[tuple[str, int], HouseholdSize] = {}
    for line, row in rows:
        country, year, value = row["country"], row["year"], row["household_size"]
        label = f"{country} {year}"
        if areas.get(country) is None or areas[country].kind != "country":
            problems.add(where, line, f"{label}: country {country!r} is not a country in areas.csv")
            continue
        if not year.isdigit():
            problems.add(where, line, f"{label}: year {year!r} must be a four-digit year")
            continue
        try:
            size = float(value)
        except ValueError:
            size = -1.0
        if not 0 < size <= 30:
            problems.add(where, line, f"{label}: household_size {value!r} must be in (0, 30]")
        elif not row["source"]:
            problems.add(where, line, f"{label}: source is empty; cite where the value comes from")
        elif (country, int(year)) in sizes:
            problems.add(where, line, f"{label}: a second value for the same country and year")
        else:
            sizes[(country, int(year))] = HouseholdSize(size, int(year), row["source"])
    return sizes
