import { sql } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { VisitActionStatus } from './visit-schema.ts';

/**
 * The reads of records of visits: an activity's schools and leads (what a visit may name), its visits
 * newest first, one visit with its visitors and agreed actions. The route has authorised the person
 * for the activity already (`visit-access.ts`); every read here is confined to that activity.
 */

export interface NamedPerson {
  personId: number;
  name: string;
}
export interface VisitSchool {
  urn: number;
  name: string;
}

/** The schools of an activity (any status: a school that withdrew may have been visited before), by name. */
export async function activitySchoolsOf(db: Executor, activityId: number): Promise<VisitSchool[]> {
  const { rows } = await db.execute<{ urn: number; name: string | null }>(sql`
    SELECT a.school_urn AS urn, s.name FROM activity_schools a LEFT JOIN schools s ON s.urn = a.school_urn
    WHERE a.activity_id = ${activityId} ORDER BY s.name, a.school_urn`);
  return rows.map((r) => ({ urn: Number(r.urn), name: r.name ?? `URN ${r.urn}` }));
}

/** The people leading an activity, by name. */
export async function activityLeadsOf(db: Executor, activityId: number): Promise<NamedPerson[]> {
  const { rows } = await db.execute<{ person_id: number; name: string }>(sql`
    SELECT DISTINCT l.person_id, p.given_name || ' ' || p.family_name AS name, p.family_name, p.given_name
    FROM activity_leads l JOIN people p ON p.id = l.person_id
    WHERE l.activity_id = ${activityId} ORDER BY p.family_name, p.given_name, l.person_id`);
  return rows.map((r) => ({ personId: Number(r.person_id), name: r.name }));
}

/** People by id, with their names (for a form's choices). */
export async function peopleNamed(db: Executor, ids: readonly number[]): Promise<NamedPerson[]> {
  if (!ids.length) return [];
  const { rows } = await db.execute<{ id: number; name: string }>(sql`
    SELECT id, given_name || ' ' || family_name AS name FROM people
    WHERE id IN (${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )}) ORDER BY family_name, given_name, id`);
  return rows.map((r) => ({ personId: Number(r.id), name: r.name }));
}

export interface VisitListRow {
  id: number;
  activityId: number;
  activityTitle: string;
  visitedOn: string;
  schoolUrn: number;
  schoolName: string;
  yearGroups: string[];
  classesSeen: string | null;
  focus: string;
  visitors: string[];
  actions: number;
  openActions: number;
}

