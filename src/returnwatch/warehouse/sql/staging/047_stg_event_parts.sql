-- Parts given beside their total in one document (a figure's part_of_figure_id names its
-- total): for every event that holds such a total, the other events its parts became and
-- what they add up to. Each part event counts once, however many reports repeat it.
-- Stored (few rows): stg_return_events joins its wide rows to it, and a view's guessed
-- size made DuckDB hash the wide side instead.
create or replace table stg_event_parts as
with links as (
    select distinct total.event_id, part.event_id as part_event_id
    from (
        select part_of_figure_id, coalesce(duplicate_of, figure_id) as event_id
        from stg_figure_events
        where part_of_figure_id is not null
    ) as part
    join (
        select figure_id, coalesce(duplicate_of, figure_id) as event_id from stg_figure_events
    ) as total on total.figure_id = part.part_of_figure_id
    where part.event_id <> total.event_id
),
final as (
    select
        links.event_id,
        count(*) as n_parts,
        cast(sum(parts.households) as bigint) as parts_households,
        cast(sum(parts.individuals) as bigint) as parts_individuals,
        list(links.part_event_id order by links.part_event_id) as part_event_ids
    from links
    join stg_events as parts on parts.event_id = links.part_event_id
    group by links.event_id
)
-- covers_total: a flow total whose parts given beside it cover it (figure_status reads it;
-- stg_events is gone after the derive)
select
    final.*,
    events.figure_type = 'flow'
        and case events.unit
            when 'households' then final.parts_households >= events.households
            else final.parts_individuals >= events.individuals
        end as covers_total
from final
left join stg_events as events using (event_id);
