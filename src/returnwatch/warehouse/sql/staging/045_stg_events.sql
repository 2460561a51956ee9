-- One row per return event: the named figure's place and wording, the earliest date
-- among its reports of the finest date precision (a report saying "earlier this month"
-- does not move a return dated 4 March to 1 March), every document and figure that reports it, the figures its
-- reports correct, and the analyst's overrides that touched it. Most events are told by one
-- figure: those are taken as they are, and only events of several figures are aggregated.
--
-- stg_event_details is a view with every column, read once per derive, by
-- stg_return_events (080); stg_events stores only the narrow columns the steps in between
-- (aggregates, parts, figure_status) read. Writing the wide rows here as well cost more
-- than computing them again from stg_returns when 080 reads them (~3.6 s of a 5 s
-- statement at 1M figures went into writing the table). stg_event_members, the events of
-- several figures aggregated over their reports, is stored: few rows, read by both.
create or replace table stg_event_members as
with shared as (
    -- an event is named after one of its figures, so it has several exactly when one of
    -- them is named after another: a filter over the figures, not a count per event (a
    -- million groups at 1M figures, ~0.2 s of CPU against ~0.1)
    select distinct duplicate_of as event_id from stg_figure_events where duplicate_of is not null
)
select
    event_id,
    arg_min(
        event_date,
        (
            case date_precision when 'day' then 0 when 'week' then 1 when 'month' then 2 else 3 end,
            event_date
        )
    ) as event_date,
    count(distinct document_id) as n_sources,
    list(distinct document_id order by document_id) as document_ids,
    list(figure_id order by figure_id) as figure_ids,
    list_sort(flatten(list(supersedes) filter (where supersedes is not null))) as supersedes,
    string_agg(distinct override_notes, '; ' order by override_notes) as override_notes,
    min(published_date) as first_published
from (
    select *, coalesce(duplicate_of, figure_id) as event_id
    from stg_figure_events
    where coalesce(duplicate_of, figure_id) in (select event_id from shared)
)
group by event_id;

create or replace view stg_event_details as
with named as (
    -- the figure each event is named after, with every column of stg_returns the marts use
    select
        figure_id, document_id, area_id, event_date, date_precision, published_date,
        figure_type, qualifier, quantity, quantity_high, unit, stage, round_code,
        households, individuals, households_is_estimate, individuals_is_estimate,
        household_size, household_size_source, corrects_quantity, supersedes,
        override_notes, announced_by, excerpt, part_of_figure_id,
        figure_id as event_id
    from stg_returns
    where figure_id not in (
        select figure_id from stg_figure_events where duplicate_of is not null
    )
),
final as (
    select
        named.* exclude (event_date, supersedes, override_notes),
        coalesce(members.event_date, named.event_date) as event_date,
        coalesce(members.n_sources, 1) as n_sources,
        coalesce(members.document_ids, [named.document_id]) as document_ids,
        coalesce(members.figure_ids, [named.figure_id]) as figure_ids,
        case when members.event_id is null then list_sort(named.supersedes)
            else members.supersedes end as supersedes,
        case when members.event_id is null then named.override_notes
            else members.override_notes end as override_notes,
        case when members.event_id is null then named.published_date
            else members.first_published end as first_published
    from named
    left join stg_event_members as members using (event_id)
)
select * from final;

-- (no figure_id: an event's id is the id of the figure it is named after)
-- A temp table, read by 047 and 050 and dropped by 050: writing a million event ids into
-- the warehouse file cost twice the rest of the statement, and nothing after the derive
-- reads it (figure_status takes its covered totals from stg_event_parts).
create or replace temp table stg_events as
select
    event_id, area_id, event_date, figure_type, qualifier, quantity, quantity_high,
    unit, households, individuals
from stg_event_details;
