-- Reporting: mark the reports' materialised views stale when the records they read change. One
-- statement-level trigger per table (cheap: one row updated per statement, and only when not already
-- stale); the next report refreshes the view (src/modules/reporting/present-enrolments-view.ts).
CREATE FUNCTION reporting_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE reporting_refreshes SET stale = true WHERE NOT stale;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER attendance_marks_reporting_stale AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON attendance_marks
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_mark_stale();
--> statement-breakpoint
CREATE TRIGGER enrolments_reporting_stale AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON enrolments
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_mark_stale();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_reporting_stale AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON activity_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_mark_stale();
--> statement-breakpoint
CREATE TRIGGER hub_activities_reporting_stale AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hub_activities
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_mark_stale();
