-- A text cell as the CSVs write it: with a leading ' when a spreadsheet would read it as a
-- formula (OWASP CSV injection; the same rule as export/cells.py's neutralise), a plain
-- number such as -12 left as it is. The first character's code point (= + - @ tab CR) is
-- tested before any regular expression runs, so most cells pass with one cheap test; the
-- tests are spelled as ORs because DuckDB plans an IN list here as two joins per column.
create or replace temp macro csv_text(x) as
    case
        when (ascii(x) = 61 or ascii(x) = 43 or ascii(x) = 45 or ascii(x) = 64
                or ascii(x) = 9 or ascii(x) = 13)
            and not regexp_full_match(x, '[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?')
            then '''' || x
        else x
    end;
