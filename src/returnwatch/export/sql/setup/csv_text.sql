-- A text cell as the CSVs write it: with a leading ' when a spreadsheet would read it as a
-- formula (OWASP CSV injection; the same rule as export/cells.py's neutralise), a plain
-- number such as -12 left as it is.
create or replace temp macro csv_text(x) as
    case
        when regexp_matches(x, '^[=+\-@\t\r]')
            and not regexp_full_match(x, '[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?')
            then '''' || x
        else x
    end;
