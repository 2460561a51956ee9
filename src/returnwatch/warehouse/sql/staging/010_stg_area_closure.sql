-- Every area paired with itself and each of its ancestors; depth 0 is the area itself.
create or replace table stg_area_closure as
with recursive closure(area_id, ancestor_id, depth) as (
    select area_id, area_id, 0
    from areas
    union all
    select closure.area_id, areas.parent_id, closure.depth + 1
    from closure
    join areas on areas.area_id = closure.ancestor_id
    where areas.parent_id is not null
)
select * from closure;
