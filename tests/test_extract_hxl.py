import csv
from datetime import date

import pytest
from conftest import returnwatch, rows

from returnwatch.documents import Document
from returnwatch.extract import extract_document
from returnwatch.gazetteer.phrases import resolve_figures

HEADER = "Admin 2 name,Admin 2 pcode,Date reported,Round,HH,IND,Source\n"
TAGS = "#adm2+name,#adm2+code,#date+reported,#round+code,#affected+returnees+hh,#affected+returnees+ind,#meta+source\n"


def read(gazetteer, body: str):
    document = Document("dtm", "dtm.csv", (HEADER + TAGS + body).encode())
    extraction = extract_document(document, gazetteer)
    return resolve_figures(gazetteer, extraction.figures), extraction.problems


def test_rows_are_paired_stocks_placed_by_pcode(gazetteer):
    figures, problems = read(gazetteer, "Sirt,LY0208,2017-06-08,R11,9800,49000,DTM\n")
    assert problems == []
    households, individuals = figures
    assert (households.quantity, households.unit, individuals.quantity, individuals.unit) == (
        9800,
        "households",
        49000,
        "individuals",
    )
    assert {f.figure_type for f in figures} == {"stock"}
    assert {f.area_id for f in figures} == {"LY0208"}
    assert {f.resolve_method for f in figures} == {"pcode"}
    assert households.paired_figure_id == individuals.figure_id
    assert households.round_code == "R11" and households.announced_by == "DTM"


def test_a_name_is_resolved_when_the_code_is_unknown(gazetteer):
    figures, _ = read(gazetteer, "Misurata,LY9999,2017-06-08,R11,10,,DTM\n")
    assert [(f.area_id, f.unit) for f in figures] == [("LY0214", "households")]


def test_a_count_that_is_not_a_number_is_a_problem_with_its_line(gazetteer):
    figures, problems = read(gazetteer, "Sirt,LY0208,2017-06-08,R11,many,49000,DTM\n")
    assert [f.unit for f in figures] == ["individuals"]
    (problem,) = problems
    assert problem.check == "count_is_number"
    assert "line 3" in problem.reason and "'many'" in problem.reason


def test_an_untagged_table_says_what_to_do(gazetteer):
    document = Document("dtm", "plain.csv", b"a,b\n1,2\n")
    extraction = extract_document(document, gazetteer)
    assert extraction.figures == []
    assert "HXL" in extraction.problems[0].reason


def _figures(gazetteer, table: str):
    extraction = extract_document(Document("dtm", "dtm.csv", table.encode()), gazetteer)
    return resolve_figures(gazetteer, extraction.figures)


def test_a_name_below_a_known_code_places_the_row_below_it(gazetteer):
    # a mantika's P-code beside each neighbourhood's name: each row is its neighbourhood,
    # not a stock of the mantika (two such stocks on one date would leave only the last)
    figures = _figures(
        gazetteer,
        "Mantika pcode,Neighbourhood,Date,HH\n#adm2+code,#loc+name,#date+reported,"
        "#affected+returnees+hh\nLY0208,Neighbourhood 700,2017-02-13,585\n"
        "LY0208,Third District,2017-02-13,1025\n",
    )
    assert [(f.quantity, f.area_id) for f in figures] == [
        (585, "ly-sirte-700"), (1025, "ly-sirte-d3"),
    ]  # fmt: skip


def test_an_unknown_code_below_a_known_one_stays_unresolved(gazetteer):
    figures = _figures(
        gazetteer,
        "Mantika,Baladiya pcode,Date,HH\n#adm2+name,#adm3+code,#date+reported,"
        "#affected+returnees+hh\nSirt,LY020801,2017-02-13,585\n",
    )
    assert [(f.location_text, f.area_id) for f in figures] == [("LY020801", None)]


COMPOSITE_HEAD = "Place,Date,HH\n{tag},#date+reported,#affected+returnees+hh\n"


