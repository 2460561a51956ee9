-- Every event of `increment_events`, numbered, with what it adds when that is known without
-- the others: a flow its quantity less its parts given beside it (never below 0). A
-- stock's step needs the totals below it: stocks are settled depth by depth, deepest first
-- (020-030, see increments.py). Areas and days are numbered too, so that the steps below
-- join, group and sort on integers, not on ids.
create or replace temp table increment_areas as
with closure as (
    select area_id, ancestor_id, depth from increment_closure
    union
    select distinct area_id, area_id, 0 from increment_events
)
-- an area's depth is its longest way up: stocks are settled deepest first
select area_id, max(depth) as depth, row_number() over () as area_no
from closure
group by area_id;

create or replace temp table increment_closure_all as
-- every numbered area beside each area it lies in, itself included
select distinct area.area_no, ancestor.area_no as ancestor_no
from (
    select area_id, ancestor_id from increment_closure
    union all
    select area_id, area_id from increment_areas
) as closure
join increment_areas as area on area.area_id = closure.area_id
join increment_areas as ancestor on ancestor.area_id = closure.ancestor_id;

-- The areas whose stocks have something before them: their subtree holds an event besides
-- their own stocks (a flow, or an event of an area below). The stocks of the others (a leaf
-- area holding only stocks: most areas of a DTM round) have nothing before them, and their
-- walk needs no sums (030).
create or replace temp table increment_busy_areas as
select distinct closure.ancestor_no as area_no
from (
    select distinct area_id, figure_type = 'stock' as is_stock from increment_events
) as kinds
join increment_areas as areas using (area_id)
join increment_closure_all as closure on closure.area_no = areas.area_no
where not (kinds.is_stock and areas.area_no = closure.ancestor_no);

-- The areas and days with several stocks. There a stock's unit converted from the other (an
-- estimate) yields to a stock that measured it (a DTM stock of 1,000 households beside
-- another report's 5,400 individuals that day: 1,000 households, not the 900 converted
-- from 5,400). A stock without a measure sets only the other.
create or replace temp table increment_stock_days as
select
    area_id,
    event_date,
    bool_or(not coalesce(households_is_estimate, false)) as households_measured,
    bool_or(not coalesce(individuals_is_estimate, false)) as individuals_measured
from increment_events
where figure_type = 'stock'
group by area_id, event_date
having count(*) > 1;

-- The stocks of those days (two sources' stocks of one area and day: a source's revision
-- supersedes what it revises before this, staging/027), ranked in the order they are taken:
-- the one known last (`increment_stock_known`: the latest date its documents became known)
-- last, and among those known the same day the larger (measured households, then measured
-- individuals: a rule of the figures alone, so a rebuild agrees), then the event id. In each
-- unit, the last exact stock with that measure sets the day's total: the stocks with it
-- taken before are overruled (they add 0; a minimum or maximum taken after it only raises
-- or lowers it).
create or replace temp table increment_same_day_stocks as
with stocks as (
    select
        events.event_id,
        events.area_id,
        events.event_date,
        coalesce(events.qualifier not in ('min', 'max'), true) as sets_total,
        events.households is not null and not (
            coalesce(events.households_is_estimate, false) and days.households_measured
        ) as has_households,
        events.individuals is not null and not (
            coalesce(events.individuals_is_estimate, false) and days.individuals_measured
        ) as has_individuals,
        row_number() over (
            partition by events.area_id, events.event_date
            order by
                known.known_on nulls first,
                case when not coalesce(events.households_is_estimate, false)
                    then cast(events.households as bigint) end nulls first,
                case when not coalesce(events.individuals_is_estimate, false)
                    then cast(events.individuals as bigint) end nulls first,
                events.event_id
        ) as day_rank
    from increment_events as events
    join increment_stock_days as days using (area_id, event_date)
    -- few rows on this side: the lookup is probed for them only
    left join increment_stock_known as known using (event_id)
    where events.figure_type = 'stock'
)
select
    event_id,
    day_rank,
    has_households,
    has_individuals,
    has_households and day_rank < max(day_rank) filter (where sets_total and has_households)
        over same_day as households_overruled,
    has_individuals and day_rank < max(day_rank) filter (where sets_total and has_individuals)
        over same_day as individuals_overruled
from stocks
window same_day as (partition by area_id, event_date);

-- an event's number is its rowid here (the table is never changed)
create or replace temp table increment_items as
select
    events.event_id,
    events.area_id,
    areas.area_no,
    cast(events.event_date as date) as event_date,
    cast(cast(events.event_date as date) - date '1970-01-01' as integer) as day,
    events.figure_type = 'stock' as is_stock,
    areas.depth,
    areas.area_no in (select area_no from increment_busy_areas) as busy,
    events.qualifier,
    coalesce(same_day.day_rank, 0) as day_rank,
    case when coalesce(same_day.has_households and not same_day.households_overruled, true)
        then cast(events.households as bigint) end as households_value,
    case when coalesce(same_day.has_individuals and not same_day.individuals_overruled, true)
        then cast(events.individuals as bigint) end as individuals_value,
    cast(
        case when same_day.households_overruled then 16 else 0 end
        + case when same_day.individuals_overruled then 32 else 0 end
        as utinyint
    ) as overruled,
    case when events.figure_type <> 'stock' and events.households is not null then greatest(
        cast(events.households as bigint) - coalesce(cast(events.parts_households as bigint), 0), 0
    ) end as households,
    case when events.figure_type <> 'stock' and events.individuals is not null then greatest(
        cast(events.individuals as bigint) - coalesce(cast(events.parts_individuals as bigint), 0), 0
    ) end as individuals
from increment_events as events
join increment_areas as areas using (area_id)
left join increment_same_day_stocks as same_day using (event_id);

-- The steps known so far by area and day: the flows now (summed per area and day), each
-- depth's stocks once they are settled (increments.py). What a stock's subtree added before
-- it is summed from these (020).
create or replace temp table increment_known as
select area_no, day, sum(households) as households, sum(individuals) as individuals
from increment_items
where households is not null or individuals is not null
group by area_no, day;

-- The steps settled so far, by event number.
create or replace temp table increment_settled (
    event_no bigint, households bigint, individuals bigint
);
