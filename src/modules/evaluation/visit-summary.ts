import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { visitYearGroups } from './visit-form.ts';

/**
 * What the records of visits say in brief, for the evaluation page of an activity or a hub (issue 15):
 * how many visits, to how many schools, which year groups they saw (in the order Reception, Year 1 …
 * Year 13) and how many agreed actions are still open. The caller has authorised the reader.
 */
export interface VisitSummary {
  visits: number;
  schoolsVisited: number;
  yearGroupsSeen: string[];
  openActions: number;
}

export interface HubVisitSummary extends VisitSummary {
  /** The hub's activities of the year with at least one visit. */
  activitiesVisited: number;
}

async function summarise(db: Executor, where: SQL): Promise<HubVisitSummary> {
  const { rows } = await db.execute<{
    visits: number;
    schools: number;
    activities: number;
    year_groups: string[] | null;
    open_actions: number;
  }>(sql`
    WITH v AS (SELECT sv.* FROM school_visits sv JOIN hub_activities a ON a.id = sv.activity_id WHERE ${where})
    SELECT (SELECT count(*) FROM v)::int AS visits,
      (SELECT count(DISTINCT school_urn) FROM v)::int AS schools,
      (SELECT count(DISTINCT activity_id) FROM v)::int AS activities,
      array(SELECT DISTINCT g FROM v, unnest(v.year_groups) AS g) AS year_groups,
      (SELECT count(*) FROM school_visit_actions x JOIN v ON v.id = x.visit_id WHERE x.status = 'open')::int AS open_actions`);
  const r = rows[0]!;
  const seen = new Set(r.year_groups ?? []);
  return {
    visits: Number(r.visits),
    schoolsVisited: Number(r.schools),
    yearGroupsSeen: visitYearGroups.filter((g) => seen.has(g)),
    openActions: Number(r.open_actions),
    activitiesVisited: Number(r.activities),
  };
}

/** An activity's visits in brief. */
export async function visitSummary(db: Executor, q: { activityId: number }): Promise<VisitSummary> {
  const { activitiesVisited: _, ...summary } = await summarise(db, sql`sv.activity_id = ${q.activityId}`);
  return summary;
}

/** A hub's visits in brief, for its activities of one academic year (`2023/24`). */
export const hubVisitSummary = (
  db: Executor,
  q: { hubId: number; yearCode: string },
): Promise<HubVisitSummary> => summarise(db, sql`sv.hub_id = ${q.hubId} AND a.year_code = ${q.yearCode}`);
