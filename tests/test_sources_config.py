"""The sources file contract: every kind's keys, and errors that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import returnwatch

from returnwatch.sources import SourcesFileError, load_sources

GOOD = """# a comment
[[sources]]
id = "reliefweb-libya"
kind = "reliefweb"
url = "https://api.reliefweb.int/v2/reports"
appname = "returnwatch"
query = "returned families"
country = "LBY"
schedule = "0 6 * * *"
timezone = "Africa/Tripoli"

[[sources]]
id = "dtm-sheet"
kind = "xlsx"
url = "https://example.org/dtm.xlsx"
sheet = "Returnees"
[sources.columns]
adm2_name = "Mantika"
quantity_households = "HH"
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "inbox").mkdir(exist_ok=True)
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_of_the_contract_is_read(tmp_path):
    reliefweb, sheet = load_sources(write(tmp_path, GOOD))
    assert (reliefweb.kind, reliefweb.url, reliefweb.appname) == (
        "reliefweb", "https://api.reliefweb.int/v2/reports", "returnwatch",
    )  # fmt: skip
    assert (reliefweb.query, reliefweb.country) == ("returned families", "LBY")
    assert (reliefweb.schedule, reliefweb.timezone, reliefweb.method) == (
        "0 6 * * *", "Africa/Tripoli", "GET",
    )  # fmt: skip
    assert (sheet.sheet, sheet.columns, sheet.timezone) == (
        "Returnees", {"adm2_name": "Mantika", "quantity_households": "HH"}, "UTC",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ('kind = "reliefweb"', 'kind = "gopher"', 4, "kind 'gopher' is not one of"),
        ('url = "https://api', 'url = "ftp://api', 5, "needs url"),
        ('country = "LBY"', 'country = "Libya"', 8, "ISO3"),
        ('schedule = "0 6 * * *"', 'schedule = "daily"', 9, "not a cron string"),
        ('timezone = "Africa/Tripoli"', 'timezone = "Mars/Olympus"', 10, "IANA"),
        ('id = "dtm-sheet"', 'id = "reliefweb-libya"', 13, "used twice"),
        ('adm2_name = "Mantika"', 'district = "Mantika"', 17, "unknown field(s) district"),
        ('quantity_households = "HH"', 'place = "HH"', 17, "must map quantity_households"),
        ('query = "returned families"', "query = 3", 7, "query must be a non-empty string"),
        ('schedule = "0 6', 'scedule = "0 6', 9, "unknown key 'scedule'; did you mean 'schedule'?"),
        ('query = "ret', 'qeury = "ret', 7, "unknown key 'qeury'; did you mean 'query'?"),
    ],
)
def test_a_bad_file_names_the_line_and_what_is_wrong(tmp_path, old, new, line, message):
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(SourcesFileError) as err:
        load_sources(path)
    assert str(err.value).startswith(f"{path}:{line}: "), str(err.value)
    assert message in str(err.value)


def test_a_misspelt_exclude_is_refused_and_keys_of_ones_own_are_let_through(tmp_path):
    folder = '[[sources]]\nid = "f"\nkind = "folder"\npath = "inbox"\n'
    with pytest.raises(SourcesFileError, match=r":5: .*unknown key 'exlude'; did you mean"):
        load_sources(write(tmp_path, folder + 'exlude = ["*.pdf"]\n'))
    (own,) = load_sources(write(tmp_path, folder + 'description = "field notes"\n'))
    assert own.id == "f"


def test_csv_needs_a_columns_map_and_hxl_refuses_one(tmp_path):
    path = write(tmp_path, '[[sources]]\nid = "t"\nkind = "csv"\nurl = "http://x/t.csv"\n')
    with pytest.raises(SourcesFileError, match="needs a columns table"):
        load_sources(path)
    path = write(
        tmp_path,
        '[[sources]]\nid = "t"\nkind = "hxl"\nurl = "http://x/t.csv"\n'
        '[sources.columns]\nquantity_households = "HH"\n',
    )
    with pytest.raises(SourcesFileError, match=r":5: .*columns is for csv and xlsx"):
        load_sources(path)


