import { type SQL, sql } from 'drizzle-orm';

/** The programme's ambition: at least 50 active LLMEs in every hub (2,000 nationally; seed 001). */
export const ACTIVE_LLME_AMBITION = 50;

/** An assignment (alias `r`) held at some time in year (alias `y`, an `academic_years` row). */
const heldInYear = (r: string) =>
  sql.raw(
    `(${r}.starts_on IS NULL OR ${r}.starts_on <= y.ends_on) AND (${r}.ends_on IS NULL OR ${r}.ends_on >= y.starts_on)`,
  );

/**
 * DEFINITION: active LLMEs (docs/definitions.md, "Active LLMEs"), the one definition of the annual
 * report, the hub dashboard and the hub's LLME roster.
 *
 * An LLME of a hub (the `llme` role with that hub, held at some time in the year) is active in a year
 * when they lead hub activity in it: they are a lead (Work Group, Cohort or Community Lead:
 * `activity_leads`) of an activity of that hub and year that is not cancelled, or they hold a hub
 * leadership role (`hub_leadership`) in that hub at some time in the year. Holding the role alone is
 * not being active. Columns: year_code, hub_id, person_id (a merged duplicate as the person it was
 * merged into); one row per year, hub and person.
 */
export const activeLlmesSql = (q: { fromYear: string; toYear: string; hubId?: number }): SQL => sql`
  SELECT DISTINCT y.code AS year_code, r.hub_id, coalesce(p.merged_into_person_id, p.id) AS person_id
  FROM academic_years y
  JOIN role_assignments r ON r.role = 'llme' AND r.hub_id IS NOT NULL AND ${heldInYear('r')}
  JOIN people p ON p.id = r.person_id
  WHERE y.code BETWEEN ${q.fromYear} AND ${q.toYear}
    ${q.hubId === undefined ? sql`` : sql`AND r.hub_id = ${q.hubId}`}
    AND (EXISTS (
          SELECT 1 FROM activity_leads l JOIN hub_activities a ON a.id = l.activity_id
          WHERE l.person_id = r.person_id AND a.hub_id = r.hub_id AND a.year_code = y.code
            AND a.status <> 'cancelled')
      OR EXISTS (
          SELECT 1 FROM role_assignments h
          WHERE h.person_id = r.person_id AND h.role = 'hub_leadership' AND h.hub_id = r.hub_id
            AND ${heldInYear('h')}))`;

/** The Mastery Specialist accreditations (people/schema.ts `AccreditationKind`). */
export const MASTERY_SPECIALIST_KINDS = sql`ARRAY['mastery_specialist','secondary_mastery_specialist','post_16_mastery_specialist']`;

/**
 * DEFINITION: Mastery Specialists (docs/definitions.md), counted apart from active LLMEs: LLMEs (the
 * `llme` role with a hub at some time in the year: "all of whom are LLMEs", seed 001) with a recorded
 * Mastery Specialist accreditation (primary, secondary or post-16) awarded by the end of the year (or
 * undated), whether or not they led activity that year; per hub by the LLME role's hub. Columns:
 * year_code, hub_id, person_id (merged duplicates followed).
 */
export const masterySpecialistsSql = (q: { fromYear: string; toYear: string; hubId?: number }): SQL => sql`
  SELECT DISTINCT y.code AS year_code, r.hub_id, coalesce(p.merged_into_person_id, p.id) AS person_id
  FROM academic_years y
  JOIN accreditations c ON c.kind = ANY(${MASTERY_SPECIALIST_KINDS})
    AND (c.awarded_on IS NULL OR c.awarded_on <= y.ends_on)
  JOIN people p ON p.id = c.person_id
  JOIN role_assignments r ON r.person_id = c.person_id AND r.role = 'llme' AND r.hub_id IS NOT NULL
    AND ${heldInYear('r')}
  WHERE y.code BETWEEN ${q.fromYear} AND ${q.toYear}
    ${q.hubId === undefined ? sql`` : sql`AND r.hub_id = ${q.hubId}`}`;
