"""The warehouse rules on a real DuckDB file, with figures as the documents under
tests/documents/warehouse/ give them (the extractor contract: part_of_figure_id,
corrects_quantity). Each test names the document it stands for."""

from datetime import date

import pandas as pd
from conftest import rows
from test_warehouse_semantics import document, figure

from returnwatch.warehouse import derive, load_tables


def load(path, gazetteer, documents, figures, overrides=None):
    frames = {
        "areas": gazetteer.areas_frame(),
        "household_sizes": gazetteer.household_sizes_frame(),
        "documents": pd.DataFrame(documents),
        "figures": pd.DataFrame(figures),
    }
    load_tables(path, frames)
    derive(path, overrides)


def total(path, area_id: str, function: str = "cumulative_returns_by_area", known=None) -> int:
    source = f"{function}_as_known_on(date '{known}')" if known else function
    found = rows(
        path,
        f"select cumulative_households from {source} where area_id = ? order by date desc limit 1",
        area_id,
    )
    return found[0][0] if found else 0


def status(path, figure_id: str) -> str:
    return rows(path, "select status from figure_status where figure_id = ?", figure_id)[0][0]


# 2018-03-20-ops-room-ganfouda-1200.md and 2018-03-27-ops-room-ganfouda-correction.md
GANFOUDA_DOCS = [document("g", date(2018, 3, 20)), document("h", date(2018, 3, 27))]
FIRST = figure("g", 10, 1200, "ly-benghazi-ganfouda", date(2018, 3, 19))
CORRECTION = figure(
    "h", 10, 1020, "ly-benghazi-ganfouda", date(2018, 3, 19), corrects_quantity=1200
)


def test_a_correction_supersedes_the_figure_it_corrects_from_its_date(warehouse, gazetteer):
    load(warehouse, gazetteer, GANFOUDA_DOCS, [FIRST, CORRECTION])
    events = rows(
        warehouse,
        "select households, event_date, supersedes, corrects_quantity from return_events "
        "where area_id = 'ly-benghazi-ganfouda'",
    )
    assert events == [(1020, date(2018, 3, 19), [FIRST["figure_id"]], 1200)]
    assert status(warehouse, FIRST["figure_id"]) == f"superseded by {CORRECTION['figure_id']}"
    assert rows(warehouse, "select count(*) from figures") == [(2,)]  # superseded stays
    assert total(warehouse, "ly-benghazi") == 1020


def test_a_correction_dated_later_still_takes_the_corrected_date(warehouse, gazetteer):
    later = {**CORRECTION, "event_date": date(2018, 3, 27)}
    load(warehouse, gazetteer, GANFOUDA_DOCS, [FIRST, later])
    assert rows(
        warehouse,
        "select date, cumulative_households from cumulative_returns_by_area "
        "where area_id = 'ly-benghazi-ganfouda'",
    ) == [(date(2018, 3, 19), 1020)]


def test_a_correction_of_another_quantity_or_a_later_event_supersedes_nothing(warehouse, gazetteer):
    other = {**CORRECTION, "corrects_quantity": 1300}
    load(warehouse, gazetteer, GANFOUDA_DOCS, [FIRST, other])
    assert total(warehouse, "ly-benghazi-ganfouda") == 2220
    assert status(warehouse, FIRST["figure_id"]) == "event"


# 2018-03-29-blog-ganfouda-stale-repost.md: the old 1,200 again, after the revision
STALE = figure("s", 10, 1200, "ly-benghazi-ganfouda", date(2018, 3, 19))


def test_a_stale_repost_of_the_corrected_value_is_superseded_too(warehouse, gazetteer):
    load(warehouse, gazetteer, [*GANFOUDA_DOCS, document("s", date(2018, 3, 29))],
         [FIRST, CORRECTION, STALE])  # fmt: skip
    assert status(warehouse, STALE["figure_id"]) == f"superseded by {CORRECTION['figure_id']}"
    assert total(warehouse, "ly-benghazi-ganfouda") == 1020  # not 1,020 + 1,200
    assert total(warehouse, "ly-benghazi-ganfouda", known="2018-03-29") == 1020


