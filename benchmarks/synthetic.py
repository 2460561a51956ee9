"""Deterministic synthetic inputs for ``benchmarks/run.py``: a gazetteer of 2,000 areas in
the project's data-file format and an HXL-tagged CSV of return figures over them.

The gazetteer is one country (``XBN``, an ISO 3166 user-assigned code, so it can never be
mistaken for a real one), regions (admin1), districts (kind ``district``, the kind the
``cumulative_returns_by_district`` view takes) and municipalities below them. The gazetteer
orders kinds ``country < region < … < district < neighbourhood``, so a municipality below a
district is of kind ``neighbourhood``. Ids are P-code-like (``XB01``, ``XB0103``,
``XB010307``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from returnwatch.gazetteer.load import AREA_COLUMNS

COUNTRY = "XBN"
SOURCE = "synthetic benchmark area (benchmarks/synthetic.py)"
FIRST_DATE = date(2005, 1, 1)
HEADER = "Region,District,Municipality,Municipality code,Date,Round,Households,Source"
TAGS = (
    "#adm1+code,#adm2+code,#loc+name,#loc+code,#date+reported,#round+code,"
    "#affected+returnees+hh,#meta+source"
)


@dataclass(frozen=True)
class Place:
    area_id: str
    name: str
    kind: str
    parent_id: str
    admin_level: int | None
    region: str
    district: str


def places(areas: int = 2000, regions: int = 9, districts: int = 190) -> list[Place]:
    """``areas`` areas: the country, ``regions``, ``districts`` and municipalities for the rest."""
    country = Place(COUNTRY, "Benchmarkia", "country", "", 0, "", "")
    out = [country]
    region_ids = [f"XB{r + 1:02d}" for r in range(regions)]
    out += [Place(rid, f"Region {rid[2:]}", "region", COUNTRY, 1, rid, "") for rid in region_ids]
    district_ids: list[str] = []
    per_region: dict[str, int] = {}
    for d in range(districts):
        region = region_ids[d % regions]
        per_region[region] = per_region.get(region, 0) + 1
        did = f"{region}{per_region[region]:02d}"
        district_ids.append(did)
        out.append(Place(did, f"District {did[2:]}", "district", region, 2, region, did))
    per_district: dict[str, int] = {}
    for m in range(areas - len(out)):
        district = district_ids[m % districts]
        per_district[district] = per_district.get(district, 0) + 1
        mid = f"{district}{per_district[district]:02d}"
        region = district[:4]
        out.append(
            Place(mid, f"Municipality {mid[2:]}", "neighbourhood", district, 3, region, district)
        )
    return out


def write_gazetteer(folder: Path, areas: int = 2000) -> list[Place]:
    """The three data files of a gazetteer (areas, aliases, household sizes) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    found = places(areas)
    with (folder / "areas.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(AREA_COLUMNS)
        for p in found:
            pcode = "" if p.kind == "country" else p.area_id
            level = "" if p.admin_level is None else str(p.admin_level)
            writer.writerow(
                [p.area_id, p.name, "", p.kind, p.parent_id, COUNTRY, pcode, level, SOURCE]
            )
    (folder / "aliases.csv").write_text("parent_key,alias,area_id,lang\n", encoding="utf-8")
    (folder / "household_sizes.csv").write_text(
        f"country,year,household_size,source\n{COUNTRY},2006,6.0,{SOURCE}\n", encoding="utf-8"
    )
    return found


def write_figures(
    path: Path, rows: int, areas: list[Place], dates: int = 5000, part: int = 0
) -> int:
    """An HXL CSV of ``rows`` household stocks: row i is area ``i % len(areas)`` on one of
    ``dates`` days, no area twice on one day. ``part`` makes another file's rows differ
    (other rounds), so several files load as several documents. Returns its size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = len(areas)
    per_area = max(1, dates // max(1, -(-rows // n)))  # spread each area's rows over the days
    lines = [HEADER, TAGS]
    for i in range(rows):
        a, k = i % n, i // n
        p = areas[a]
        day = FIRST_DATE + timedelta(days=(k * per_area + a % per_area) % dates)
        households = 10 + (a * 7 + k * 13 + part * 3) % 990
        lines.append(
            f"{p.region},{p.district},{p.name},{p.area_id},{day.isoformat()},"
            f"R{part * 1000 + k + 1},{households},DTM"
        )
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode())
