"""Two sources' stocks for Sirte on one day, through `returnwatch run` as a user loads
them: DTM's HXL table (1,000 households as of 2026-03-01) and a news report (1,200 as of
the same day), published in either order. The one published last sets the total, also
after a rebuild; before it is published, the other stands; both stay events."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import returnwatch

pytestmark = pytest.mark.prefect

DTM_TABLE = (
    "Mantika,Pcode,Neighbourhood,Date,Round,HH,Source\n"
    "#adm2+name,#adm2+code,#loc+name,#date+reported,#round+code,#affected+returnees+hh,"
    "#meta+source\n"
    "Sirt,LY0208,Sirte city,2026-03-01,20,1000,DTM\n"
)


def news(published: str) -> str:
    return (
        f"---\npublished: {published}\nsource: Libya Observer (written for the returnwatch "
        'tests)\ntitle: "1,200 families back in Sirt"\n---\n\n'
        "A total of 1,200 families had returned to Sirt as of 1 March 2026, the municipal "
        "council said on Tuesday.\n"
    )


def paths(tmp: Path) -> list[str]:
    return [
        *("--warehouse", str(tmp / "w.duckdb"), "--archive", str(tmp / "archive")),
        *("--exports", str(tmp / "exports")),
    ]


def run(tmp: Path, name: str, text: str, *published: str) -> None:
    inbox = tmp / f"inbox-{name}"
    inbox.mkdir()
    (inbox / name).write_text(text)
    result = returnwatch(
        "run",
        *("--inbox", str(inbox), *paths(tmp)),
        *(("--published", *published) if published else ()),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def rebuilt(tmp: Path) -> dict:
    result = returnwatch("rebuild", *paths(tmp))
    assert result.returncode == 0, result.stdout + result.stderr
    return seen(tmp)


def seen(tmp: Path) -> dict:
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        total = (
            "select cumulative_households from {} where area_id = 'ly-sirte' "
            "and date = '2026-03-01'"
        )
        return {
            "today": con.execute(total.format("cumulative_returns_by_area")).fetchall(),
            **{
                day: con.execute(
                    total.format(f"cumulative_returns_by_area_as_known_on(date '{day}')")
                ).fetchall()
                for day in ("2026-03-06", "2026-03-11")
            },
            "events": con.execute(
                "select reported_quantity, figure_type from return_events order by 1"
            ).fetchall(),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def both_orders(prefect_server, tmp_path_factory) -> dict[str, dict]:
    dtm_first = tmp_path_factory.mktemp("dtm-first")
    run(dtm_first, "dtm-r20.csv", DTM_TABLE, "2026-03-05")
    run(dtm_first, "news.md", news("2026-03-10"))
    news_first = tmp_path_factory.mktemp("news-first")
    run(news_first, "news.md", news("2026-03-05"))
    run(news_first, "dtm-r20.csv", DTM_TABLE, "2026-03-10")
    found = {"dtm first": seen(dtm_first), "news first": seen(news_first)}
    # a rebuild replays the archive in its own order: the same stock stands
    found["dtm first, rebuilt"] = rebuilt(dtm_first)
    return found


def test_the_stock_published_last_sets_the_total_and_both_stay_events(both_orders):
    assert both_orders["dtm first"]["today"] == [(1200,)]
    assert both_orders["news first"]["today"] == [(1000,)]
    for found in both_orders.values():
        assert found["events"] == [(1000, "stock"), (1200, "stock")]
    assert both_orders["dtm first, rebuilt"] == both_orders["dtm first"]


def test_before_the_second_is_published_the_first_stands(both_orders):
    for order, first, last in (
        ("dtm first", 1000, 1200),
        ("news first", 1200, 1000),
        ("dtm first, rebuilt", 1000, 1200),
    ):
        assert both_orders[order]["2026-03-06"] == [(first,)], order
        assert both_orders[order]["2026-03-11"] == [(last,)], order
