"""datapackage.json of a real run: `frictionless validate` passes, and it describes every CSV."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from returnwatch.export.catalog import load_catalog

pytestmark = pytest.mark.prefect

FRICTIONLESS = str(Path(sys.executable).with_name("frictionless"))


def validate(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [FRICTIONLESS, "validate", "--json", "datapackage.json"],
        cwd=folder, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_frictionless_validate_passes(exported_run):
    tmp, _ = exported_run
    result = validate(tmp / "exports")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["valid"] is True
    assert len(report["tasks"]) == 2 * len(load_catalog().resources)


def test_every_csv_is_described_with_types_keys_units_and_sources(exported_run):
    tmp, _ = exported_run
    package = json.loads((tmp / "exports" / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"] for r in package["resources"]}
    assert described == {p.name for p in (tmp / "exports").glob("*.csv")}
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    by_name = {r["name"]: r for r in package["resources"]}
    district = by_name["cumulative_returns_by_district"]["schema"]
    assert district["primaryKey"] == ["district_id", "date"]
    fields = {f["name"]: f for f in district["fields"]}
    assert fields["date"]["type"] == "date"
    assert fields["cumulative_households"]["type"] == "integer"
    assert fields["cumulative_households"]["unit"] == "households"
    assert "Unit: households." in fields["cumulative_households"]["description"]
    assert by_name["return_events-hxl"]["dialect"] == {"headerRows": [1], "commentRows": [2]}
    urls = {s.get("path") for s in package["sources"]}
    assert "https://example.org/returns/formula" in urls
    assert (
        len(package["sources"])
        == len((tmp / "exports" / "sources.csv").read_text().splitlines()) - 1
    )


def test_validate_catches_a_broken_file(exported_run, tmp_path):
    """The check above can fail: a non-number in an integer column makes the package invalid."""
    tmp, _ = exported_run
    broken = tmp_path / "exports"
    shutil.copytree(tmp / "exports", broken)
    path = broken / "cumulative_returns_by_district.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[-1] = "many"
    path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    result = validate(broken)
    assert result.returncode != 0
    assert "type-error" in result.stdout
