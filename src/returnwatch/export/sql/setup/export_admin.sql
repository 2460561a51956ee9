-- Each area with the admin1 and admin2 (COD-AB) areas it lies in or is (worked out once per
-- derive in staging/020_stg_area_context.sql); a temporary view of the export's read-only
-- connection.
create or replace temp view export_admin as
select area_id, admin1_pcode, admin1_name, admin2_pcode, admin2_name
from stg_area_context;
