-- The ids of an HXL table's figures (as Figure.figure_id makes them: sha1 of
-- `document|span_start|span_end|unit|method`, here span = line), and the id of the figure
-- in the other unit on the same line when the line gives both, in the order of
-- `figure_rows` (line, unit_order: 0 for households, 1 for individuals; paired).
-- $1 `document|`, $2 `|households|method`, $3 `|individuals|method`.
select
    left(sha1(concat($1, line, '|', line, if(unit_order = 0, $2, $3))), 20) as figure_id,
    case when paired then left(sha1(concat($1, line, '|', line, if(unit_order = 0, $3, $2))), 20) end
        as paired_figure_id
from figure_rows;