@pytest.mark.parametrize("tag", ["#loc+name", "#adm2+name"])
@pytest.mark.parametrize(
    ("cell", "area"),
    [
        ("Benghazi - al-Laithi", "ly-benghazi-laithi"),
        ("Sirt / Third District", "ly-sirte-d3"),
        ("Sirte/Third District", "ly-sirte-d3"),
        ("al-Laithi, Benghazi", "ly-benghazi-laithi"),
        ("Benghazi \u2013 Laithi", "ly-benghazi-laithi"),
        ("سرت، الحي السكني رقم 3", "ly-sirte-d3"),
        # a baladiya of Tripoli mantika: within Tripoli, though not within Tripoli city
        ("Tripoli, Souq al-Juma", "ly-souq-al-juma-baladiya"),
    ],
)
def test_a_place_within_a_place_in_one_cell_is_its_most_specific_part(gazetteer, tag, cell, area):
    figures = _figures(gazetteer, COMPOSITE_HEAD.format(tag=tag) + f'"{cell}",2017-06-08,100\n')
    assert [(f.area_id, f.resolve_method) for f in figures] == [(area, "alias")]


@pytest.mark.parametrize(
    "cell",
    [
        "Tripoli, Ganfouda",  # Ganfouda is Benghazi's: not Tripoli's stock either
        "Benghazi - Third District",  # a Third District is known, but in Sirte
        "Benghazi - al-Laithi - Gwarsha",  # two neighbourhoods, not one within the other
    ],
)
def test_a_composite_cell_whose_parts_are_not_one_within_the_other_stays_unresolved(
    gazetteer, cell
):
    figures = _figures(
        gazetteer, COMPOSITE_HEAD.format(tag="#loc+name") + f'"{cell}",2017-06-08,1\n'
    )
    assert [(f.location_text, f.area_id) for f in figures] == [(cell, None)]


def test_a_composite_cell_below_a_known_code_must_lie_within_it(gazetteer):
    head = "Code,Place,Date,HH\n#adm2+code,#loc+name,#date+reported,#affected+returnees+hh\n"
    body = "LY0103,Benghazi - al-Laithi,2017-06-08,1\nLY0208,Benghazi - al-Laithi,2017-06-08,2\n"
    figures = _figures(gazetteer, head + body)
    assert [(f.quantity, f.area_id) for f in figures] == [
        (1, "ly-benghazi-laithi"), (2, None),
    ]  # fmt: skip


def test_a_pcode_in_lower_case_is_the_pcode(gazetteer):
    figures = _figures(
        gazetteer,
        "Mantika pcode,Date,HH\n#adm2+code,#date+reported,#affected+returnees+hh\n"
        "ly0208,2017-06-08,100\nLy0214,2017-06-08,200\n",
    )
    assert [(f.area_id, f.resolve_method) for f in figures] == [
        ("LY0208", "pcode"), ("LY0214", "pcode"),
    ]  # fmt: skip


def test_a_hashtag_row_below_a_preamble_is_found(gazetteer):
    # HDX / DTM files often open with a title (here with a comma) above a semicolon table
    figures = _figures(
        gazetteer,
        "DTM Libya, returnees by mantika\n\nMantika;Pcode;Date;HH\n"
        "#adm2+name;#adm2+code;#date+reported;#affected+returnees+hh\n"
        "Sirt;LY0208;2017-06-08;100\nMisrata;LY0214;2017-06-08;200\n",
    )
    assert [(f.quantity, f.area_id, f.span_start) for f in figures] == [
        (100, "LY0208", 5), (200, "LY0214", 6),
    ]  # fmt: skip
    assert figures[0].excerpt == "line 5: Mantika=Sirt; Pcode=LY0208; Date=2017-06-08; HH=100"


LONG_NOTES = "".join(f'"Note {i}: {"methodology, caveats and sources " * 60}"\n' for i in range(60))


def test_a_hashtag_row_below_sixty_long_notes_is_found(gazetteer):
    # DTM sheets sometimes open with long notes: 60 lines, over 100 KB, above the header
    figures = _figures(
        gazetteer,
        LONG_NOTES + "Mantika,Date,HH\n#adm2+name,#date+reported,#affected+returnees+hh\n"
        "Sirt,2017-06-08,100\n",
    )
    assert [(f.quantity, f.area_id, f.span_start) for f in figures] == [(100, "LY0208", 63)]


