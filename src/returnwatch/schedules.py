"""Schedules of the sources file: one group per distinct (cron, timezone), and when it runs."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime

from returnwatch.sources import SourceConfig


@dataclass(frozen=True)
class ScheduleGroup:
    """The sources that share one cron schedule in one timezone: one Prefect deployment."""

    cron: str
    timezone: str
    source_ids: tuple[str, ...]

    @property
    def deployment_name(self) -> str:
        """A stable, readable name: ``returnwatch-0-6-x-x-x-africa-tripoli``."""
        text = f"{self.cron} {self.timezone}".replace("*", "x").lower()
        return "returnwatch-" + re.sub(r"[^a-z0-9]+", "-", text).strip("-")

    def next_runs(self, n: int, after: datetime) -> list[datetime]:
        """The next ``n`` run times after ``after`` (timezone-aware), as Prefect computes them."""
        from prefect.server.schemas.schedules import CronSchedule

        schedule = CronSchedule(cron=self.cron, timezone=self.timezone)
        return list(asyncio.run(schedule.get_dates(n, start=after)))


def schedule_groups(sources: list[SourceConfig]) -> list[ScheduleGroup]:
    """Group the scheduled sources by (cron, timezone), in the order of the file."""
    groups: dict[tuple[str, str], list[str]] = {}
    for source in sources:
        if source.schedule:
            groups.setdefault((source.schedule, source.timezone), []).append(source.id)
    return [ScheduleGroup(cron, tz, tuple(ids)) for (cron, tz), ids in groups.items()]
