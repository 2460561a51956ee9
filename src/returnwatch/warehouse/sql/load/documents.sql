-- Keys are deterministic: a row already stored stays as it was (loading twice changes nothing).
insert into documents by name select * from incoming on conflict do nothing;
