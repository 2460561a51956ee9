"""Properties (Hypothesis): any bytes or text through decode, parse and extract never raise
and give the same result twice; loading any valid batch twice changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
from conftest import rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from returnwatch.documents import Document
from returnwatch.extract import Figure, extract_document
from returnwatch.gazetteer.phrases import resolve_figures
from returnwatch.parse import ParseError, decode_text, read_front_matter, read_table
from returnwatch.rows import figure_rows
from returnwatch.validate import validate_figures
from returnwatch.warehouse import load_tables

SUFFIXES = ["txt", "md", "csv", "html", "json", "docx", ""]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RETURN_WORDS = st.sampled_from(
    ["585 families returned to Sirte", "---\npublished: 2017-02-14\n---\n", "سرت", "#adm2+code",
     "---\npublished: 2017-13-45\n---\n", "---\n- [a\n---\n", "99999999999999999999999 families returned to Sirte",
     "stage 0", "between 100 and 50 families returned", "of whom 300", "a total of",
     "On 13 February", ",", "\n", '"', "1,025", "households", "\u202e", "\x00"]
)  # fmt: skip


def _outcome(extraction) -> tuple:
    return (
        [f.record() for f in extraction.figures],
        [(p.stage, p.check, p.reason, p.value) for p in extraction.problems],
        extraction.failed,
        extraction.published,
    )


@FAST
@given(content=st.binary(max_size=2048), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_extract_without_raising_and_deterministically(gazetteer, content, suffix):
    document = Document("prop", f"input.{suffix}", content)
    first = extract_document(document, gazetteer)
    assert _outcome(first) == _outcome(extract_document(document, gazetteer))


@FAST
@given(
    parts=st.lists(st.one_of(RETURN_WORDS, st.text(max_size=40)), max_size=30),
    suffix=st.sampled_from(["md", "txt", "csv"]),
    encoding=st.sampled_from(["utf-8", "cp1256", "utf-16", "latin-1"]),
)
def test_any_text_in_any_encoding_extracts_resolves_and_validates_without_raising(
    gazetteer, parts, suffix, encoding
):
    content = "".join(parts).encode(encoding, errors="replace")
    document = Document("prop", f"input.{suffix}", content)
    first = extract_document(document, gazetteer)
    assert _outcome(first) == _outcome(extract_document(document, gazetteer))
    figures = resolve_figures(gazetteer, first.figures)
    validated = validate_figures(
        [{**f.record(), "published_date": first.published} for f in figures]
    )
    assert len(validated.accepted) + len(
        {r["record"]["figure_id"] for r in validated.rejected}
    ) == len(figures)


@FAST
@given(content=st.binary(max_size=2048))
def test_decode_and_parse_raise_only_parse_errors(content):
    for parse in (decode_text, read_table):
        try:
            first = parse(content)
        except ParseError as err:
            assert str(err)
            continue
        again = parse(content)
        assert repr(first) == repr(again)
    try:
        text, _ = decode_text(content)
    except ParseError:
        return
    front = read_front_matter(text)
    assert 0 <= front.body_start <= len(text)


FIGURES = st.builds(
    dict,
    quantity=st.integers(0, 20_000),
    unit=st.sampled_from(["households", "individuals"]),
    figure_type=st.sampled_from(["flow", "stock"]),
    qualifier=st.sampled_from(["exact", "approx", "min", "max"]),
    event_date=st.dates(date(2011, 1, 1), date(2020, 12, 31)),
    area_id=st.sampled_from([None, "ly-sirte", "ly-sirte-d3", "LY0214", "LY0103"]),
    excerpt=st.text(max_size=60),
    document=st.integers(0, 3),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(batch=st.lists(FIGURES, min_size=1, max_size=12))
def test_loading_a_valid_batch_twice_is_a_no_op(tmp_path_factory, batch):
    warehouse = tmp_path_factory.mktemp("prop") / "w.duckdb"
    frames = _frames(batch, "run-1")
    load_tables(warehouse, frames)
    snapshot = _tables(warehouse)
    added = load_tables(warehouse, _frames(batch, "run-2")).added
    assert added == {"documents": 0, "figures": 0} and _tables(warehouse) == snapshot


def _frames(batch: list[dict], run_id: str) -> dict[str, pd.DataFrame]:
    now = datetime.now(UTC).replace(tzinfo=None)
    records = []
    for span, item in enumerate(batch):
        document_id = f"{item['document']:064x}"
        figure = Figure(
            document_id=document_id, file=f"doc{item['document']}.md", quantity=item["quantity"],
            unit=item["unit"], figure_type=item["figure_type"], qualifier=item["qualifier"],
            event_date=item["event_date"], date_precision="day", area_id=item["area_id"],
            resolve_method="alias" if item["area_id"] else "unresolved",
            resolve_score=1.0 if item["area_id"] else 0.0, excerpt=item["excerpt"],
            span_start=span * 10, span_end=span * 10 + 5, method="property",
        )  # fmt: skip
        records.append({**figure.record(), "published_date": date(2021, 1, 1)})
    validated = validate_figures(records)
    assert validated.rejected == []
    documents_frame = pd.DataFrame(
        [
            {"document_id": f"{n:064x}", "source_id": "prop", "name": f"doc{n}.md",
             "status": "loaded", "n_figures": 1, "run_id": run_id, "loaded_at": now}
            for n in sorted({item["document"] for item in batch})
        ]
    )  # fmt: skip
    return {"documents": documents_frame, "figures": figure_rows(validated.accepted, run_id, now)}


def _tables(warehouse) -> dict[str, list[tuple]]:
    return {
        "documents": rows(warehouse, "select * from documents order by document_id"),
        "figures": rows(warehouse, "select * from figures order by figure_id"),
    }
