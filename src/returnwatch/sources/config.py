"""Read and check ``sources.toml``: the list of sources a run pulls from.

Every error names the file, the line of the offending ``[[sources]]`` table or key
(tomllib gives line numbers for syntax errors only, so ``locate`` finds them in the text),
and what to do.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
KINDS = ("folder", "rss", "reliefweb", "hxl", "csv", "xlsx")
URL_KINDS = ("rss", "reliefweb", "hxl", "csv", "xlsx")
TABLE_KINDS = ("hxl", "csv", "xlsx")
COLUMN_FIELDS = (
    "quantity_households",
    "quantity_individuals",
    "place",
    "place_code",
    "adm1_name",
    "adm2_name",
    "adm3_name",
    "date",
    "round",
    "source",
)
"""Our fields a ``columns`` table may map to the source's column names."""
STRING_KEYS = (
    "url",
    "path",
    "appname",
    "query",
    "country",
    "schedule",
    "timezone",
    "sheet",
    "method",
)
KNOWN_KEYS = {"id", "kind", "exclude", "columns", *STRING_KEYS}
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "path": ("folder",),
    "exclude": ("folder",),
    "url": URL_KINDS,
    "appname": ("reliefweb",),
    "query": ("reliefweb",),
    "country": ("reliefweb",),
    "method": ("reliefweb",),
    "columns": ("csv", "xlsx"),
    "sheet": ("xlsx",),
}
"""The keys only some kinds read (``id``, ``kind``, ``schedule``, ``timezone``: every kind);
a kind that does not read a key refuses it rather than leave it out without a word."""
KIND_KEY_ADVICE = {
    ("sheet", "folder"): "a folder's workbooks are read from their first sheet with a hashtag "
    "row; move that sheet first in the workbook, or read the workbook through an xlsx source "
    "(url, sheet and columns)",
    ("url", "folder"): "a folder source reads the files below its path; remove url, or give "
    "the URL a source of its own (kind rss, reliefweb, hxl, csv or xlsx)",
    ("path", "*"): "this kind fetches its url; remove path, or read the folder through a "
    'source of its own with kind = "folder"',
    ("exclude", "*"): "this kind reads one url, not a folder's files; remove exclude",
}
"""What to do instead, for a key given to a kind that does not read it ("*": any kind)."""


class SourcesFileError(ValueError):
    """The sources file cannot be used; the message says where and what to do."""


@dataclass(frozen=True)
class SourceConfig:
    """One ``[[sources]]`` table of the sources file (see docs/sources.md)."""

    id: str
    kind: str
    path: Path | None = None
    exclude: tuple[str, ...] = ("README*", ".*")
    options: dict[str, Any] = field(default_factory=dict)
    url: str | None = None
    appname: str | None = None
    query: str | None = None
    country: str | None = None
    schedule: str | None = None
    timezone: str = "UTC"
    columns: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    method: str = "GET"


def folder_source(path: Path, source_id: str = "inbox") -> SourceConfig:
    """A single folder source, as ``returnwatch run --inbox DIR`` uses."""
    return SourceConfig(id=source_id, kind="folder", path=path.resolve(), exclude=(".*",))