def test_a_later_revision_back_to_the_old_value_stands(warehouse, gazetteer):
    back = figure("r", 10, 1200, "ly-benghazi-ganfouda", date(2018, 3, 19), corrects_quantity=1020)
    load(warehouse, gazetteer, [*GANFOUDA_DOCS, document("r", date(2018, 4, 2))],
         [FIRST, CORRECTION, back])  # fmt: skip
    assert status(warehouse, CORRECTION["figure_id"]) == f"superseded by {back['figure_id']}"
    assert status(warehouse, back["figure_id"]) == "event"
    assert total(warehouse, "ly-benghazi-ganfouda") == 1200
    assert total(warehouse, "ly-benghazi-ganfouda", known="2018-03-30") == 1020


def test_as_known_on_an_earlier_date_the_correction_does_not_count_yet(warehouse, gazetteer):
    load(warehouse, gazetteer, GANFOUDA_DOCS, [FIRST, CORRECTION])
    area = "ly-benghazi-ganfouda"
    assert total(warehouse, area, known="2018-03-19") == 0  # not yet published
    assert total(warehouse, area, known="2018-03-20") == 1200
    assert total(warehouse, area, known="2018-03-26") == 1200
    assert total(warehouse, area, known="2018-03-27") == 1020
    district = rows(
        warehouse,
        "select district_id, cumulative_households "
        "from cumulative_returns_by_district_as_known_on('2018-03-21')",
    )
    assert district == [(area, 1200)]


def test_a_later_document_leaves_the_series_as_known_before_it_unchanged(warehouse, gazetteer):
    load(warehouse, gazetteer, GANFOUDA_DOCS[:1], [FIRST])
    before = rows(
        warehouse, "select * from cumulative_returns_by_area_as_known_on('2018-03-25') order by all"
    )
    load(warehouse, gazetteer, GANFOUDA_DOCS, [FIRST, CORRECTION])
    after = rows(
        warehouse, "select * from cumulative_returns_by_area_as_known_on('2018-03-25') order by all"
    )
    assert before == after and before
    assert rows(warehouse, "select * from cumulative_returns_by_area order by all") != before


# 2018-04-10-council-benghazi-total-and-parts.md: 900 to Benghazi, 600 Gwarsha, 300 al-Sabri
TOTAL = figure("t", 10, 900, "ly-benghazi", date(2018, 4, 9))
PARTS = [
    figure(
        "t", 20, 600, "ly-benghazi-gwarsha", date(2018, 4, 9), part_of_figure_id=TOTAL["figure_id"]
    ),
    figure(
        "t", 30, 300, "ly-benghazi-sabri", date(2018, 4, 9), part_of_figure_id=TOTAL["figure_id"]
    ),
]


def test_a_total_beside_its_parts_is_not_added_again(warehouse, gazetteer):
    load(warehouse, gazetteer, [document("t", date(2018, 4, 10))], [TOTAL, *PARTS])
    assert total(warehouse, "ly-benghazi") == 900
    assert total(warehouse, "ly-benghazi-gwarsha") == 600
    assert status(warehouse, TOTAL["figure_id"]) == "total of 2 parts given beside it"


def test_a_total_beside_some_of_its_parts_adds_only_the_rest(warehouse, gazetteer):
    load(warehouse, gazetteer, [document("t", date(2018, 4, 10))], [TOTAL, PARTS[0]])
    assert total(warehouse, "ly-benghazi") == 900
    assert rows(
        warehouse,
        "select households, parts_households, n_parts from return_events where area_id = 'ly-benghazi'",
    ) == [(900, 600, 1)]
    assert rows(
        warehouse,
        "select households from cumulative_returns_by_area "
        "where area_id = 'ly-benghazi' and date = '2018-04-09'",
    ) == [(900,)]