@pytest.mark.parametrize("note", ["Note {i},,", "Note {i}"])
def test_a_table_whose_hashtag_row_is_too_far_down_says_how_far_was_searched(gazetteer, note):
    notes = "".join(note.format(i=i) + "\n" for i in range(120))
    table = notes + "Mantika,Date,HH\n#adm2+name,#date+reported,#affected+returnees+hh\n"
    extraction = extract_document(Document("dtm", "dtm.csv", table.encode()), gazetteer)
    assert extraction.figures == []
    if "," in note:  # a table of notes, read, with no hashtags
        (problem,) = extraction.problems
        assert problem.check == "hxl_counts_present"
        assert "no HXL hashtag row in the first 100 lines" in problem.reason
    else:  # notes of another width than the table: not a CSV, and why
        assert "no HXL hashtag row was found in its first 100 lines" in extraction.failed


def test_a_count_of_new_returnees_beside_the_total_is_not_the_total(gazetteer):
    # DTM rounds give both; the round's new returnees read as a stock would replace the total
    figures = _figures(
        gazetteer,
        "Mantika,Date,New HH,Total HH\n#adm2+name,#date+reported,#affected+returnees+hh+new,"
        "#affected+returnees+hh+total\nSirt,2017-06-08,300,9800\nSirt,2017-08-31,800,10600\n",
    )
    assert [(f.quantity, f.figure_type) for f in figures] == [(9800, "stock"), (10600, "stock")]


def test_a_count_of_new_returnees_alone_is_a_flow(gazetteer):
    figures = _figures(
        gazetteer,
        "Mantika,Date,New HH,IND\n#adm2+name,#date+reported,#affected+returnees+hh+new,"
        "#affected+returnees+ind\nSirt,2017-06-08,300,49000\n",
    )
    assert [(f.quantity, f.figure_type, f.paired_figure_id) for f in figures] == [
        (300, "flow", None), (49000, "stock", None),
    ]  # fmt: skip


def test_a_count_by_sex_beside_the_total_is_not_the_total(gazetteer):
    figures = _figures(
        gazetteer,
        "Mantika,Date,Female,Male,All\n#adm2+name,#date+reported,#affected+returnees+ind+f,"
        "#affected+returnees+ind+m,#affected+returnees+ind+total\nSirt,2017-06-08,26000,23000,49000\n",
    )
    assert [(f.quantity, f.unit) for f in figures] == [(49000, "individuals")]


SEX_TABLE = (
    "Mantika,Date,Women,Men,HH\n#adm2+name,#date+reported,#affected+returnees+ind+f,"
    "#affected+returnees+ind+m,#affected+returnees+hh\n"
)


def _by_sex(gazetteer, body: str, head: str = SEX_TABLE):
    extraction = extract_document(Document("dtm", "dtm.csv", (head + body).encode()), gazetteer)
    return resolve_figures(gazetteer, extraction.figures), extraction.problems


def test_a_count_given_only_by_sex_is_the_sum_of_both(gazetteer):
    figures, problems = _by_sex(gazetteer, "Sirt,2017-06-08,26000,23000,9800\n")
    assert [(f.quantity, f.unit) for f in figures] == [(9800, "households"), (49000, "individuals")]
    assert figures[0].paired_figure_id == figures[1].figure_id and problems == []


def test_a_row_with_one_sex_blank_has_no_count_and_says_so(gazetteer):
    body = "Sirt,2017-06-08,26000,,9800\nSirt,2017-06-09,,,100\nSirt,2017-06-10,5,x,\n"
    figures, problems = _by_sex(gazetteer, body)
    assert [(f.quantity, f.unit, f.span_start) for f in figures] == [
        (9800, "households", 3),
        (100, "households", 4),
    ]  # never 26000 individuals: half a count is not the count
    assert [(p.check, p.value) for p in problems] == [("count_by_sex", "Women, Men")] * 2
    assert "dtm.csv line 3" in problems[0].reason and "'26000' and ''" in problems[0].reason
    assert "dtm.csv line 5" in problems[1].reason and "fill both cells" in problems[1].reason


def test_a_count_given_for_one_sex_only_is_not_read(gazetteer):
    head = "Mantika,Date,Women,HH\n#adm2+name,#date+reported,#affected+returnees+ind+f,#affected+returnees+hh\n"
    figures, problems = _by_sex(gazetteer, "Sirt,2017-06-08,26000,9800\n", head)
    assert [(f.quantity, f.unit) for f in figures] == [(9800, "households")]
    (problem,) = problems
    assert problem.check == "count_by_one_sex" and "'Women'" in problem.reason
    assert "#affected+returnees+ind+m" in problem.reason and "dtm.csv" in problem.reason


