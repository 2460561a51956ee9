"""Where the exports go when a command is given ``--warehouse`` and no ``--exports``: into
``exports/`` beside that warehouse, never into the project's default folder (which holds the
default warehouse's exports, read by its dashboards)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import returnwatch

STATEMENT = "---\npublished: 2017-02-13\n---\nOn 13 February, 40 families returned to Sirte.\n"


def _home(tmp: Path) -> dict[str, str]:
    """A project folder of its own, so the default exports folder is known and empty."""
    home = tmp / "home"
    home.mkdir()
    (home / "sources.toml").write_text("", encoding="utf-8")
    return {"RETURNWATCH_HOME": str(home)}


@pytest.mark.prefect
def test_run_writes_its_exports_beside_the_warehouse_it_was_given(prefect_server, tmp_path):
    env = _home(tmp_path)
    inbox, scratch = tmp_path / "inbox", tmp_path / "scratch"
    inbox.mkdir()
    (inbox / "sirte.md").write_text(STATEMENT, encoding="utf-8")

    result = returnwatch(
        "run", "--inbox", str(inbox), "--warehouse", str(scratch / "w.duckdb"),
        "--archive", str(tmp_path / "archive"), env=env,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"written to {scratch / 'exports'}" in result.stdout
    assert (scratch / "exports" / "datapackage.json").is_file()
    assert not (tmp_path / "home" / "data" / "warehouse" / "exports").exists()


@pytest.mark.prefect
def test_export_and_status_find_the_folder_beside_the_warehouse(exported_run, tmp_path):
    env = _home(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    shutil.copy(exported_run[0] / "w.duckdb", scratch / "w.duckdb")

    exported = returnwatch("export", "--warehouse", str(scratch / "w.duckdb"), env=env)
    status = returnwatch(
        "status", "--warehouse", str(scratch / "w.duckdb"), "--format", "json", env=env
    )

    assert exported.returncode == 0, exported.stdout + exported.stderr
    assert (scratch / "exports" / "return_events.csv").is_file()
    assert not (tmp_path / "home" / "data" / "warehouse" / "exports").exists()
    assert status.returncode == 0, status.stdout + status.stderr
    exports = json.loads(status.stdout)["exports"]
    assert exports["folder"] == str((scratch / "exports").resolve())
    assert exports["current"] is True
