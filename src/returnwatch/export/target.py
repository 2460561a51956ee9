"""Whether a folder may receive the exports. An export replaces its folder whole (the swap
in ``write.py``), so a file, or a folder holding anything but an earlier returnwatch export,
is refused: ``--exports ~/Documents`` must never delete what is there."""

from __future__ import annotations

import json
from pathlib import Path

from returnwatch.export.catalog import load_catalog


class ExportTargetRefused(OSError):
    """The exports folder holds something an export would destroy; the message says what
    and what to do. An ``OSError``, so a run treats it as a failed write: the run completes
    and keeps whatever is in the folder."""


def check_export_target(exports: Path) -> None:
    """Raise ``ExportTargetRefused`` unless ``exports`` is missing, an empty folder, or a
    folder an earlier export wrote (its ``datapackage.json`` names the returnwatch package)."""
    if not exports.exists() and not exports.is_symlink():
        return
    if not exports.is_dir():
        raise ExportTargetRefused(
            f"{exports} is a file, not a folder; pass --exports a new or empty folder"
        )
    entries = sorted(entry.name for entry in exports.iterdir())
    if not entries or _is_an_export(exports / "datapackage.json"):
        return
    shown = ", ".join(entries[:3]) + (", …" if len(entries) > 3 else "")
    raise ExportTargetRefused(
        f"{exports} holds files that are not a returnwatch export ({shown}); an export "
        "replaces its folder whole and would delete them. Pass --exports a new or empty "
        "folder, or one returnwatch exported to"
    )


def _is_an_export(package: Path) -> bool:
    try:
        described = json.loads(package.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(described, dict) and described.get("name") == load_catalog().package["name"]
