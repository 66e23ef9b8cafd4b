import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { hubActivities } from '../activities/schema.ts';
import { ncps } from '../catalogue/schema.ts';
import { people } from '../people/schema.ts';
import { schools } from '../schools/schema.ts';
import { type InterestStatus, interests } from './schema.ts';

export interface HubInterest {
  id: number;
  hubId: number;
  activityId: number | null;
  activityTitle: string | null;
  ncpId: number | null;
  ncpCode: string | null;
  ncpTitle: string | null;
  personId: number;
  name: string;
  email: string;
  schoolUrn: number | null;
  schoolName: string | null;
  roleInSchool: string | null;
  yearGroups: string[];
  mentorName: string | null;
  mentorEmail: string | null;
  note: string | null;
  status: InterestStatus;
  createdAt: Date;
}

export interface InterestFilter {
  hubId: number;
  activityId?: number | null;
  ncpId?: number | null;
  status?: InterestStatus | null;
  /** Only the interest from schools in these local authorities (a local authority partner's). */
  laCodes?: readonly string[] | null;
}

/** The interest registered in one hub's activities and NCPs, newest first. The caller checks the hub is theirs. */
export async function listInterests(db: Executor, filter: InterestFilter): Promise<HubInterest[]> {
  const conditions: (SQL | undefined)[] = [eq(interests.hubId, filter.hubId)];
  if (filter.activityId) conditions.push(eq(interests.activityId, filter.activityId));
  if (filter.ncpId) conditions.push(eq(interests.ncpId, filter.ncpId));
  if (filter.status) conditions.push(eq(interests.status, filter.status));
  if (filter.laCodes)
    conditions.push(filter.laCodes.length ? inArray(schools.laCode, [...filter.laCodes]) : sql`false`);
  const rows = await db
    .select({
      id: interests.id,
      hubId: interests.hubId,
      activityId: interests.activityId,
      activityTitle: hubActivities.title,
      ncpId: interests.ncpId,
      ncpCode: ncps.code,
      ncpTitle: ncps.title,
      personId: interests.personId,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      schoolUrn: interests.schoolUrn,
      schoolName: schools.name,
      roleInSchool: interests.roleInSchool,
      yearGroups: interests.yearGroups,
      mentorName: interests.mentorName,
      mentorEmail: interests.mentorEmail,
      note: interests.note,
      status: interests.status,
      createdAt: interests.createdAt,
    })
    .from(interests)
    .innerJoin(people, eq(people.id, interests.personId))
    .leftJoin(hubActivities, eq(hubActivities.id, interests.activityId))
    .leftJoin(ncps, eq(ncps.id, interests.ncpId))
    .leftJoin(schools, eq(schools.urn, interests.schoolUrn))
    .where(and(...conditions))
    .orderBy(desc(interests.createdAt), asc(interests.id));
  return rows.map(({ givenName, familyName, ...r }) => ({ ...r, name: `${givenName} ${familyName}` }));
}

/** The activities and NCPs a hub has interest in (the list's filter), with how many are open. */
export function interestFilterItems(rows: HubInterest[]) {
  const activities = new Map<number, string>();
  const ncpItems = new Map<number, string>();
  for (const r of rows) {
    if (r.activityId) activities.set(r.activityId, r.activityTitle ?? String(r.activityId));
    if (r.ncpId) ncpItems.set(r.ncpId, `${r.ncpCode}: ${r.ncpTitle}`);
  }
  return { activities: [...activities], ncps: [...ncpItems] };
}
