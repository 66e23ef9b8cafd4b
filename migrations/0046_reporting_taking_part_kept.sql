-- Reporting without a refresh pause (issue 17). The reports used to read three materialised views,
-- refreshed whole by the first report after any change to a register (28 s on a national ten-year
-- dataset). Now one table holds the rows of `taking_part()` (the one definition, migration 0028), kept
-- up to date by the writes themselves: a statement that changes attendance marks, enrolments, sessions,
-- activities or schools' completions recomputes the rows of the activities it touched, in its own
-- transaction. The summaries by school and year and the programme participants are aggregated from it
-- when a report reads them (src/modules/reporting/present-enrolments-view.ts), so no request ever waits
-- for a whole-table refresh, and a page view writes nothing.
DROP MATERIALIZED VIEW IF EXISTS "reporting_programme_people";
--> statement-breakpoint
DROP MATERIALIZED VIEW IF EXISTS "reporting_school_years";
--> statement-breakpoint
DROP MATERIALIZED VIEW IF EXISTS "reporting_present_enrolments";
--> statement-breakpoint
DROP TRIGGER IF EXISTS attendance_marks_reporting_stale ON attendance_marks;
--> statement-breakpoint
DROP TRIGGER IF EXISTS enrolments_reporting_stale ON enrolments;
--> statement-breakpoint
DROP TRIGGER IF EXISTS activity_sessions_reporting_stale ON activity_sessions;
--> statement-breakpoint
DROP TRIGGER IF EXISTS hub_activities_reporting_stale ON hub_activities;
--> statement-breakpoint
DROP TRIGGER IF EXISTS activity_schools_reporting_stale ON activity_schools;
--> statement-breakpoint
DROP TRIGGER IF EXISTS ncps_reporting_stale ON ncps;
--> statement-breakpoint
DROP TRIGGER IF EXISTS ts_partnerships_reporting_stale ON ts_partnerships;
--> statement-breakpoint
DROP FUNCTION IF EXISTS reporting_mark_stale();
--> statement-breakpoint
DROP TABLE IF EXISTS "reporting_refreshes";
--> statement-breakpoint
CREATE TABLE "reporting_taking_part" (
	"enrolment_id" integer,
	"activity_id" integer NOT NULL,
	"person_id" integer,
	"school_urn" integer,
	"year_code" text NOT NULL,
	"hub_id" integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_taking_part_enrolment_uq" ON "reporting_taking_part" USING btree ("enrolment_id");
--> statement-breakpoint
CREATE INDEX "reporting_taking_part_activity_idx" ON "reporting_taking_part" USING btree ("activity_id");
--> statement-breakpoint
CREATE INDEX "reporting_taking_part_year_idx" ON "reporting_taking_part" USING btree ("year_code", "hub_id");
--> statement-breakpoint
-- Recomputes the rows of some activities. Writers of the same activity take turns (an advisory lock
-- held to the end of the transaction, taken in order of id so two writers never wait on each other in
-- a circle); each statement below reads the latest committed rows (read committed), so the second writer
-- recomputes with the first one's change. Writers of different activities never touch the same rows.
CREATE FUNCTION reporting_refresh_activities(ids int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(2046, u.id) FROM (SELECT DISTINCT x AS id FROM unnest(ids) x ORDER BY 1) u;
  DELETE FROM public.reporting_taking_part WHERE activity_id = ANY(ids);
  INSERT INTO public.reporting_taking_part (enrolment_id, activity_id, person_id, school_urn, year_code, hub_id)
    SELECT t.enrolment_id, t.activity_id, t.person_id, t.school_urn, t.year_code, t.hub_id
    FROM public.taking_part() t WHERE t.activity_id = ANY(ids);
END $$;
--> statement-breakpoint
-- Every row again (after a TRUNCATE of a table it reads, and once below).
CREATE FUNCTION reporting_rebuild_taking_part() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(2046, 0);
  DELETE FROM public.reporting_taking_part;
  INSERT INTO public.reporting_taking_part (enrolment_id, activity_id, person_id, school_urn, year_code, hub_id)
    SELECT t.enrolment_id, t.activity_id, t.person_id, t.school_urn, t.year_code, t.hub_id FROM public.taking_part() t;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Attendance: only a change to whether someone was present can change taking part.
CREATE FUNCTION reporting_marks_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM public.reporting_refresh_activities(ARRAY(
      SELECT DISTINCT e.activity_id FROM n JOIN public.enrolments e ON e.id = n.enrolment_id WHERE n.status = 'present'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM public.reporting_refresh_activities(ARRAY(
      SELECT e.activity_id FROM o JOIN public.enrolments e ON e.id = o.enrolment_id WHERE o.status = 'present'
      UNION SELECT s.activity_id FROM o JOIN public.activity_sessions s ON s.id = o.session_id WHERE o.status = 'present'));
  ELSE
    PERFORM public.reporting_refresh_activities(ARRAY(
      WITH changed AS (
        (SELECT session_id, enrolment_id, status FROM o EXCEPT SELECT session_id, enrolment_id, status FROM n)
        UNION (SELECT session_id, enrolment_id, status FROM n EXCEPT SELECT session_id, enrolment_id, status FROM o))
      SELECT e.activity_id FROM changed c JOIN public.enrolments e ON e.id = c.enrolment_id
      UNION SELECT s.activity_id FROM changed c JOIN public.activity_sessions s ON s.id = c.session_id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION reporting_enrolments_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM public.reporting_refresh_activities(ARRAY(SELECT DISTINCT activity_id FROM n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM public.reporting_refresh_activities(ARRAY(SELECT DISTINCT activity_id FROM o));
  ELSE
    PERFORM public.reporting_refresh_activities(ARRAY(
      WITH changed AS (
        (SELECT id, activity_id, person_id, school_urn, status FROM o
         EXCEPT SELECT id, activity_id, person_id, school_urn, status FROM n)
        UNION (SELECT id, activity_id, person_id, school_urn, status FROM n
         EXCEPT SELECT id, activity_id, person_id, school_urn, status FROM o))
      SELECT DISTINCT activity_id FROM changed));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION reporting_sessions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM public.reporting_refresh_activities(ARRAY(SELECT DISTINCT activity_id FROM n));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM public.reporting_refresh_activities(ARRAY(SELECT DISTINCT activity_id FROM o));
  ELSE
    PERFORM public.reporting_refresh_activities(ARRAY(
      WITH changed AS ((SELECT id, activity_id FROM o EXCEPT SELECT id, activity_id FROM n)
        UNION (SELECT id, activity_id FROM n EXCEPT SELECT id, activity_id FROM o))
      SELECT DISTINCT activity_id FROM changed));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION reporting_activities_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    RETURN NULL; -- a new activity has no enrolments or completions yet
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM public.reporting_refresh_activities(ARRAY(SELECT DISTINCT id FROM o));
  ELSE
    PERFORM public.reporting_refresh_activities(ARRAY(
      SELECT n.id FROM n JOIN o ON o.id = n.id
      WHERE n.year_code IS DISTINCT FROM o.year_code OR n.hub_id IS DISTINCT FROM o.hub_id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION reporting_activity_schools_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM public.reporting_refresh_activities(ARRAY(SELECT DISTINCT activity_id FROM n WHERE status = 'completed'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM public.reporting_refresh_activities(ARRAY(SELECT DISTINCT activity_id FROM o WHERE status = 'completed'));
  ELSE
    PERFORM public.reporting_refresh_activities(ARRAY(
      WITH changed AS (
        (SELECT id, activity_id, school_urn, status FROM o EXCEPT SELECT id, activity_id, school_urn, status FROM n)
        UNION (SELECT id, activity_id, school_urn, status FROM n EXCEPT SELECT id, activity_id, school_urn, status FROM o))
      SELECT DISTINCT activity_id FROM changed));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER attendance_marks_reporting_insert AFTER INSERT ON attendance_marks
  REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION reporting_marks_changed();
--> statement-breakpoint
CREATE TRIGGER attendance_marks_reporting_update AFTER UPDATE ON attendance_marks
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION reporting_marks_changed();
--> statement-breakpoint
CREATE TRIGGER attendance_marks_reporting_delete AFTER DELETE ON attendance_marks
  REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION reporting_marks_changed();
--> statement-breakpoint
CREATE TRIGGER enrolments_reporting_insert AFTER INSERT ON enrolments
  REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION reporting_enrolments_changed();
--> statement-breakpoint
CREATE TRIGGER enrolments_reporting_update AFTER UPDATE ON enrolments
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION reporting_enrolments_changed();
--> statement-breakpoint
CREATE TRIGGER enrolments_reporting_delete AFTER DELETE ON enrolments
  REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION reporting_enrolments_changed();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_reporting_insert AFTER INSERT ON activity_sessions
  REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION reporting_sessions_changed();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_reporting_update AFTER UPDATE ON activity_sessions
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION reporting_sessions_changed();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_reporting_delete AFTER DELETE ON activity_sessions
  REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION reporting_sessions_changed();
--> statement-breakpoint
CREATE TRIGGER hub_activities_reporting_update AFTER UPDATE ON hub_activities
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION reporting_activities_changed();
--> statement-breakpoint
CREATE TRIGGER hub_activities_reporting_delete AFTER DELETE ON hub_activities
  REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION reporting_activities_changed();
--> statement-breakpoint
CREATE TRIGGER activity_schools_reporting_insert AFTER INSERT ON activity_schools
  REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION reporting_activity_schools_changed();
--> statement-breakpoint
CREATE TRIGGER activity_schools_reporting_update AFTER UPDATE ON activity_schools
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION reporting_activity_schools_changed();
--> statement-breakpoint
CREATE TRIGGER activity_schools_reporting_delete AFTER DELETE ON activity_schools
  REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION reporting_activity_schools_changed();
--> statement-breakpoint
CREATE TRIGGER attendance_marks_reporting_truncate AFTER TRUNCATE ON attendance_marks
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_rebuild_taking_part();
--> statement-breakpoint
CREATE TRIGGER enrolments_reporting_truncate AFTER TRUNCATE ON enrolments
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_rebuild_taking_part();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_reporting_truncate AFTER TRUNCATE ON activity_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_rebuild_taking_part();
--> statement-breakpoint
CREATE TRIGGER hub_activities_reporting_truncate AFTER TRUNCATE ON hub_activities
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_rebuild_taking_part();
--> statement-breakpoint
CREATE TRIGGER activity_schools_reporting_truncate AFTER TRUNCATE ON activity_schools
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_rebuild_taking_part();
--> statement-breakpoint
-- The rows of the records already held (once, on upgrade).
INSERT INTO "reporting_taking_part" (enrolment_id, activity_id, person_id, school_urn, year_code, hub_id)
  SELECT t.enrolment_id, t.activity_id, t.person_id, t.school_urn, t.year_code, t.hub_id FROM taking_part() t;
