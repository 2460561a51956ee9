-- Placed, dated figures as returns (rejected and superseded figures left out), households and individuals side by side:
-- a figure's paired figure (the same return in the other unit) is measured, not converted;
-- otherwise the other unit is converted with the country's household size (round half up).
create or replace view stg_returns as
with superseded as materialized (
    -- read once: stg_corrections pairs stocks of overlapping documents (027), not free
    select figure_id, corrected_by, earlier_date from stg_corrections
),
corrections as (
    select corrected_by as figure_id, min(earlier_date) as corrects_from, list(figure_id order by figure_id) as supersedes
    from superseded
    group by corrected_by
),
counted as (
    -- a correction stands from the date of what it corrects; what it corrects is out
    select
        stg_figures.* replace (coalesce(corrections.corrects_from, stg_figures.event_date) as event_date),
        corrections.supersedes
    from stg_figures
    left join corrections using (figure_id)
    where stg_figures.rejected_because is null
        and stg_figures.figure_id not in (select figure_id from superseded)
),
placed as (
    select counted.*, areas.country, year(counted.event_date) as event_year
    from counted
    join areas using (area_id)
    where counted.event_date is not null
),
pairs as (
    -- the figures some figure is paired with: few beside the figures (the join hashes
    -- these, not the wide rows of placed)
    select figure_id, quantity, unit
    from stg_figures
    where figure_id in (select paired_figure_id from figures where paired_figure_id is not null)
),
primary_figures as (
    select placed.*, pair.quantity as pair_quantity, pair.unit as pair_unit
    from placed
    left join pairs as pair on pair.figure_id = placed.paired_figure_id
    where placed.paired_figure_id is null or placed.unit = 'households'
),
measured as (
    select
        *,
        case
            when unit = 'households' then quantity
            when pair_unit = 'households' then pair_quantity
        end as households_reported,
        case
            when unit = 'individuals' then quantity
            when pair_unit = 'individuals' then pair_quantity
        end as individuals_reported
    from primary_figures
),
years as (
    -- the household size of each country and year, looked up once per pair rather than per
    -- figure (an ASOF join of a million figures against a handful of sizes is slow). Every
    -- country of the gazetteer with every year a figure is dated in: a few pairs more than
    -- `placed` holds, but read from narrow columns. Taken from `placed` itself, its wide rows
    -- were buffered for this second reader, beside the sort of stg_return_events.
    select years.country, years.event_year, sizes.household_size, sizes.source as household_size_source
    from (
        select countries.country, dated.event_year
        from (select distinct country from areas) as countries
        cross join (
            select distinct year(event_date) as event_year from figures where event_date is not null
        ) as dated
    ) as years
    asof left join household_sizes as sizes
        on years.country = sizes.country and years.event_year >= sizes.year
),
sized as (
    select measured.*, years.household_size, years.household_size_source
    from measured
    left join years
        on measured.country = years.country and measured.event_year = years.event_year
),
final as (
    select
        *,
        coalesce(
            households_reported, cast(floor(individuals_reported / household_size + 0.5) as bigint)
        ) as households,
        coalesce(
            individuals_reported, cast(floor(households_reported * household_size + 0.5) as bigint)
        ) as individuals,
        households_reported is null as households_is_estimate,
        individuals_reported is null as individuals_is_estimate
    from sized
)
select * from final;
