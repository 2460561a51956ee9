"""`returnwatch extract` and `returnwatch sql` as a user runs them."""

import csv
import io
import json
import re

import duckdb
from conftest import SAMPLES, returnwatch

from returnwatch.cli_output import print_rows

SEED = SAMPLES / "2017-02-13-libya-analysis-sirte.md"
FIELDS = {
    "file", "quantity", "unit", "figure_type", "qualifier", "event_date", "date_precision",
    "location_text", "area_id", "area_name", "settlement", "country", "announced_by", "excerpt", "span",
}  # fmt: skip


def test_extract_prints_one_json_object_per_figure_and_writes_nothing(tmp_path):
    result = returnwatch("extract", str(SEED), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    figures = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(f["quantity"], f["area_name"], f["settlement"], f["country"]) for f in figures] == [
        (585, "Hay al-Gharbiya", "Sirte", "LBY"),
        (1025, "Residential District No. 3", "Sirte", "LBY"),
    ]
    assert set(figures[0]) >= FIELDS
    assert figures[0]["event_date"] == "2017-02-13" and figures[0]["unit"] == "households"
    assert list(tmp_path.iterdir()) == []


def test_extract_published_option_overrides_the_front_matter(tmp_path):
    result = returnwatch("extract", "--published", "2018-02-20", str(SEED), cwd=tmp_path)
    dates = {json.loads(line)["event_date"] for line in result.stdout.splitlines()}
    assert dates == {"2018-02-13"}


def test_extract_explains_an_unreadable_file(tmp_path):
    odd = tmp_path / "scan.pdf"
    odd.write_bytes(b"%PDF-1.4")
    result = returnwatch("extract", str(odd), cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == ""
    assert "scan.pdf" in result.stderr and "not read" in result.stderr


def test_sql_prints_csv_and_json_with_iso_dates(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "create table t as select 'ly-sirte' as area_id, date '2017-02-13' as date, 1610 as n"
    )
    con.close()
    as_csv = returnwatch("sql", "select * from t", "--warehouse", str(path), "--format", "csv")
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [
        ["area_id", "date", "n"],
        ["ly-sirte", "2017-02-13", "1610"],
    ]
    as_json = returnwatch("sql", "select * from t", "--warehouse", str(path), "--format", "json")
    assert json.loads(as_json.stdout) == {"area_id": "ly-sirte", "date": "2017-02-13", "n": 1610}


def test_sql_table_piped_or_narrow_keeps_every_value_whole(tmp_path):
    """The default table format, read from a pipe or on a narrow terminal, cuts no value
    short: an excerpt or a run id longer than the screen is printed in full."""
    path = tmp_path / "w.duckdb"
    excerpt = "120 families returned to Tawergha on 14 February, " * 4
    con = duckdb.connect(str(path))
    con.execute(
        "create table t as select ? as run_id, ? as excerpt, 585 as households",
        ["20261124T224415-104a2e1d", excerpt],
    )
    con.close()
    piped = returnwatch("sql", "select * from t", "--warehouse", str(path))
    assert piped.returncode == 0
    assert "20261124T224415-104a2e1d" in piped.stdout and excerpt.strip() in piped.stdout
    terminal = {"COLUMNS": "40", "FORCE_COLOR": "1"}  # rich takes stdout for a terminal
    narrow = returnwatch("sql", "select * from t", "--warehouse", str(path), env=terminal)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", narrow.stdout)  # the terminal's styles
    assert narrow.returncode == 0 and "…" not in shown
    assert max(len(line) for line in shown.splitlines()) <= 40
    cells = [line.split("│")[1:-1] for line in shown.splitlines() if line.count("│") == 4]
    run_id, text, _ = ("".join("".join(column).split()) for column in zip(*cells, strict=True))
    assert run_id == "20261124T224415-104a2e1d" and text == "".join(excerpt.split())


def test_a_title_longer_than_its_table_stays_on_one_line(capsys):
    print_rows(["n"], [(1,)], "table", "latest runs of /a/warehouse/far/down/returns.duckdb")
    first = capsys.readouterr().out.splitlines()[0]
    assert first.strip() == "latest runs of /a/warehouse/far/down/returns.duckdb"


def test_sql_errors_say_what_is_wrong(tmp_path):
    missing = returnwatch("sql", "select 1", "--warehouse", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2 and "run `returnwatch run` first" in missing.stderr
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    bad = returnwatch("sql", "select * from nowhere", "--warehouse", str(path))
    assert bad.returncode == 2 and "nowhere" in bad.stderr


def test_run_refuses_a_bad_sources_file_before_starting(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[sources]]\nid = "x"\nkind = "gopher"\npath = "."\n')
    result = returnwatch(
        "run", "--sources", str(sources), "--warehouse", str(tmp_path / "w.duckdb")
    )
    assert result.returncode == 2 and "gopher" in result.stderr
    assert not (tmp_path / "w.duckdb").exists()
