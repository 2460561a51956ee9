from returnwatch.extract.numbers import find_numbers


def values(text: str) -> list[int]:
    return [n.value for n in find_numbers(text)]


def test_digits_with_thousands_separators():
    assert values("1,025 families and 382,222 returnees") == [1025, 382222]


def test_number_words_and_a_dozen():
    assert values("two hundred families, one hundred and forty people, a dozen homes") == [
        200,
        140,
        12,
    ]


def test_arabic_indic_digits():
    assert values("عاد ١٬٠٢٥ أسرة و ۵۸۵") == [1025, 585]


def test_scaled_fractions():
    assert values("1.5 million people") == [1_500_000]


def test_percentages_and_glued_units_are_not_counts():
    assert values("84% of families, 90km south") == []


def test_spans_point_at_the_number():
    text = "some 1,600 families"
    (number,) = find_numbers(text)
    assert text[number.start : number.end] == "1,600"


def test_zeros_and_lone_scale_words_count_nobody():
    assert values("zero zero families, then 5 families") == [5]
    assert values("zero families") == []
    assert values("hundred families") == []


def test_digits_grouped_by_no_break_and_thin_spaces():
    # SI style, as UN French-language reports and HTML's &nbsp; give it
    for space in ("\u00a0", "\u202f", "\u2009"):
        assert values(f"approximately 1{space}200 families") == [1200]
        assert values(f"12{space}500{space}000 people") == [12_500_000]
    assert values("in 2017 200 families") == [2017, 200]  # a plain space joins nothing
