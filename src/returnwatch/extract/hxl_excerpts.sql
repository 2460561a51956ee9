-- Each row's excerpt, in row order: `line N: column=value; …` of its non-blank cells as
-- written, cut to $1 characters. {{cells}} is one `case` per column of the table (made by
-- extract/hxl_table.py from the header, names quoted), null when the cell is blank (only
-- the characters $2 once trimmed).
select left('line ' || __line || ': ' || concat_ws('; ', {{cells}}), $1) as excerpt
from hxl_cells;
