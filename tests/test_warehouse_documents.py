"""End to end: the real CLI reads the documents written for the warehouse rules
(tests/documents/warehouse/), the extractor finds their corrections, parts and pairs, and
the warehouse answers, in SQL, what an analyst reading the same documents would compute.

The documents, and what a careful analyst reads in them (households; individuals are
converted at Libya's 2006 household size, 6.0, unless the document gives them):

Sirte, 2017
- DTM (published 4 Feb): a stock of 1,500 returnee households in District No. 3 as of 31 Jan.
- Operations room (13 Feb): 250 families returned to District No. 3 on 12 Feb (a flow).
- Return committee (15 Feb): 585 families to Sirte on 14 Feb: 340 to District 1 and 245 to
  District 2 (a total and its parts, in one sentence).
- Municipal council (20 Feb): 150 families (900 individuals) to al-Dollar on 19 Feb; a wire
  (21 Feb) reposts it as "some 900 people".
Benghazi, 2018
- Municipality (5 Mar): 420 families to al-Laithi on 4 Mar; a blog (6 Mar) reposts it in
  other words ("some 420 households"), another (9 Mar) as 420 families "earlier this month".
- Operations room (20 Mar): 1,200 families to Ganfouda on 19 Mar; (27 Mar) revised "from
  1,200 to 1,020"; a blog (29 Mar) still repeats the old 1,200 (a stale repost).
- Municipal council (10 Apr): 900 families to Benghazi on 9 Apr: 600 to Gwarsha and 300 to
  al-Sabri.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, returnwatch, rows

DOCUMENTS = Path(__file__).parent / "documents" / "warehouse"


@pytest.fixture(scope="module")
def warehouse(prefect_server, tmp_path_factory) -> Path:
    """One `returnwatch run` over an inbox of every document in tests/documents/warehouse/,
    with an analyst home whose overrides file is empty (so only the rules act)."""
    tmp = tmp_path_factory.mktemp("warehouse-documents")
    inbox = tmp / "inbox"
    inbox.mkdir()
    for document in sorted(DOCUMENTS.glob("*.md")):
        shutil.copy(document, inbox / document.name)
    home = tmp / "home"
    (home / "data").mkdir(parents=True)
    (home / "expectations").symlink_to(PROJECT / "expectations")
    (home / "data" / "overrides.csv").write_text(
        "action,figure_id,value,other_figure_id,reason,decided_on,analyst\n"
    )
    path = tmp / "w" / "returns.duckdb"
    done = returnwatch(
        "run", "--inbox", str(inbox), "--warehouse", str(path),
        "--archive", str(tmp / "w" / "archive"), "--exports", str(tmp / "w" / "exports"),
        env={"RETURNWATCH_HOME": str(home)},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return path


def series(path: Path, view: str, key: str, area_id: str) -> list[tuple]:
    """(date, cumulative households, cumulative individuals) of one area, oldest first."""
    return [
        (str(day), households, individuals)
        for day, households, individuals in rows(
            path,
            f"select date, cumulative_households, cumulative_individuals from {view} "
            f"where {key} = ? order by date",
            area_id,
        )
    ]


def figure_of(path: Path, document_prefix: str, quantity: int) -> str:
    (found,) = rows(
        path,
        "select f.figure_id from figures f join documents d using (document_id) "
        "where d.name like ? and f.quantity = ?",
        f"{document_prefix}%",
        quantity,
    )
    return found[0]


def test_every_document_is_loaded_with_the_figures_it_gives(warehouse):
    loaded = rows(warehouse, "select name, status, n_figures from documents order by name")
    assert loaded == [
        ("2017-02-04-dtm-sirte-district3-stock.md", "loaded", 1),
        ("2017-02-13-ops-room-sirte-district3-flow.md", "loaded", 1),
        ("2017-02-15-committee-sirte-districts-1-and-2.md", "loaded", 3),
        ("2017-02-20-council-sirte-dollar-families-and-individuals.md", "loaded", 2),
        ("2017-02-21-wire-sirte-dollar-900-people.md", "loaded", 1),
        ("2018-03-05-municipality-laithi-returns.md", "loaded", 1),
        ("2018-03-06-blog-laithi-repost.md", "loaded", 1),
        ("2018-03-09-blog-laithi-earlier-this-month.md", "loaded", 1),
        ("2018-03-20-ops-room-ganfouda-1200.md", "loaded", 1),
        ("2018-03-27-ops-room-ganfouda-correction.md", "loaded", 1),
        ("2018-03-29-blog-ganfouda-stale-repost.md", "loaded", 1),
        ("2018-04-10-council-benghazi-total-and-parts.md", "loaded", 3),
    ]


def test_reposts_in_other_words_are_one_event_with_every_source(warehouse):
    events = rows(
        warehouse,
        "select figure_id, households, n_sources, len(document_ids), event_date::varchar "
        "from return_events where area_id = 'ly-benghazi-laithi'",
    )
    original = figure_of(warehouse, "2018-03-05-municipality", 420)
    # named after the municipality's report, dated by its day (not the month's first day)
    assert events == [(original, 420, 3, 3, "2018-03-04")]
    for repost in ("2018-03-06-blog", "2018-03-09-blog"):
        assert rows(
            warehouse,
            "select status from figure_status where figure_id = ?",
            figure_of(warehouse, repost, 420),
        ) == [(f"duplicate of {original}",)]


def test_a_repost_giving_only_individuals_is_the_same_event_as_the_pair(warehouse):
    assert rows(
        warehouse,
        "select households, individuals, n_sources from return_events "
        "where area_id = 'ly-sirte-dollar'",
    ) == [(150, 900, 2)]


def test_the_corrected_figure_is_superseded_and_the_correction_counts(warehouse):
    old = figure_of(warehouse, "2018-03-20-ops-room", 1200)
    new = figure_of(warehouse, "2018-03-27-ops-room", 1020)
    stale = figure_of(warehouse, "2018-03-29-blog", 1200)
    assert rows(warehouse, "select corrects_quantity from figures where figure_id = ?", new) == [
        (1200,)
    ]
    for superseded in (old, stale):  # the stale repost does not bring the 1,200 back
        assert rows(
            warehouse, "select status from figure_status where figure_id = ?", superseded
        ) == [(f"superseded by {new}",)]
    events = rows(
        warehouse,
        "select figure_id, households, event_date::varchar, supersedes, corrects_quantity "
        "from return_events where area_id = 'ly-benghazi-ganfouda'",
    )
    # counted once, at 1,020, from the day of the return (19 March), listing what it replaced
    assert events == [(new, 1020, "2018-03-19", sorted([old, stale]), 1200)]


def test_a_total_beside_its_parts_is_not_added_again(warehouse):
    for document, total, parts in (
        ("2017-02-15-committee", 585, (340, 245)),
        ("2018-04-10-council", 900, (600, 300)),
    ):
        total_id = figure_of(warehouse, document, total)
        part_ids = [figure_of(warehouse, document, part) for part in parts]
        assert rows(
            warehouse, "select status from figure_status where figure_id = ?", total_id
        ) == [("total of 2 parts given beside it",)]
        assert rows(
            warehouse,
            "select count(*) from figures where part_of_figure_id = ? and figure_id in ?",
            total_id,
            part_ids,
        ) == [(2,)]
        assert rows(
            warehouse,
            "select count(*) from return_events where list_has_any(figure_ids, ?)",
            part_ids,
        ) == [(2,)]
        assert rows(
            warehouse, "select count(*) from return_events where figure_id = ?", total_id
        ) == [(0,)]


def test_households_and_individuals_given_together_are_the_documents_own(warehouse):
    assert rows(
        warehouse,
        "select households, individuals, households_is_estimate, individuals_is_estimate "
        "from return_events where area_id = 'ly-sirte-dollar'",
    ) == [(150, 900, False, False)]  # the wire's "900 people" changes nothing
    # elsewhere the other unit is converted, and marked as an estimate
    assert rows(
        warehouse,
        "select households, individuals, individuals_is_estimate, household_size "
        "from return_events where area_id = 'ly-sirte-d1'",
    ) == [(340, 2040, True, 6.0)]


def test_a_stock_followed_by_a_flow_gives_stock_plus_flow(warehouse):
    events = rows(
        warehouse,
        "select figure_type, event_date::varchar, households from return_events "
        "where area_id = 'ly-sirte-d3' order by event_date",
    )
    assert events == [("stock", "2017-01-31", 1500), ("flow", "2017-02-12", 250)]
    assert series(warehouse, "cumulative_returns_by_district", "district_id", "ly-sirte-d3") == [
        ("2017-01-31", 1500, 9000),  # the DTM stock; 1,500 x 6.0
        ("2017-02-12", 1750, 10500),  # 1,500 + 250 flow; 1,750 x 6.0
    ]


def test_cumulative_series_by_district_are_what_an_analyst_computes(warehouse):
    districts = {
        district: series(warehouse, "cumulative_returns_by_district", "district_id", district)
        for (district,) in rows(
            warehouse, "select distinct district_id from cumulative_returns_by_district"
        )
    }
    assert districts == {
        "ly-sirte-d3": [("2017-01-31", 1500, 9000), ("2017-02-12", 1750, 10500)],
        "ly-sirte-d1": [("2017-02-14", 340, 2040)],  # 340 x 6.0
        "ly-sirte-d2": [("2017-02-14", 245, 1470)],  # 245 x 6.0
        "ly-sirte-dollar": [("2017-02-19", 150, 900)],  # both given by the council; once
        "ly-benghazi-laithi": [("2018-03-04", 420, 2520)],  # once, not 1,260; 420 x 6.0
        "ly-benghazi-ganfouda": [("2018-03-19", 1020, 6120)],  # corrected; 1,020 x 6.0
        "ly-benghazi-gwarsha": [("2018-04-09", 600, 3600)],
        "ly-benghazi-sabri": [("2018-04-09", 300, 1800)],
    }


def test_cumulative_series_of_the_cities_roll_up_their_districts(warehouse):
    area = "cumulative_returns_by_area"
    assert series(warehouse, area, "area_id", "ly-sirte") == [
        ("2017-01-31", 1500, 9000),  # District 3's stock
        ("2017-02-12", 1750, 10500),  # + 250
        ("2017-02-14", 2335, 14010),  # + 340 + 245 (the 585 total not again); + 2,040 + 1,470
        ("2017-02-19", 2485, 14910),  # + 150 families, 900 individuals (not twice)
    ]
    assert series(warehouse, area, "area_id", "ly-benghazi") == [
        ("2018-03-04", 420, 2520),  # al-Laithi once, on the 4th
        ("2018-03-19", 1440, 8640),  # + 1,020 (not 1,200); + 6,120
        ("2018-04-09", 2340, 14040),  # + 600 + 300 (the 900 total not again); + 5,400
    ]


def test_as_known_before_the_correction_the_old_value_stands(warehouse):
    def known_on(day: str, macro: str, key: str, area_id: str) -> list[tuple]:
        return [
            (str(d), h)
            for d, h in rows(
                warehouse,
                f"select date, cumulative_households from {macro}(date '{day}') "
                f"where {key} = ? order by date",
                area_id,
            )
        ]

    district_macro = "cumulative_returns_by_district_as_known_on"
    area_macro = "cumulative_returns_by_area_as_known_on"
    # 26 March: the 1,200 of 20 March is all that is known
    assert known_on("2018-03-26", district_macro, "district_id", "ly-benghazi-ganfouda") == [
        ("2018-03-19", 1200)
    ]
    assert known_on("2018-03-26", area_macro, "area_id", "ly-benghazi") == [
        ("2018-03-04", 420),
        ("2018-03-19", 1620),  # 420 + 1,200
    ]
    # 27 March: the revision is published and replaces it back to 19 March; 29 March: the
    # blog repeating 1,200 changes nothing
    for day in ("2018-03-27", "2018-03-29"):
        assert known_on(day, district_macro, "district_id", "ly-benghazi-ganfouda") == [
            ("2018-03-19", 1020)
        ]
    # 19 March: nothing about Ganfouda is known yet
    assert known_on("2018-03-19", district_macro, "district_id", "ly-benghazi-ganfouda") == []
    # 5 February 2017: only the DTM stock is known in Sirte
    assert known_on("2017-02-05", area_macro, "area_id", "ly-sirte") == [("2017-01-31", 1500)]
