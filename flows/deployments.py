"""Deployments: one per distinct schedule of the sources file, each running the pipeline over
the sources of that schedule. ``returnwatch serve`` registers and serves them."""

from __future__ import annotations

from pathlib import Path

from prefect import flow
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron

from flows.returns_pipeline import returns_pipeline
from returnwatch.config import RunPaths
from returnwatch.schedules import ScheduleGroup
from returnwatch.sources import load_sources
from returnwatch.warehouse.run_lock import run_lock


@flow(name="scheduled_returns_pipeline")
def scheduled_run(
    sources_file: str, source_ids: list[str], warehouse: str, archive: str, exports: str
):
    """One scheduled run: the named sources of ``sources_file`` (read afresh each time)."""
    wanted = set(source_ids)
    sources = [s for s in load_sources(Path(sources_file)) if s.id in wanted]
    missing = wanted - {s.id for s in sources}
    if missing:
        raise ValueError(
            f"{sources_file}: no source(s) {', '.join(sorted(missing))} any more; "
            "restart returnwatch serve after editing the sources file"
        )
    with run_lock(Path(warehouse)):  # one writer: a scheduled run waits for a manual one
        return returns_pipeline(
            sources=sources,
            warehouse=Path(warehouse),
            archive=Path(archive),
            exports=Path(exports),
            expectations=RunPaths.defaults().expectations,
        )


def deployment_for(group: ScheduleGroup, sources_file: Path, paths: RunPaths) -> RunnerDeployment:
    """The deployment of one schedule group (Cron in its timezone; parameters are plain paths)."""
    return scheduled_run.to_deployment(
        name=group.deployment_name,
        schedules=[Cron(group.cron, timezone=group.timezone)],
        parameters={
            "sources_file": str(sources_file.resolve()),
            "source_ids": list(group.source_ids),
            "warehouse": str(paths.warehouse.resolve()),
            "archive": str(paths.archive.resolve()),
            "exports": str(paths.exports.resolve()),
        },
        description=f"returnwatch sources {', '.join(group.source_ids)} at '{group.cron}' "
        f"({group.timezone})",
        tags=["returnwatch"],
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
