-- A total given beside its parts is not an extra return: an event whose area's
-- sub-areas hold events of the same unit, dated within the aggregate window before it,
-- that add up to it (as its qualifier allows) is an aggregate of those parts; so is an
-- event whose sub-areas hold events of the same unit and type on its own day that add up
-- to more than it (parts that add up to more than their total win: "600 families returned
-- to Sirte" beside "300 to Neighbourhood 700" and "400 to the Third District" that day is
-- 700, not 1,300; a city's stock below the sum of its districts' stocks that day gives way
-- to them).
-- Computed as a running window, not a join of every total with every part below it (the
-- join grows with the square of the figures per area: a million took a minute): each
-- event is placed, as a part, under every area above it, beside the events of those areas
-- as totals (parts summed per area, unit and day); a total's parts are the part rows of its
-- area and unit in the window ending on its date. Only the events of an area and unit with
-- parts below it are placed as totals. Stored as a table: figure_status reads it too.
create or replace table stg_aggregate_figures as
with events as (
    -- an event is named after its figure: its event_id is that figure's id
    select
        event_id as figure_id, area_id, unit, event_date, figure_type, quantity, quantity_high,
        qualifier
    from stg_events
),
parts_by_day as (
    -- the parts below each area holding events, summed per day and type (the window below
    -- sums both types)
    select closure.ancestor_id as area_id, events.unit, events.event_date, events.figure_type,
        sum(events.quantity) as part_quantity, count(*) as part_count
    from events
    join stg_area_closure as closure on closure.area_id = events.area_id and closure.depth > 0
    where closure.ancestor_id in (select area_id from events)
    group by closure.ancestor_id, events.unit, events.event_date, events.figure_type
),
items as (
    select
        area_id, unit, event_date, part_quantity, part_count,
        cast(null as varchar) as figure_id, null as quantity, null as quantity_high,
        null as qualifier
    from parts_by_day
    union all
    -- the totals: only events of an area and unit with parts below it can add up to any
    -- (most events of a DTM round lie in leaf areas: the window skips them)
    select area_id, unit, event_date, null, 0, figure_id, quantity, quantity_high, qualifier
    from events
    where exists (
        select 1 from parts_by_day as parts
        where parts.area_id = events.area_id and parts.unit = events.unit
    )
),
totals as (
    select * from (
        select
            figure_id, quantity, quantity_high, qualifier,
            sum(part_quantity) over in_window as parts_sum,
            cast(sum(part_count) over in_window as bigint) as n_parts
        from items
        window in_window as (
            partition by area_id, unit
            order by event_date
            range between interval {{aggregate_window_days}} days preceding and current row
        )
    )
    where figure_id is not null and n_parts > 0
),
in_window as (
    select figure_id, parts_sum, n_parts
    from totals as total
    where case total.qualifier
        when 'exact' then total.parts_sum = total.quantity
        when 'approx' then abs(total.parts_sum - total.quantity) <= 0.1 * total.quantity
        when 'min' then total.parts_sum between total.quantity and 1.25 * total.quantity
        when 'max' then total.parts_sum between 0.75 * total.quantity and total.quantity
        when 'range' then total.parts_sum between total.quantity and total.quantity_high
        else false
    end
),
same_day as (
    -- a flow beside flows below it that day, a stock beside stocks below it that day (a
    -- stock below is a total to date, not that day's returns: it never covers a flow)
    select events.figure_id, parts.part_quantity as parts_sum, parts.part_count as n_parts
    from events
    join parts_by_day as parts
        on parts.area_id = events.area_id
        and parts.unit = events.unit
        and parts.event_date = events.event_date
        and parts.figure_type = events.figure_type
    where parts.part_quantity > events.quantity
),
final as (
    select * from in_window
    union all
    select * from same_day where figure_id not in (select figure_id from in_window)
)
select * from final;

drop table stg_events;  -- a temp table of 045, read by 047 and here
