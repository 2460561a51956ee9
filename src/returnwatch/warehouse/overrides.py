"""The analyst's overrides file: read it, check every line, and say exactly what is wrong.

One override a line (CSV, ``#`` starts a comment line): ``action`` is ``reject``,
``set_area``, ``set_quantity``, ``set_type`` or ``same_event``; ``figure_id`` names the
figure; ``value`` is the new area_id, quantity or figure_type; ``other_figure_id`` is the
second figure of a ``same_event``; ``reason`` is required; ``decided_on`` (optional,
YYYY-MM-DD) keeps the override out of what was known before that date; ``analyst`` is free.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd

COLUMNS = ["action", "figure_id", "value", "other_figure_id", "reason", "decided_on", "analyst"]
REQUIRED = ("action", "figure_id", "reason")
ACTIONS = ("reject", "set_area", "set_quantity", "set_type", "same_event")
FRAME_COLUMNS = ["line", *COLUMNS]


class OverridesError(ValueError):
    """The overrides file has lines the warehouse cannot apply."""


def read_overrides(path: Path, area_ids: set[str] | None = None) -> pd.DataFrame:
    """Every override of ``path`` as a frame (empty when the file does not exist).

    Raises OverridesError listing every bad line, so one edit fixes them all.
    """
    if not path.is_file():
        return pd.DataFrame(columns=FRAME_COLUMNS)
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(n, text) for n, text in enumerate(handle, start=1)]
    kept = [(n, text) for n, text in lines if text.strip() and not text.lstrip().startswith("#")]
    if not kept:
        return pd.DataFrame(columns=FRAME_COLUMNS)
    header_line, header = kept[0][0], next(csv.reader([kept[0][1]]))
    header = [name.strip() for name in header]
    problems = [
        f"{path}:{header_line}: missing column {name!r}; the header must name {', '.join(COLUMNS)}"
        for name in REQUIRED
        if name not in header
    ]
    problems += [
        f"{path}:{header_line}: unknown column {name!r}; known columns: {', '.join(COLUMNS)}"
        for name in header
        if name not in COLUMNS
    ]
    if problems:
        raise OverridesError("\n".join(problems))
    records = []
    for number, text in kept[1:]:
        values = next(csv.reader([text]))
        row = {name: (value.strip() or None) for name, value in zip(header, values, strict=False)}
        record = {"line": number, **{name: row.get(name) for name in COLUMNS}}
        problems += [f"{path}:{number}: {p}" for p in _problems(record, area_ids)]
        records.append(record)
    problems += _repeated(path, records)
    if problems:
        raise OverridesError("\n".join(problems))
    frame = pd.DataFrame(records, columns=FRAME_COLUMNS)
    frame["decided_on"] = pd.to_datetime(frame["decided_on"]).dt.date
    return frame


def _problems(record: dict, area_ids: set[str] | None) -> list[str]:
    problems = [
        f"{name} is empty; every override needs one" for name in REQUIRED if not record[name]
    ]
    action, value = record["action"], record["value"]
    if action and action not in ACTIONS:
        problems.append(f"action {action!r} is not one of {', '.join(ACTIONS)}")
    elif action == "set_area" and (not value or (area_ids is not None and value not in area_ids)):
        problems.append(
            f"set_area needs a value that is an area_id of the gazetteer, not {value!r}"
        )
    elif action == "set_quantity" and not (value and value.isdigit() and int(value) > 0):
        problems.append(f"set_quantity needs a whole number above 0 as value, not {value!r}")
    elif action == "set_type" and value not in ("flow", "stock"):
        problems.append(f"set_type needs the value flow or stock, not {value!r}")
    elif action == "same_event" and (
        not record["other_figure_id"] or record["other_figure_id"] == record["figure_id"]
    ):
        problems.append("same_event needs other_figure_id: a second, different figure")
    if record["decided_on"]:
        try:
            date.fromisoformat(record["decided_on"])
        except ValueError:
            problems.append(f"decided_on {record['decided_on']!r} is not a date; write YYYY-MM-DD")
    return problems


def _repeated(path: Path, records: list[dict]) -> list[str]:
    """Two lines setting the same thing of one figure would leave the result to chance."""
    first: dict[tuple[str, str], int] = {}
    problems = []
    for record in records:
        if record["action"] == "same_event" or not record["figure_id"]:
            continue
        key = (record["figure_id"], record["action"])
        if key in first:
            problems.append(
                f"{path}:{record['line']}: {record['action']} of {record['figure_id']} is already "
                f"on line {first[key]}; keep one of the two"
            )
        first.setdefault(key, record["line"])
    return problems