def test_a_table_of_one_sex_alone_says_which_column_and_what_to_add(gazetteer):
    head = "Mantika,Date,Men\n#adm2+name,#date+reported,#affected+returnees+ind+m\n"
    figures, problems = _by_sex(gazetteer, "Sirt,2017-06-08,23000\n", head)
    assert figures == [] and [p.check for p in problems] == ["count_by_one_sex"]
    assert "'Men'" in problems[0].reason and "add a #affected+returnees+ind" in problems[0].reason


def test_counts_grouped_by_no_break_spaces_are_whole_numbers(gazetteer):
    # a French-locale spreadsheet export writes 9 800 with a (narrow) no-break space
    figures, problems = read(gazetteer, "Sirt,LY0208,2017-06-08,R11,9\u00a0800,49\u202f000,DTM\n")
    assert problems == []
    assert [f.quantity for f in figures] == [9800, 49000]


def test_a_pcode_attribute_is_a_code(gazetteer):
    figures = _figures(
        gazetteer,
        "Pcode,Date,HH\n#adm2+pcode,#date+reported,#affected+returnees+hh\nLY0208,2017-06-08,100\n",
    )
    assert [(f.area_id, f.resolve_method) for f in figures] == [("LY0208", "pcode")]


def test_a_bare_admin_hashtag_holds_names(gazetteer):
    figures = _figures(
        gazetteer,
        "Mantika,Date,HH\n#adm2,#date+reported,#affected+returnees+hh\nMisrata,2017-06-08,100\n",
    )
    assert [f.area_id for f in figures] == ["LY0214"]


def test_a_hashtag_row_without_a_header_is_its_own_header(gazetteer):
    # HXL allows the hashtag row first (or under a blank line), with no text header
    for table, line in [
        ("#adm2+name,#affected+returnees+hh\nSirt,100\n", 2),
        ("Returns by mantika\n\n#adm2+name,#affected+returnees+hh\nSirt,100\n", 4),
    ]:
        (figure,) = _figures(gazetteer, table)
        assert (figure.area_id, figure.quantity, figure.span_start) == ("LY0208", 100, line)


def test_a_header_of_number_signs_is_not_a_hashtag_row(gazetteer):
    extraction = extract_document(
        Document("dtm", "t.csv", b"# of families,# of people\n5,6\n"), gazetteer
    )
    assert extraction.figures == [] and "HXL" in extraction.problems[0].reason


def test_a_whole_count_written_as_a_decimal_is_the_count(gazetteer):
    # pandas writes a count column with a gap in it as 9800.0; 1.000 stays ambiguous
    figures, problems = read(gazetteer, "Sirt,LY0208,2017-06-08,R11,9800.0,49000.00,DTM\n")
    assert [f.quantity for f in figures] == [9800, 49000] and problems == []
    figures, problems = read(gazetteer, "Sirt,LY0208,2017-06-08,R11,1.000,,DTM\n")
    assert figures == [] and [p.check for p in problems] == ["count_is_number"]


def _totals(gazetteer, place: str, code: str = ""):
    body = "Sirt,LY0208,2017-06-08,R11,100,500,DTM\nMisrata,LY0214,2017-06-08,R11,50,250,DTM\n"
    return read(gazetteer, body + f"{place},{code},2017-06-08,R11,150,750,DTM\n")


@pytest.mark.parametrize("place", ["Total", "GRAND TOTAL", "Grand total:", "المجموع", "الإجمالي"])
def test_a_total_row_is_one_problem_not_a_figure_in_an_unknown_place(gazetteer, place):
    figures, problems = _totals(gazetteer, place)
    assert [(f.area_id, f.quantity) for f in figures] == [
        ("LY0208", 100),
        ("LY0208", 500),
        ("LY0214", 50),
        ("LY0214", 250),
    ]
    (problem,) = problems
    assert (problem.stage, problem.check, problem.value) == ("extract", "total_row", place)
    assert "dtm.csv line 5" in problem.reason and "total" in problem.reason
    assert problem.record["Admin 2 name"] == place


