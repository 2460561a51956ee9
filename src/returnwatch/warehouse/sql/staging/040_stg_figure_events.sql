-- The same return told by several documents is one event. Two returns match when they
-- are within the duplicate window of each other, in the same area or one inside the other,
-- and either report the same quantity in a unit both give (a report of "150 families (900
-- individuals)" and a repost of "900 people" match on the individuals) or come from the
-- same announcer and stage in the same unit; or when the analyst says so (a same_event
-- override). Figures of one document dated on two different days never match. Matches chain. The event is named after its
-- most telling figure: the most specific area, the finest date, the earliest published.
-- Each way of matching is its own equi-join (area at or above, and the shared value), so
-- DuckDB hashes instead of comparing every pair of figures: a million figures take a second.
create or replace temp table stg_match_keys as
-- only what matching and naming need, computed once: the wide rows are read once, in final
select
    figure_id, area_id, event_date, document_id, date_precision, published_date,
    households_reported, individuals_reported, unit, stage,
    lower(trim(announced_by)) as announcer,
    supersedes, override_notes, part_of_figure_id
from stg_returns;

create or replace temp table stg_matches as
-- the pairs of figures that match, both ways round
with within as not materialized (
    -- each return beside every area it lies in (its own included) that holds returns too:
    -- b lies at or above a (only the columns the joins compare)
    select
        keys.figure_id, closure.ancestor_id, keys.event_date, keys.households_reported,
        keys.individuals_reported, keys.unit, keys.stage, keys.announcer
    from stg_match_keys as keys
    join stg_area_closure as closure using (area_id)
    where closure.ancestor_id in (select distinct area_id from stg_match_keys)
),
upward as (
    -- dates compared as dates (a date less a number of days is a date; less an interval,
    -- a timestamp)
    select a.figure_id, b.figure_id as match_id
    from within as a
    join stg_match_keys as b
        on b.area_id = a.ancestor_id and b.households_reported = a.households_reported
        and b.event_date between a.event_date - {{duplicate_window_days}}
        and a.event_date + {{duplicate_window_days}}
    union all
    select a.figure_id, b.figure_id
    from within as a
    join stg_match_keys as b
        on b.area_id = a.ancestor_id and b.individuals_reported = a.individuals_reported
        and b.event_date between a.event_date - {{duplicate_window_days}}
        and a.event_date + {{duplicate_window_days}}
    union all
    select a.figure_id, b.figure_id
    from within as a
    join stg_match_keys as b
        on b.area_id = a.ancestor_id and b.unit = a.unit and b.stage = a.stage
        and b.announcer = a.announcer
        and b.event_date between a.event_date - {{duplicate_window_days}}
        and a.event_date + {{duplicate_window_days}}
),
kept as (
    -- one report giving the same number on two different days tells of two returns
    -- ("200 families on Saturday ... another 200 on Thursday")
    select upward.figure_id, upward.match_id
    from upward
    join stg_match_keys as a on a.figure_id = upward.figure_id
    join stg_match_keys as b on b.figure_id = upward.match_id
    where upward.figure_id <> upward.match_id
        and not (
            a.document_id = b.document_id
            and a.date_precision = 'day' and b.date_precision = 'day'
            and a.event_date <> b.event_date
        )
),
matches as (
    select figure_id, match_id from kept
    union
    select match_id, figure_id from kept
    union
    -- the analyst's word: these two figures report the same return
    select figure_id, other_figure_id from stg_overrides where action = 'same_event'
    union
    select other_figure_id, figure_id from stg_overrides where action = 'same_event'
)
select * from matches;

-- Matches chain: a figure's event is the whole connected group of figures that match one
-- another, directly or through others. The group is found by labelling, not by listing
-- every pair in it (a group of k figures has k * k pairs, and each step of a transitive
-- closure joins them with the matches again: many reports of one return made that the
-- largest step of the derive). Each figure that matches another gets a number, and its
-- label starts as its own number; each step hands the smallest label a figure has to the
-- figures it matches, until no label gets smaller. Every figure of a group then carries
-- the group's smallest number, after as many steps as the group is wide, and each step
-- reads only the figures whose label changed in the step before.
create or replace temp table stg_match_nodes as
select figure_id, row_number() over () as node
from (select figure_id from stg_matches union select match_id from stg_matches);

create or replace temp table stg_match_groups as
with edges as materialized (
    select a.node, b.node as match_node
    from stg_matches as matches
    join stg_match_nodes as a on a.figure_id = matches.figure_id
    join stg_match_nodes as b on b.figure_id = matches.match_id
),
labels as (
    -- USING KEY keeps one row per node, its current label: a step's rows replace the
    -- labels of the nodes they name, and the next step reads only those rows
    -- (`recurring.labels` is every node's label so far)
    with recursive labels(node, label) using key (node) as (
        select node, node from stg_match_nodes
        union
        select edges.match_node, min(changed.label)
        from labels as changed
        join edges on edges.node = changed.node
        join recurring.labels as current on current.node = edges.match_node
        where changed.label < current.label
        group by edges.match_node
    )
    select * from labels
)
select nodes.figure_id, labels.label as group_id
from labels
join stg_match_nodes as nodes using (node);

create or replace temp table stg_event_names as
-- the figures that match another, each with the figure its event is named after
with named as (
    -- the most telling figure: the most specific area, the finest date, the earliest
    -- published (a sort key compared only among figures that match another)
    select
        groups.group_id,
        arg_min(
            groups.figure_id,
            (
                -context.depth,
                case returns.date_precision when 'day' then 0 when 'week' then 1 when 'month' then 2 else 3 end,
                coalesce(returns.published_date, date '9999-12-31'),
                groups.figure_id
            )
        ) as event_id
    from stg_match_groups as groups
    join stg_match_keys as returns using (figure_id)
    join stg_area_context as context on context.area_id = returns.area_id
    group by groups.group_id
)
select groups.figure_id, named.event_id
from stg_match_groups as groups
join named using (group_id);

create or replace table stg_figure_events as
with final as (
    -- each return with its event and what stg_events aggregates over an event's reports
    -- (the named figure's wide columns are read from stg_returns once, by stg_events)
    select
        figure_id, document_id, event_date, date_precision, published_date,
        supersedes, override_notes, part_of_figure_id,
        coalesce(named.event_id, keys.figure_id) as event_id
    from stg_match_keys as keys
    left join stg_event_names as named using (figure_id)
)
select * from final;

drop table stg_match_keys;
drop table stg_matches;
drop table stg_match_nodes;
drop table stg_match_groups;
drop table stg_event_names;
