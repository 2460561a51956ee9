"""Two sources' stocks of one area, day and unit (DTM's table: Sirt 1,000 households as of
2026-03-01; a news report published later: 1,200 as of the same day): the stock known last
sets the total, the same day known, the larger; the other stays an event that adds nothing.
On a real DuckDB file, loaded and derived by the warehouse's own functions."""

from datetime import date

import duckdb
import pytest
from conftest import rows
from test_warehouse_rules import load, total
from test_warehouse_semantics import document, figure

from returnwatch.warehouse.snapshots import refresh_snapshots

DAY = date(2026, 3, 1)
DTM, NEWS = "d", "n"


def stock(doc: str, quantity: int, unit: str = "households", **extra) -> dict:
    return figure(doc, 10, quantity, "LY0208", DAY, figure_type="stock", unit=unit, **extra)


def added(path, quantity: int, unit: str = "households") -> int | None:
    """What the event of the stock of this quantity adds today (event_increments)."""
    return rows(
        path,
        f"select i.{unit} from event_increments i join return_events e using (event_id) "
        "where i.known_on = (select max(known_on) from event_increments) "
        "and e.reported_quantity = ?",
        quantity,
    )[0][0]


@pytest.mark.parametrize("later", [DTM, NEWS])
def test_the_stock_known_last_sets_the_total_of_its_day(warehouse, gazetteer, later):
    # whichever document is published later, its stock stands: not the one whose id sorts last
    quantity = {DTM: 1000, NEWS: 1200}
    earlier = NEWS if later == DTM else DTM
    docs = [document(earlier, date(2026, 3, 5)), document(later, date(2026, 3, 10))]
    load(warehouse, gazetteer, docs, [stock(DTM, 1000), stock(NEWS, 1200)])
    assert total(warehouse, "LY0208") == quantity[later]
    # both stay events (two sources, not a revision); the earlier one adds nothing
    assert rows(warehouse, "select reported_quantity from return_events order by 1") == [
        (1000,),
        (1200,),
    ]
    assert added(warehouse, quantity[earlier]) == 0
    assert added(warehouse, quantity[later]) == quantity[later]


def test_before_the_second_stock_is_published_the_first_stands(tmp_path, gazetteer):
    quantity = {DTM: 1000, NEWS: 1200}
    for later, earlier in ((DTM, NEWS), (NEWS, DTM)):
        warehouse = tmp_path / f"{later}.duckdb"
        docs = [document(earlier, date(2026, 3, 5)), document(later, date(2026, 3, 10))]
        load(warehouse, gazetteer, docs, [stock(DTM, 1000), stock(NEWS, 1200)])
        area = "cumulative_returns_by_area"
        assert total(warehouse, "LY0208", area, known="2026-03-04") == 0
        assert total(warehouse, "LY0208", area, known="2026-03-07") == quantity[earlier]
        assert total(warehouse, "LY0208", area, known="2026-03-10") == quantity[later]


@pytest.mark.parametrize("larger", [DTM, NEWS])
def test_known_the_same_day_the_larger_stock_stands(warehouse, gazetteer, larger):
    smaller = NEWS if larger == DTM else DTM
    docs = [document(DTM, date(2026, 3, 5)), document(NEWS, date(2026, 3, 5))]
    load(warehouse, gazetteer, docs, [stock(larger, 1200), stock(smaller, 1000)])
    assert total(warehouse, "LY0208") == 1200
    assert added(warehouse, 1000) == 0


def test_a_later_minimum_only_raises_what_the_earlier_stock_set(warehouse, gazetteer):
    # a report's 1,000, then DTM's "more than 800" for that day: 1,000 stands (a minimum
    # does not set the total) and the minimum adds nothing; "more than 1,100" would raise it
    docs = [document(NEWS, date(2026, 3, 5)), document(DTM, date(2026, 3, 10))]
    load(warehouse, gazetteer, docs, [stock(NEWS, 1000), stock(DTM, 800, qualifier="min")])
    assert total(warehouse, "LY0208") == 1000
    assert added(warehouse, 1000) == 1000
    assert added(warehouse, 800) == 0


def test_a_later_exact_stock_sets_the_total_below_an_earlier_minimum(warehouse, gazetteer):
    docs = [document(DTM, date(2026, 3, 5)), document(NEWS, date(2026, 3, 10))]
    load(warehouse, gazetteer, docs, [stock(DTM, 1500, qualifier="min"), stock(NEWS, 1200)])
    assert total(warehouse, "LY0208") == 1200
    assert added(warehouse, 1500) == 0


def test_stocks_in_two_units_each_set_their_measured_unit(tmp_path, gazetteer):
    # DTM's 1,000 households, a report's 5,400 individuals the same day, and a third
    # source's 1,200 households, DTM's known first or last: households from the households
    # stock known last, individuals from the one stock that measured them
    for dtm_known, households, known_on_9th in (
        (date(2026, 3, 5), 1200, (1000, 5400)),
        (date(2026, 3, 12), 1000, (900, 5400)),  # by the 9th, 5,400 individuals alone
    ):
        warehouse = tmp_path / f"{dtm_known}.duckdb"
        docs = [
            document(DTM, dtm_known),
            document(NEWS, date(2026, 3, 8)),
            document("t", date(2026, 3, 10)),
        ]
        figures = [stock(DTM, 1000), stock(NEWS, 5400, unit="individuals"), stock("t", 1200)]
        load(warehouse, gazetteer, docs, figures)
        assert rows(
            warehouse,
            "select cumulative_households, cumulative_individuals "
            "from cumulative_returns_by_area where area_id = 'LY0208'",
        ) == [(households, 5400)]
        assert rows(
            warehouse,
            "select cumulative_households, cumulative_individuals from "
            "cumulative_returns_by_area_as_known_on(date '2026-03-09') where area_id = 'LY0208'",
        ) == [known_on_9th]


@pytest.mark.parametrize(
    "options",
    [{}, {"tagged_figures": 0}, {"tagged_figures": 0, "batch_events": 1}],
    ids=["dates-tagged-together", "dates-queued", "each-date-alone"],
)
def test_every_snapshot_takes_the_stock_known_last_by_its_date(warehouse, gazetteer, options):
    # a report's 1,200, DTM's 1,000 known later, a third's 1,100 known last: known on each
    # date, the stock known last by then stands, however the snapshots are computed
    docs = [
        document(NEWS, date(2026, 3, 5)),
        document(DTM, date(2026, 3, 10)),
        document("t", date(2026, 3, 12)),
    ]
    load(warehouse, gazetteer, docs, [stock(NEWS, 1200), stock(DTM, 1000), stock("t", 1100)])
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("delete from snapshots")
        con.execute("delete from event_increments")
        refresh_snapshots(con, **options)
    finally:
        con.close()
    known = {day: total(warehouse, "LY0208", known=day) for day in ("2026-03-05", "2026-03-10")}
    assert known == {"2026-03-05": 1200, "2026-03-10": 1000}
    assert total(warehouse, "LY0208", known="2026-03-12") == total(warehouse, "LY0208") == 1100
