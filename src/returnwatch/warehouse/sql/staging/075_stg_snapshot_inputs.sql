-- For each known date, how many figures were known by then: figures are only ever added,
-- so while this number (and the derive's fingerprint) holds, that date's snapshot holds.
create or replace view stg_snapshot_inputs as
with per_day as (
    select coalesce(documents.published_date, cast(documents.loaded_at as date)) as known_on, count(*) as n
    from figures
    join documents using (document_id)
    group by all
),
final as (
    select
        days.known_on,
        cast(coalesce(sum(per_day.n), 0) as bigint) as n_figures
    from stg_known_dates as days
    left join per_day on per_day.known_on <= days.known_on
    group by days.known_on
)
select * from final;
