-- The same return told by several documents is one event. Two returns match when they
-- are within the duplicate window of each other, in the same area or one inside the other,
-- and either report the same quantity in a unit both give (a report of "150 families (900
-- individuals)" and a repost of "900 people" match on the individuals) or come from the
-- same announcer and stage in the same unit; or when the analyst says so (a same_event
-- override). Figures of one document dated on two different days never match. Matches
-- chain. The event is named after its most telling figure: the most specific area, the
-- finest date, the earliest published.
-- Each way of matching is its own equi-join (area at or above, and the shared value), so
-- DuckDB hashes instead of comparing every pair of figures: a million figures take a second.
-- Figures, documents and areas are numbered first (a figure's number is its rowid in
-- stg_match_keys), so that the joins hash and carry integers, not 20- and 64-character
-- ids, and the pairs and groups hold numbers only.
create or replace temp table stg_match_documents as
select document_id, row_number() over () as document_no
from documents;

create or replace temp table stg_match_areas as
select area_id, row_number() over () as area_no
from (select distinct area_id from stg_area_closure);

create or replace temp table stg_match_keys as
-- only what matching and naming need, computed once: the wide rows are read once, in final
select
    figure_id, area_id, areas.area_no, event_date, documents.document_no, date_precision,
    published_date, households_reported, individuals_reported, unit, stage,
    lower(trim(announced_by)) as announcer,
    supersedes, override_notes, part_of_figure_id
from stg_returns
join stg_match_documents as documents using (document_id)
left join stg_match_areas as areas using (area_id);

create or replace temp table stg_match_closure as
-- each area beside every area it lies in (its own included) that holds returns too
select area.area_no, ancestor.area_no as ancestor_no
from stg_area_closure as closure
join stg_match_areas as area on area.area_id = closure.area_id
join stg_match_areas as ancestor on ancestor.area_id = closure.ancestor_id
where closure.ancestor_id in (select distinct area_id from stg_match_keys);

create or replace temp table stg_match_pairs (node bigint, match_node bigint);

-- One statement for each way of matching, so that only one join's hash table is held at
-- a time. In each: b lies at or above a, and the two are dated within the window (dates
-- compared as dates: a date less a number of days is a date; less an interval, a
-- timestamp). One report giving the same number on two different days tells of two
-- returns ("200 families on Saturday ... another 200 on Thursday"): such a pair is not
-- kept.
create or replace temp view stg_match_within as
-- each return beside every area it lies in (its own included) that holds returns too
select keys.rowid as node, keys.*, closure.ancestor_no
from stg_match_keys as keys
join stg_match_closure as closure using (area_no);

create or replace temp macro stg_two_days_of_one_report(
    a_doc, a_precision, a_date, b_doc, b_precision, b_date
) as
    a_doc = b_doc and a_precision = 'day' and b_precision = 'day' and a_date <> b_date;

insert into stg_match_pairs
select a.node, b.rowid
from stg_match_within as a
join stg_match_keys as b
    on b.area_no = a.ancestor_no and b.households_reported = a.households_reported
    and b.event_date between a.event_date - {{duplicate_window_days}}
    and a.event_date + {{duplicate_window_days}}
where a.node <> b.rowid and not stg_two_days_of_one_report(
    a.document_no, a.date_precision, a.event_date, b.document_no, b.date_precision, b.event_date
);

insert into stg_match_pairs
select a.node, b.rowid
from stg_match_within as a
join stg_match_keys as b
    on b.area_no = a.ancestor_no and b.individuals_reported = a.individuals_reported
    and b.event_date between a.event_date - {{duplicate_window_days}}
    and a.event_date + {{duplicate_window_days}}
where a.node <> b.rowid and not stg_two_days_of_one_report(
    a.document_no, a.date_precision, a.event_date, b.document_no, b.date_precision, b.event_date
);

insert into stg_match_pairs
select a.node, b.rowid
from stg_match_within as a
join stg_match_keys as b
    on b.area_no = a.ancestor_no and b.unit = a.unit and b.stage = a.stage
    and b.announcer = a.announcer
    and b.event_date between a.event_date - {{duplicate_window_days}}
    and a.event_date + {{duplicate_window_days}}
where a.node <> b.rowid and not stg_two_days_of_one_report(
    a.document_no, a.date_precision, a.event_date, b.document_no, b.date_precision, b.event_date
);

-- The analyst's word: these two figures report the same return. An override may name a
-- figure that is not a return (rejected, or superseded): it still links the two figures
-- it stands between, so it gets a number of its own.
create or replace temp table stg_override_nodes as
with named as (
    select figure_id from stg_overrides where action = 'same_event'
    union
    select other_figure_id from stg_overrides where action = 'same_event'
)
select
    named.figure_id,
    coalesce(keys.rowid, (select coalesce(max(rowid), 0) from stg_match_keys) + row_number() over ())
        as node
from named
left join stg_match_keys as keys using (figure_id);

