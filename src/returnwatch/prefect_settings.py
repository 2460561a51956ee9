"""The Prefect settings returnwatch ships: what it sets before Prefect is imported, and the
settings a one-off run (``returnwatch run``, ``rebuild``) runs its flow under.

Each is a documented Prefect, GX or Arrow setting; the user's own environment wins over the
defaults set here. See docs/speed.md for what each one saves.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

ENVIRONMENT_DEFAULTS = {
    # Usage analytics: no network calls, and no "database is locked" log on SQLite.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false",
    # Prefect's client-side telemetry honours the DO_NOT_TRACK convention.
    "DO_NOT_TRACK": "1",
    # Arrow's default pool (mimalloc) asks this VM for fresh pages on every big table read:
    # the system allocator extracted a 1M-row HXL table with ~0.9 s less CPU and ~200 MB
    # less peak memory (read when pyarrow is first imported).
    "ARROW_DEFAULT_MEMORY_POOL": "system",
}

RUN_SETTINGS = {
    # Flow-run heartbeats only feed automations that mark crashed deployment runs; the
    # engine joins the heartbeat thread on exit, and that thread sleeps in 1 s steps, so
    # every flow run waited ~1 s for nothing. Deployments served by `returnwatch serve`
    # keep Prefect's default.
    "flows.heartbeat_frequency": None,
}
"""Setting (``group.name``) -> value, for the flow of ``one_off_run``."""


def set_environment_defaults() -> None:
    """Set the defaults above where the environment does not; before importing Prefect/GX."""
    for name, value in ENVIRONMENT_DEFAULTS.items():
        os.environ.setdefault(name, value)


@contextmanager
def one_off_run() -> Iterator[None]:
    """Prefect settings for a flow called once from the command line (see RUN_SETTINGS).

    The current settings with those values replaced, entered as Prefect's settings context.
    Not ``prefect.settings.temporary_settings``: it validates a whole new settings object,
    reading every source again (environment, profiles, ``.env`` and TOML files), 25-150 ms
    of CPU on the run's way to its flow, for values already read at Prefect's import."""
    from prefect.context import SettingsContext, get_settings_context

    context = get_settings_context()
    settings = context.settings
    groups: dict[str, dict] = {}
    for key, value in RUN_SETTINGS.items():
        group, name = key.split(".")
        groups.setdefault(group, {})[name] = value
    updated = settings.model_copy(
        update={
            group: getattr(settings, group).model_copy(update=values)
            for group, values in groups.items()
        }
    )
    with SettingsContext(profile=context.profile, settings=updated):
        yield
