"""Load the Great Expectations suites kept in ``expectations/``: one JSON file per table.

A file holds a suite in GX 1.x's own serialised form (``name``, ``expectations`` of
``{"type", "kwargs", "meta"}``, ``meta``); its name is the table it checks and the file's
stem. GX's ``ExpectationSuite(**data)`` silently drops an expectation it cannot build, so
each one is built here first and a bad file raises ``SuiteError`` naming file and entry.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from returnwatch.quality._gx import import_gx

CHECKED_TABLES = [
    "documents",
    "figures",
    "areas",
    "return_events",
    "cumulative_returns_by_area",
    "cumulative_returns_by_district",
]
"""The warehouse tables and views the check stage reads, one suite in expectations/ each."""

if TYPE_CHECKING:
    from great_expectations import ExpectationSuite

SUITE_KEYS = {"name", "expectations", "meta", "id", "notes", "suite_parameters"}
FIX = "fix the file (GX 1.x suite JSON: name, expectations of {type, kwargs, meta}, meta)"


class SuiteError(ValueError):
    """A suite file that cannot be used; the message names the file and what to do."""


@dataclass(frozen=True)
class Suite:
    """A loaded suite, with the label each of its expectations is reported under."""

    table: str
    path: Path
    gx_suite: ExpectationSuite
    labels: dict[str, str]  # expectation id -> label unique within the suite, in file order


def suite_files(expectations_dir: Path) -> list[Path]:
    """The suite files of a folder, by name; an empty or missing folder is an error."""
    files = sorted(Path(expectations_dir).glob("*.json"))
    if not files:
        raise SuiteError(
            f"{expectations_dir}: no suite files (*.json) found; point the check at the "
            "project's expectations/ folder or add one suite per warehouse table"
        )
    return files


def load_suites(expectations_dir: Path) -> list[Suite]:
    """Load every ``*.json`` suite of ``expectations_dir``, in file-name order."""
    return [load_suite(path) for path in suite_files(expectations_dir)]


def load_suite(path: Path) -> Suite:
    """Load one suite file, raising ``SuiteError`` on anything GX could not run."""
    data = _read_json(path)
    name = data.get("name")
    if name != path.stem:
        raise SuiteError(
            f"{path}: suite name {name!r} must equal the file name {path.stem!r} (the table "
            "it checks); rename the file or fix the name"
        )
    entries = data.get("expectations")
    if not isinstance(entries, list) or not entries:
        raise SuiteError(f"{path}: 'expectations' must be a non-empty list; {FIX}")
    configs = [_configuration(path, index, entry) for index, entry in enumerate(entries)]
    gx = import_gx()
    fields = {key: value for key, value in data.items() if key != "expectations"}
    try:
        gx_suite = gx.ExpectationSuite(**fields, expectations=configs)
    except (TypeError, ValueError) as error:
        raise SuiteError(f"{path}: not a GX suite ({error}); {FIX}") from error
    if len(gx_suite.expectations) != len(configs):  # GX drops what it cannot build
        raise SuiteError(f"{path}: GX dropped some expectations; {FIX}")
    return Suite(table=name, path=path, gx_suite=gx_suite, labels=_labels(configs))


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise SuiteError(
            f"{path}: invalid JSON at line {error.lineno}, column {error.colno} ({error.msg}); "
            "fix the syntax"
        ) from error
    if not isinstance(data, dict):
        raise SuiteError(f"{path}: expected a JSON object, got {type(data).__name__}; {FIX}")
    unknown = sorted(set(data) - SUITE_KEYS)
    if unknown:
        raise SuiteError(f"{path}: unknown suite keys {unknown}; {FIX}")
    return data


def _configuration(path: Path, index: int, entry: Any) -> Any:
    """Build one expectation the way GX will, so its errors surface with the file name."""
    import_gx()
    from great_expectations.exceptions import GreatExpectationsError
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    where = f"{path}: expectation #{index + 1}"
    if not isinstance(entry, dict) or not isinstance(entry.get("type"), str):
        raise SuiteError(f"{where} needs a 'type' string and a 'kwargs' object; {FIX}")
    where = f"{where} ({entry['type']})"
    try:
        # A fresh id ties each validation result back to its entry (GX reorders results).
        config = ExpectationConfiguration(**{**entry, "id": str(uuid.uuid4())})
        config.to_domain_obj()
    except GreatExpectationsError as error:
        message = getattr(error, "message", str(error))
        raise SuiteError(
            f"{where}: {message}; fix the type: use an expectation GX {_gx_version()} "
            "knows (see its Expectation Gallery)"
        ) from error
    except (TypeError, ValueError) as error:  # pydantic's ValidationError is a ValueError
        flat = " ".join(str(error).split())
        raise SuiteError(f"{where}: invalid arguments ({flat}); {FIX}") from error
    return config


def _labels(configs: list[Any]) -> dict[str, str]:
    """Label each expectation by its type, numbering repeats (#2, #3…) in file order."""
    seen: Counter[str] = Counter()
    labels = {}
    for config in configs:
        seen[config.type] += 1
        count = seen[config.type]
        labels[config.id] = config.type if count == 1 else f"{config.type}#{count}"
    return labels


def _gx_version() -> str:
    return import_gx().__version__
