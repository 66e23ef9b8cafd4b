import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { takingPartSql } from '../journeys/engaged-schools.ts';
import { masteringNumberProgrammeSql } from '../journeys/mastering-number.ts';
import { developmentProgrammeStrands, sktmProgrammeStrands } from './figure-definitions.ts';

const VIEW = 'reporting_present_enrolments';
const SCHOOL_YEARS = 'reporting_school_years';
const PROGRAMME_PEOPLE = 'reporting_programme_people';

/** True when all three views exist and have been filled (a view made WITH NO DATA cannot be read). */
const viewsReady = sql`(SELECT count(*) = 3 FROM pg_class c
  WHERE c.relkind = 'm' AND c.relispopulated AND c.relname IN (${VIEW}, ${SCHOOL_YEARS}, ${PROGRAMME_PEOPLE}))`;

/** The strands of the programmes whose participants the report counts (SKTM, LLME development). */
const programmeStrands = Object.values({ ...sktmProgrammeStrands, ...developmentProgrammeStrands })
  .flat()
  // A view's SQL cannot take parameters, so the strands are written into it (letters, digits and hyphens only).
  .map((strand) => {
    if (!/^[a-z0-9-]+$/.test(strand)) throw new Error(`A strand cannot be written into a view: ${strand}`);
    return strand;
  });

/**
 * One row per year, NCP year, strand, person (as enrolled: a merge is followed when the reports read
 * it, so merging people needs no refresh) and hub of the activity, for the strands of the programmes
 * whose participants the report counts: `active` when an enrolment was not withdrawn or deferred,
 * `took_part` when one took part (present at a session or completed: the one definition, `taking_part()`).
 * Built from the view of those taking part, so it is refreshed after it.
 */
const programmePeopleSql = sql`
  SELECT a.year_code, n.year_code AS ncp_year_code, n.strand, e.person_id, a.hub_id,
         bool_or(e.status NOT IN ('withdrawn', 'deferred')) AS active,
         bool_or(p.enrolment_id IS NOT NULL) AS took_part
  FROM ncps n JOIN hub_activities a ON a.ncp_id = n.id JOIN enrolments e ON e.activity_id = a.id
  LEFT JOIN ${sql.identifier(VIEW)} p ON p.enrolment_id = e.id
  WHERE n.strand IN (${sql.raw(programmeStrands.map((strand) => `'${strand}'`).join(', '))})
  GROUP BY 1, 2, 3, 4, 5`;

/**
 * One row per year and school (the URN as recorded on the enrolment or activity, not yet the current
 * school: the reports follow academy conversions when they read it, so a change of `school_links`
 * needs no refresh) with what the school did that year, each flag the input of one figure
 * (docs/definitions.md):
 * - `engaged`: it took part in an activity of the year (`taking_part()`: its completion recorded, or
 *   someone enrolled with it present or completed);
 * - `post_16`: it took part in post-16 work (an activity of an NCP for post-16 and not primary);
 * - `tfm`, `tfm_rank`: it took part in a Teaching for Mastery activity, and the highest stage (1 to 4);
 * - `mastering_number_ks2`, `mastering_number_reception_ks1`: it took part in Mastering Number;
 * - `riwg`: it took part in a Research and Innovation Work Group;
 * - `targeted`: it had a Targeted Support partnership that year (a referral accepted for Intensive support,
 *   whatever its phase; a referral alone never counts), or, for records made before partnerships, it was
 *   in a Targeted Support activity that holds no partnership (not withdrawn or deferred, not cancelled).
 * "Took part" is the one definition (`taking_part()`, docs/definitions.md "Taking part"). Built from the
 * view of those taking part, so it is refreshed after it.
 */
