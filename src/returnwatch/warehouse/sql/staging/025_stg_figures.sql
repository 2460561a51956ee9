-- Figures as the warehouse counts them: every figure known by the as-known-on date (every
-- figure while the session variable `as_known_on` is unset), with the analyst's overrides
-- applied. A figure becomes known on its document's published date (its load date when the
-- document gives none).
create or replace view stg_figures as
with known as (
    select
        figures.*,
        documents.published_date,
        coalesce(documents.published_date, cast(documents.loaded_at as date)) as known_on
    from figures
    join documents using (document_id)
    where coalesce(documents.published_date, cast(documents.loaded_at as date))
        <= coalesce(getvariable('as_known_on'), date '9999-12-31')
),
per_figure as (
    select
        figure_id,
        max(value) filter (where action = 'set_area') as set_area,
        max(value) filter (where action = 'set_quantity') as set_quantity,
        max(value) filter (where action = 'set_type') as set_type,
        max(reason) filter (where action = 'reject') as rejected_because,
        string_agg(
            action || coalesce(' ' || value, '') || coalesce(' ' || other_figure_id, '')
            || ': ' || reason,
            '; ' order by line
        ) as override_notes
    from (
        select line, action, figure_id, value, other_figure_id, reason from stg_overrides
        union all
        -- a same_event override speaks for both of its figures
        select line, action, other_figure_id, value, figure_id, reason
        from stg_overrides
        where action = 'same_event'
    )
    group by figure_id
),
final as (
    select
        known.* replace (
            coalesce(per_figure.set_area, known.area_id) as area_id,
            coalesce(cast(per_figure.set_quantity as bigint), known.quantity) as quantity,
            coalesce(per_figure.set_type, known.figure_type) as figure_type
        ),
        per_figure.rejected_because,
        per_figure.override_notes
    from known
    left join per_figure using (figure_id)
)
select * from final;
