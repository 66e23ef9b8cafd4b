-- Reporting: the view of one row per school and year (and of programme participants) also reads which
-- schools completed an activity and the NCPs' stages, strands, types and phases, so changes to those
-- tables mark the reports' views stale too (the function of 0005_reporting_change_triggers).
CREATE TRIGGER activity_schools_reporting_stale AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON activity_schools
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_mark_stale();
--> statement-breakpoint
CREATE TRIGGER ncps_reporting_stale AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ncps
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_mark_stale();