@pytest.mark.parametrize(
    ("place", "code"),
    [("Libya", ""), ("ليبيا", ""), ("", "LY"), ("", "ly"), ("", "LBY"), ("Libya", "LY")],
)
def test_a_row_of_the_country_beside_its_areas_is_the_national_figure(gazetteer, place, code):
    # as text figures read "nationwide": the country's own stock, never an unknown place
    figures, problems = _totals(gazetteer, place, code)
    assert [(f.area_id, f.quantity) for f in figures][4:] == [("LBY", 150), ("LBY", 750)]
    assert problems == []


def test_the_country_beside_a_total_word_is_the_national_figure(gazetteer):
    head = "Country,Mantika,HH\n#adm1+name,#adm2+name,#affected+returnees+hh\n"
    body = ",Sirt,100\nLibya,Total,150\n"
    extraction = extract_document(Document("dtm", "dtm.csv", (head + body).encode()), gazetteer)
    figures = resolve_figures(gazetteer, extraction.figures)
    assert [(f.area_id, f.quantity) for f in figures] == [("LY0208", 100), ("LBY", 150)]


def test_several_total_rows_are_one_problem_naming_their_lines(gazetteer):
    body = "Sirt,LY0208,2017-06-08,R11,100,,DTM\nTotal,,2017-06-08,R11,100,,DTM\n"
    figures, problems = read(
        gazetteer, body + "Sirt,LY0208,2017-07-08,R12,120,,DTM\nTotal,,2017-07-08,R12,120,,DTM\n"
    )
    assert [f.quantity for f in figures] == [100, 120]
    (problem,) = problems
    assert "lines 4, 6" in problem.reason


def test_a_table_of_the_country_alone_is_a_national_series(gazetteer):
    body = "Libya,,2017-06-08,R11,100,,DTM\nLibya,,2017-07-08,R12,120,,DTM\n"
    figures, problems = read(gazetteer, body)
    assert [(f.area_id, f.quantity) for f in figures] == [("LBY", 100), ("LBY", 120)]
    assert problems == []


def test_a_place_named_like_a_total_word_inside_a_longer_name_is_a_place(gazetteer):
    figures, problems = read(gazetteer, "Total Sirt,,2017-06-08,R11,100,,DTM\n")
    assert [f.location_text for f in figures] == ["Total Sirt"] and problems == []


