-- The steps the stocks of one depth add (computed in increments.py from 020's rows, by
-- position).
-- Rewritten whole: a hash join is far cheaper in DuckDB than an UPDATE of many rows.
create or replace temp table increment_steps as
select
    steps.* replace (
        coalesce(stock_steps.households, steps.households) as households,
        coalesce(stock_steps.individuals, steps.individuals) as individuals
    )
from increment_steps as steps
left join (
    select positions.event_id, stock_steps.households, stock_steps.individuals
    from stock_steps
    join stock_positions as positions using (position)
) as stock_steps using (event_id);
