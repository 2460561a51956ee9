-- Figures by reason as status_figures.sql gives them, read from figure_reasons itself: for a
-- warehouse derived before stg_uncounted_figures (058), which status_figures.sql reads (at
-- 1M figures, ~4x slower than it; the next run derives the warehouse anew).
with reasons as (
    select * from (values
        (1, 'event', true), (2, 'duplicate', true), (3, 'paired', true),
        (4, 'total of parts', true), (5, 'aggregate', true), (6, 'superseded', false),
        (7, 'rejected', false), (8, 'unplaced', false), (9, 'undated', false)
    ) as r (position, reason, counts)
),
counted as (
    select reason, counts, count(*) as figures
    from figure_reasons
    group by all
),
final as (
    select
        coalesce(reasons.reason, counted.reason) as reason,
        coalesce(reasons.counts, counted.counts) as counts,
        coalesce(counted.figures, 0) as figures
    from reasons
    full join counted using (reason)
    order by coalesce(reasons.position, 99), reason
)
select * from final
