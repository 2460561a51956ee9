-- A total given beside its parts is not an extra return: an event whose area's
-- sub-areas hold events of the same unit, dated within the aggregate window before it,
-- that add up to it (as its qualifier allows) is an aggregate of those parts.
create or replace view stg_aggregate_figures as
with events as (
    select * from stg_events
),
parts as (
    select total.figure_id, sum(part.quantity) as parts_sum, count(*) as n_parts
    from events as total
    join stg_area_closure as closure on closure.ancestor_id = total.area_id and closure.depth > 0
    join events as part
        on part.area_id = closure.area_id
        and part.unit = total.unit
        and part.event_date between total.event_date - to_days({{aggregate_window_days}})
        and total.event_date
    group by total.figure_id
),
final as (
    select total.figure_id, parts.parts_sum, parts.n_parts
    from events as total
    join parts using (figure_id)
    where case total.qualifier
        when 'exact' then parts.parts_sum = total.quantity
        when 'approx' then abs(parts.parts_sum - total.quantity) <= 0.1 * total.quantity
        when 'min' then parts.parts_sum between total.quantity and 1.25 * total.quantity
        when 'max' then parts.parts_sum between 0.75 * total.quantity and total.quantity
        when 'range' then parts.parts_sum between total.quantity and total.quantity_high
        else false
    end
)
select * from final;
