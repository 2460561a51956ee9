"""HTML pages: only the main text is read; numbers in scripts, menus and footers never
become figures; the page's own published date is used unless --published overrides it."""

from datetime import date

import pytest

from returnwatch.documents import Document
from returnwatch.extract import extract_document
from returnwatch.parse import looks_like_html, read_html

PAGE = """<!DOCTYPE html><html><head><title>Returns | News</title>
<meta property="article:published_time" content="2017-02-23T09:30:00Z">
<script>var families = 999; // 999 families returned to Sirte</script>
<style>.a { width: 300px }</style></head>
<body><header><nav>Home | 777 families returned to Sirte (archive)</nav></header>
<main><h1>Sirte</h1>
<p>The return committee said that <b>450 families</b> returned to al-Giza al-Askariya on
Wednesday.</p></main>
<aside>Most read: 333 families returned to Misrata</aside>
<footer>555 families returned to Tripoli, say readers. Copyright 2017.</footer>
</body></html>"""


def figures(gazetteer, name: str, content: str, published: date | None = None):
    return extract_document(Document("t", name, content.encode()), gazetteer, published)


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.txt"])
def test_only_the_main_text_gives_figures(gazetteer, name):
    extraction = figures(gazetteer, name, PAGE)
    assert [(f.quantity, f.event_date) for f in extraction.figures] == [(450, date(2017, 2, 22))]
    assert extraction.published == date(2017, 2, 23)
    assert extraction.title == "Returns | News"


def test_published_option_overrides_the_page_date(gazetteer):
    extraction = figures(gazetteer, "page.html", PAGE, published=date(2017, 3, 3))
    (figure,) = extraction.figures
    assert figure.event_date == date(2017, 3, 1)  # the Wednesday before 3 March


def test_page_without_main_reads_the_body_and_html_tables():
    page = read_html(
        "<html><body><nav>1 2 3</nav><p>Returnees by town:</p><table>"
        "<tr><th>Town</th><th>Families returned</th></tr>"
        "<tr><td>Tawergha</td><td>130</td></tr></table><footer>4</footer></body></html>"
    )
    assert page.text.splitlines() == [
        "Returnees by town:",
        "",
        "| Town | Families returned |",
        "| Tawergha | 130 |",
    ]


def test_html_tables_become_figures(gazetteer):
    page = (
        "<html><body><p>Families who returned, as of 30 June 2018:</p><table>"
        "<tr><th>Town</th><th>Families</th></tr><tr><td>Tawergha</td><td>1,130</td></tr>"
        "<tr><td>Misrata</td><td>240</td></tr></table></body></html>"
    )
    found = figures(gazetteer, "t.html", page, date(2018, 7, 2)).figures
    assert [(f.quantity, f.figure_type, f.event_date, f.location_text) for f in found] == [
        (1130, "stock", date(2018, 6, 30), "Tawergha"),
        (240, "stock", date(2018, 6, 30), "Misrata"),
    ]


def test_html_is_recognised_by_its_content():
    assert looks_like_html("  <!doctype html><p>x</p>")
    assert not looks_like_html("About 200 families returned to <b>Sirte</b>.")


def test_digits_grouped_by_a_no_break_space_stay_one_number(gazetteer):
    page = (
        '<html><head><meta property="article:published_time" content="2017-07-20"></head><body>'
        "<p>On 19 July approximately 1&nbsp;200 families returned to al-Laithi in Benghazi.</p>"
        "<table><tr><th>District</th><th>Returned families</th></tr>"
        "<tr><td>al-Sabri</td><td>1&#8239;500</td></tr></table></body></html>"
    )
    found = figures(gazetteer, "t.html", page).figures
    assert [(f.quantity, f.qualifier, f.location_text) for f in found] == [
        (1200, "approx", "al-Laithi; Benghazi"), (1500, "exact", "al-Sabri"),
    ]  # fmt: skip
    assert read_html("<p>a&nbsp; b 1&nbsp;&nbsp;2 x&nbsp;</p>").text == "a b 1 2 x\n"


def news_page(related: str) -> str:
    """A news site's article whose body ends with links to other stories."""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Families return to Tawergha | Libya Observer</title>
<meta property="article:published_time" content="2018-02-09T10:00:00+02:00"></head>
<body><header><a href="/">Libya Observer</a></header>
<main><article class="post"><h1>Families return to Tawergha</h1>
<div class="entry-content">
<p>The Tawergha local council said on Thursday that 450 families returned to Tawergha
this week, after seven years of displacement.</p>
<p>Council members said schools would reopen next month.</p>
{related}
</div></article></main><footer>&copy; 2018</footer></body></html>"""


RELATED_BLOCKS = {
    "named block": '<div class="related-posts"><h3>Related</h3><ul>'
    '<li><a href="/news/sirte-1">300 families return to Sirte</a></li>'
    '<li><a href="/news/benghazi-2">Clearing of mines in Benghazi continues</a></li></ul></div>',
    "plain heading and list": "<h3>Read more</h3><ul>"
    '<li><a href="/news/sirte-1">300 families return to Sirte</a> <span>2 days ago</span></li>'
    '<li><a href="/news/derna-3">Derna water supply restored</a></li></ul>',
    "one line": '<p><strong>See also:</strong> <a href="/news/sirte-1">300 families return '
    "to Sirte</a></p>",
    "Jetpack block": '<div id="jp-relatedposts" class="jp-relatedposts"><div class="jp-'
    'relatedposts-items"><p class="jp-relatedposts-post"><a href="/news/sirte-1">300 families '
    "return to Sirte</a></p></div></div>",
}


@pytest.mark.parametrize("related", RELATED_BLOCKS.values(), ids=RELATED_BLOCKS.keys())
def test_links_to_related_stories_give_no_figures(gazetteer, related):
    extraction = figures(gazetteer, "tawergha.html", news_page(related))
    assert [(f.quantity, f.location_text) for f in extraction.figures] == [(450, "Tawergha")]
    assert "Sirte" not in read_html(news_page(related)).text
    assert "schools would reopen" in read_html(news_page(related)).text


STORY_BLOCKS = {
    "class": '<div class="correlated-figures"><p>By Friday 120 more families had returned to '
    "Tawergha, the council added.</p></div>",
    "id": '<p id="unrelated-to-ads">By Friday 120 more families had returned to Tawergha, the '
    "council added.</p>",
}


@pytest.mark.parametrize("story", STORY_BLOCKS.values(), ids=STORY_BLOCKS.keys())
def test_a_name_that_only_contains_related_keeps_its_text(gazetteer, story):
    """Names such as "correlated" or "unrelated" hold "related" but name no block of links."""
    extraction = figures(gazetteer, "tawergha.html", news_page(story))
    assert "120 more families" in read_html(news_page(story)).text
    assert [f.quantity for f in extraction.figures] == [450, 120]


def test_a_table_cell_grouped_by_plain_spaces_is_one_number(gazetteer):
    """'1 234' alone in a cell is 1,234 families; it used to read as two numbers, and the
    row gave no figure at all."""
    page = (
        "<html><body><p>Families who returned to Benghazi by 10 March 2017:</p><table>"
        "<tr><th>Area</th><th>Families returned</th></tr>"
        "<tr><td>al-Laithi</td><td>1 234</td></tr><tr><td>al-Sabri</td><td>56</td></tr>"
        "</table><p>Ask 12 34 people.</p></body></html>"
    )
    found = figures(gazetteer, "t.html", page).figures
    assert [(f.quantity, f.location_text) for f in found] == [(1234, "al-Laithi"), (56, "al-Sabri")]
    assert "Ask 12 34 people." in read_html(page).text
