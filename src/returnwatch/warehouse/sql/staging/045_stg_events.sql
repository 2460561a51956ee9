-- One row per return event: the named figure's place and wording, the earliest date
-- any of its reports gives, and every document that reports it.
create or replace view stg_events as
with members as (
    select
        event_id,
        min(event_date) as event_date,
        count(distinct document_id) as n_sources,
        list(distinct document_id order by document_id) as document_ids,
        min(published_date) as first_published
    from stg_figure_events
    group by event_id
),
final as (
    select named.* exclude (event_date), members.* exclude (event_id)
    from stg_figure_events as named
    join members using (event_id)
    where named.figure_id = named.event_id
)
select * from final;
