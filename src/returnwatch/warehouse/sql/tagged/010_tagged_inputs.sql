-- The inputs the staging layer reads, shadowed (temp tables, which DuckDB finds before the
-- warehouse's tables of the same name, from the staging files and views alike) by one copy
-- per date of `tagged_days`, holding what was known by that date, with every id tagged
-- with it (`2026-01-31|id`, snapshots.TAG): the staging layer then computes every one of
-- those dates in one pass, with `as_known_on` unset (snapshots.py, `_tagged_pass`).
-- A tag keeps the dates apart: every join of the staging layer that could pair rows of two
-- dates has an id (figure, document or area) among its keys, or a closure row, which is
-- tagged too. Within a date, ids keep their order (they share the prefix), so every sort,
-- arg_min and list of the staging layer comes out as it would for that date alone.
-- What "known by" means is what the staging layer itself reads:
-- a document (and its figures) by its published date, else its load date (025); an
-- override decided by the date or undated (022). The gazetteer (areas, the closure and
-- context made from it) is the same for every date; household sizes hold no id and are
-- not shadowed.
-- `main.x` names the temp table x too once it exists (temp tables live in the schema main of
-- the catalog temp, searched first): so each statement reads only warehouse tables it is the
-- first to shadow, or none shadowed yet (figures, which reads documents, comes before them).
create or replace temp macro snapshot_tagged(day, id) as cast(day as varchar) || '|' || id;

create or replace temp table figures as
select figures.* replace (
    snapshot_tagged(days.known_on, figures.figure_id) as figure_id,
    snapshot_tagged(days.known_on, figures.document_id) as document_id,
    snapshot_tagged(days.known_on, figures.area_id) as area_id,
    snapshot_tagged(days.known_on, figures.paired_figure_id) as paired_figure_id,
    snapshot_tagged(days.known_on, figures.part_of_figure_id) as part_of_figure_id
)
from main.figures as figures
join main.documents as documents on documents.document_id = figures.document_id
join tagged_days as days
    on coalesce(documents.published_date, cast(documents.loaded_at as date)) <= days.known_on;

create or replace temp table documents as
select documents.* replace (snapshot_tagged(days.known_on, documents.document_id) as document_id)
from main.documents as documents
join tagged_days as days
    on coalesce(documents.published_date, cast(documents.loaded_at as date)) <= days.known_on;

-- a set_area override's value is an area id
create or replace temp table overrides as
select overrides.* replace (
    snapshot_tagged(days.known_on, overrides.figure_id) as figure_id,
    case when overrides.action = 'set_area'
        then snapshot_tagged(days.known_on, overrides.value) else overrides.value end as value,
    snapshot_tagged(days.known_on, overrides.other_figure_id) as other_figure_id
)
from main.overrides as overrides
join tagged_days as days
    on overrides.decided_on is null or overrides.decided_on <= days.known_on;

create or replace temp table areas as
select areas.* replace (
    snapshot_tagged(days.known_on, areas.area_id) as area_id,
    snapshot_tagged(days.known_on, areas.parent_id) as parent_id
)
from main.areas as areas, tagged_days as days;

create or replace temp table stg_area_closure as
select
    snapshot_tagged(days.known_on, closure.area_id) as area_id,
    snapshot_tagged(days.known_on, closure.ancestor_id) as ancestor_id,
    closure.depth
from main.stg_area_closure as closure, tagged_days as days;

-- area_no stays the area's number in the gazetteer (the same for every date): it is only
-- shown (stg_return_events), never joined on, within the staging layer
create or replace temp table stg_area_context as
select context.* replace (
    snapshot_tagged(days.known_on, context.area_id) as area_id,
    snapshot_tagged(days.known_on, context.parent_id) as parent_id,
    snapshot_tagged(days.known_on, context.district_id) as district_id
)
from main.stg_area_context as context, tagged_days as days;
