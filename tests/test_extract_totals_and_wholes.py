"""Totals an officer reads every week: new totals ("rose to"), totals compared with
earlier ones ("up from"), counts out of a whole ("20 of the 400 families") and the verb
"number" ("returnees now number 12,500")."""

from datetime import date

from returnwatch.documents import Document
from returnwatch.extract import extract_document
from returnwatch.gazetteer.phrases import resolve_figures

PUBLISHED = date(2024, 6, 10)


def figures_of(gazetteer, text: str):
    document = Document("test", "note.md", text.encode())
    found = extract_document(document, gazetteer, PUBLISHED).figures
    return [
        (f.quantity, f.unit, f.figure_type, f.event_date, f.area_id)
        for f in resolve_figures(gazetteer, found)
    ]


def test_a_number_that_rose_to_a_value_is_the_new_total(gazetteer):
    text = (
        "The number of returnees to Sirte rose to 3,400 families, the council said.\n\n"
        "The number of families who returned to Ganfouda increased to 640 on Sunday.\n"
    )
    assert figures_of(gazetteer, text) == [
        (3400, "households", "stock", PUBLISHED, "ly-sirte"),
        (640, "households", "stock", date(2024, 6, 9), "ly-benghazi-ganfouda"),
    ]


def test_a_total_up_from_an_earlier_one_is_a_stock_of_now(gazetteer):
    text = "Some 15,000 people have returned to Tawergha, up from 12,000 in March.\n"
    assert figures_of(gazetteer, text) == [
        (15000, "individuals", "stock", PUBLISHED, "ly-tawergha"),
    ]


def test_the_earlier_total_keeps_its_own_date_only(gazetteer):
    text = "Returns to Sirte reached 3,000 families, up from 2,400 in April.\n"
    assert figures_of(gazetteer, text) == [(3000, "households", "stock", PUBLISHED, "ly-sirte")]


def test_a_count_out_of_a_whole_is_the_count_not_the_whole(gazetteer):
    text = (
        "Only 20 of the 400 displaced families have returned to Ganfouda.\n\n"
        "So far 1,200 out of 2,900 displaced families have returned to Sirte's Third District.\n\n"
        "Around 35% of the 4,000 displaced households have returned to Tawergha.\n"
    )
    assert figures_of(gazetteer, text) == [
        (20, "households", "stock", PUBLISHED, "ly-benghazi-ganfouda"),
        (1200, "households", "stock", PUBLISHED, "ly-sirte-d3"),
    ]


def test_returnees_now_number_is_a_count_not_a_name(gazetteer):
    text = "Returnees in Benghazi now number 12,500 individuals, the municipality said.\n"
    assert figures_of(gazetteer, text) == [
        (12500, "individuals", "stock", PUBLISHED, "ly-benghazi"),
    ]
    named = "Families in House number 12 returned to Sirte on Sunday.\n"
    assert figures_of(gazetteer, named) == []


def test_a_stock_by_the_end_of_a_year_is_dated_31_december(gazetteer):
    text = (
        "The council said that around 3,000 families had returned to Sirte by the end of 2023.\n\n"
        "By the end of last year, 1,100 families had returned to Ganfouda.\n"
    )
    assert figures_of(gazetteer, text) == [
        (3000, "households", "stock", date(2023, 12, 31), "ly-sirte"),
        (1100, "households", "stock", date(2023, 12, 31), "ly-benghazi-ganfouda"),
    ]


def test_displaced_families_who_have_so_far_returned_are_returns(gazetteer):
    text = (
        "The ministry said 2,300 displaced families have so far returned to Tripoli, "
        "out of a total of 13,000 families displaced by the fighting.\n\n"
        "Around 3,000 of the town's 5,000 families had returned to Tawergha by June.\n"
    )
    assert figures_of(gazetteer, text) == [
        (2300, "households", "stock", PUBLISHED, "ly-tripoli"),
        (3000, "households", "stock", date(2024, 6, 10), "ly-tawergha"),
    ]


