import { sql } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { visitYearGroups } from './visit-form.ts';

/**
 * The coverage of an activity's schools across year groups (seed 004: "fair and targeted coverage of
 * support across year groups"): for each of its schools, how many visits saw each year group. The
 * columns are the year groups of the NCP's phases (primary: Reception to Year 6; secondary: Year 7 to
 * Year 11; post-16: Years 12 and 13; cross-phase and special: all), and any other year group a visit
 * saw. Every school of the activity has a row, visited or not, so the gaps show.
 */
export interface CoverageRow {
  urn: number;
  name: string;
  visits: number;
  /** Visits that saw each year group (a column's year group), 0 where none did. */
  counts: number[];
  notSeen: string[];
}
export interface Coverage {
  yearGroups: string[];
  rows: CoverageRow[];
  /** Per year group, how many of the schools were seen in it. */
  schoolsSeen: number[];
  visits: number;
}

const phaseYearGroups: Record<string, readonly string[]> = {
  primary: visitYearGroups.slice(0, 7),
  secondary: visitYearGroups.slice(7, 12),
  post_16: visitYearGroups.slice(12),
};

/** The year groups an NCP's phases cover. */
export function yearGroupsOfPhases(phases: readonly string[]): string[] {
  const wanted = new Set<string>();
  for (const phase of phases) for (const g of phaseYearGroups[phase] ?? visitYearGroups) wanted.add(g);
  return visitYearGroups.filter((g) => wanted.has(g));
}

export async function visitCoverage(db: Executor, q: { activityId: number }): Promise<Coverage> {
  const [phases, schoolRows, counts] = await readsAtOnce(db, [
    () =>
      db.execute<{ phases: string[] }>(sql`
      SELECT n.phases FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id WHERE a.id = ${q.activityId}`),
    () =>
      db.execute<{ urn: number; name: string; visits: number }>(sql`
      WITH urns AS (
        SELECT school_urn FROM activity_schools WHERE activity_id = ${q.activityId}
        UNION SELECT school_urn FROM school_visits WHERE activity_id = ${q.activityId})
      SELECT u.school_urn AS urn, coalesce(s.name, 'URN ' || u.school_urn) AS name,
        (SELECT count(*) FROM school_visits v WHERE v.activity_id = ${q.activityId} AND v.school_urn = u.school_urn)::int AS visits
      FROM urns u LEFT JOIN schools s ON s.urn = u.school_urn ORDER BY 2, 1`),
    () =>
      db.execute<{ urn: number; year_group: string; visits: number }>(sql`
      SELECT v.school_urn AS urn, g AS year_group, count(*)::int AS visits
      FROM school_visits v, unnest(v.year_groups) AS g WHERE v.activity_id = ${q.activityId} GROUP BY 1, 2`),
  ]);
  const seen = new Set(counts.rows.map((c) => c.year_group));
  const columns = new Set([...yearGroupsOfPhases(phases.rows[0]?.phases ?? []), ...seen]);
  const yearGroups = visitYearGroups.filter((g) => columns.has(g));
  const countOf = new Map(counts.rows.map((c) => [`${c.urn}|${c.year_group}`, Number(c.visits)]));
  const rows = schoolRows.rows.map((s) => {
    const cells = yearGroups.map((g) => countOf.get(`${s.urn}|${g}`) ?? 0);
    return {
      urn: Number(s.urn),
      name: s.name,
      visits: Number(s.visits),
      counts: cells,
      notSeen: yearGroups.filter((_, i) => cells[i] === 0),
    };
  });
  return {
    yearGroups,
    rows,
    schoolsSeen: yearGroups.map((_, i) => rows.filter((r) => r.counts[i]! > 0).length),
    visits: rows.reduce((n, r) => n + r.visits, 0),
  };
}
