import { sql } from 'drizzle-orm';
import { masteringNumberProgrammeSql } from '../journeys/mastering-number.ts';
import { developmentProgrammeStrands, sktmProgrammeStrands } from './figure-definitions.ts';

/** The rows of `taking_part()`, kept up to date by the writes (migration 0046). */
const TAKING_PART = 'reporting_taking_part';

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
 * The rows of `taking_part()` (`takingPartSql` of the journeys module, the one definition: enrolments
 * present at a session of their own activity or completed, and schools' recorded completions) for some
 * years, as a subquery. Reports read them from `reporting_taking_part`, a table that holds exactly those
 * rows and is kept up to date by the writes: triggers on attendance marks, enrolments, sessions,
 * activities and schools' completions recompute the rows of the activities a statement touched, in the
 * writer's transaction (migration 0046). So a national report reads about a tenth of the rows of the
 * attendance table, no request waits for a refresh, and reading a report writes nothing.
 */
export const presentEnrolmentsOf = (fromYear: string, toYear: string) =>
  sql`(SELECT * FROM ${sql.identifier(TAKING_PART)} WHERE year_code BETWEEN ${fromYear} AND ${toYear})`;

/**
 * One row per year, NCP year, strand, person (as enrolled: a merge is followed when the reports read
 * it) and hub of the activity, up to an NCP year, for the strands of the programmes whose participants
 * the report counts: `active` when an enrolment was not withdrawn or deferred, `took_part` when one took
 * part (present at a session or completed: the one definition, `taking_part()`), as a subquery.
 */
export const programmePeopleTo = (toYear: string) => sql`(
  SELECT a.year_code, n.year_code AS ncp_year_code, n.strand, e.person_id, a.hub_id,
         bool_or(e.status NOT IN ('withdrawn', 'deferred')) AS active,
         bool_or(p.enrolment_id IS NOT NULL) AS took_part
  FROM ncps n JOIN hub_activities a ON a.ncp_id = n.id JOIN enrolments e ON e.activity_id = a.id
  LEFT JOIN ${sql.identifier(TAKING_PART)} p ON p.enrolment_id = e.id
  WHERE n.strand = ANY(${programmeStrandList}::text[]) AND n.year_code <= ${toYear}
  GROUP BY 1, 2, 3, 4, 5)`;

/**
 * One row per year and school (the URN as recorded on the enrolment or activity, not yet the current
 * school: the reports follow academy conversions when they read it) with what the school did that year,
 * each flag the input of one figure (docs/definitions.md), for some years, as a subquery:
 * - `engaged`: it took part in an activity of the year (`taking_part()`: its completion recorded, or
 *   someone enrolled with it present or completed);
 * - `post_16`: it took part in post-16 work (an activity of an NCP for post-16 and not primary);
 * - `tfm`, `tfm_rank`: it took part in a Teaching for Mastery activity, and the highest stage (1 to 4);
 * - `mastering_number_ks2`, `mastering_number_reception_ks1`: it took part in Mastering Number;
 * - `riwg`: it took part in a Research and Innovation Work Group;
 * - `targeted`: it had a Targeted Support partnership that year (a referral accepted for Intensive support,
 *   whatever its phase; a referral alone never counts), or, for records made before partnerships, it was
 *   in a Targeted Support activity that holds no partnership (not withdrawn or deferred, not cancelled).
 * "Took part" is the one definition (`taking_part()`, docs/definitions.md "Taking part"), read from the
 * rows the writes keep (`presentEnrolmentsOf`); the rest from the activities' NCPs as they are now.
 */
export const schoolYearsOf = (fromYear: string, toYear: string) => sql`(
  WITH facts AS (
    SELECT DISTINCT p.activity_id, p.year_code, p.school_urn AS urn, true AS took_part, false AS targeted
    FROM ${presentEnrolmentsOf(fromYear, toYear)} p WHERE p.school_urn IS NOT NULL
    UNION ALL
    SELECT a.id, a.year_code, x.school_urn, false, true
    FROM activity_schools x JOIN hub_activities a ON a.id = x.activity_id JOIN ncps n ON n.id = a.ncp_id
    WHERE a.year_code BETWEEN ${fromYear} AND ${toYear}
      AND x.school_urn IS NOT NULL AND x.status NOT IN ('withdrawn', 'deferred') AND a.status <> 'cancelled'
      AND (n.type = 'intensive_support' OR a.kind = 'targeted_support')
      AND NOT EXISTS (SELECT 1 FROM ts_partnerships tp WHERE tp.activity_id = a.id)
    UNION ALL
    SELECT NULL, tp.year_code, tp.school_urn, false, true FROM ts_partnerships tp
    WHERE tp.year_code BETWEEN ${fromYear} AND ${toYear}),
  flagged AS (
    SELECT f.year_code, f.urn, f.took_part, f.targeted,
           f.took_part AND 'post_16' = ANY(n.phases) AND NOT 'primary' = ANY(n.phases) AS post_16,
           f.took_part AND n.completes_tfm_stage IS NOT NULL AS tfm,
           array_position(ARRAY['readiness','development','embedding','sustaining'], n.completes_tfm_stage) AS tfm_rank,
           CASE WHEN f.took_part THEN ${masteringNumberProgrammeSql(sql`n.title`, sql`n.strand`)} END AS mastering_number,
           f.took_part AND n.strand = 'research-and-innovation' AS riwg
    FROM facts f LEFT JOIN hub_activities a ON a.id = f.activity_id LEFT JOIN ncps n ON n.id = a.ncp_id)
  SELECT year_code, urn, bool_or(took_part) AS engaged, coalesce(bool_or(post_16), false) AS post_16,
         coalesce(bool_or(tfm), false) AS tfm, max(tfm_rank) FILTER (WHERE tfm) AS tfm_rank,
         coalesce(bool_or(mastering_number = 'ks2'), false) AS mastering_number_ks2,
         coalesce(bool_or(mastering_number = 'reception_ks1'), false) AS mastering_number_reception_ks1,
         coalesce(bool_or(riwg), false) AS riwg, bool_or(targeted) AS targeted
  FROM flagged GROUP BY year_code, urn)`;