insert into stg_match_pairs
select one.node, other.node
from stg_overrides as overrides
join stg_override_nodes as one on one.figure_id = overrides.figure_id
join stg_override_nodes as other on other.figure_id = overrides.other_figure_id
where overrides.action = 'same_event';

-- Matches chain: a figure's event is the whole connected group of figures that match one
-- another, directly or through others. The group is found by labelling, not by listing
-- every pair in it (a group of k figures has k * k pairs, and each step of a transitive
-- closure joins them with the matches again: many reports of one return made that the
-- largest step of the derive). Each figure that matches another starts with its own
-- number as its label, and labels only get smaller, until none does: every figure of a
-- group then carries the group's smallest number.
-- A label is also a pointer: the figure it names has a label of its own, so labels form
-- trees, each root labelled with itself. Each step, every figure
--   * takes the smallest label among the figures it matches (as plain label propagation),
--   * takes its label's label (shortcutting: the path to its root halves),
--   * and hands the smallest label among those it matches to the figure its label names
--     (hooking: that whole tree joins the smaller one at once, not one figure a step).
-- Label propagation alone takes as many steps as a group is wide: a chain of 5,000 reports
-- numbered along it took 5,000 steps, each changing every figure behind the smallest
-- label, so the work grew with the square of the chain's length. With shortcutting and
-- hooking (after FastSV: Zhang, Azad and Hu, 2020) the steps grow with the logarithm of a
-- group's size, whatever the numbering: a chain of 5,000 takes 15 steps numbered along
-- it, 18 numbered at random; a chain of 50,000, 18 and 22.
-- The labels are looked up by key in `recurring.labels` (every figure's label so far), so
-- a step reads each match once and holds one row per figure.
create or replace temp table stg_match_groups as
with edges as materialized (
    select node, match_node from stg_match_pairs
    union
    select match_node, node from stg_match_pairs
),
labels as (
    with recursive labels(node, label) using key (node) as (
        select distinct node, node from edges
        union
        (
            with neighbours as (
                -- the smallest label among the figures each figure matches
                select edges.node, min(neighbour.label) as label
                from edges
                join recurring.labels as neighbour on neighbour.node = edges.match_node
                group by edges.node
            ),
            offers as (
                -- to the figure itself: its neighbours' label or its label's label;
                -- to the figure its label names: its neighbours' label
                select
                    unnest([neighbours.node, own.label]) as node,
                    unnest([least(neighbours.label, parent.label), neighbours.label]) as label
                from neighbours
                join recurring.labels as own on own.node = neighbours.node
                join recurring.labels as parent on parent.node = own.label
            ),
            smallest as (
                select node, min(label) as label from offers group by node
            )
            -- a step's rows replace the labels of the figures they name (USING KEY); the
            -- recursion ends when no label gets smaller
            select smallest.node, smallest.label
            from smallest
            join recurring.labels as current on current.node = smallest.node
            where smallest.label < current.label
        )
    )
    select * from labels
)
select node, label as group_id from labels;

create or replace temp table stg_event_names as
-- the figures that match another, each with the figure its event is named after
with named as (
    -- the most telling figure: the most specific area, the finest date, the earliest
    -- published (a sort key compared only among figures that match another)
    select
        groups.group_id,
        arg_min(
            returns.figure_id,
            (
                -context.depth,
                case returns.date_precision when 'day' then 0 when 'week' then 1 when 'month' then 2 else 3 end,
                coalesce(returns.published_date, date '9999-12-31'),
                returns.figure_id
            )
        ) as event_id
    from stg_match_groups as groups
    join stg_match_keys as returns on returns.rowid = groups.node
    join stg_area_context as context on context.area_id = returns.area_id
    group by groups.group_id
)
select groups.node, named.event_id
from stg_match_groups as groups
join named using (group_id);

create or replace table stg_figure_events as
with final as (
    -- each return with its event and what stg_events aggregates over an event's reports
    -- (the named figure's wide columns are read from stg_returns once, by stg_events).
    -- duplicate_of: the event's id for a figure that is not the one its event is named
    -- after, null for the others (whose event_id is their figure_id): most figures are
    -- their own event, and a second column of a million unique ids cost more to write
    -- than the readers' coalesce(duplicate_of, figure_id) as event_id.
    select
        figure_id, documents.document_id, event_date, date_precision, published_date,
        supersedes, override_notes, part_of_figure_id,
        case when named.event_id <> keys.figure_id then named.event_id end as duplicate_of
    from stg_match_keys as keys
    join stg_match_documents as documents using (document_no)
    left join stg_event_names as named on named.node = keys.rowid
)
select * from final;

drop table stg_match_documents;
drop table stg_match_areas;
drop table stg_match_keys;
drop table stg_match_closure;
drop table stg_match_pairs;
drop table stg_override_nodes;
drop table stg_match_groups;
drop table stg_event_names;
drop view stg_match_within;
drop macro stg_two_days_of_one_report;
