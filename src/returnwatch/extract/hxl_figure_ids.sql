-- The ids of an HXL table's figures (as Figure.figure_id makes them), and the id of the
-- figure in the other unit on the same line when the line gives both, in the order of
-- `figure_rows` (line, unit_order 0 for $2 or 1 for $3, paired). $1 document id, $4 method.
select
    left(sha1($1 || '|' || line || '|' || line || '|' || if(unit_order = 0, $2, $3) || '|' || $4), 20)
        as figure_id,
    case when paired then
        left(sha1($1 || '|' || line || '|' || line || '|' || if(unit_order = 0, $3, $2) || '|' || $4), 20)
    end as paired_figure_id
from figure_rows;
