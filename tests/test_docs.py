"""Every public warehouse name and CLI command is documented in the README."""

import re

from conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")
PUBLIC = [
    "documents", "figures", "areas", "quarantine", "pipeline_runs", "quality_results",
    "return_events", "cumulative_returns_by_area", "cumulative_returns_by_district",
]  # fmt: skip


def test_every_public_table_and_view_is_documented():
    assert [name for name in PUBLIC if f"`{name}`" not in README] == []


def test_every_cli_command_is_documented():
    from returnwatch.cli import app

    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert commands and [c for c in commands if f"`returnwatch {c}" not in README] == []


def test_quick_start_is_exactly_two_commands_and_ci_runs_the_second():
    block = re.search(r"## Quick start.*?```bash\n(.*?)```", README, re.DOTALL).group(1)
    commands = [line for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert commands[1] in (PROJECT / ".ci" / "run").read_text()
