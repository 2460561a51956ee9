-- The places a run ($1: its run_id) could not name, for its Prefect report: each place
-- text its figures gave, how many of the run's figures give it, in how many documents (the
-- first by name), the 50 with most figures; each row with the run's count of such places
-- and of such figures (pipeline_runs.unresolved_places). Earlier runs' figures are left
-- out: `returnwatch status` and unresolved_places.csv count and list the whole warehouse's.
with unplaced as (
    select location_text, document_id
    from figures
    where run_id = $1 and area_id is null
),
places as (
    select
        unplaced.location_text as place,
        count(*) as figures,
        count(distinct unplaced.document_id) as documents,
        min(documents.name) as first_document
    from unplaced
    join documents using (document_id)
    group by all
),
final as (
    select
        *,
        count(*) over () as run_places,
        sum(figures) over () as run_figures
    from places
    qualify row_number() over (order by figures desc, place nulls last) <= 50
)
select * from final
order by figures desc, place nulls last
