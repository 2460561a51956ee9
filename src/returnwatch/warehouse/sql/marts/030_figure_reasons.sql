-- Every figure_status in a few words an analyst can count by, and whether the figure's
-- number is in the totals (itself, or as the same return through its event, its other
-- unit or its parts). Those that count nowhere are what the run summary, the Prefect
-- report, `returnwatch status` and uncounted_figures.csv show.
create or replace view figure_reasons as
with reasons as (
    select
        figure_status.figure_id,
        figure_status.document_id,
        figures.run_id,
        case
            when status = 'event' then 'event'
            when status like 'duplicate of %' then 'duplicate'
            when status like 'paired with %' then 'paired'
            when status like 'total of % parts given beside it' then 'total of parts'
            when status like 'aggregate of %' then 'aggregate'
            when status like 'superseded by %' then 'superseded'
            when status like 'rejected by the analyst:%' then 'rejected'
            when status = 'unresolved place' then 'unplaced'
            else status  -- 'undated', 'not yet known'
        end as reason,
        figure_status.status
    from figure_status
    join figures using (figure_id)
),
final as (
    select
        figure_id,
        document_id,
        run_id,
        reason,
        reason in ('event', 'duplicate', 'paired', 'total of parts', 'aggregate') as counts,
        status
    from reasons
)
select * from final;
