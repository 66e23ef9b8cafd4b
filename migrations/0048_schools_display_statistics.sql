-- The register's columns that are only ever shown (addresses, contact details, identifiers, types and
-- statuses by name, ages, sizes), never searched, filtered, joined, grouped or sorted on: no planner
-- statistics for them. Their statistics steered no plan, and computing them was most of every ANALYZE
-- of `schools` (after each GIAS import, and autovacuum's), above all for the free-text columns. The
-- columns reads do filter, join or group on keep theirs (urn, la_code, name, is_open, open_date,
-- close_date, phase, is_state_funded, has_sixth_form, postcode, district_code, district_name, source),
-- and so do the name-search and postcode indexes' expressions.
ALTER TABLE "schools"
  ALTER COLUMN "street" SET STATISTICS 0,
  ALTER COLUMN "locality" SET STATISTICS 0,
  ALTER COLUMN "website" SET STATISTICS 0,
  ALTER COLUMN "telephone" SET STATISTICS 0,
  ALTER COLUMN "ukprn" SET STATISTICS 0,
  ALTER COLUMN "establishment_number" SET STATISTICS 0,
  ALTER COLUMN "last_changed_date" SET STATISTICS 0,
  ALTER COLUMN "statutory_low_age" SET STATISTICS 0,
  ALTER COLUMN "statutory_high_age" SET STATISTICS 0,
  ALTER COLUMN "number_of_pupils" SET STATISTICS 0,
  ALTER COLUMN "trust_name" SET STATISTICS 0,
  ALTER COLUMN "type_code" SET STATISTICS 0,
  ALTER COLUMN "phase_of_education" SET STATISTICS 0,
  ALTER COLUMN "type_name" SET STATISTICS 0,
  ALTER COLUMN "type_group_name" SET STATISTICS 0,
  ALTER COLUMN "status_name" SET STATISTICS 0,
  ALTER COLUMN "region_name" SET STATISTICS 0,
  ALTER COLUMN "percentage_fsm" SET STATISTICS 0,
  ALTER COLUMN "town" SET STATISTICS 0,
  ALTER COLUMN "updated_at" SET STATISTICS 0;
