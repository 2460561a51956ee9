"""A DTM table republished with a revision: the later-published stock of the same area, date,
round and source supersedes the earlier one, as a text correction does ("superseded by" in
figure_status, listed in return_events.supersedes), in today's views, in the as-known-on
snapshots and after a rebuild. Two HXL CSVs read from an inbox by `returnwatch run`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from conftest import returnwatch

pytestmark = pytest.mark.prefect

HEADER = (
    "Mantika,Pcode,Neighbourhood,Date,Round,HH,Source\n"
    "#adm2+name,#adm2+code,#loc+name,#date+reported,#round+code,#affected+returnees+hh,"
    "#meta+source\n"
)


def table(sirt: int, n700: int, source: str = "DTM", round_code: str = "12") -> str:
    """Round 12 as of 2017-08-31: Sirt (LY0208) and its Neighbourhood 700, in households."""
    return HEADER + (
        f"Sirt,LY0208,,2017-08-31,{round_code},{sirt},{source}\n"
        f"Sirt,LY0208,Neighbourhood 700,2017-08-31,{round_code},{n700},{source}\n"
    )


def run(tmp: Path, published: str, files: dict[str, str]) -> None:
    inbox = tmp / "inbox"
    inbox.mkdir(exist_ok=True)
    for name, text in files.items():
        (inbox / name).write_text(text)
    result = returnwatch("run", "--inbox", str(inbox), *paths(tmp), "--published", published)
    assert result.returncode == 0, result.stdout + result.stderr


def paths(tmp: Path) -> list[str]:
    return [
        *("--warehouse", str(tmp / "w.duckdb"), "--archive", str(tmp / "archive")),
        *("--exports", str(tmp / "exports")),
    ]


def seen(tmp: Path) -> dict:
    """What a user queries: the cumulative views, today and as known on two dates, and
    each Sirt figure's status with the quantity of the figure that superseded it."""
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        area = (
            "select cumulative_households from {} where area_id = 'LY0208' and date = '2017-08-31'"
        )
        district = (
            "select cumulative_households from {} "
            "where district_id = 'ly-sirte-700' and date = '2017-08-31'"
        )
        found = {
            "area": con.execute(area.format("cumulative_returns_by_area")).fetchall(),
            "district": con.execute(district.format("cumulative_returns_by_district")).fetchall(),
        }
        for day in ("2017-09-05", "2017-09-10"):
            macro = "cumulative_returns_by_{}_as_known_on(date '" + day + "')"
            found[f"area {day}"] = con.execute(area.format(macro.format("area"))).fetchall()
            found[f"district {day}"] = con.execute(
                district.format(macro.format("district"))
            ).fetchall()
        found["status"] = con.execute(
            "select f.quantity, d.published_date, s.status like 'superseded by %', later.quantity "
            "from figure_status s join figures f using (figure_id) "
            "join documents d on d.document_id = f.document_id "
            "left join figures later on s.status = 'superseded by ' || later.figure_id "
            "order by f.quantity desc"
        ).fetchall()
        found["supersedes"] = con.execute(
            "select e.reported_quantity, (select list(quantity order by quantity) from figures "
            "where list_contains(e.supersedes, figure_id)) from return_events e order by 1 desc"
        ).fetchall()
    finally:
        con.close()
    return found


@pytest.fixture(scope="module")
def revised(prefect_server, tmp_path_factory):
    """File A published 2017-09-01, then its revision B published 2017-09-10 (two runs),
    then a rebuild: what a user sees after the runs and after the rebuild."""
    tmp = tmp_path_factory.mktemp("revised-stocks")
    run(tmp, "2017-09-01", {"dtm-r12.csv": table(9800, 585)})
    run(tmp, "2017-09-10", {"dtm-r12-revised.csv": table(9700, 560)})
    after_runs = seen(tmp)
    rebuilt = returnwatch("rebuild", *paths(tmp))
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    return after_runs, seen(tmp)


def test_the_revised_table_replaces_the_earlier_stocks(revised):
    after_runs, _ = revised
    assert after_runs["area"] == [(9700,)]
    assert after_runs["district"] == [(560,)]


def test_the_earlier_stocks_are_kept_and_marked_superseded_by_their_revision(revised):
    after_runs, _ = revised
    assert after_runs["status"] == [
        (9800, date(2017, 9, 1), True, 9700),
        (9700, date(2017, 9, 10), False, None),
        (585, date(2017, 9, 1), True, 560),
        (560, date(2017, 9, 10), False, None),
    ]
    assert after_runs["supersedes"] == [(9700, [9800]), (560, [585])]


def test_as_known_before_the_revision_the_earlier_stocks_stand(revised):
    after_runs, _ = revised
    assert after_runs["area 2017-09-05"] == [(9800,)]
    assert after_runs["district 2017-09-05"] == [(585,)]
    assert after_runs["area 2017-09-10"] == [(9700,)]
    assert after_runs["district 2017-09-10"] == [(560,)]


def test_a_rebuild_gives_the_same(revised):
    after_runs, after_rebuild = revised
    assert after_rebuild == after_runs
    assert after_rebuild["area"] == [(9700,)]


@pytest.fixture(scope="module")
def same_day(prefect_server, tmp_path_factory):
    """Two versions published the same day, read in one run; beside them another source's
    table for the same date, which revises nothing."""
    tmp = tmp_path_factory.mktemp("revised-same-day")
    files = {"dtm-a.csv": table(9700, 585), "dtm-b.csv": table(9800, 560)}
    run(tmp, "2017-09-01", files)
    return seen(tmp)


def test_published_the_same_day_the_larger_stock_stands(same_day):
    assert same_day["area"] == [(9800,)]
    assert same_day["district"] == [(585,)]
    assert same_day["status"] == [
        (9800, date(2017, 9, 1), False, None),
        (9700, date(2017, 9, 1), True, 9800),
        (585, date(2017, 9, 1), False, None),
        (560, date(2017, 9, 1), True, 585),
    ]


def test_another_sources_stock_or_round_or_row_is_no_revision(prefect_server, tmp_path):
    run(tmp_path, "2017-09-01", {"dtm.csv": table(9800, 585)})
    two_rows = HEADER + (
        "Misrata,LY0214,,2017-08-31,12,1100,DTM\nMisrata,LY0214,,2017-08-31,12,1200,DTM\n"
    )
    other = {
        "unhcr.csv": table(9700, 560, source="UNHCR"),
        "r13.csv": table(9600, 550, round_code="13"),
        "two-rows.csv": two_rows,
    }
    run(tmp_path, "2017-09-10", other)
    status = seen(tmp_path)["status"]
    assert len(status) == 8
    assert not [row for row in status if row[2]]