def test_parts_from_other_reports_that_add_up_make_the_total_an_aggregate(warehouse, gazetteer):
    docs = [document("t", date(2018, 4, 10)), document("u", date(2018, 4, 12))]
    alone = [dict(p, part_of_figure_id=None) for p in PARTS]
    load(
        warehouse, gazetteer, docs, [*alone, figure("u", 10, 900, "ly-benghazi", date(2018, 4, 11))]
    )
    assert total(warehouse, "ly-benghazi") == 900


# Two reports of 1 March 2017: the municipality's "300 families returned to Neighbourhood
# 700 and 400 to the Third District", a news agency's "600 families returned to Sirte".
SIRTE_DAY = [document("m", date(2017, 3, 2)), document("n", date(2017, 3, 2))]


def sirte_day(figure_type: str) -> list[dict]:
    return [
        figure("m", 10, 300, "ly-sirte-700", date(2017, 3, 1), figure_type=figure_type),
        figure("m", 20, 400, "ly-sirte-d3", date(2017, 3, 1), figure_type=figure_type),
        figure("n", 10, 600, "ly-sirte", date(2017, 3, 1), figure_type=figure_type),
    ]


def test_a_parent_flow_below_its_parts_that_day_is_not_added_on_top(warehouse, gazetteer):
    figures = sirte_day("flow")
    load(warehouse, gazetteer, SIRTE_DAY, figures)
    assert total(warehouse, "ly-sirte") == 700  # not 1,300: the parts win
    assert status(warehouse, figures[2]["figure_id"]) == "aggregate of 2 parts summing to 700"


def test_a_parent_stock_below_its_parts_stocks_that_day_gives_way_to_them(warehouse, gazetteer):
    load(warehouse, gazetteer, SIRTE_DAY, sirte_day("stock"))
    assert total(warehouse, "ly-sirte") == 700
    assert total(warehouse, "ly-sirte-d3") == 400


def test_a_parent_flow_beside_its_parts_stocks_or_smaller_parts_still_counts(warehouse, gazetteer):
    stocks = sirte_day("stock")[:2]
    flow = figure("n", 10, 600, "ly-sirte", date(2017, 3, 1))
    small = figure("n", 20, 200, "ly-sirte-700", date(2017, 3, 3))
    later = figure("n", 30, 500, "ly-sirte", date(2017, 3, 3))
    load(warehouse, gazetteer, SIRTE_DAY, [*stocks, flow, small, later])
    # a stock below is a total to date, not that day's returns; 200 < 500
    assert total(warehouse, "ly-sirte") == 700 + 600 + 200 + 500


# A DTM stock for Sirt mantika (round 11, like dtm-libya-returnees-by-mantika.csv), flows
# before it from the operations room, and a flow after it.
def test_a_stock_replaces_the_running_total_and_later_flows_add_on_top(warehouse, gazetteer):
    docs = [
        document("o", date(2017, 6, 1)),
        document("d", date(2017, 6, 9)),
        document("p", date(2017, 6, 16)),
    ]
    figures = [
        figure("o", 10, 700, "ly-sirte-d3", date(2017, 5, 30)),
        figure("d", 10, 9800, "LY0208", date(2017, 6, 8), figure_type="stock", round_code="R11"),
        figure("p", 10, 150, "ly-sirte-d3", date(2017, 6, 15)),
    ]
    load(warehouse, gazetteer, docs, figures)
    series = rows(
        warehouse,
        "select date, cumulative_households from cumulative_returns_by_area where area_id = 'LY0208'",
    )
    assert series == [
        (date(2017, 5, 30), 700),
        (date(2017, 6, 8), 9800),
        (date(2017, 6, 15), 9950),
    ]
    assert total(warehouse, "ly-sirte-d3") == 850  # the stock sets the parent, not the child


