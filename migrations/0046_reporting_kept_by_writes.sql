-- Reporting without a refresh pause (issue 17, ADR 11). The reports used to read three materialised
-- views, refreshed whole by the first report after any change to a register (28 s on a national
-- ten-year dataset). Now the writes keep them:
-- - `reporting_participation`: one row per enrolment (did it take part, by `taking_part()`, the one
--   definition of migration 0028; is it active) and one per school's recorded completion, with the
--   flags of the activity's NCP. A statement that changes attendance marks, enrolments, sessions,
--   activities, schools' completions or NCPs recomputes the rows of the activities it touched, in its
--   own transaction.
-- - `reporting_school_years` and `reporting_programme_people`: counts by school and year, and by
--   programme participant, kept from the rows above by adding what a statement inserted and taking away
--   what it deleted (so two writers of one school add up, each under the row's lock).
-- So no request ever waits for a refresh, and a page view writes nothing.
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
-- Mastering Number's programme of an NCP, from its title and strand: 'ks2', 'reception_ks1', 'other',
-- or NULL for an NCP that is not part of Mastering Number (the one definition in SQL; its JavaScript
-- twin `masteringNumberProgramme` is checked against it by mastering-number.int.test.ts).
CREATE FUNCTION mastering_number_programme(title text, strand text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN NOT (title || ' ' || coalesce(strand, '')) ~* 'mastering number' THEN NULL
    WHEN (title || ' ' || coalesce(strand, '')) ~* '\mKS2\M|key stage 2' THEN 'ks2'
    WHEN (title || ' ' || coalesce(strand, '')) ~* 'reception|\mKS1\M|key stage 1' THEN 'reception_ks1'
    ELSE 'other' END
$$;
--> statement-breakpoint
CREATE TABLE "reporting_participation" (
	"enrolment_id" integer,
	"activity_id" integer NOT NULL,
	"person_id" integer,
	"school_urn" integer,
	"year_code" text NOT NULL,
	"hub_id" integer NOT NULL,
	"ncp_year_code" text,
	"strand" text,
	"took_part" boolean NOT NULL,
	"active" boolean NOT NULL,
	"post_16" boolean,
	"tfm_rank" integer,
	"mastering_number" text,
	"riwg" boolean NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reporting_participation_enrolment_uq" ON "reporting_participation" USING btree ("enrolment_id");
--> statement-breakpoint
CREATE INDEX "reporting_participation_activity_idx" ON "reporting_participation" USING btree ("activity_id");
--> statement-breakpoint
CREATE TABLE "reporting_school_years" (
	"year_code" text NOT NULL,
	"urn" integer NOT NULL,
	"took_part" integer DEFAULT 0 NOT NULL,
	"post_16" integer DEFAULT 0 NOT NULL,
	"tfm_1" integer DEFAULT 0 NOT NULL,
	"tfm_2" integer DEFAULT 0 NOT NULL,
	"tfm_3" integer DEFAULT 0 NOT NULL,
	"tfm_4" integer DEFAULT 0 NOT NULL,
	"mastering_number_ks2" integer DEFAULT 0 NOT NULL,
	"mastering_number_reception_ks1" integer DEFAULT 0 NOT NULL,
	"riwg" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "reporting_school_years_year_code_urn_pk" PRIMARY KEY("year_code","urn")
);
--> statement-breakpoint
CREATE TABLE "reporting_programme_people" (
	"year_code" text NOT NULL,
	"ncp_year_code" text NOT NULL,
	"strand" text NOT NULL,
	"person_id" integer NOT NULL,
	"hub_id" integer NOT NULL,
	"active" integer DEFAULT 0 NOT NULL,
	"took_part" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "reporting_programme_people_year_code_ncp_year_code_strand_person_id_hub_id_pk" PRIMARY KEY("year_code","ncp_year_code","strand","person_id","hub_id")
);
--> statement-breakpoint
CREATE INDEX "reporting_programme_people_strand_idx" ON "reporting_programme_people" USING btree ("strand","ncp_year_code");
--> statement-breakpoint
-- The rows of some activities: each enrolment, whether it took part
-- (`taking_part()`) and whether it is active (not withdrawn or deferred), and each school's recorded
-- completion; with the flags of the activity's NCP that the reports count by.
CREATE FUNCTION reporting_participation_of(ids int[])
  RETURNS SETOF reporting_participation LANGUAGE sql STABLE AS $$
  WITH tp AS (SELECT t.enrolment_id, t.activity_id, t.person_id, t.school_urn, t.year_code, t.hub_id
              FROM public.taking_part() t WHERE t.activity_id = ANY(ids)),
  rows AS (
    SELECT e.id AS enrolment_id, e.activity_id, e.person_id, e.school_urn, a.year_code, a.hub_id, a.ncp_id,
           p.enrolment_id IS NOT NULL AS took_part, e.status NOT IN ('withdrawn', 'deferred') AS active
    FROM public.enrolments e JOIN public.hub_activities a ON a.id = e.activity_id
    -- At most one row of taking part per enrolment: a join, not a lookup per enrolment.
    LEFT JOIN tp p ON p.enrolment_id = e.id
    WHERE e.activity_id = ANY(ids)
    UNION ALL
    SELECT NULL, tp.activity_id, NULL, tp.school_urn, tp.year_code, tp.hub_id, a.ncp_id, true, true
    FROM tp JOIN public.hub_activities a ON a.id = tp.activity_id WHERE tp.enrolment_id IS NULL)
  SELECT r.enrolment_id, r.activity_id, r.person_id, r.school_urn, r.year_code, r.hub_id, n.year_code, n.strand,
         r.took_part, r.active,
         'post_16' = ANY(n.phases) AND NOT 'primary' = ANY(n.phases),
         array_position(ARRAY['readiness','development','embedding','sustaining'], n.completes_tfm_stage),
         public.mastering_number_programme(n.title, n.strand),
         coalesce(n.strand = 'research-and-innovation', false)
  FROM rows r LEFT JOIN public.ncps n ON n.id = r.ncp_id
$$;
--> statement-breakpoint
-- Recomputes the rows of some activities. Writers of the same activity take turns (an advisory lock
-- held to the end of the transaction, taken in order of id); each statement below reads the latest
-- committed rows (read committed), so the second writer recomputes with the first one's change.
CREATE FUNCTION reporting_refresh_activities(ids int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(2046, u.id) FROM (SELECT DISTINCT x AS id FROM unnest(ids) x ORDER BY 1) u;
  DELETE FROM public.reporting_participation WHERE activity_id = ANY(ids);
  INSERT INTO public.reporting_participation SELECT * FROM public.reporting_participation_of(ids);
END $$;
--> statement-breakpoint
-- The counts by school and year, and by programme participant: what a statement inserted added, what
-- it deleted taken away, in order of key (so two writers lock shared rows in the same order).
CREATE FUNCTION reporting_participation_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public.reporting_school_years AS c (year_code, urn, took_part, post_16, tfm_1, tfm_2, tfm_3, tfm_4,
      mastering_number_ks2, mastering_number_reception_ks1, riwg)
    SELECT d.year_code, d.school_urn, count(*), count(*) FILTER (WHERE d.post_16),
           count(*) FILTER (WHERE d.tfm_rank = 1), count(*) FILTER (WHERE d.tfm_rank = 2),
           count(*) FILTER (WHERE d.tfm_rank = 3), count(*) FILTER (WHERE d.tfm_rank = 4),
           count(*) FILTER (WHERE d.mastering_number = 'ks2'),
           count(*) FILTER (WHERE d.mastering_number = 'reception_ks1'), count(*) FILTER (WHERE d.riwg)
    FROM n d WHERE d.took_part AND d.school_urn IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (year_code, urn) DO UPDATE SET took_part = c.took_part + excluded.took_part,
      post_16 = c.post_16 + excluded.post_16, tfm_1 = c.tfm_1 + excluded.tfm_1, tfm_2 = c.tfm_2 + excluded.tfm_2,
      tfm_3 = c.tfm_3 + excluded.tfm_3, tfm_4 = c.tfm_4 + excluded.tfm_4,
      mastering_number_ks2 = c.mastering_number_ks2 + excluded.mastering_number_ks2,
      mastering_number_reception_ks1 = c.mastering_number_reception_ks1 + excluded.mastering_number_reception_ks1,
      riwg = c.riwg + excluded.riwg;
  INSERT INTO public.reporting_programme_people AS c (year_code, ncp_year_code, strand, person_id, hub_id, active, took_part)
    SELECT d.year_code, d.ncp_year_code, d.strand, d.person_id, d.hub_id,
           count(*) FILTER (WHERE d.active), count(*) FILTER (WHERE d.took_part)
    FROM n d
    WHERE d.person_id IS NOT NULL AND d.strand IS NOT NULL AND d.ncp_year_code IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (year_code, ncp_year_code, strand, person_id, hub_id) DO UPDATE
      SET active = c.active + excluded.active, took_part = c.took_part + excluded.took_part;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION reporting_participation_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public.reporting_school_years AS c (year_code, urn, took_part, post_16, tfm_1, tfm_2, tfm_3, tfm_4,
      mastering_number_ks2, mastering_number_reception_ks1, riwg)
    SELECT d.year_code, d.school_urn, -count(*), -count(*) FILTER (WHERE d.post_16),
           -count(*) FILTER (WHERE d.tfm_rank = 1), -count(*) FILTER (WHERE d.tfm_rank = 2),
           -count(*) FILTER (WHERE d.tfm_rank = 3), -count(*) FILTER (WHERE d.tfm_rank = 4),
           -count(*) FILTER (WHERE d.mastering_number = 'ks2'),
           -count(*) FILTER (WHERE d.mastering_number = 'reception_ks1'), -count(*) FILTER (WHERE d.riwg)
    FROM o d WHERE d.took_part AND d.school_urn IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (year_code, urn) DO UPDATE SET took_part = c.took_part + excluded.took_part,
      post_16 = c.post_16 + excluded.post_16, tfm_1 = c.tfm_1 + excluded.tfm_1, tfm_2 = c.tfm_2 + excluded.tfm_2,
      tfm_3 = c.tfm_3 + excluded.tfm_3, tfm_4 = c.tfm_4 + excluded.tfm_4,
      mastering_number_ks2 = c.mastering_number_ks2 + excluded.mastering_number_ks2,
      mastering_number_reception_ks1 = c.mastering_number_reception_ks1 + excluded.mastering_number_reception_ks1,
      riwg = c.riwg + excluded.riwg;
  INSERT INTO public.reporting_programme_people AS c (year_code, ncp_year_code, strand, person_id, hub_id, active, took_part)
    SELECT d.year_code, d.ncp_year_code, d.strand, d.person_id, d.hub_id,
           -count(*) FILTER (WHERE d.active), -count(*) FILTER (WHERE d.took_part)
    FROM o d
    WHERE d.person_id IS NOT NULL AND d.strand IS NOT NULL AND d.ncp_year_code IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (year_code, ncp_year_code, strand, person_id, hub_id) DO UPDATE
      SET active = c.active + excluded.active, took_part = c.took_part + excluded.took_part;
  -- Counts down to nothing are removed (a merged person's, a school's no longer taking part that year).
  DELETE FROM public.reporting_school_years c
    USING (SELECT DISTINCT year_code, school_urn FROM o WHERE took_part AND school_urn IS NOT NULL) k
    WHERE c.year_code = k.year_code AND c.urn = k.school_urn AND c.took_part = 0;
  DELETE FROM public.reporting_programme_people c
    USING (SELECT DISTINCT year_code, ncp_year_code, strand, person_id, hub_id FROM o
           WHERE person_id IS NOT NULL AND strand IS NOT NULL AND ncp_year_code IS NOT NULL) k
    WHERE c.year_code = k.year_code AND c.ncp_year_code = k.ncp_year_code AND c.strand = k.strand
      AND c.person_id = k.person_id AND c.hub_id = k.hub_id AND c.active = 0 AND c.took_part = 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER reporting_participation_insert AFTER INSERT ON reporting_participation
  REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION reporting_participation_inserted();
--> statement-breakpoint
CREATE TRIGGER reporting_participation_delete AFTER DELETE ON reporting_participation
  REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION reporting_participation_deleted();
--> statement-breakpoint
-- Every row again, a thousand activities at a time (the same statements as a write's): on upgrade,
-- after a bulk load with triggers off, and after a TRUNCATE of a table they read. A bulk load in one
-- transaction (the demonstration data) may instead `SET LOCAL mathshubs.defer_reporting = on`, which
-- the triggers of the records below obey, and call this before it commits.
CREATE FUNCTION reporting_fill() RETURNS void LANGUAGE plpgsql AS $$
DECLARE batch int[];
BEGIN
  FOR batch IN SELECT array_agg(id ORDER BY id) FROM public.hub_activities GROUP BY id / 1000 ORDER BY id / 1000 LOOP
    INSERT INTO public.reporting_participation SELECT * FROM public.reporting_participation_of(batch);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE FUNCTION reporting_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(2046, 0);
  -- Emptied without their triggers (a TRUNCATE fires no DELETE trigger): the counts go with them.
  TRUNCATE public.reporting_participation, public.reporting_school_years, public.reporting_programme_people;
  PERFORM public.reporting_fill();
  -- Statistics at once: without them the reports' plans took seconds (the hub dashboard 2.8 s against
  -- 0.3 s) until autovacuum came round after a first start.
  ANALYZE public.reporting_participation, public.reporting_school_years, public.reporting_programme_people;
END $$;
--> statement-breakpoint
-- After a TRUNCATE, which may have named these tables too (so they cannot be truncated again in it).
CREATE FUNCTION reporting_rebuild_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('mathshubs.defer_reporting', true) = 'on' THEN RETURN NULL; END IF;
  PERFORM pg_advisory_xact_lock(2046, 0);
  DELETE FROM public.reporting_participation;
  DELETE FROM public.reporting_school_years;
  DELETE FROM public.reporting_programme_people;
  PERFORM public.reporting_fill();
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Attendance: only a change to whether someone was present can change taking part.
CREATE FUNCTION reporting_marks_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('mathshubs.defer_reporting', true) = 'on' THEN RETURN NULL; END IF;
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
  IF current_setting('mathshubs.defer_reporting', true) = 'on' THEN RETURN NULL; END IF;
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
  IF current_setting('mathshubs.defer_reporting', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    RETURN NULL; -- a new session has no marks yet
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
  IF current_setting('mathshubs.defer_reporting', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    RETURN NULL; -- a new activity has no enrolments or completions yet
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM public.reporting_refresh_activities(ARRAY(SELECT DISTINCT id FROM o));
  ELSE
    PERFORM public.reporting_refresh_activities(ARRAY(
      SELECT n.id FROM n JOIN o ON o.id = n.id
      WHERE n.year_code IS DISTINCT FROM o.year_code OR n.hub_id IS DISTINCT FROM o.hub_id
        OR n.ncp_id IS DISTINCT FROM o.ncp_id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION reporting_activity_schools_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('mathshubs.defer_reporting', true) = 'on' THEN RETURN NULL; END IF;
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
-- An NCP's flags (phases, Teaching for Mastery stage, title and strand for Mastering Number and RIWGs,
-- its year): its activities' rows again.
CREATE FUNCTION reporting_ncps_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('mathshubs.defer_reporting', true) = 'on' THEN RETURN NULL; END IF;
  PERFORM public.reporting_refresh_activities(ARRAY(
    SELECT a.id FROM public.hub_activities a WHERE a.ncp_id IN (
      SELECT n.id FROM n JOIN o ON o.id = n.id
      WHERE n.title IS DISTINCT FROM o.title OR n.strand IS DISTINCT FROM o.strand
         OR n.phases IS DISTINCT FROM o.phases OR n.completes_tfm_stage IS DISTINCT FROM o.completes_tfm_stage
         OR n.year_code IS DISTINCT FROM o.year_code)));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER ncps_reporting_update AFTER UPDATE ON ncps
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION reporting_ncps_changed();
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
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_rebuild_after_truncate();
--> statement-breakpoint
CREATE TRIGGER enrolments_reporting_truncate AFTER TRUNCATE ON enrolments
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_rebuild_after_truncate();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_reporting_truncate AFTER TRUNCATE ON activity_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_rebuild_after_truncate();
--> statement-breakpoint
CREATE TRIGGER hub_activities_reporting_truncate AFTER TRUNCATE ON hub_activities
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_rebuild_after_truncate();
--> statement-breakpoint
CREATE TRIGGER activity_schools_reporting_truncate AFTER TRUNCATE ON activity_schools
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_rebuild_after_truncate();
--> statement-breakpoint
-- The rows of the records already held (once, on upgrade).
SELECT reporting_rebuild();
