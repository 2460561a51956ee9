-- Cells of an HXL table that keep a row from giving figures, in line order: counts that
-- are not whole numbers, and dates that are not ISO dates (inputs as in hxl_figures.sql).
with rows as (
    select r.*, coalesce(nullif(r.date_reported, ''), r.date_any) as reported
    from hxl_rows as r
),
counts as (
    select line, 1 as cell, 'households' as unit, hh as raw from rows where hh <> ''
    union all
    select line, 2 as cell, 'individuals' as unit, ind as raw from rows where ind <> ''
),
bad_counts as (
    select counts.line, counts.cell, counts.unit, counts.raw
    from counts
    left join hxl_counts as other on other.count_raw = counts.raw
    where not regexp_full_match(replace(replace(counts.raw, ',', ''), ' ', ''), '[0-9]+')
        and other.quantity_text is null
),
bad_dates as (
    select rows.line, 3 as cell, 'date' as unit, rows.reported as raw
    from rows
    join hxl_dates as d on d.reported = rows.reported
    where rows.reported <> '' and d.event_date is null
),
final as (
    select * from bad_counts
    union all
    select * from bad_dates
)
select * from final
order by line, cell;
