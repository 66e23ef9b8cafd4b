import { sql } from 'drizzle-orm';
import { developmentProgrammeStrands, sktmProgrammeStrands } from './figure-definitions.ts';

/** The strands of the programmes whose participants the report counts (SKTM, LLME development). */
const programmeStrands = Object.values({ ...sktmProgrammeStrands, ...developmentProgrammeStrands })
  .flat()
  // Passed as one text[] literal, so letters, digits and hyphens only.
  .map((strand) => {
    if (!/^[a-z0-9-]+$/.test(strand)) throw new Error(`A strand cannot be passed in a list: ${strand}`);
    return strand;
  });
const programmeStrandList = `{${programmeStrands.join(',')}}`;

/**
 * What the reports count is kept up to date by the writes, so no report refreshes anything first and
 * reading one writes nothing (migration 0046, ADR 11): statement triggers on attendance marks,
 * enrolments, sessions, activities, activity schools and NCPs recompute, in the writer's transaction,
 * `reporting_participation` for the activities a statement touched (each enrolment: did it take part,
 * by `taking_part()`, the one definition; is it active; and each school's recorded completion, with the
 * flags of the activity's NCP), and triggers on those rows add to and take away from the counts read
 * below (by school and year; by programme participant).
 *
 * One row per year, NCP year, strand, person (as enrolled: a merge is followed when the reports read
 * it) and hub of the activity, up to an NCP year, for the strands of the programmes whose participants
 * the report counts: `active` when an enrolment was not withdrawn or deferred, `took_part` when one took
 * part (present at a session or completed), as a subquery.
 */
export const programmePeopleTo = (toYear: string) => sql`(
  SELECT year_code, ncp_year_code, strand, person_id, hub_id, active > 0 AS active, took_part > 0 AS took_part
  FROM reporting_programme_people
  WHERE strand = ANY(${programmeStrandList}::text[]) AND ncp_year_code <= ${toYear} AND (active > 0 OR took_part > 0))`;

/**
 * One row per year and school (the URN as recorded on the enrolment or activity, not yet the current
 * school: the reports follow academy conversions when they read it) with what the school did that year,
 * each flag the input of one figure (docs/definitions.md), for some years, as a subquery:
 * - `engaged`: it took part in an activity of the year (`taking_part()`: its completion recorded, or
 *   someone enrolled with it present or completed);
 * - `post_16`: it took part in post-16 work (an activity of an NCP for post-16 and not primary);
 * - `tfm`, `tfm_rank`: it took part in a Teaching for Mastery activity, and the highest stage (1 to 4);
 * - `mastering_number_ks2`, `mastering_number_reception_ks1`: it took part in Mastering Number
 *   (`mastering_number_programme()` of the NCP);
 * - `riwg`: it took part in a Research and Innovation Work Group;
 * - `targeted`: it had a Targeted Support partnership that year (a referral accepted for Intensive support,
 *   whatever its phase; a referral alone never counts), or, for records made before partnerships, it was
 *   in a Targeted Support activity that holds no partnership (not withdrawn or deferred, not cancelled).
 * The flags of taking part come from the kept counts (`reporting_participation_of()` in migration 0046
 * defines them from the NCP); Targeted Support is read from its few records as they are.
 */
export const schoolYearsOf = (fromYear: string, toYear: string) => sql`(
  WITH targeted AS (
    SELECT a.year_code, x.school_urn AS urn
    FROM activity_schools x JOIN hub_activities a ON a.id = x.activity_id JOIN ncps n ON n.id = a.ncp_id
    WHERE a.year_code BETWEEN ${fromYear} AND ${toYear}
      AND x.school_urn IS NOT NULL AND x.status NOT IN ('withdrawn', 'deferred') AND a.status <> 'cancelled'
      AND (n.type = 'intensive_support' OR a.kind = 'targeted_support')
      AND NOT EXISTS (SELECT 1 FROM ts_partnerships tp WHERE tp.activity_id = a.id)
    UNION
    SELECT tp.year_code, tp.school_urn FROM ts_partnerships tp WHERE tp.year_code BETWEEN ${fromYear} AND ${toYear}),
  counted AS (
    SELECT year_code, urn, true AS engaged, post_16 > 0 AS post_16, tfm_1 + tfm_2 + tfm_3 + tfm_4 > 0 AS tfm,
           CASE WHEN tfm_4 > 0 THEN 4 WHEN tfm_3 > 0 THEN 3 WHEN tfm_2 > 0 THEN 2 WHEN tfm_1 > 0 THEN 1 END AS tfm_rank,
           mastering_number_ks2 > 0 AS mastering_number_ks2,
           mastering_number_reception_ks1 > 0 AS mastering_number_reception_ks1, riwg > 0 AS riwg
    FROM reporting_school_years WHERE year_code BETWEEN ${fromYear} AND ${toYear} AND took_part > 0)
  SELECT coalesce(c.year_code, t.year_code) AS year_code, coalesce(c.urn, t.urn) AS urn,
         coalesce(c.engaged, false) AS engaged, coalesce(c.post_16, false) AS post_16, coalesce(c.tfm, false) AS tfm,
         c.tfm_rank, coalesce(c.mastering_number_ks2, false) AS mastering_number_ks2,
         coalesce(c.mastering_number_reception_ks1, false) AS mastering_number_reception_ks1,
         coalesce(c.riwg, false) AS riwg, t.urn IS NOT NULL AS targeted
  FROM counted c FULL JOIN targeted t ON t.year_code = c.year_code AND t.urn = c.urn)`;