/** Visits matching a condition, newest first (the date visited, then the latest recorded). */
export async function visitRows(db: Executor, where: ReturnType<typeof sql>): Promise<VisitListRow[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT v.id, v.activity_id, a.title AS activity_title, v.visited_on::text AS visited_on, v.school_urn,
      coalesce(s.name, 'URN ' || v.school_urn) AS school_name, v.year_groups, v.classes_seen, v.focus,
      array(SELECT p.given_name || ' ' || p.family_name FROM school_visit_visitors w JOIN people p ON p.id = w.person_id
        WHERE w.visit_id = v.id ORDER BY p.family_name, p.given_name, p.id) AS visitors,
      (SELECT count(*) FROM school_visit_actions x WHERE x.visit_id = v.id)::int AS actions,
      (SELECT count(*) FROM school_visit_actions x WHERE x.visit_id = v.id AND x.status = 'open')::int AS open_actions
    FROM school_visits v
    JOIN hub_activities a ON a.id = v.activity_id
    LEFT JOIN schools s ON s.urn = v.school_urn
    WHERE ${where}
    ORDER BY v.visited_on DESC, v.id DESC`);
  return rows.map((r) => ({
    id: Number(r.id),
    activityId: Number(r.activity_id),
    activityTitle: String(r.activity_title),
    visitedOn: String(r.visited_on),
    schoolUrn: Number(r.school_urn),
    schoolName: String(r.school_name),
    yearGroups: (r.year_groups as string[]) ?? [],
    classesSeen: (r.classes_seen as string | null) ?? null,
    focus: String(r.focus),
    visitors: (r.visitors as string[]) ?? [],
    actions: Number(r.actions),
    openActions: Number(r.open_actions),
  }));
}

/** An activity's visits, newest first. */
export const listActivityVisits = (db: Executor, q: { activityId: number }) =>
  visitRows(db, sql`v.activity_id = ${q.activityId}`);

export interface VisitAction {
  id: number;
  description: string;
  ownerPersonId: number | null;
  ownerText: string | null;
  ownerName: string;
  dueOn: string | null;
  status: VisitActionStatus;
  doneOn: string | null;
}

export interface VisitRecord {
  id: number;
  activityId: number;
  hubId: number;
  schoolUrn: number;
  schoolName: string;
  visitedOn: string;
  yearGroups: string[];
  classesSeen: string | null;
  focus: string;
  notes: string | null;
  recordedBy: string | null;
  createdAt: Date;
  updatedAt: Date | null;
  version: number;
  visitors: NamedPerson[];
  actions: VisitAction[];
}

/** One visit of an activity, with its visitors and agreed actions; "not found" if it is not that activity's. */
export async function getVisit(
  db: Executor,
  q: { activityId: number; visitId: number },
): Promise<VisitRecord> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT v.id, v.activity_id, v.hub_id, v.school_urn, coalesce(s.name, 'URN ' || v.school_urn) AS school_name,
      v.visited_on::text AS visited_on, v.year_groups, v.classes_seen, v.focus, v.notes, v.created_at, v.updated_at,
      v.version, r.given_name || ' ' || r.family_name AS recorded_by
    FROM school_visits v LEFT JOIN schools s ON s.urn = v.school_urn
    LEFT JOIN people r ON r.id = v.recorded_by_person_id
    WHERE v.id = ${q.visitId} AND v.activity_id = ${q.activityId}`);
  const v = rows[0];
  if (!v) throw new NotFoundError('There is no such visit');
  const [visitors, actions] = await readsAtOnce(db, [
    () =>
      db.execute<{ person_id: number; name: string }>(sql`
      SELECT w.person_id, p.given_name || ' ' || p.family_name AS name FROM school_visit_visitors w
      JOIN people p ON p.id = w.person_id WHERE w.visit_id = ${q.visitId} ORDER BY p.family_name, p.given_name, p.id`),
    () =>
      db.execute<Record<string, unknown>>(sql`
      SELECT x.id, x.description, x.owner_person_id, x.owner_text, x.due_on::text AS due_on, x.status,
        x.done_on::text AS done_on, p.given_name || ' ' || p.family_name AS owner_name
      FROM school_visit_actions x LEFT JOIN people p ON p.id = x.owner_person_id
      WHERE x.visit_id = ${q.visitId} ORDER BY x.position`),
  ]);
  return {
    id: Number(v.id),
    activityId: Number(v.activity_id),
    hubId: Number(v.hub_id),
    schoolUrn: Number(v.school_urn),
    schoolName: String(v.school_name),
    visitedOn: String(v.visited_on),
    yearGroups: (v.year_groups as string[]) ?? [],
    classesSeen: (v.classes_seen as string | null) ?? null,
    focus: String(v.focus),
    notes: (v.notes as string | null) ?? null,
    recordedBy: (v.recorded_by as string | null) ?? null,
    createdAt: new Date(v.created_at as string),
    updatedAt: v.updated_at ? new Date(v.updated_at as string) : null,
    version: Number(v.version),
    visitors: visitors.rows.map((r) => ({ personId: Number(r.person_id), name: r.name })),
    actions: actions.rows.map((r) => ({
      id: Number(r.id),
      description: String(r.description),
      ownerPersonId: r.owner_person_id === null ? null : Number(r.owner_person_id),
      ownerText: (r.owner_text as string | null) ?? null,
      ownerName: (r.owner_name as string | null) ?? String(r.owner_text ?? ''),
      dueOn: (r.due_on as string | null) ?? null,
      status: r.status as VisitActionStatus,
      doneOn: (r.done_on as string | null) ?? null,
    })),
  };
}