def test_a_flow_in_the_first_half_of_a_year_is_not_dated_by_the_year_before(gazetteer):
    text = "A total of 4,000 people returned to Sirte in 2023, and 1,200 people in the first half of 2024.\n"
    assert figures_of(gazetteer, text) == [
        (4000, "individuals", "stock", date(2023, 12, 31), "ly-sirte"),
        (1200, "individuals", "flow", date(2024, 1, 1), "ly-sirte"),
    ]


def test_a_figure_given_for_comparison_is_not_a_new_return(gazetteer):
    text = (
        "In Sirte, 120 families (around 600 individuals) returned during the reporting "
        "period, compared to 80 families in the previous week.\n\n"
        "IOM said that 1,500 households returned to Misrata in June, compared with 900 "
        "households in May.\n"
    )
    found = figures_of(gazetteer, text)
    assert [(q, unit) for q, unit, *_ in found] == [
        (120, "households"),
        (600, "individuals"),
        (1500, "households"),
    ]


def test_people_from_so_many_families_are_one_return_in_two_units(gazetteer):
    text = (
        "Some 850 people from 170 families returned to Tawergha last week.\n\n"
        "600 individuals belonging to 120 families returned to Sirte on Monday.\n"
    )
    document = Document("test", "note.md", text.encode())
    found = extract_document(document, gazetteer, PUBLISHED).figures
    assert [(f.quantity, f.unit) for f in found] == [
        (850, "individuals"), (170, "households"), (600, "individuals"), (120, "households"),
    ]  # fmt: skip
    assert [f.paired_figure_id for f in found] == [
        found[1].figure_id, found[0].figure_id, found[3].figure_id, found[2].figure_id,
    ]  # fmt: skip


def test_a_return_postponed_suspended_or_stopped_did_not_happen(gazetteer):
    text = (
        "The return of 200 families (about 1,000 people) to Tawergha was postponed.\n\n"
        "The return of 90 families to Murzuq was suspended after clashes.\n\n"
        "Authorities stopped 150 families from returning to Tawergha.\n\n"
        "The return of 85 families to Sirte was completed on Monday.\n"
    )
    assert figures_of(gazetteer, text) == [
        (85, "households", "flow", date(2024, 6, 10), "ly-sirte"),
    ]


def test_houses_repaired_for_returning_families_are_help_not_a_return(gazetteer):
    text = (
        "Some 500 houses were rehabilitated for 320 returning families in Sirte.\n\n"
        "The council rehabilitated schools in Sirte, to which 300 families have returned.\n"
    )
    assert figures_of(gazetteer, text) == [(300, "households", "stock", PUBLISHED, "ly-sirte")]


def test_the_returnee_population_is_a_stock(gazetteer):
    text = "The returnee population in Sirte is estimated at 95,000 individuals.\n"
    assert figures_of(gazetteer, text) == [(95000, "individuals", "stock", PUBLISHED, "ly-sirte")]


def test_returning_families_who_will_receive_help_are_not_a_return(gazetteer):
    text = (
        "Each of the 300 returning families will receive LYD 1,000 per month.\n\n"
        "On 5 September 2024, 85 families returned to Sirte.\n"
    )
    assert figures_of(gazetteer, text) == [
        (85, "households", "flow", date(2024, 9, 5), "ly-sirte"),
    ]


def test_a_list_headed_by_its_unit_gives_a_figure_per_item(gazetteer):
    text = (
        "Returned families: Sirte 1,200, Misrata 400.\n\n"
        "Families returning to Tawergha since 2018: 1,250.\n\n"
        "585 families returned to Sirte: 14 fighters and 5 cars were seen.\n"
    )
    assert [(q, unit, area) for q, unit, _, _, area in figures_of(gazetteer, text)] == [
        (1200, "households", "ly-sirte"),
        (400, "households", "ly-misrata"),
        (1250, "households", "ly-tawergha"),
        (585, "households", "ly-sirte"),
    ]
    bracketed = "Returned families: Sirte (1,200), Misrata (400).\n"
    assert figures_of(gazetteer, bracketed) == []  # not read, rather than put in Misrata
    named_after = "Families returning: 120 (Sabri), 80 (Laithi).\n"
    assert [(q, area) for q, _, _, _, area in figures_of(gazetteer, named_after)] == [
        (120, "ly-benghazi-sabri"),
        (80, "ly-benghazi-laithi"),
    ]


