-- How many figures of the whole warehouse have a place the gazetteer could not name (as
-- `returnwatch status` counts them), for a run's report beside the run's own.
select count(*) as figures from figures where area_id is null
