-- A figure that says it corrects an earlier value ("revised from 1,200 to 1,020":
-- corrects_quantity 1200) supersedes the earlier figures that gave that value: same unit,
-- same area or one inside the other, dated no later than the correction, and known no later
-- than it, or known later without correcting anything itself: a report that repeats the old
-- value after the revision (a stale repost) is the corrected return again, not a new one,
-- while a later revision back to the old value ("from 1,020 to 1,200") stands.
-- When several earlier reports match, the latest event among them (with its reposts,
-- within the duplicate window) is the one corrected. The correction takes the earliest
-- date of what it supersedes.
create or replace view stg_corrections as
with counted as (
    select * from stg_figures
    where rejected_because is null and area_id is not null and event_date is not null
),
candidates as (
    select
        earlier.figure_id,
        correction.figure_id as corrected_by,
        earlier.event_date as earlier_date,
        correction.known_on as correction_known_on,
        max(earlier.event_date) over (partition by correction.figure_id) as latest_earlier_date
    from counted as correction
    join counted as earlier
        on earlier.unit = correction.unit
        and earlier.quantity = correction.corrects_quantity
        and earlier.figure_id <> correction.figure_id
        and (earlier.known_on <= correction.known_on or earlier.corrects_quantity is null)
        and earlier.event_date <= correction.event_date
    join stg_area_closure as closure
        on (closure.area_id = earlier.area_id and closure.ancestor_id = correction.area_id)
        or (closure.area_id = correction.area_id and closure.ancestor_id = earlier.area_id)
    where correction.corrects_quantity is not null
),
final as (
    select
        figure_id,
        arg_min(corrected_by, (correction_known_on, corrected_by)) as corrected_by,
        min(earlier_date) as earlier_date
    from candidates
    where earlier_date >= latest_earlier_date - to_days({{duplicate_window_days}})
    group by figure_id
)
select * from final;