def test_a_stock_as_of_a_month_ends_on_its_last_day(gazetteer):
    text = "1,250 families had returned to Tawergha as of May, the council said.\n"
    assert figures_of(gazetteer, text) == [
        (1250, "households", "stock", date(2024, 5, 31), "ly-tawergha"),
    ]


def test_families_and_individuals_of_one_return_are_paired_and_placed_together(gazetteer):
    text = (
        "Sirte is calm.\n\n"
        "The council announced the return of 80 families and 400 individuals to Ganfouda.\n"
    )
    document = Document("test", "note.md", text.encode())
    found = resolve_figures(gazetteer, extract_document(document, gazetteer, PUBLISHED).figures)
    assert [(f.quantity, f.unit, f.area_id) for f in found] == [
        (80, "households", "ly-benghazi-ganfouda"),
        (400, "individuals", "ly-benghazi-ganfouda"),
    ]
    assert (found[0].paired_figure_id, found[1].paired_figure_id) == (
        found[1].figure_id,
        found[0].figure_id,
    )
    two_groups = "Some 80 families and 30 people returned to Ganfouda on Monday.\n"
    document = Document("test", "two.md", two_groups.encode())
    found = extract_document(document, gazetteer, PUBLISHED).figures
    assert found and all(f.paired_figure_id is None for f in found)  # 30 is no family size


def test_two_groups_joined_by_and_before_one_verb_are_two_returns(gazetteer):
    # PUBLISHED is Monday 10 June 2024: "on Monday" is that day
    text = "Some 80 families and 30 people returned to Ganfouda on Monday.\n"
    document = Document("test", "two.md", text.encode())
    found = resolve_figures(gazetteer, extract_document(document, gazetteer, PUBLISHED).figures)
    assert [(f.quantity, f.unit, f.figure_type, f.event_date, f.area_id) for f in found] == [
        (80, "households", "flow", date(2024, 6, 10), "ly-benghazi-ganfouda"),
        (30, "individuals", "flow", date(2024, 6, 10), "ly-benghazi-ganfouda"),
    ]
    assert all(f.paired_figure_id is None for f in found)  # two groups, not one counted twice
    assert figures_of(gazetteer, "Some 80 families and 30 people will return to Ganfouda.\n") == []


def test_counts_each_with_its_place_in_parentheses_before_one_verb_are_each_a_return(gazetteer):
    # the verb and its date come after the last item; each item keeps its own place
    two = "400 families (Misrata) and 300 families (Tripoli) returned on 1 March 2024.\n"
    assert figures_of(gazetteer, two) == [
        (400, "households", "flow", date(2024, 3, 1), "ly-misrata"),
        (300, "households", "flow", date(2024, 3, 1), "ly-tripoli"),
    ]
    three = (
        "400 families (Misrata), 200 families (Sirte) and 300 families (Tripoli) "
        "returned on 1 March 2024.\n"
    )
    assert [(q, when, area) for q, _, _, when, area in figures_of(gazetteer, three)] == [
        (400, date(2024, 3, 1), "ly-misrata"),
        (200, date(2024, 3, 1), "ly-sirte"),
        (300, date(2024, 3, 1), "ly-tripoli"),
    ]
    awaiting = "400 families (Misrata) and 300 families (Tripoli) awaiting return.\n"
    assert figures_of(gazetteer, awaiting) == []