def test_a_stock_measured_in_one_unit_beside_one_in_the_other_keeps_both_measures(
    warehouse, gazetteer
):
    # DTM's round 12 gives the Third District 1,000 households; the municipality, the same
    # day, 5,400 individuals: neither converted figure (6,000 individuals, 900 households)
    # replaces the other's measured one, whichever stock is taken last
    docs = [document("d", date(2017, 3, 10)), document("e", date(2017, 3, 11))]
    figures = [
        figure("d", 10, 1000, "ly-sirte-d3", date(2017, 3, 9), figure_type="stock"),
        figure(
            "e", 10, 5400, "ly-sirte-d3", date(2017, 3, 9), figure_type="stock", unit="individuals"
        ),
    ]
    load(warehouse, gazetteer, docs, figures)
    assert rows(
        warehouse,
        "select cumulative_households, cumulative_individuals from cumulative_returns_by_area "
        "where area_id in ('ly-sirte-d3', 'ly-sirte') order by area_id",
    ) == [(1000, 5400), (1000, 5400)]
    assert rows(
        warehouse,
        "select cumulative_households, cumulative_individuals "
        "from cumulative_returns_by_area_as_known_on(date '2017-03-10') "
        "where area_id = 'ly-sirte-d3'",
    ) == [(1000, 6000)]


def test_two_stocks_are_never_summed(warehouse, gazetteer):
    docs = [document("d", date(2017, 6, 9)), document("e", date(2017, 8, 9))]
    figures = [
        figure("d", 10, 9800, "LY0208", date(2017, 6, 8), figure_type="stock", round_code="R11"),
        figure("e", 10, 10400, "LY0208", date(2017, 8, 8), figure_type="stock", round_code="R12"),
    ]
    load(warehouse, gazetteer, docs, figures)
    assert total(warehouse, "LY0208") == 10400


# 2018-03-05-municipality-laithi-returns.md and 2018-03-06-blog-laithi-repost.md
LAITHI_DOCS = [document("l", date(2018, 3, 5)), document("m", date(2018, 3, 6))]
LAITHI = [
    figure(
        "l",
        10,
        420,
        "ly-benghazi-laithi",
        date(2018, 3, 4),
        announced_by="Benghazi municipal council",
    ),
    figure("m", 10, 420, "ly-benghazi-laithi", date(2018, 3, 4), qualifier="approx"),
]


def test_a_repost_in_other_words_is_the_same_event(warehouse, gazetteer):
    load(warehouse, gazetteer, LAITHI_DOCS, LAITHI)
    assert rows(warehouse, "select n_sources, document_ids from return_events") == [
        (2, sorted(d["document_id"] for d in LAITHI_DOCS))
    ]
    assert total(warehouse, "ly-benghazi") == 420


def test_a_repost_giving_only_the_other_unit_of_a_pair_is_the_same_event(warehouse, gazetteer):
    # 2017-02-20-council-...: 150 families (900 individuals); 2017-02-21-wire-...: 900 people
    families = figure("c", 10, 150, "ly-sirte-dollar", date(2017, 2, 19))
    people = figure("c", 20, 900, "ly-sirte-dollar", date(2017, 2, 19), unit="individuals")
    families["paired_figure_id"], people["paired_figure_id"] = (
        people["figure_id"],
        families["figure_id"],
    )
    wire = figure("w", 10, 900, "ly-sirte-dollar", date(2017, 2, 19), unit="individuals")
    docs = [document("c", date(2017, 2, 20)), document("w", date(2017, 2, 21))]
    load(warehouse, gazetteer, docs, [families, people, wire])
    assert rows(
        warehouse, "select households, individuals, n_sources, figure_id from return_events"
    ) == [(150, 900, 2, families["figure_id"])]
    assert total(warehouse, "ly-sirte") == 150


