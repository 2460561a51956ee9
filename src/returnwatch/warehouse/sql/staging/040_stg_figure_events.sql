-- The same return told by several documents is one event. Two returns match when they
-- are within the duplicate window of each other, in the same area or one inside the other,
-- and either report the same quantity in a unit both give (a report of "150 families (900
-- individuals)" and a repost of "900 people" match on the individuals) or come from the
-- same announcer and stage in the same unit; or when the analyst says so (a same_event
-- override). Figures of one document dated on two different days never match. Matches chain. The event is named after its
-- most telling figure: the most specific area, the finest date, the earliest published.
create or replace table stg_figure_events as
with returns as (
    select
        stg_returns.*,
        context.depth,
        row_number() over (
            order by
                context.depth desc,
                case date_precision when 'day' then 0 when 'week' then 1 when 'month' then 2 else 3 end,
                published_date nulls last,
                figure_id
        ) as preference
    from stg_returns
    join stg_area_context as context using (area_id)
),
matches as (
    select a.figure_id, b.figure_id as match_id
    from returns as a
    join returns as b
        on abs(date_diff('day', a.event_date, b.event_date)) <= {{duplicate_window_days}}
        -- one report giving the same number on two different days tells of two returns
        -- ("200 families on Saturday ... another 200 on Thursday")
        and not (
            a.document_id = b.document_id
            and a.date_precision = 'day' and b.date_precision = 'day'
            and a.event_date <> b.event_date
        )
        and (
            a.households_reported = b.households_reported
            or a.individuals_reported = b.individuals_reported
            or (
                a.unit = b.unit
                and a.stage = b.stage
                and lower(trim(a.announced_by)) = lower(trim(b.announced_by))
            )
        )
    join stg_area_closure as closure
        on (closure.area_id = a.area_id and closure.ancestor_id = b.area_id)
        or (closure.area_id = b.area_id and closure.ancestor_id = a.area_id)
    union
    -- the analyst's word: these two figures report the same return
    select figure_id, other_figure_id from stg_overrides where action = 'same_event'
    union
    select other_figure_id, figure_id from stg_overrides where action = 'same_event'
),
reach as (
    with recursive reach(figure_id, match_id) as (
        select figure_id, match_id from matches
        union
        select reach.figure_id, matches.match_id
        from reach
        join matches on matches.figure_id = reach.match_id
    )
    select * from reach
),
named as (
    select reach.figure_id, arg_min(reach.match_id, returns.preference) as event_id
    from reach
    join returns on returns.figure_id = reach.match_id
    group by reach.figure_id
),
final as (
    select returns.*, named.event_id
    from returns
    join named using (figure_id)
)
select * from final;