def test_a_date_after_counts_that_share_one_verb_dates_every_count(gazetteer):
    # the second count leaves the verb out: the date after it is the whole list's
    for text in [
        "TRIPOLI, 3 March 2024 - The municipality said 400 families returned to Misrata and "
        "300 families to Tripoli on 1 March.\n",
        "400 families returned to Misrata, 300 families to Tripoli and 200 families to Sirte "
        "on 1 March 2024.\n",
        "400 families returned (Misrata) and 300 families (Tripoli) on 1 March 2024.\n",
        "400 families (2,000 people) returned to Misrata and 300 families to Tripoli on "
        "1 March 2024.\n",
    ]:
        found = [(when, area) for _, _, _, when, area in figures_of(gazetteer, text)]
        assert found[0] == (date(2024, 3, 1), "ly-misrata"), text
        assert {when for when, _ in found} == {date(2024, 3, 1)}, text
    # a verb of its own, or a date of its own: nothing is shared
    for text, first in [
        (
            "400 families returned to Misrata last week, and 300 families returned to Tripoli "
            "on 1 March 2024.\n",
            date(2024, 6, 3),
        ),
        (
            "400 families returned to Misrata, and 300 families returned to Tripoli on 1 March.\n",
            PUBLISHED,
        ),
        (
            "400 families returned to Misrata last week and 300 families to Tripoli on 1 March.\n",
            date(2024, 6, 3),
        ),
    ]:
        assert [when for _, _, _, when, _ in figures_of(gazetteer, text)] == [
            first, date(2024, 3, 1),
        ], text  # fmt: skip


def test_a_headline_repeating_the_story_s_figure_is_not_a_second_return(gazetteer):
    page = (
        "<!doctype html><html><head><title>150 families return to Tawergha</title>"
        '<meta property="article:published_time" content="2024-03-14T09:00:00+02:00"></head>'
        "<body><article><h1>150 families return to Tawergha</h1>"
        "<p>Yesterday, 150 displaced families returned to Tawergha, the council said.</p>"
        "</article></body></html>"
    )
    document = Document("test", "story.html", page.encode())
    found = resolve_figures(gazetteer, extract_document(document, gazetteer).figures)
    assert [(f.quantity, f.event_date, f.area_id) for f in found] == [
        (150, date(2024, 3, 13), "ly-tawergha"),
    ]
    alone = "150 families return to Tawergha\n\nThe council gave no details.\n"
    assert [q for q, *_ in figures_of(gazetteer, alone)] == [150]  # the headline is all


def test_a_municipality_named_after_its_town_is_the_speaker(gazetteer):
    text = (
        "According to the Derna Municipality, 1,150 households have returned to Derna.\n\n"
        "The Misrata Municipal Council said 300 families returned to Misrata on Monday.\n\n"
        "120 families returned to Sirte, the Sirte Municipality announced.\n"
    )
    document = Document("test", "note.md", text.encode())
    found = extract_document(document, gazetteer, PUBLISHED).figures
    assert [f.announced_by for f in found] == [
        "Derna Municipality", "Misrata Municipal Council", "Sirte Municipality",
    ]  # fmt: skip


def test_officials_and_bodies_named_by_their_role_are_the_speaker(gazetteer):
    text = (
        "Some 100 families returned to Sirte on Monday, the mayor said.\n\n"
        "The municipal council said 110 families returned to Sirte on Monday.\n\n"
        "The head of the municipal council said 120 families returned to Misrata on Monday.\n\n"
        "The Minister of State for Displaced Affairs, Ahmed Abu Khuzam, said 130 families "
        "returned to Tawergha on Monday.\n\n"
        "A spokesman for the Sirte municipality said 140 families returned to Sirte on Monday.\n\n"
        "According to local officials, 150 families returned to Derna on Monday.\n\n"
        "60 families returned to Derna on Tuesday.\n"
    )
    document = Document("test", "note.md", text.encode())
    found = extract_document(document, gazetteer, PUBLISHED).figures
    assert [f.announced_by for f in found] == [
        "mayor",
        "municipal council",
        "head of the municipal council",
        "Minister of State for Displaced Affairs",
        "spokesman for the Sirte municipality",
        "local officials",
        None,  # no one is quoted in its paragraph
    ]


def test_a_speaker_named_at_the_end_of_the_sentence_keeps_its_name_without_the_stop(gazetteer):
    text = (
        "Some 1,250 households have returned to Derna, according to the Derna Municipality.\n\n"
        "Some 300 families returned to Sirte on Monday, according to the U.N.\n"
    )
    document = Document("test", "note.md", text.encode())
    found = extract_document(document, gazetteer, PUBLISHED).figures
    assert [f.announced_by for f in found] == ["Derna Municipality", "U.N."]