@pytest.mark.parametrize("timezone", ["Mars/Olympus", "Europe", "africa/tripoli"])
def test_a_timezone_without_a_schedule_is_still_an_iana_name(tmp_path, timezone):
    """A source with a timezone but no schedule yet: the bad name is refused now, not kept
    until a schedule is added (or used by nothing, unnoticed)."""
    path = write(
        tmp_path,
        f'[[sources]]\nid = "f"\nkind = "folder"\npath = "inbox"\ntimezone = "{timezone}"\n',
    )
    with pytest.raises(SourcesFileError) as err:
        load_sources(path)
    assert str(err.value).startswith(f"{path}:5: "), str(err.value)
    assert "is not an IANA name" in str(err.value)
    result = returnwatch("run", "--sources", str(path), "--warehouse", str(tmp_path / "w"))
    assert result.returncode == 2, result.stderr
    assert f"{path}:5: " in result.stderr and "IANA" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "w").exists()


def test_a_good_timezone_without_a_schedule_is_kept(tmp_path):
    text = '[[sources]]\nid = "f"\nkind = "folder"\npath = "inbox"\ntimezone = "Africa/Tripoli"\n'
    (folder,) = load_sources(write(tmp_path, text))
    assert (folder.timezone, folder.schedule) == ("Africa/Tripoli", None)


FOLDER = '[[sources]]\nid = "f"\nkind = "folder"\npath = "inbox"\n'
URL = '[[sources]]\nid = "u"\nkind = "{kind}"\nurl = "https://example.org/t"\n'
COLUMNS = '[sources.columns]\nquantity_households = "HH"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (FOLDER + 'sheet = "Returnees"\n', "(f) sheet is for xlsx sources, not folder; a folder's"),
        (FOLDER + 'url = "https://example.org/a.csv"\n', "(f) url is for rss, reliefweb, hxl,"),
        (FOLDER + 'query = "returns"\n', "(f) query is for reliefweb sources, not folder; remove"),
        (
            URL.format(kind="hxl") + 'sheet = "Returnees"\n',
            "(u) sheet is for xlsx sources, not hxl",
        ),
        (URL.format(kind="csv") + 'sheet = "R"\n' + COLUMNS, "sheet is for xlsx sources, not csv"),
        (
            URL.format(kind="rss") + 'exclude = ["*.pdf"]\n',
            "exclude is for folder sources, not rss",
        ),
        (URL.format(kind="hxl") + 'path = "inbox"\n', "(u) path is for folder sources, not hxl"),
        (URL.format(kind="rss") + 'method = "POST"\n', "method is for reliefweb sources, not rss"),
        (URL.format(kind="xlsx") + 'country = "LBY"\n' + COLUMNS, "country is for reliefweb"),
        (URL.format(kind="hxl") + 'appname = "me"\n', "appname is for reliefweb sources, not hxl"),
    ],
)
def test_a_key_the_kind_does_not_read_is_refused_on_its_line(tmp_path, text, message):
    """A kind-specific key on a kind that does not read it would be left out without a
    word (a folder's workbooks read from another sheet than the one asked for)."""
    path = write(tmp_path, text)
    with pytest.raises(SourcesFileError) as err:
        load_sources(path)
    assert str(err.value).startswith(f"{path}:5: "), str(err.value)
    assert message in str(err.value)


def test_a_sheet_on_a_folder_source_stops_the_run_before_any_work(tmp_path):
    path = write(tmp_path, FOLDER + 'sheet = "Returnees"\n')
    result = returnwatch("run", "--sources", str(path), "--warehouse", str(tmp_path / "w"))
    assert result.returncode == 2, result.stderr
    assert f"{path}:5: [[sources]] #1: (f) sheet is for xlsx sources, not folder" in result.stderr
    assert "read the workbook through an xlsx source" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "w").exists()
