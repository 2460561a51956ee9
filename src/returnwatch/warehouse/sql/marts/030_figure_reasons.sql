-- Every figure_status in a few words an analyst can count by, and whether the figure's
-- number is in the totals (itself, or as the same return through its event, its other
-- unit or its parts). Those that count nowhere (stg_uncounted_figures, 058) are what the
-- run summary, the Prefect report, `returnwatch status` and uncounted_figures.csv show.
create or replace view figure_reasons as
with reasons as (
    select
        figure_status.figure_id,
        figure_status.document_id,
        figures.run_id,
        case
            when uncounted.figure_id is not null then uncounted.reason
            when figure_status.status = 'event' then 'event'
            when figure_status.status like 'duplicate of %' then 'duplicate'
            when figure_status.status like 'paired with %' then 'paired'
            when figure_status.status like 'total of % parts given beside it' then 'total of parts'
            when figure_status.status like 'aggregate of %' then 'aggregate'
        end as reason,
        uncounted.figure_id is null as counts,
        figure_status.status
    from figure_status
    join figures using (figure_id)
    left join stg_uncounted_figures as uncounted using (figure_id)
),
final as (
    select figure_id, document_id, run_id, reason, counts, status from reasons
)
select * from final;
