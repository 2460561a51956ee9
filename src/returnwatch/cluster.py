"""Checks before a run on a Dask cluster (``--task-runner dask``), each failing with what to do.

The scheduler address must be ``tcp://HOST:PORT`` (or ``tls://``), something must listen
there, the scheduler must have workers that run this returnwatch and Prefect version, and
Prefect must point at a real server (``PREFECT_API_URL``): under Prefect's temporary server
each worker would start a temporary server of its own and the flow's task runs would be lost.
"""

from __future__ import annotations

import base64
import ipaddress
import socket
import threading
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

from returnwatch.config import DASK_CONNECT_TIMEOUT_SECONDS

SCALING_DOC = "docs/scaling.md"
CHECKED_PACKAGES = ("returnwatch", "prefect")


class ClusterError(Exception):
    """A distributed run cannot start; the message says why and what to do."""


def check_address(address: str) -> tuple[str, int]:
    """``(host, port)`` of a scheduler address such as ``tcp://10.0.0.5:8786``."""
    advice = f"write it as tcp://HOST:PORT, the address `dask scheduler` prints (see {SCALING_DOC})"
    parts = urlsplit(address)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in {"tcp", "tls"} or not parts.hostname or not port:
        raise ClusterError(f"--dask-address {address!r} is not a scheduler address; {advice}")
    return parts.hostname, port


def check_prefect_api(timeout: float = DASK_CONNECT_TIMEOUT_SECONDS) -> str:
    """The Prefect API URL the workers will report to, once it answers its health check."""
    import httpx
    from prefect.settings import get_current_settings

    api = get_current_settings().api
    url = api.url
    start = (
        "start one with `prefect server start --host 0.0.0.0` and set "
        "PREFECT_API_URL=http://SERVER:4200/api where you run returnwatch"
    )
    if not url:
        raise ClusterError(
            "--task-runner dask needs a Prefect server that the workers can reach, and "
            "PREFECT_API_URL is not set (Prefect's temporary server lives inside this process; "
            f"each worker would start its own): {start} (see {SCALING_DOC})"
        )
    try:
        answer = httpx.get(f"{url.rstrip('/')}/health", timeout=timeout, headers=_auth(api))
        answer.raise_for_status()
    except httpx.HTTPError as err:
        raise ClusterError(
            f"the Prefect API at PREFECT_API_URL={url} does not answer ({err}); {start}"
        ) from None
    return url


def check_scheduler(address: str, timeout: float = DASK_CONNECT_TIMEOUT_SECONDS) -> list[str]:
    """The addresses of the scheduler's workers, once each runs the versions this one does."""
    host, port = check_address(address)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as err:
        raise ClusterError(
            f"no Dask scheduler answers at {address} ({err}); start one there with "
            f"`dask scheduler --port {port}` (and workers with `dask worker {address}`), "
            f"or correct --dask-address (see {SCALING_DOC})"
        ) from None
    outcome: dict = {}
    probe = threading.Thread(
        target=_ask_scheduler, args=(address, timeout, outcome), daemon=True
    )  # a daemon: a server that is not Dask can leave the handshake waiting for ever
    probe.start()
    probe.join(3 * timeout + 2)  # connect, wait for a worker, ask the versions
    if "error" in outcome:
        raise outcome["error"]
    if "workers" not in outcome:
        raise ClusterError(
            f"{address} accepted a connection but did not answer as a Dask scheduler "
            f"(nothing after {3 * timeout + 2:.0f} s); check that --dask-address names the "
            f"scheduler's port (see {SCALING_DOC})"
        )
    return outcome["workers"]


def _ask_scheduler(address: str, timeout: float, outcome: dict) -> None:
    from distributed import Client

    try:
        with Client(address, timeout=timeout, set_as_default=False) as client:
            workers = _workers(client, address, timeout)
            _check_versions(client, address)
        outcome["workers"] = workers
    except ClusterError as err:
        outcome["error"] = err
    except OSError as err:
        outcome["error"] = ClusterError(
            f"{address} accepted a connection but did not answer as a Dask scheduler ({err}); "
            f"check that --dask-address names the scheduler's port (see {SCALING_DOC})"
        )


def loopback_warning(api_url: str, address: str) -> str | None:
    """A warning when workers elsewhere are told to report to this machine's loopback."""
    scheduler_host, _ = check_address(address)
    if _is_loopback(urlsplit(api_url).hostname or "") and not _is_loopback(scheduler_host):
        return (
            f"PREFECT_API_URL={api_url} is a loopback address: workers on other machines than "
            "this one cannot reach it; use an address they can reach"
        )
    return None


def _workers(client, address: str, timeout: float) -> list[str]:
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise ClusterError(
            f"the Dask scheduler at {address} has no workers; start them with "
            f"`dask worker {address}` on each machine (see {SCALING_DOC})"
        ) from None
    return sorted(client.scheduler_info(n_workers=-1)["workers"])


def _check_versions(client, address: str) -> None:
    for package in CHECKED_PACKAGES:
        wanted = version(package)
        found = client.run(version, package, on_error="return")
        wrong = {
            worker: "not installed" if isinstance(got, PackageNotFoundError) else str(got)
            for worker, got in found.items()
            if got != wanted
        }
        if wrong:
            listed = ", ".join(f"{worker} has {got}" for worker, got in sorted(wrong.items()))
            raise ClusterError(
                f"the workers of {address} must run {package} {wanted} as this machine does, "
                f"but {listed}; install the same version on them (see {SCALING_DOC})"
            )


def _auth(api) -> dict[str, str]:
    """The header Prefect's own client sends when PREFECT_API_AUTH_STRING is set."""
    if not api.auth_string:
        return {}
    token = base64.b64encode(api.auth_string.get_secret_value().encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