export interface HubVisitsQuery {
  hubId: number;
  yearCode: string;
  activityId?: number | null;
  schoolUrn?: number | null;
}

/** A hub's visits for its activities of one year, optionally of one activity or school, newest first. */
export const listHubVisits = (db: Executor, q: HubVisitsQuery) =>
  visitRows(
    db,
    sql`v.hub_id = ${q.hubId} AND a.year_code = ${q.yearCode}
      ${q.activityId ? sql`AND v.activity_id = ${q.activityId}` : sql``}
      ${q.schoolUrn ? sql`AND v.school_urn = ${q.schoolUrn}` : sql``}`,
  );

/** The filters' choices on a hub's visits: its activities of the year, and the schools its visits went to. */
export async function hubVisitChoices(
  db: Executor,
  q: { hubId: number; yearCode: string },
): Promise<{ activities: { id: number; title: string }[]; schools: VisitSchool[] }> {
  const [activities, visited] = await readsAtOnce(db, [
    () =>
      db.execute<{ id: number; title: string }>(sql`
      SELECT id, title FROM hub_activities WHERE hub_id = ${q.hubId} AND year_code = ${q.yearCode} ORDER BY title, id`),
    () =>
      db.execute<{ urn: number; name: string }>(sql`
      SELECT DISTINCT v.school_urn AS urn, coalesce(s.name, 'URN ' || v.school_urn) AS name
      FROM school_visits v JOIN hub_activities a ON a.id = v.activity_id LEFT JOIN schools s ON s.urn = v.school_urn
      WHERE v.hub_id = ${q.hubId} AND a.year_code = ${q.yearCode} ORDER BY 2, 1`),
  ]);
  return {
    activities: activities.rows.map((r) => ({ id: Number(r.id), title: r.title })),
    schools: visited.rows.map((r) => ({ urn: Number(r.urn), name: r.name })),
  };
}

export type OwnedVisitAction = {
  actionId: number;
  description: string;
  dueOn: string | null;
  status: VisitActionStatus;
  doneOn: string | null;
  visitId: number;
  visitedOn: string;
  activityId: number;
  activityTitle: string;
  schoolName: string;
};

/**
 * The actions agreed on visits that a person owns (open first, by due date; then those done in the
 * last year), each with its visit, for "Your actions from visits" and the to-do list.
 */
export async function visitActionsOwnedBy(db: Executor, personId: number): Promise<OwnedVisitAction[]> {
  const { rows } = await db.execute<OwnedVisitAction>(sql`
    SELECT x.id AS "actionId", x.description, x.due_on::text AS "dueOn", x.status, x.done_on::text AS "doneOn",
      v.id AS "visitId", v.visited_on::text AS "visitedOn", v.activity_id AS "activityId", a.title AS "activityTitle",
      coalesce(s.name, 'URN ' || v.school_urn) AS "schoolName"
    FROM school_visit_actions x
    JOIN school_visits v ON v.id = x.visit_id
    JOIN hub_activities a ON a.id = v.activity_id
    LEFT JOIN schools s ON s.urn = v.school_urn
    WHERE x.owner_person_id = ${personId}
      AND (x.status = 'open' OR x.done_on >= current_date - 365)
    ORDER BY x.status = 'done', x.due_on NULLS LAST, v.visited_on, x.id`);
  return rows;
}

/** How many actions agreed on visits a person owns and has not done (the home page's to-do). */
export async function openVisitActionCount(db: Executor, personId: number): Promise<number> {
  const { rows } = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM school_visit_actions WHERE owner_person_id = ${personId} AND status = 'open'`);
  return rows[0]?.n ?? 0;
}
