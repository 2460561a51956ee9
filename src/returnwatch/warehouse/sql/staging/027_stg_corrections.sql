-- A figure that says it corrects an earlier value ("revised from 1,200 to 1,020":
-- corrects_quantity 1200) supersedes the earlier figures that gave that value: same unit,
-- same area or one inside the other, dated no later than the correction, and known no later
-- than it, or known later without correcting anything itself: a report that repeats the old
-- value after the revision (a stale repost) is the corrected return again, not a new one,
-- while a later revision back to the old value ("from 1,020 to 1,200") stands.
-- When several earlier reports match, the latest event among them (with its reposts,
-- within the duplicate window) is the one corrected. The correction takes the earliest
-- date of what it supersedes.
-- A stock revised by its source supersedes the stock it revises: a later-published stock, in
-- another document, of the same area, date and unit, from the same source (the figure's announcer, else its
-- document's publisher; a stock naming neither revises nothing), in the same round and stage
-- when both give one, and of another quantity (the same quantity again is a repost: a
-- duplicate, 040). Published the same day, the larger stands: neither says which is the
-- revision, and the rule must not depend on load order (a rebuild replays the archive in
-- another). Stocks of two sources for one date are not revisions (040 and the increments
-- settle those).
create or replace view stg_corrections as
with counted as (
    select * from stg_figures
    where rejected_because is null and area_id is not null and event_date is not null
),
candidates as (
    select
        earlier.figure_id,
        correction.figure_id as corrected_by,
        earlier.event_date as earlier_date,
        correction.known_on as correction_known_on,
        max(earlier.event_date) over (partition by correction.figure_id) as latest_earlier_date
    from counted as correction
    join counted as earlier
        on earlier.unit = correction.unit
        and earlier.quantity = correction.corrects_quantity
        and earlier.figure_id <> correction.figure_id
        and (earlier.known_on <= correction.known_on or earlier.corrects_quantity is null)
        and earlier.event_date <= correction.event_date
    join stg_area_closure as closure
        on (closure.area_id = earlier.area_id and closure.ancestor_id = correction.area_id)
        or (closure.area_id = correction.area_id and closure.ancestor_id = earlier.area_id)
    where correction.corrects_quantity is not null
),
text_corrections as (
    select figure_id, corrected_by, earlier_date, correction_known_on
    from candidates
    where earlier_date >= latest_earlier_date - to_days({{duplicate_window_days}})
),
stocks as (
    select
        figure_id, document_id, area_id, event_date, unit, quantity, round_code, stage, known_on,
        announced_by
    from counted
    where figure_type = 'stock'
),
round_spans as (
    -- the dates each document gives figures for in each round (a figure with no round in
    -- a round of its own): an aggregate of few groups, read from three columns of the
    -- figures as loaded (overrides change no date or round; a flow made a stock by one is
    -- in its round's span already)
    select document_id, round_code, min(event_date) as first_date, max(event_date) as last_date
    from figures
    where event_date is not null
    group by all
),
roundless_spans as (
    select * from round_spans where round_code is null
),
overlapping_rounds as (
    -- a revision is another document's stock of the same date and round (or one giving no
    -- round), so only the rounds of documents whose dates meet another document's in that
    -- round can hold one: none in a load of one big table, nor among files of a round each
    select one.document_id, one.round_code
    from round_spans as one
    join round_spans as other
        on other.round_code = one.round_code
        and other.first_date <= one.last_date
        and one.first_date <= other.last_date
        and other.document_id <> one.document_id
    union
    select unnest([one.document_id, other.document_id]), unnest([one.round_code, other.round_code])
    from roundless_spans as one
    join round_spans as other
        on other.first_date <= one.last_date
        and one.first_date <= other.last_date
        and other.document_id <> one.document_id
),
revisable_stocks as (
    select
        stocks.*,
        lower(trim(coalesce(stocks.announced_by, documents.publisher))) as source_name
    from stocks
    join overlapping_rounds as rounds
        on rounds.document_id = stocks.document_id
        and rounds.round_code is not distinct from stocks.round_code
    join documents on documents.document_id = stocks.document_id
),
rounded_stocks as (
    select * from revisable_stocks where round_code is not null
),
roundless_stocks as (
    select * from revisable_stocks where round_code is null
),
stock_pairs as (
    -- stocks of one area, date, unit and source, in the same round or one of them giving
    -- none: three equi-joins, so that the many rounds of one area and date (a file per
    -- round) are not every one paired with every other
    select earlier, revision
    from rounded_stocks as earlier
    join rounded_stocks as revision
        on revision.area_id = earlier.area_id
        and revision.event_date = earlier.event_date
        and revision.unit = earlier.unit
        and revision.source_name = earlier.source_name
        and revision.round_code = earlier.round_code
    union all
    select earlier, revision
    from roundless_stocks as earlier
    join revisable_stocks as revision
        on revision.area_id = earlier.area_id
        and revision.event_date = earlier.event_date
        and revision.unit = earlier.unit
        and revision.source_name = earlier.source_name
    union all
    select earlier, revision
    from rounded_stocks as earlier
    join roundless_stocks as revision
        on revision.area_id = earlier.area_id
        and revision.event_date = earlier.event_date
        and revision.unit = earlier.unit
        and revision.source_name = earlier.source_name
),
revised_stocks as (
    select
        earlier.figure_id,
        revision.figure_id as corrected_by,
        earlier.event_date as earlier_date,
        revision.known_on as correction_known_on
    from stock_pairs
    where revision.document_id <> earlier.document_id
        and revision.quantity <> earlier.quantity
        and (
            revision.known_on > earlier.known_on
            or (revision.known_on = earlier.known_on and revision.quantity > earlier.quantity)
        )
        and coalesce(revision.stage = earlier.stage, true)
),
final as (
    select
        figure_id,
        arg_min(corrected_by, (correction_known_on, corrected_by)) as corrected_by,
        min(earlier_date) as earlier_date
    from (
        select * from text_corrections
        union all
        select * from revised_stocks
    )
    group by figure_id
)
select * from final;