const schoolYearsSql = sql`
  WITH activities AS (
    SELECT a.id, a.year_code, a.kind, a.status, n.completes_tfm_stage, n.title AS ncp_title, n.strand,
           n.type AS ncp_type, n.phases
    FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id),
  took_part AS (
    SELECT DISTINCT p.activity_id, p.school_urn AS urn FROM ${sql.identifier(VIEW)} p WHERE p.school_urn IS NOT NULL),
  facts AS (
    SELECT p.year_code, p.school_urn AS urn, true AS engaged,
           'post_16' = ANY(a.phases) AND NOT 'primary' = ANY(a.phases) AS post_16,
           false AS tfm, NULL::int AS tfm_rank, NULL::text AS mastering_number, false AS riwg, false AS targeted
    FROM ${sql.identifier(VIEW)} p LEFT JOIN activities a ON a.id = p.activity_id
    WHERE p.school_urn IS NOT NULL
    UNION ALL
    SELECT a.year_code, t.urn, false, false, a.completes_tfm_stage IS NOT NULL,
           array_position(ARRAY['readiness','development','embedding','sustaining'], a.completes_tfm_stage),
           ${masteringNumberProgrammeSql(sql`a.ncp_title`, sql`a.strand`)}, a.strand = 'research-and-innovation', false
    FROM took_part t JOIN activities a ON a.id = t.activity_id
    UNION ALL
    SELECT a.year_code, x.school_urn, false, false, false, NULL, NULL, false, true
    FROM activity_schools x JOIN activities a ON a.id = x.activity_id
    WHERE x.school_urn IS NOT NULL AND x.status NOT IN ('withdrawn', 'deferred') AND a.status <> 'cancelled'
      AND (a.ncp_type = 'intensive_support' OR a.kind = 'targeted_support')
      AND NOT EXISTS (SELECT 1 FROM ts_partnerships tp WHERE tp.activity_id = a.id)
    UNION ALL
    SELECT tp.year_code, tp.school_urn, false, false, false, NULL, NULL, false, true FROM ts_partnerships tp)
  SELECT year_code, urn, bool_or(engaged) AS engaged, coalesce(bool_or(post_16), false) AS post_16,
         bool_or(tfm) AS tfm, max(tfm_rank) FILTER (WHERE tfm) AS tfm_rank,
         coalesce(bool_or(mastering_number = 'ks2'), false) AS mastering_number_ks2,
         coalesce(bool_or(mastering_number = 'reception_ks1'), false) AS mastering_number_reception_ks1,
         coalesce(bool_or(riwg), false) AS riwg, bool_or(targeted) AS targeted
  FROM facts GROUP BY year_code, urn`;

/**
 * Taking part in every year, as a materialised view: the rows of `taking_part()` (`takingPartSql` of the
 * journeys module, the one definition: enrolments present at a session of their own activity or
 * completed, and schools' recorded completions). Reports read it instead of the attendance table, so that a national
 * report reads about a tenth of the rows. It is made from that SQL on first use, and refreshed before
 * a report whenever a statement has changed marks, enrolments, sessions or activities since the last
 * refresh (triggers of the `reporting-sql` migrations mark it stale). The views built from it (one row
 * per school and year; programme participants) are refreshed with it, in the same transaction.
 *
 * Two reports never refresh at once (an advisory lock). The refresh is two transactions: a short one
 * makes any missing view and marks them fresh, then another refreshes them. So the row of
 * `reporting_refreshes` is never held while the views are refreshed (seconds on a national dataset): a
 * change committed meanwhile marks them stale again at once, without waiting (its statement trigger
 * updates that row), and the next report refreshes them again.
 */
