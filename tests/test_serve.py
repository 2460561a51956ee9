"""Schedules: one Prefect deployment per distinct (cron, timezone), registered by
``returnwatch serve`` against the session's test server, run once through ``run_deployment``."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import SAMPLES, returnwatch, rows

from returnwatch.schedules import ScheduleGroup, schedule_groups
from returnwatch.sources import load_sources

SOURCES = """
[[sources]]
id = "samples-a"
kind = "folder"
path = "inbox"
schedule = "0 6 * * *"
timezone = "Africa/Tripoli"

[[sources]]
id = "samples-b"
kind = "folder"
path = "inbox"
schedule = "0 6 * * *"
timezone = "Africa/Tripoli"

[[sources]]
id = "hourly"
kind = "folder"
path = "inbox"
schedule = "15 * * * *"

[[sources]]
id = "by-hand"
kind = "folder"
path = "inbox"
"""


@pytest.fixture
def sources_file(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    sample = next(p for p in sorted(SAMPLES.glob("*.md")) if "README" not in p.name)
    shutil.copy(sample, inbox / sample.name)
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES, encoding="utf-8")
    return path


def test_one_group_per_distinct_schedule_and_timezone(sources_file):
    groups = schedule_groups(load_sources(sources_file))
    assert groups == [
        ScheduleGroup("0 6 * * *", "Africa/Tripoli", ("samples-a", "samples-b")),
        ScheduleGroup("15 * * * *", "UTC", ("hourly",)),
    ]
    assert [g.deployment_name for g in groups] == [
        "returnwatch-0-6-x-x-x-africa-tripoli",
        "returnwatch-15-x-x-x-x-utc",
    ]


def test_next_run_times_follow_the_timezone_and_its_clock_changes():
    tripoli = ScheduleGroup("0 6 * * *", "Africa/Tripoli", ("a",))
    runs = tripoli.next_runs(2, datetime(2026, 11, 23, 12, tzinfo=UTC))
    assert [r.astimezone(UTC) for r in runs] == [  # Tripoli is UTC+2 all year
        datetime(2026, 11, 24, 4, tzinfo=UTC),
        datetime(2026, 11, 25, 4, tzinfo=UTC),
    ]
    london = ScheduleGroup("0 9 * * 1", "Europe/London", ("b",))
    runs = london.next_runs(2, datetime(2026, 3, 20, tzinfo=UTC))
    assert [r.astimezone(UTC) for r in runs] == [  # summer time starts on 29 March 2026
        datetime(2026, 3, 23, 9, tzinfo=UTC),
        datetime(2026, 3, 30, 8, tzinfo=UTC),
    ]


def test_serve_list_prints_schedules_and_refuses_files_without_any(sources_file, tmp_path):
    listed = returnwatch("serve", "--sources", str(sources_file), "--list")
    assert listed.returncode == 0, listed.stderr
    assert "returnwatch-0-6-x-x-x-africa-tripoli: '0 6 * * *' Africa/Tripoli" in listed.stdout
    unscheduled = tmp_path / "none.toml"
    unscheduled.write_text('[[sources]]\nid = "x"\nkind = "folder"\npath = "inbox"\n')
    refused = returnwatch("serve", "--sources", str(unscheduled), "--list")
    assert refused.returncode == 2 and "no source has a schedule" in refused.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text(SOURCES.replace('"15 * * * *"', '"every hour"'))
    refused = returnwatch("serve", "--sources", str(bad), "--list")
    assert refused.returncode == 2 and f"{bad}:20:" in refused.stderr, refused.stderr


@pytest.mark.prefect
def test_serve_registers_the_deployments_and_one_runs(prefect_server, sources_file, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    command = [
        str(Path(sys.executable).with_name("returnwatch")),
        "serve",
        "--sources",
        str(sources_file),
        "--warehouse",
        str(warehouse),
        "--archive",
        str(tmp_path / "archive"),
        "--exports",
        str(tmp_path / "exports"),
    ]
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deployments = _wait_for_deployments(
            ["returnwatch-0-6-x-x-x-africa-tripoli", "returnwatch-15-x-x-x-x-utc"], server
        )
        tripoli, hourly = deployments
        (schedule,) = tripoli.schedules
        assert (schedule.schedule.cron, schedule.schedule.timezone) == (
            "0 6 * * *",
            "Africa/Tripoli",
        )
        assert schedule.active
        assert tripoli.parameters["source_ids"] == ["samples-a", "samples-b"]
        assert tripoli.parameters["warehouse"] == str(warehouse)
        assert hourly.schedules[0].schedule.timezone == "UTC"
        assert hourly.parameters["source_ids"] == ["hourly"]

        from prefect.deployments import run_deployment

        flow_run = run_deployment(
            "scheduled_returns_pipeline/returnwatch-15-x-x-x-x-utc", timeout=300, poll_interval=2
        )
        assert flow_run.state.is_completed(), (flow_run.state, (tmp_path / "serve.log").read_text())
        assert rows(warehouse, "select distinct source_id from documents") == [("hourly",)]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()


def _wait_for_deployments(names: list[str], server: subprocess.Popen) -> list:
    from prefect.client.orchestration import get_client

    async def read():
        async with get_client() as client:
            return [
                await client.read_deployment_by_name(f"scheduled_returns_pipeline/{n}")
                for n in names
            ]

    deadline = time.monotonic() + 180
    while True:
        try:
            return asyncio.run(read())
        except Exception:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(2)
