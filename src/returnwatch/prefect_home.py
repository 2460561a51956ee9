"""Prepare Prefect's database at set-up, so that the first ``returnwatch run`` does not.

Prefect's temporary server creates its SQLite database in ``PREFECT_HOME`` the first time it
starts: ~5 s of CPU of database migrations and block registrations, once per Prefect home.
``scripts/bootstrap`` runs this module after installing, which starts the temporary server
``returnwatch run`` would start (``prefect_server.TemporaryServer``) and stops it once it
answers: the migrations happen at set-up, as a package's bytecode is compiled at install.

Nothing is done when the database is already there (the server migrates an older one itself
when Prefect is upgraded), when Prefect is pointed at another server, or when its database
is not the default SQLite file.

Run: ``python -m returnwatch.prefect_home``
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from returnwatch.prefect_server import (
    ServerFailed,
    TemporaryServer,
    configured_elsewhere,
    free_port,
)

DATABASE_KEYS = ("PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_SERVER_DATABASE_CONNECTION_URL")


def prefect_home() -> Path:
    """Prefect's home folder, as Prefect finds it when nothing else says so."""
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


def prepare() -> str:
    """Create Prefect's database in its home unless there is nothing to do; what was done."""
    if configured_elsewhere() or any(os.environ.get(key) for key in DATABASE_KEYS):
        return "Prefect is configured to use another server or database: nothing to prepare"
    database = prefect_home() / "prefect.db"
    if database.is_file():
        return f"Prefect's database is ready ({database})"
    server = TemporaryServer(free_port())
    try:
        seconds = server.wait_ready()
    finally:
        server.stop()
    return f"Prefect's database created in {seconds:.1f} s ({database})"


def main() -> int:
    try:
        print(prepare())
    except (ServerFailed, OSError) as error:
        # set-up goes on: the first run creates the database itself, only more slowly
        print(f"could not prepare Prefect's database: {error}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
