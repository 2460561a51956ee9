-- Figures by why they count or not, as figure_reasons gives them, every reason listed (0 when
-- none), for `returnwatch status`: `counts` is false for those whose number is in no total.
-- Counted without reading figure_reasons, which joins every figure to its status (at 1M
-- figures ~1.9 s against ~0.5 s here, both on a busy 2-core machine): the reasons that
-- count in no total from stg_uncounted_figures (058), and of the others, only the few that
-- can be more than an event of their own are given a reason, in figure_status's (060)
-- order; every other figure is an event.
with reasons as (
    select * from (values
        (1, 'event', true), (2, 'duplicate', true), (3, 'paired', true),
        (4, 'total of parts', true), (5, 'aggregate', true), (6, 'superseded', false),
        (7, 'rejected', false), (8, 'unplaced', false), (9, 'undated', false)
    ) as r (position, reason, counts)
),
uncounted as materialized (
    select figure_id, reason from stg_uncounted_figures
),
covered_totals as (
    select event_id from stg_event_parts where covers_total
),
candidates as (
    -- the figures figure_status may give another reason than 'event': paired, a total its
    -- parts cover, an aggregate, a duplicate (of another figure's event)
    select figure_id from figures where paired_figure_id is not null and unit = 'individuals'
    union
    select event_id from covered_totals
    union
    select figure_id from stg_aggregate_figures
    union
    select figure_id from stg_figure_events where duplicate_of <> figure_id
),
candidate_reasons as (
    select
        case
            when figures.paired_figure_id is not null and figures.unit = 'individuals' then 'paired'
            when covered.event_id is not null then 'total of parts'
            when aggregates.figure_id is not null then 'aggregate'
            when events.event_id <> events.figure_id then 'duplicate'
            else 'event'
        end as reason
    from candidates
    join figures using (figure_id)
    anti join uncounted using (figure_id)
    left join (
        select figure_id, coalesce(duplicate_of, figure_id) as event_id from stg_figure_events
    ) as events using (figure_id)
    left join covered_totals as covered on covered.event_id = events.event_id
    left join stg_aggregate_figures as aggregates on aggregates.figure_id = events.event_id
),
counted as (
    select reason, true as counts, count(*) as figures from candidate_reasons group by all
    union all
    select
        'event',
        true,
        (select count(*) from figures)
            - (select count(*) from uncounted)
            - (select count(*) from candidate_reasons)
    union all
    select reason, false, count(*) from uncounted group by all
),
summed as (
    select reason, counts, sum(figures) as figures from counted group by all
),
final as (
    select
        coalesce(reasons.reason, summed.reason) as reason,
        coalesce(reasons.counts, summed.counts) as counts,
        coalesce(summed.figures, 0) as figures
    from reasons
    full join summed using (reason)
    order by coalesce(reasons.position, 99), reason
)
select * from final