def test_offices_agencies_and_governments_named_by_role_are_the_speaker(gazetteer):
    text = (
        "On 12 February, 585 families returned to Sirte, the media office said.\n\n"
        "The local government said 40 families returned to Derna on Monday.\n\n"
        "According to the UN refugee agency, 70 families returned to Benghazi on Monday.\n"
    )
    document = Document("test", "note.md", text.encode())
    found = extract_document(document, gazetteer, PUBLISHED).figures
    assert [f.announced_by for f in found] == [
        "media office",
        "local government",
        "UN refugee agency",  # the longest name the words "according to" give, not "UN"
    ]


def test_returnees_who_tell_of_their_return_are_no_speaker(gazetteer):
    text = (
        "The council said 300 families returned to Sirte on Monday. Residents told reporters "
        "that 170 families returned to Misrata on Sunday.\n\n"
        "Families said 160 families had returned to Derna on Sunday.\n\n"
        "The Sirte return committee said 310 families returned to Sirte on Saturday. Another 95 "
        "families returned to al-Sha'biya on the same day, the committee added.\n"
    )
    document = Document("test", "note.md", text.encode())
    found = extract_document(document, gazetteer, PUBLISHED).figures
    assert [(f.quantity, f.announced_by) for f in found] == [
        (300, "council"),
        (170, None),  # the residents', not the council's
        (160, None),
        (310, "Sirte return committee"),
        (95, "Sirte return committee"),  # "the committee" is the one just named
    ]


def test_a_speaker_quoted_in_an_earlier_paragraph_does_not_say_the_next_one_s_figures(
    gazetteer,
):
    text = (
        "The Sirte Municipal Council said 300 families returned to Sirte on Monday. "
        "Another 50 families returned on Tuesday.\n\n"
        "The latest displacement tracking round counted 5,000 returnees in Misrata in May.\n\n"
        "The Misrata Municipal Council said:\n\n"
        "- 200 families returned to Misrata on Monday.\n"
    )
    document = Document("test", "note.md", text.encode())
    found = extract_document(document, gazetteer, PUBLISHED).figures
    assert [(f.quantity, f.announced_by) for f in found] == [
        (300, "Sirte Municipal Council"),
        (50, "Sirte Municipal Council"),  # the same paragraph: still the council's
        (5000, None),  # not the council's: no one is quoted in its paragraph
        (200, "Misrata Municipal Council"),  # a list item goes with the line above it
    ]


def test_what_a_running_total_was_brought_to_by_is_a_flow(gazetteer):
    text = (
        "More than 100 families have returned to Sirte, bringing the total to about 900 families.\n\n"
        "75 families have returned to Derna, bringing the total to 2,075.\n"
    )
    assert [(q, kind) for q, _, kind, _, _ in figures_of(gazetteer, text)] == [
        (100, "flow"), (900, "stock"), (75, "flow"), (2075, "stock"),
    ]  # fmt: skip


def test_families_who_had_been_living_in_camps_and_returned_are_a_return(gazetteer):
    text = (
        "The ministry said that 2,500 families from Tawergha who had been living in camps in "
        "Tripoli and Benghazi returned home last month.\n\n"
        "Some 300 families who fled in 2011 have not returned to Tawergha.\n\n"
        "400 families who are living in camps hope to return to Tawergha.\n"
    )
    assert figures_of(gazetteer, text) == [
        (2500, "households", "flow", date(2024, 5, 1), "ly-tawergha"),
    ]


def test_a_whole_after_a_number_word_is_a_denominator_but_one_family_is_no_count(gazetteer):
    text = (
        "One of the 300 families that returned to Sirte told us the water is back.\n\n"
        "Twenty of the 400 displaced families have returned to Ganfouda.\n\n"
        "The majority of the 900 displaced families have returned to Derna.\n"
    )
    assert [(q, area) for q, _, _, _, area in figures_of(gazetteer, text)] == [
        (300, "ly-sirte"),
        (20, "ly-benghazi-ganfouda"),
    ]
