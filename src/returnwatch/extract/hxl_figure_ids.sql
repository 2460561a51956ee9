-- The ids of one unit's figures of an HXL table (as Figure.figure_id makes them), and the
-- id of the figure in the other unit on the same line when the line gives both. In the
-- order of `part` (one figure per line). $1 document id, $2 unit, $3 other unit, $4 method.
select
    left(sha1($1 || '|' || line || '|' || line || '|' || $2 || '|' || $4), 20) as figure_id,
    case when "both" then left(sha1($1 || '|' || line || '|' || line || '|' || $3 || '|' || $4), 20) end
        as paired_figure_id
from part;
