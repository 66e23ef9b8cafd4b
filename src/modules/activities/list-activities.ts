import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { ncps } from '../catalogue/schema.ts';
import { attendanceRate } from './register-rules.ts';
import { type ActivityKind, type ActivityStatus, activityLeads, hubActivities } from './schema.ts';

export interface ActivitySummary {
  id: number;
  hubId: number;
  title: string;
  kind: ActivityKind;
  status: ActivityStatus;
  yearCode: string;
  ncpCode: string;
  ncpTitle: string;
  startsOn: string | null;
  endsOn: string | null;
  leads: string;
  schoolCount: number;
  participantCount: number;
  sessionCount: number;
  presentCount: number;
  markedCount: number;
  attendanceRate: number | null;
}

export interface ActivityFilter {
  hubId?: number;
  yearCode?: string;
  ids?: number[];
}

/**
 * Activities with counts of schools and participants taking part (not withdrawn), sessions and their
 * attendance rate (present marks of all marks; joining on someone's connection is present).
 */
export async function summariseActivities(db: Executor, filter: ActivityFilter): Promise<ActivitySummary[]> {
  const conditions = [
    filter.hubId !== undefined ? eq(hubActivities.hubId, filter.hubId) : undefined,
    filter.yearCode !== undefined ? eq(hubActivities.yearCode, filter.yearCode) : undefined,
    filter.ids !== undefined ? inArray(hubActivities.id, filter.ids.length ? filter.ids : [-1]) : undefined,
  ].filter(Boolean);
  const rows = await db
    .select({
      id: hubActivities.id,
      hubId: hubActivities.hubId,
      title: hubActivities.title,
      kind: hubActivities.kind,
      status: hubActivities.status,
      yearCode: hubActivities.yearCode,
      ncpCode: ncps.code,
      ncpTitle: ncps.title,
      startsOn: hubActivities.startsOn,
      endsOn: hubActivities.endsOn,
      leads: sql<string>`coalesce((select string_agg(p.given_name || ' ' || p.family_name, ', ' order by p.family_name) from ${activityLeads} l join people p on p.id = l.person_id where l.activity_id = ${hubActivities.id}), '')`,
      schoolCount: sql<number>`(select count(*)::int from activity_schools s where s.activity_id = ${hubActivities.id} and s.status <> 'withdrawn')`,
      participantCount: sql<number>`(select count(*)::int from enrolments e where e.activity_id = ${hubActivities.id} and e.status <> 'withdrawn')`,
      sessionCount: sql<number>`(select count(*)::int from activity_sessions s where s.activity_id = ${hubActivities.id})`,
      presentCount: sql<number>`(select count(*)::int from attendance_marks m join activity_sessions s on s.id = m.session_id where s.activity_id = ${hubActivities.id} and m.status = 'present')`,
      markedCount: sql<number>`(select count(*)::int from attendance_marks m join activity_sessions s on s.id = m.session_id where s.activity_id = ${hubActivities.id})`,
    })
    .from(hubActivities)
    .innerJoin(ncps, eq(ncps.id, hubActivities.ncpId))
    .where(and(...conditions))
    .orderBy(asc(ncps.code), asc(hubActivities.title), asc(hubActivities.id));
  return rows.map((r) => ({ ...r, attendanceRate: attendanceRate(r.presentCount, r.markedCount) }));
}

/** A hub's activities for an academic year. */
export const listActivities = (db: Executor, hubId: number, yearCode: string) =>
  summariseActivities(db, { hubId, yearCode });
