-- Accepted, deduplicated, corrected returns with their place in the area hierarchy; households and
-- individuals side by side, one of them measured and the other converted unless both were reported
-- (built by staging/080_stg_return_events.sql, stored in this order: by date, area, event).
-- A single-table select, so it keeps the stored order; figure_id and figure_ids, which the
-- table stores only where they say more than the event_id, are built here.
create or replace view return_events as
select
    event_id,
    event_id as figure_id,
    area_id,
    area_name,
    area_kind,
    parent_id,
    district_id,
    district_name,
    settlement,
    country,
    event_date,
    date_precision,
    figure_type,
    qualifier,
    reported_quantity,
    reported_unit,
    households,
    individuals,
    households_is_estimate,
    individuals_is_estimate,
    household_size,
    household_size_source,
    n_parts,
    parts_households,
    parts_individuals,
    part_event_ids,
    n_sources,
    document_ids,
    coalesce(member_figure_ids, [event_id]) as figure_ids,
    corrects_quantity,
    supersedes,
    override_notes,
    announced_by,
    excerpt,
    stage,
    round_code,
    first_published
from stg_return_events;