def test_a_repost_dated_only_by_its_month_keeps_the_day_of_the_return(warehouse, gazetteer):
    # 2018-03-09-blog-laithi-earlier-this-month.md: "earlier this month" is March, not 1 March
    month = {
        **figure("n", 10, 420, "ly-benghazi-laithi", date(2018, 3, 1)),
        "date_precision": "month",
    }
    load(warehouse, gazetteer, [*LAITHI_DOCS, document("n", date(2018, 3, 9))], [*LAITHI, month])
    assert rows(warehouse, "select event_date, n_sources from return_events") == [
        (date(2018, 3, 4), 3)
    ]


def test_the_same_announcer_and_stage_is_the_same_event(warehouse, gazetteer):
    docs = [document("s", date(2017, 2, 11)), document("v", date(2017, 2, 12))]
    figures = [
        figure(
            "s", 10, 1025, "ly-sirte-d3", date(2017, 2, 10), stage=2, announced_by="BM media office"
        ),
        figure(
            "v", 10, 1000, "ly-sirte-d3", date(2017, 2, 11), stage=2, announced_by="bm media office"
        ),
    ]
    load(warehouse, gazetteer, docs, figures)
    assert rows(warehouse, "select households, n_sources from return_events") == [(1025, 2)]


def test_a_document_pair_of_units_wins_over_conversion(warehouse, gazetteer):
    families = figure("l", 10, 420, "ly-benghazi-laithi", date(2018, 3, 4))
    people = figure("l", 20, 2000, "ly-benghazi-laithi", date(2018, 3, 4), unit="individuals")
    families["paired_figure_id"], people["paired_figure_id"] = (
        people["figure_id"],
        families["figure_id"],
    )
    load(warehouse, gazetteer, LAITHI_DOCS[:1], [families, people])
    assert rows(
        warehouse,
        "select households, individuals, households_is_estimate, individuals_is_estimate "
        "from return_events",
    ) == [(420, 2000, False, False)]


def test_a_converted_unit_rounds_half_up_and_is_marked_an_estimate(warehouse, gazetteer):
    # 2018: household size 6.0 (2006 census); 3 people -> 0.5 household -> 1
    people = figure("l", 10, 3, "ly-benghazi-laithi", date(2018, 3, 4), unit="individuals")
    load(warehouse, gazetteer, LAITHI_DOCS[:1], [people])
    assert rows(
        warehouse,
        "select households, households_is_estimate, household_size, household_size_source "
        "like 'Libya 2006%' from return_events",
    ) == [(1, True, 6.0, True)]


def test_one_report_of_the_same_number_on_two_days_is_two_returns(warehouse, gazetteer):
    # "200 families returned to District 3 on Saturday 4 February. Another 200 families
    # returned on Thursday 9 February": one document, two days, 200 + 200 = 400.
    first = figure("w", 10, 200, "ly-sirte-d3", date(2017, 2, 4))
    another = figure("w", 90, 200, "ly-sirte-d3", date(2017, 2, 9))
    load(warehouse, gazetteer, [document("w", date(2017, 2, 10))], [first, another])
    assert status(warehouse, first["figure_id"]) == "event"
    assert status(warehouse, another["figure_id"]) == "event"
    assert total(warehouse, "ly-sirte-d3") == 400


def test_two_reports_of_the_same_number_days_apart_are_one_return(warehouse, gazetteer):
    # the documented choice: across documents, the same size in the same place within the
    # duplicate window is one return told twice (a repost dating it by its own day)
    told = figure("x", 10, 200, "ly-sirte-d3", date(2017, 2, 4))
    retold = figure("y", 10, 200, "ly-sirte-d3", date(2017, 2, 6))
    docs = [document("x", date(2017, 2, 5)), document("y", date(2017, 2, 7))]
    load(warehouse, gazetteer, docs, [told, retold])
    assert total(warehouse, "ly-sirte-d3") == 200
