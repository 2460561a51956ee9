"""Prefect's temporary server for one ``returnwatch run``, started before the heavy imports.

Prefect starts its temporary (ephemeral) server only when a flow first calls the API, that
is after every import; the server then needs ~8 s of CPU of its own. Started here, first
thing, the server boots in its own process while this one imports pandas, Prefect, pandera
and Great Expectations: on two cores the two overlap. The server is the one Prefect would
start (the same uvicorn command and environment, ``prefect.server.api.server``); the run
reaches it through ``PREFECT_API_URL``, set before Prefect is imported.

Nothing is started when Prefect may be configured to use another server: ``PREFECT_API_URL``
in the environment, in the active profile, or any Prefect setting in ``./prefect.toml``,
``./pyproject.toml`` or ``./.env``; Prefect then decides alone, as it always did.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import random
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

STARTUP_TIMEOUT_SECONDS = 120.0
"""Default wait for the server to answer; PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS
changes it (Prefect's own default, 20 s, is too short on a busy two-core machine)."""
PORTS = range(8000, 9000)
"""Prefect's own range for its temporary server (below the kernel's ephemeral ports)."""
EPHEMERAL_KEYS = ("PREFECT_SERVER_EPHEMERAL_ENABLED", "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE")


class ServerFailed(RuntimeError):
    """The temporary Prefect server did not start."""


class TemporaryServer:
    """A ``prefect.server.api.server`` app under uvicorn on 127.0.0.1, stopped at exit."""

    def __init__(self, port: int):
        self.port = port
        self.api_url = f"http://127.0.0.1:{port}/api"
        command = [
            sys.executable, "-m", "uvicorn",
            "--app-dir", str(_prefect_dir().parent),
            "--factory", "prefect.server.api.server:create_app",
            "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "error", "--lifespan", "on",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            env={
                **os.environ,
                "PREFECT_UI_ENABLED": "0",
                "PREFECT__SERVER_EPHEMERAL": "1",
                "PREFECT__SERVER_FINAL": "1",
            },
        )
        self.started = time.monotonic()

    def wait_ready(self, timeout: float | None = None) -> float:
        """Block until the server answers its health check; the seconds since it started."""
        limit = timeout or float(
            os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS")
            or STARTUP_TIMEOUT_SECONDS
        )
        deadline = self.started + limit
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                raise ServerFailed(
                    f"the temporary Prefect server on port {self.port} exited with code {code} "
                    "before it answered; run again, or start one with `prefect server start` "
                    "and set PREFECT_API_URL"
                )
            if _healthy(self.api_url):
                return time.monotonic() - self.started
            time.sleep(0.05)
        self.stop()
        raise ServerFailed(
            f"the temporary Prefect server did not answer within {limit:.0f} s; set "
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS higher on a busy machine"
        )

    def stop(self) -> None:
        """Stop the server as Prefect does: terminate, then kill after 5 s."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_early() -> TemporaryServer | None:
    """Start the temporary server and point ``PREFECT_API_URL`` at it, unless Prefect may
    be configured otherwise (see the module docstring). Call before importing Prefect."""
    if "prefect" in sys.modules or configured_elsewhere():
        return None
    server = TemporaryServer(free_port())
    # Registered before Prefect is imported, so it runs after Prefect's own exit hooks
    # (they flush logs and events to this server first).
    atexit.register(server.stop)
    os.environ["PREFECT_API_URL"] = server.api_url
    # No "View at <url>" link: this server has no UI and stops when the run ends.
    os.environ.setdefault("PREFECT_UI_URL", "")
    return server


def configured_elsewhere(cwd: Path | None = None) -> bool:
    cwd = cwd or Path.cwd()
    if os.environ.get("PREFECT_API_URL") or os.environ.get("PREFECT_PROFILES_PATH"):
        return True
    if any(os.environ.get(key, "").lower() in {"0", "false"} for key in EPHEMERAL_KEYS):
        return True
    if (cwd / "prefect.toml").is_file():
        return True
    if _mentions(cwd / "pyproject.toml", "tool.prefect") or _mentions(cwd / ".env", "PREFECT_"):
        return True
    profile = _active_profile()
    return "PREFECT_API_URL" in profile or any(
        str(profile.get(key, "true")).lower() in {"0", "false"} for key in EPHEMERAL_KEYS
    )


def _active_profile() -> dict:
    """The settings of the active profile of the user's profiles file (empty without one)."""
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")
    try:
        profiles = tomllib.loads((home / "profiles.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active") or "ephemeral"
    return profiles.get("profiles", {}).get(active, {})


def _mentions(path: Path, text: str) -> bool:
    try:
        return text in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def free_port() -> int:
    for _ in range(20):
        port = random.choice(PORTS)
        with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise ServerFailed("no free port in 8000-8999 for the temporary Prefect server")


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
"""No HTTP proxy between this process and a server on the loopback address."""


def _healthy(api_url: str) -> bool:
    try:
        with _DIRECT.open(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _prefect_dir() -> Path:
    """Prefect's package folder, found without importing Prefect (seconds)."""
    import importlib.util

    spec = importlib.util.find_spec("prefect")
    if spec is None or spec.origin is None:
        raise ServerFailed("Prefect is not installed in this environment")
    return Path(spec.origin).parent
