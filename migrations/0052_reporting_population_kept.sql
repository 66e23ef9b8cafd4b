-- The engagement figure's denominator kept by the register's writes: for each academic year, hub and
-- phase group, the state-funded schools open that year, counted once by current URN (a school in a
-- succession is in a year's population when any school of its succession was open and state-funded
-- that year; its hub and phase are its current school's). `hub_id` is the hub whose area holds the
-- school by the hub-for-school rule (a district's area row, else its local authority's), 0 for none.
-- The report, the hub dashboard and the hubs compared read these counts instead of working the
-- population out from every school of the register on each request (about 50 ms for one year and
-- 100 ms for the report's years on the demonstration data). docs/adr/0011 says how they are kept.
CREATE TABLE "reporting_population" (
  "year_code" text NOT NULL,
  "hub_id" integer NOT NULL,
  "phase" text NOT NULL,
  "schools" integer NOT NULL,
  CONSTRAINT "reporting_population_pk" PRIMARY KEY ("year_code", "hub_id", "phase")
);
--> statement-breakpoint
-- The years each current URN of a succession is in the population (any school of its succession open
-- and state-funded that year): whether an engaged school of a succession counts towards engagement.
-- No index: it is read a year or a range of years at a time (a scan of 44,541 rows on the
-- demonstration data takes a few milliseconds), and an index took half the time of filling it again.
CREATE TABLE "reporting_succession_population" (
  "year_code" text NOT NULL,
  "urn" integer NOT NULL
);
--> statement-breakpoint
-- Every row again from the register, the successions, the hubs' areas and the academic years (about
-- 200 ms on the demonstration's 29,233 schools, 3,189 successions and 14 years). One writer at a time:
-- a second waits for the first to commit, then its statements see the first's rows and replace them.
-- Sorting is off for it, as for the reports' statements: hashing the few thousand groups is quicker.
CREATE FUNCTION reporting_population_fill() RETURNS void LANGUAGE plpgsql
SET enable_sort = off SET enable_incremental_sort = off SET work_mem = '64MB' AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(2046, 1);
  DELETE FROM public.reporting_population;
  DELETE FROM public.reporting_succession_population;
  -- A current URN of a succession is in a year's population when any school of it was open and
  -- state-funded that year.
  INSERT INTO public.reporting_succession_population (year_code, urn)
  SELECT DISTINCT y.code, coalesce(sc.current_urn, s.urn)
  FROM public.academic_years y
  JOIN public.schools s ON s.is_state_funded
    AND (s.open_date IS NULL OR s.open_date <= y.ends_on)
    AND (s.is_open OR s.close_date >= y.starts_on)
  LEFT JOIN public.school_successions sc ON sc.urn = s.urn
  WHERE s.urn IN (SELECT urn FROM public.school_successions UNION SELECT current_urn FROM public.school_successions);
  INSERT INTO public.reporting_population (year_code, hub_id, phase, schools)
  WITH succession_urns AS MATERIALIZED (
    SELECT urn FROM public.school_successions UNION SELECT current_urn FROM public.school_successions)
  SELECT year_code, hub_id, phase, sum(schools)::int FROM (
    -- Schools outside a succession, counted first by what decides the years they are open.
    SELECT y.code AS year_code, g.hub_id, g.phase, sum(g.schools) AS schools
    FROM (
      SELECT coalesce(d.hub_id, l.hub_id, 0) AS hub_id,
             CASE s.phase WHEN 'primary' THEN 'primary' WHEN 'secondary' THEN 'secondary'
               WHEN 'post_16' THEN 'post_16' ELSE 'other' END AS phase,
             s.open_date, s.is_open, s.close_date, count(*) AS schools
      FROM public.schools s
      LEFT JOIN public.hub_areas d ON d.la_code = s.la_code AND d.district_code = s.district_code
      LEFT JOIN public.hub_areas l ON l.la_code = s.la_code AND l.district_code IS NULL
      WHERE s.is_state_funded AND s.urn NOT IN (SELECT urn FROM succession_urns)
      GROUP BY 1, 2, 3, 4, 5) g
    JOIN public.academic_years y ON (g.open_date IS NULL OR g.open_date <= y.ends_on)
      AND (g.is_open OR g.close_date >= y.starts_on)
    GROUP BY 1, 2, 3
    UNION ALL
    -- The successions' current schools, in their own hub and phase.
    SELECT sp.year_code, coalesce(d.hub_id, l.hub_id, 0),
           CASE s.phase WHEN 'primary' THEN 'primary' WHEN 'secondary' THEN 'secondary'
             WHEN 'post_16' THEN 'post_16' ELSE 'other' END,
           count(*)
    FROM public.reporting_succession_population sp
    JOIN public.schools s ON s.urn = sp.urn
    LEFT JOIN public.hub_areas d ON d.la_code = s.la_code AND d.district_code = s.district_code
    LEFT JOIN public.hub_areas l ON l.la_code = s.la_code AND l.district_code IS NULL
    WHERE s.is_state_funded
    GROUP BY 1, 2, 3) c
  GROUP BY year_code, hub_id, phase;
END $$;
--> statement-breakpoint
-- After each statement that changes what the counts come from. A bulk load in one transaction may
-- `SET LOCAL mathshubs.defer_reporting = on` (the demonstration data; `reporting_rebuild` fills these
-- too) or `mathshubs.defer_population = on` (a register import), and fill them once before it commits.
CREATE FUNCTION reporting_population_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('mathshubs.defer_reporting', true) = 'on'
     OR current_setting('mathshubs.defer_population', true) = 'on' THEN RETURN NULL; END IF;
  PERFORM public.reporting_population_fill();
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER schools_population AFTER INSERT OR DELETE OR TRUNCATE
  OR UPDATE OF is_state_funded, open_date, is_open, close_date, phase, la_code, district_code ON schools
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_population_changed();
--> statement-breakpoint
CREATE TRIGGER school_successions_population AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON school_successions
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_population_changed();
--> statement-breakpoint
CREATE TRIGGER hub_areas_population AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hub_areas
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_population_changed();
--> statement-breakpoint
CREATE TRIGGER academic_years_population AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON academic_years
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_population_changed();
--> statement-breakpoint
-- The rebuild (after a bulk load with the triggers deferred) fills these too.
CREATE OR REPLACE FUNCTION reporting_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(2046, 0);
  -- Emptied without their triggers (a TRUNCATE fires no DELETE trigger): the counts go with them.
  TRUNCATE public.reporting_participation, public.reporting_school_years, public.reporting_programme_people;
  PERFORM public.reporting_fill();
  PERFORM public.reporting_population_fill();
  -- Statistics at once: without them the reports' plans took seconds (the hub dashboard 2.8 s against
  -- 0.3 s) until autovacuum came round after a first start.
  ANALYZE public.reporting_participation, public.reporting_school_years, public.reporting_programme_people,
    public.reporting_population, public.reporting_succession_population;
END $$;
--> statement-breakpoint
SELECT reporting_population_fill();
--> statement-breakpoint
ANALYZE reporting_population, reporting_succession_population;
