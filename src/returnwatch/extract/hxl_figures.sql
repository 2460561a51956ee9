-- Return figures of an HXL table, one row per count cell, in line order (households first).
-- Inputs (registered by extract/hxl_table.py): hxl_rows (the table's cells we read,
-- trimmed, with its line number and excerpt), hxl_places (each combination of place cells
-- with the place text and context read from it), hxl_dates (each date text with the date
-- it gives, null when it is not a date) and hxl_counts (count cells that are not plain
-- digits, with the digits they give, null when they are not a number). $1 document id,
-- $2 file name, $3 method.
with rows as (
    select
        r.*,
        coalesce(nullif(r.date_reported, ''), r.date_any) as reported
    from hxl_rows as r
),
cells as (
    select *, 'households' as unit, 1 as unit_order, hh as count_raw from rows where hh <> ''
    union all
    select *, 'individuals' as unit, 2 as unit_order, ind as count_raw from rows where ind <> ''
),
counted as (
    select
        cells.*,
        case
            when regexp_full_match(replace(replace(count_raw, ',', ''), ' ', ''), '[0-9]+')
                then replace(replace(count_raw, ',', ''), ' ', '')
            else other.quantity_text
        end as quantity_text
    from cells
    left join hxl_counts as other using (count_raw)
),
dated as (
    select counted.*, d.event_date
    from counted
    left join hxl_dates as d using (reported)
),
kept as (
    -- a count that is not a number is a problem of its own; a bad date drops the row
    select * from dated
    where quantity_text is not null and (reported = '' or event_date is not null)
),
keyed as (
    select
        *,
        left(sha1($1 || '|' || line || '|' || line || '|' || unit || '|' || $3), 20) as figure_id,
        count(*) over (partition by line) as in_row
    from kept
),
paired as (
    select
        *,
        max(figure_id) filter (where unit = 'households') over (partition by line) as hh_id,
        max(figure_id) filter (where unit = 'individuals') over (partition by line) as ind_id
    from keyed
),
final as (
    select
        p.figure_id,
        $1 as document_id,
        $2 as file,
        p.quantity_text as quantity,
        p.unit,
        'stock' as figure_type,
        'exact' as qualifier,
        null::bigint as quantity_high,
        null::bigint as stage,
        nullif(p.round_code, '') as round_code,
        p.event_date,
        case when p.event_date is not null then 'day' end as date_precision,
        nullif(p.reported, '') as date_text,
        pl.location_text,
        pl.location_context,
        null::varchar as area_id,
        'unresolved' as resolve_method,
        0.0::double as resolve_score,
        nullif(p.source, '') as announced_by,
        p.excerpt,
        p.line as span_start,
        p.line as span_end,
        $3 as method,
        case when p.in_row = 2 then if(p.unit = 'households', p.ind_id, p.hh_id) end
            as paired_figure_id,
        null::varchar as part_of_figure_id,
        null::bigint as corrects_quantity,
        1.0::double as confidence
    from paired as p
    left join hxl_places as pl
        on pl.loc_code = p.loc_code and pl.adm3_code = p.adm3_code
        and pl.adm2_code = p.adm2_code and pl.adm1_code = p.adm1_code
        and pl.loc_name = p.loc_name and pl.adm3_name = p.adm3_name
        and pl.adm2_name = p.adm2_name and pl.adm1_name = p.adm1_name
)
select * from final
order by span_start, unit;
