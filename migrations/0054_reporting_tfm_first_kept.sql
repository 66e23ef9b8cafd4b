-- Each school's first year in a Teaching for Mastery Work Group, by current URN (through academy
-- conversions: the earliest year of any school of its succession), counting years from 2015/16 (when
-- Teaching for Mastery began with schools: TFM_FIRST_YEAR in src/modules/reporting/figure-definitions.ts).
-- The report's cumulative figure counts these, by the current school's hub, instead of gathering every
-- school's rows of every year since 2015/16 on each request (about 20 ms of each school statement on the
-- demonstration data). Kept by the writes to the counts by school and year and to the successions;
-- docs/adr/0011 says how.
CREATE TABLE "reporting_tfm_first" (
  "urn" integer PRIMARY KEY NOT NULL,
  "first_year" text NOT NULL
);
--> statement-breakpoint
-- Every row again (about 20 ms on the demonstration data): after a change to the successions, on a
-- rebuild, and when a statement changed the first year of many schools at once. Exclusive against the
-- per-school upkeep below, which holds the same lock shared.
CREATE FUNCTION reporting_tfm_first_fill() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(2047, 0);
  DELETE FROM public.reporting_tfm_first;
  INSERT INTO public.reporting_tfm_first (urn, first_year)
  SELECT coalesce(sc.current_urn, v.urn), min(v.year_code)
  FROM public.reporting_school_years v LEFT JOIN public.school_successions sc ON sc.urn = v.urn
  WHERE v.year_code >= '2015/16' AND v.tfm_1 + v.tfm_2 + v.tfm_3 + v.tfm_4 > 0
  GROUP BY 1;
END $$;
--> statement-breakpoint
-- The first year of some current URNs worked out again from their succession's rows. One writer per
-- school at a time, locked in order of URN: a second waits for the first to commit, then reads its rows.
CREATE FUNCTION reporting_tfm_first_of(urns int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(2047, 0);
  PERFORM pg_advisory_xact_lock(2047, u) FROM (SELECT DISTINCT x AS u FROM unnest(urns) x ORDER BY 1) l;
  DELETE FROM public.reporting_tfm_first WHERE urn = ANY(urns);
  INSERT INTO public.reporting_tfm_first (urn, first_year)
  SELECT coalesce(sc.current_urn, v.urn), min(v.year_code)
  FROM public.reporting_school_years v LEFT JOIN public.school_successions sc ON sc.urn = v.urn
  WHERE v.year_code >= '2015/16' AND v.tfm_1 + v.tfm_2 + v.tfm_3 + v.tfm_4 > 0
    AND v.urn IN (SELECT x FROM unnest(urns) x
                  UNION SELECT s.urn FROM public.school_successions s WHERE s.current_urn = ANY(urns))
    AND coalesce(sc.current_urn, v.urn) = ANY(urns)
  GROUP BY 1;
END $$;
--> statement-breakpoint
-- After each statement on the counts by school and year: the current URNs of the rows whose Teaching
-- for Mastery count went from nothing to something or back (a row added or removed with one, or a
-- count changed across zero). Obeys `mathshubs.defer_reporting` (a bulk load rebuilds at its end).
CREATE FUNCTION reporting_tfm_first_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE urns int[];
BEGIN
  IF current_setting('mathshubs.defer_reporting', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.urn) INTO urns FROM n
    WHERE n.year_code >= '2015/16' AND n.tfm_1 + n.tfm_2 + n.tfm_3 + n.tfm_4 > 0;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.urn) INTO urns FROM o
    WHERE o.year_code >= '2015/16' AND o.tfm_1 + o.tfm_2 + o.tfm_3 + o.tfm_4 > 0;
  ELSE
    SELECT array_agg(DISTINCT n.urn) INTO urns FROM o JOIN n ON n.year_code = o.year_code AND n.urn = o.urn
    WHERE n.year_code >= '2015/16'
      AND (o.tfm_1 + o.tfm_2 + o.tfm_3 + o.tfm_4 > 0) <> (n.tfm_1 + n.tfm_2 + n.tfm_3 + n.tfm_4 > 0);
  END IF;
  IF urns IS NULL THEN RETURN NULL; END IF;
  IF cardinality(urns) > 1000 THEN
    -- A bulk change (a rebuild's fill): every row again, rather than a lock per school.
    PERFORM public.reporting_tfm_first_fill();
  ELSE
    PERFORM public.reporting_tfm_first_of(ARRAY(
      SELECT DISTINCT coalesce(sc.current_urn, x) FROM unnest(urns) x
      LEFT JOIN public.school_successions sc ON sc.urn = x));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER reporting_school_years_tfm_first_insert AFTER INSERT ON reporting_school_years
  REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION reporting_tfm_first_changed();
--> statement-breakpoint
CREATE TRIGGER reporting_school_years_tfm_first_update AFTER UPDATE ON reporting_school_years
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION reporting_tfm_first_changed();
--> statement-breakpoint
CREATE TRIGGER reporting_school_years_tfm_first_delete AFTER DELETE ON reporting_school_years
  REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION reporting_tfm_first_changed();
--> statement-breakpoint
-- A change to the successions moves schools' rows to another current URN, and a TRUNCATE of the
-- counts fires no DELETE trigger: every row again. Deferred like the population: a register import
-- fills it once before it commits, if a statement changed the successions.
CREATE FUNCTION reporting_tfm_first_whole_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('mathshubs.defer_reporting', true) = 'on' THEN RETURN NULL; END IF;
  IF current_setting('mathshubs.defer_population', true) = 'on' THEN
    -- Noted for the transaction, which fills it once before it commits if a statement changed them.
    PERFORM set_config('mathshubs.tfm_first_stale', 'on', true);
    RETURN NULL;
  END IF;
  PERFORM public.reporting_tfm_first_fill();
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER school_successions_tfm_first AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON school_successions
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_tfm_first_whole_changed();
--> statement-breakpoint
CREATE TRIGGER reporting_school_years_tfm_first_truncate AFTER TRUNCATE ON reporting_school_years
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_tfm_first_whole_changed();
--> statement-breakpoint
-- The rebuild (after a bulk load with the triggers deferred, and on a TRUNCATE) fills it too.
CREATE OR REPLACE FUNCTION reporting_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(2046, 0);
  -- Emptied without their triggers (a TRUNCATE fires no DELETE trigger): the counts go with them.
  TRUNCATE public.reporting_participation, public.reporting_school_years, public.reporting_programme_people;
  PERFORM public.reporting_fill();
  PERFORM public.reporting_population_fill();
  PERFORM public.reporting_tfm_first_fill();
  -- Statistics at once: without them the reports' plans took seconds (the hub dashboard 2.8 s against
  -- 0.3 s) until autovacuum came round after a first start.
  ANALYZE public.reporting_participation, public.reporting_school_years, public.reporting_programme_people,
    public.reporting_population, public.reporting_succession_population, public.reporting_tfm_first;
END $$;
--> statement-breakpoint
SELECT reporting_tfm_first_fill();
--> statement-breakpoint
ANALYZE reporting_tfm_first;
