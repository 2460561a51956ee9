-- Placed, dated figures as returns, households and individuals side by side:
-- a figure's paired figure (the same return in the other unit) is measured, not converted;
-- otherwise the other unit is converted with the country's household size (round half up).
create or replace view stg_returns as
with placed as (
    select figures.*, documents.published_date, areas.country, year(figures.event_date) as event_year
    from figures
    join documents using (document_id)
    join areas using (area_id)
    where figures.event_date is not null
),
primary_figures as (
    select placed.*, pair.quantity as pair_quantity, pair.unit as pair_unit
    from placed
    left join figures as pair on pair.figure_id = placed.paired_figure_id
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
sized as (
    select measured.*, sizes.household_size
    from measured
    asof left join household_sizes as sizes
        on measured.country = sizes.country and measured.event_year >= sizes.year
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
