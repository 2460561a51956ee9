-- Documents by status, every status listed (0 when none), for `returnwatch status`.
with statuses as (
    select * from (values
        (1, 'loaded'), (2, 'no_figures'), (3, 'duplicate'), (4, 'rejected'), (5, 'failed')
    ) as s (position, status)
),
counted as (
    select status, count(*) as documents
    from documents
    group by all
),
final as (
    select
        coalesce(statuses.status, counted.status) as status,
        coalesce(counted.documents, 0) as documents
    from statuses
    full join counted using (status)
    order by coalesce(statuses.position, 99), status
)
select * from final