export async function ensurePresentEnrolments(db: Executor): Promise<void> {
  const fresh = await db.execute<{ stale: boolean; ready: boolean }>(
    sql`SELECT stale, ${viewsReady} AS ready FROM reporting_refreshes WHERE name = ${VIEW}`,
  );
  if (fresh.rows[0] && !fresh.rows[0].stale && fresh.rows[0].ready) return;
  const mustRefresh = await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${VIEW}))`);
    const exists = await tx.execute<{ ok: boolean; school_years: boolean; programme_people: boolean }>(
      sql`SELECT to_regclass(${VIEW}) IS NOT NULL AS ok, to_regclass(${SCHOOL_YEARS}) IS NOT NULL AS school_years,
        to_regclass(${PROGRAMME_PEOPLE}) IS NOT NULL AS programme_people`,
    );
    if (!exists.rows[0]!.ok) {
      await tx.execute(sql`CREATE MATERIALIZED VIEW ${sql.identifier(VIEW)} AS
        ${takingPartSql({})} WITH NO DATA`);
      await tx.execute(
        sql`CREATE UNIQUE INDEX ${sql.identifier(`${VIEW}_uq`)} ON ${sql.identifier(VIEW)} (enrolment_id)`,
      );
      await tx.execute(
        sql`CREATE INDEX ${sql.identifier(`${VIEW}_year_idx`)} ON ${sql.identifier(VIEW)} (year_code)`,
      );
    }
    if (!exists.rows[0]!.school_years) {
      await tx.execute(
        sql`CREATE MATERIALIZED VIEW ${sql.identifier(SCHOOL_YEARS)} AS ${schoolYearsSql} WITH NO DATA`,
      );
      await tx.execute(
        sql`CREATE UNIQUE INDEX ${sql.identifier(`${SCHOOL_YEARS}_uq`)} ON ${sql.identifier(SCHOOL_YEARS)} (year_code, urn)`,
      );
    }
    if (!exists.rows[0]!.programme_people) {
      await tx.execute(
        sql`CREATE MATERIALIZED VIEW ${sql.identifier(PROGRAMME_PEOPLE)} AS ${programmePeopleSql} WITH NO DATA`,
      );
    }
    await tx.execute(
      sql`INSERT INTO reporting_refreshes (name) VALUES (${VIEW}) ON CONFLICT (name) DO NOTHING`,
    );
    const state = await tx.execute<{ stale: boolean; ready: boolean }>(
      sql`SELECT stale, ${viewsReady} AS ready FROM reporting_refreshes WHERE name = ${VIEW} FOR UPDATE`,
    );
    if (state.rows[0]!.ready && !state.rows[0]!.stale) return false;
    await tx.execute(
      sql`UPDATE reporting_refreshes SET stale = false, refreshed_at = now() WHERE name = ${VIEW}`,
    );
    return true;
  });
  if (!mustRefresh) return;
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL jit = off`);
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${VIEW}))`);
      await tx.execute(sql`REFRESH MATERIALIZED VIEW ${sql.identifier(VIEW)}`);
      await tx.execute(sql`ANALYZE ${sql.identifier(VIEW)}`);
      await tx.execute(sql`REFRESH MATERIALIZED VIEW ${sql.identifier(SCHOOL_YEARS)}`);
      await tx.execute(sql`ANALYZE ${sql.identifier(SCHOOL_YEARS)}`);
      await tx.execute(sql`REFRESH MATERIALIZED VIEW ${sql.identifier(PROGRAMME_PEOPLE)}`);
      await tx.execute(sql`ANALYZE ${sql.identifier(PROGRAMME_PEOPLE)}`);
    });
  } catch (error) {
    // Not refreshed after all: the next report tries again.
    await db.execute(sql`UPDATE reporting_refreshes SET stale = true WHERE name = ${VIEW}`);
    throw error;
  }
}

/** The view's rows of some years, as a subquery (after `ensurePresentEnrolments`). */
export const presentEnrolmentsOf = (fromYear: string, toYear: string) =>
  sql`(SELECT * FROM ${sql.identifier(VIEW)} WHERE year_code BETWEEN ${fromYear} AND ${toYear})`;

/** The school-year view's rows of some years, as a subquery (after `ensurePresentEnrolments`). */
export const schoolYearsOf = (fromYear: string, toYear: string) =>
  sql`(SELECT * FROM ${sql.identifier(SCHOOL_YEARS)} WHERE year_code BETWEEN ${fromYear} AND ${toYear})`;

/** The programme-people view's rows up to an NCP year, as a subquery (after `ensurePresentEnrolments`). */
export const programmePeopleTo = (toYear: string) =>
  sql`(SELECT * FROM ${sql.identifier(PROGRAMME_PEOPLE)} WHERE ncp_year_code <= ${toYear})`;
