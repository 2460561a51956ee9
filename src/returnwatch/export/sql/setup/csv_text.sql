-- A text cell as the CSVs write it: with a leading ' when a spreadsheet would read it as a
-- formula (OWASP CSV injection; the same rule as export/cells.py's neutralise), a plain
-- number such as -12 left as it is. The first character is tested by its code point
-- (= + - @ tab CR) before any regular expression runs: most cells pass with that one test.
create or replace temp macro csv_text(x) as
    case
        when ascii(x) in (61, 43, 45, 64, 9, 13)
            and not regexp_full_match(x, '[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?')
            then '''' || x
        else x
    end;