def test_a_total_row_stays_out_of_the_unresolved_places_of_a_run(prefect_server, tmp_path):
    """As a DTM officer sees it: the run's unresolved places and figures hold no "Total";
    the quarantine holds one total_row note naming the line."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    body = "Sirt,LY0208,2017-06-08,R11,100,500,DTM\nMisrata,LY0214,2017-06-08,R11,50,250,DTM\n"
    (inbox / "dtm.csv").write_text(HEADER + TAGS + body + "Total,,2017-06-08,R11,150,750,DTM\n")
    args = ["run", "--inbox", str(inbox), "--warehouse", str(tmp_path / "w.duckdb")]
    args += ["--archive", str(tmp_path / "archive"), "--exports", str(tmp_path / "exports")]
    result = returnwatch(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    warehouse = tmp_path / "w.duckdb"
    assert rows(warehouse, "select location_text from figures where area_id is null") == []
    with (tmp_path / "exports" / "unresolved_places.csv").open(encoding="utf-8") as file:
        assert [r["location_text"] for r in csv.DictReader(file)] == []
    assert rows(warehouse, "select sum(quantity) from figures where unit = 'households'") == [
        (150,)
    ]
    notes = rows(warehouse, "select check_name, value, reason from quarantine")
    assert [(check, value) for check, value, _ in notes] == [("total_row", "Total")]
    assert "dtm.csv line 5" in notes[0][2]


@pytest.mark.parametrize("written", ["2017-06", "June 2017", "Jun. 2017", "2017-6"])
def test_a_monthly_round_is_dated_at_month_precision_as_text_figures_are(gazetteer, written):
    figures, problems = read(gazetteer, f"Sirt,LY0208,{written},R11,9800,49000,DTM\n")
    assert problems == []
    # a stock as of a month is dated on its last day, as text figures are (period_end)
    assert {(f.event_date, f.date_precision, f.date_text) for f in figures} == {
        (date(2017, 6, 30), "month", written)
    }


def test_a_monthly_flow_is_dated_on_the_first_day_of_its_month(gazetteer):
    figures = _figures(
        gazetteer,
        "Mantika,Month,New HH\n#adm2+name,#date+reported,#affected+returnees+hh+new\n"
        "Sirt,2016-02,300\n",
    )
    assert [(f.figure_type, f.event_date, f.date_precision) for f in figures] == [
        ("flow", date(2016, 2, 1), "month")
    ]


def test_a_full_date_stays_day_precision_and_garbage_stays_quarantined(gazetteer):
    body = "Sirt,LY0208,2017-06-08,R11,9800,,DTM\nSirt,LY0208,2017-13,R11,1,,DTM\n"
    figures, problems = read(gazetteer, body + "Sirt,LY0208,Juno 2017,R11,2,,DTM\n")
    assert [(f.event_date, f.date_precision) for f in figures] == [(date(2017, 6, 8), "day")]
    assert [(p.check, p.value) for p in problems] == [
        ("date_is_iso", "2017-13"),
        ("date_is_iso", "Juno 2017"),
    ]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (date(2017, 6, 12), date(2017, 6, 12)),  # the month holds the publication: capped
        (date(2017, 7, 3), date(2017, 6, 30)),  # published after the month: its last day
        (date(2017, 5, 20), date(2017, 6, 30)),  # a later month is not made true by a cap
    ],
)
def test_a_monthly_stock_is_dated_no_later_than_the_table_was_published(
    gazetteer, published, expected
):
    body = "Sirt,LY0208,2017-06,R11,9800,49000,DTM\n"
    document = Document("dtm", "dtm.csv", (HEADER + TAGS + body).encode(), published=published)
    extraction = extract_document(document, gazetteer)
    assert extraction.problems == []
    assert {(f.event_date, f.date_precision) for f in extraction.figures} == {(expected, "month")}


def test_a_monthly_stock_published_within_its_month_is_loaded_not_quarantined(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "dtm.csv").write_text(HEADER + TAGS + "Sirt,LY0208,2017-06,R11,9800,49000,DTM\n")
    args = ["run", "--inbox", str(inbox), "--warehouse", str(tmp_path / "w.duckdb")]
    args += ["--archive", str(tmp_path / "archive"), "--exports", str(tmp_path / "exports")]
    result = returnwatch(*args, "--published", "2017-06-12")
    assert result.returncode == 0, result.stdout + result.stderr
    warehouse = tmp_path / "w.duckdb"
    assert rows(warehouse, "select check_name from quarantine") == []
    assert rows(warehouse, "select distinct event_date::varchar from figures") == [("2017-06-12",)]


@pytest.mark.parametrize(
    "tag",
    [
        "#affected+returnees+ind+children",
        "#affected+returnees+children",
        "#affected+ind+returnees+age0_4",
    ],
)
def test_a_table_of_one_age_group_alone_is_not_read_as_the_total(gazetteer, tag):
    head = f"Mantika,Date,Children,HH\n#adm2+name,#date+reported,{tag},#affected+returnees+hh\n"
    figures, problems = _by_sex(gazetteer, "Sirt,2017-06-08,23000,9800\n", head)
    assert [(f.quantity, f.unit) for f in figures] == [(9800, "households")]  # never 23000 people
    (problem,) = problems
    assert (problem.check, problem.value) == ("count_by_age", "#affected+returnees+ind")
    assert (
        "'Children'" in problem.reason and "add a #affected+returnees+ind column" in problem.reason
    )


def test_age_groups_that_may_add_up_are_not_summed_and_say_so(gazetteer):
    head = (
        "Mantika,Date,Children,Adults\n#adm2+name,#date+reported,"
        "#affected+returnees+ind+children,#affected+returnees+ind+adults\n"
    )
    figures, problems = _by_sex(gazetteer, "Sirt,2017-06-08,23000,26000\n", head)
    assert figures == [] and [p.check for p in problems] == ["count_by_age"]
    assert "'Children', 'Adults'" in problems[0].reason


def test_an_age_group_beside_the_sexes_leaves_their_sum_the_count(gazetteer):
    head = (
        "Mantika,Date,Children,Women,Men\n#adm2+name,#date+reported,#affected+returnees+ind+children,"
        "#affected+returnees+ind+f,#affected+returnees+ind+m\n"
    )
    figures, problems = _by_sex(gazetteer, "Sirt,2017-06-08,5,26000,23000\n", head)
    assert [(f.quantity, f.unit) for f in figures] == [(49000, "individuals")]
    assert problems == []