def load_sources(path: Path) -> list[SourceConfig]:
    """Parse a sources file; relative paths are taken from the file's folder."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except FileNotFoundError:
        raise SourcesFileError(
            f"{path}: no such sources file; pass --sources FILE or --inbox DIR"
        ) from None
    except IsADirectoryError:
        raise SourcesFileError(
            f"{path} is a folder; pass --sources the sources file (TOML), or --inbox {path} "
            "to read the folder"
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise SourcesFileError(
            f"{path}: the sources file cannot be read ({err}); check the path, its "
            "permissions and that it is UTF-8 text"
        ) from None
    except tomllib.TOMLDecodeError as err:
        raise SourcesFileError(f"{path}: not valid TOML ({err}); fix that line") from None
    tables = raw.get("sources")
    if not isinstance(tables, list) or not tables:
        raise SourcesFileError(f"{path}: needs at least one [[sources]] table")
    where = _Where(path, text)
    configs = [_source(where, i, table) for i, table in enumerate(tables, start=1)]
    seen: set[str] = set()
    for number, config in enumerate(configs, start=1):
        if config.id in seen:
            raise SourcesFileError(
                f"{where.at(number, 'id')}: source id {config.id!r} is used twice; ids are unique"
            )
        seen.add(config.id)
    return configs


@dataclass(frozen=True)
class _Where:
    """Finds the line of the n-th ``[[sources]]`` table, or of one of its keys."""

    path: Path
    text: str

    def at(self, number: int, key: str | None = None) -> str:
        lines = self.text.splitlines()
        headers = [i for i, line in enumerate(lines) if re.match(r"\s*\[\[\s*sources\s*\]\]", line)]
        if number > len(headers):  # written inline (sources = [...]): the table has no header
            return f"{self.path}: [[sources]] #{number}"
        start = headers[number - 1]
        end = next(
            (
                i
                for i in range(start + 1, len(lines))
                if lines[i].lstrip().startswith("[") and not re.match(r"\s*\[sources\.", lines[i])
            ),
            len(lines),
        )
        line = start
        if key:
            name = re.escape(key)
            pattern = re.compile(rf"\s*(?:[\"']?{name}[\"']?\s*[=.]|\[\s*sources\.{name}\s*\])")
            line = next((i for i in range(start + 1, end) if pattern.match(lines[i])), start)
        return f"{self.path}:{line + 1}: [[sources]] #{number}"


def _source(where: _Where, number: int, table: dict[str, Any]) -> SourceConfig:
    def fail(key: str | None, message: str) -> SourcesFileError:
        return SourcesFileError(f"{where.at(number, key)}: {message}")

    source_id = table.get("id")
    if not isinstance(source_id, str) or not SOURCE_ID.match(source_id):
        raise fail("id", f"id must be lowercase letters, digits and '-', got {source_id!r}")
    kind = table.get("kind")
    if kind not in KINDS:
        raise fail("kind", f"({source_id}) kind {kind!r} is not one of {', '.join(KINDS)}")
    for key in table.keys() - KNOWN_KEYS:
        # a misspelt key would be left out without a word: "scedule" never runs, "exlude"
        # lets README files in (keys unlike any of ours are still let through)
        meant = difflib.get_close_matches(key.lower(), sorted(KNOWN_KEYS), n=1, cutoff=0.75)
        if meant:
            raise fail(key, f"({source_id}) unknown key {key!r}; did you mean {meant[0]!r}?")
    _check_kind_keys(table, kind, lambda key, m: fail(key, f"({source_id}) {m}"))
    for key in STRING_KEYS:
        if key in table and (not isinstance(table[key], str) or not table[key].strip()):
            raise fail(key, f"({source_id}) {key} must be a non-empty string")
    values = {key: table[key].strip() for key in STRING_KEYS if key in table}
    if kind == "folder":
        values["path"] = _folder(
            where.path, values.get("path"), lambda m: fail("path", m), source_id
        )
    elif not _is_http_url(values.get("url")):
        raise fail("url", f'({source_id}) a {kind} source needs url = "http(s)://..."')
    _check_schedule(values, lambda key, m: fail(key, f"({source_id}) {m}"))
    if values.get("country") and not re.fullmatch(r"[A-Za-z]{3}", values["country"]):
        raise fail("country", f"({source_id}) country must be an ISO3 code such as LBY")
    method = values.pop("method", "GET").upper()
    if method not in ("GET", "POST"):
        raise fail("method", f"({source_id}) method must be GET or POST")
    columns = _columns(table, kind, lambda m: fail("columns", f"({source_id}) {m}"))
    exclude = table.get("exclude", list(SourceConfig.exclude))
    if not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
        raise fail("exclude", f"({source_id}) exclude must be a list of glob patterns")
    options = {k: v for k, v in table.items() if k not in KNOWN_KEYS}
    return SourceConfig(
        id=source_id,
        kind=kind,
        exclude=tuple(exclude),
        options=options,
        columns=columns,
        method=method,
        **values,
    )


def _check_kind_keys(table: dict[str, Any], kind: str, fail) -> None:
    """Refuse a key this kind does not read (a ``sheet`` on a folder would be left out
    without a word, every workbook read from its first tagged sheet instead)."""
    for key, kinds in KIND_KEYS.items():
        if key in table and kind not in kinds:
            advice = KIND_KEY_ADVICE.get((key, kind)) or KIND_KEY_ADVICE.get((key, "*"))
            names = ", ".join(kinds[:-1]) + f" and {kinds[-1]}" if len(kinds) > 1 else kinds[0]
            raise fail(
                key,
                f"{key} is for {names} sources, not {kind}; "
                + (advice or f"remove {key} (see the keys of each kind in docs/sources.md)"),
            )


def _folder(file: Path, folder: str | None, fail, source_id: str) -> Path:
    if not folder:
        raise fail(f'({source_id}) a folder source needs path = "DIR"')
    resolved = (file.parent / folder).resolve()
    if not resolved.is_dir():
        raise fail(f"({source_id}) path {folder!r} is not a folder ({resolved})")
    return resolved


def _is_http_url(url: str | None) -> bool:
    return bool(url) and re.match(r"^https?://[^/\s]+", url) is not None


def _check_schedule(values: dict[str, str], fail) -> None:
    """A ``timezone`` is an IANA name whether or not a ``schedule`` uses it (yet); a
    ``schedule`` is a cron string, checked with its timezone as Prefect will take them."""
    timezone = values.setdefault("timezone", "UTC")
    if not _is_iana_name(timezone):
        raise fail("timezone", f"timezone {timezone!r} is not an IANA name such as Africa/Tripoli")
    if "schedule" not in values:
        return
    from prefect.client.schemas.schedules import CronSchedule  # seconds: only when needed
    from pydantic import ValidationError

    try:
        CronSchedule(cron=values["schedule"])
    except ValidationError:
        raise fail(
            "schedule",
            f"schedule {values['schedule']!r} is not a cron string "
            "(five fields: minute hour day month weekday)",
        ) from None
    try:
        CronSchedule(cron=values["schedule"], timezone=timezone)
    except ValidationError:
        raise fail(
            "timezone", f"timezone {timezone!r} is not an IANA name such as Africa/Tripoli"
        ) from None


def _is_iana_name(timezone: str) -> bool:
    """True for a name of the IANA time zone database (``Africa/Tripoli``, ``UTC``)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # only for a sources file

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" is a folder
        return False
    return True


def _columns(table: dict[str, Any], kind: str, fail) -> dict[str, str]:
    columns = table.get("columns")
    if columns is None:
        if kind in ("csv", "xlsx"):
            raise fail(
                f"a {kind} source needs a columns table mapping "
                f"{', '.join(COLUMN_FIELDS)} to column names"
            )
        return {}
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise fail('columns must be a table of field = "column name"')
    unknown = sorted(set(columns) - set(COLUMN_FIELDS))
    if unknown:
        raise fail(
            f"columns has unknown field(s) {', '.join(unknown)}; use {', '.join(COLUMN_FIELDS)}"
        )
    if not {"quantity_households", "quantity_individuals"} & set(columns):
        raise fail("columns must map quantity_households or quantity_individuals")
    return dict(columns)
