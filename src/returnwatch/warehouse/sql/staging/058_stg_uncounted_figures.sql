-- Figures whose number is in no total, and why: the reasons figure_status (060) gives
-- first, in its order. Read from the few figures each reason picks out (filters and small
-- joins), not by joining every figure to its status: a run's summary and
-- uncounted_figures.csv read this at ~0.05 s at 1M figures where figure_status takes ~0.6.
create or replace view stg_uncounted_figures as
with not_yet_known as (
    -- only while the session variable `as_known_on` is set (stg_figures, 025)
    select figure_id, run_id
    from figures
    where getvariable('as_known_on') is not null
        and figure_id not in (select figure_id from stg_figures)
),
own_reason as (
    select
        figure_id,
        run_id,
        case
            when rejected_because is not null then 'rejected by the analyst: ' || rejected_because
            when area_id is null then 'unresolved place'
            else 'undated'
        end as status
    from stg_figures
    where rejected_because is not null or area_id is null or event_date is null
),
superseded as (
    select corrections.figure_id, figures.run_id, 'superseded by ' || corrections.corrected_by as status
    from stg_corrections as corrections
    join figures using (figure_id)
    where corrections.figure_id not in (select figure_id from own_reason)
),
unioned as (
    select figure_id, run_id, 'not yet known' as status from not_yet_known
    union all
    select figure_id, run_id, status from own_reason
    union all
    select figure_id, run_id, status from superseded
),
final as (
    select
        figure_id,
        run_id,
        case
            when status like 'rejected by the analyst: %' then 'rejected'
            when status = 'unresolved place' then 'unplaced'
            when status like 'superseded by %' then 'superseded'
            else status  -- 'undated', 'not yet known'
        end as reason,
        status
    from unioned
)
select * from final;
