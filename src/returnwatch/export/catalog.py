"""The export catalog (``catalog.toml``): each CSV's columns, types, units, hashtags and keys."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CATALOG_FILE = Path(__file__).with_name("catalog.toml")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    hxl: str
    description: str
    unit: str | None = None


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    primary_key: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def csv_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def hxl_name(self) -> str:
        return f"{self.name}.hxl.csv"


@dataclass(frozen=True)
class Catalog:
    package: dict
    resources: tuple[Resource, ...]


@cache
def load_catalog(path: Path = CATALOG_FILE) -> Catalog:
    """Read the catalog once per process."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    resources = tuple(
        Resource(
            name=r["name"],
            title=r["title"],
            description=r["description"],
            primary_key=tuple(r["primary_key"]),
            columns=tuple(Column(**f) for f in r["fields"]),
        )
        for r in data["resources"]
    )
    return Catalog(package=data["package"], resources=resources)
