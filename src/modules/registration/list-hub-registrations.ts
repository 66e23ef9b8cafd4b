import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { enrolments, hubActivities, type ParticipationStatus } from '../activities/schema.ts';
import { ncps } from '../catalogue/schema.ts';
import { people } from '../people/schema.ts';
import { schools } from '../schools/schema.ts';

export interface HubRegistration {
  enrolmentId: number;
  activityId: number;
  activityTitle: string;
  ncpCode: string;
  personId: number;
  name: string;
  email: string;
  schoolUrn: number | null;
  schoolName: string | null;
  roleInSchool: string | null;
  yearGroups: string[];
  mentorName: string | null;
  mentorEmail: string | null;
  status: ParticipationStatus;
  registeredAt: Date;
  /** The Phase 1 enrolment this one continues (a two-phase programme registered both years at once). */
  continuesEnrolmentId: number | null;
}

export interface HubRegistrationFilter {
  hubId: number;
  yearCode: string;
  activityId?: number;
  page: number;
  pageSize: number;
}

/**
 * The registrations (enrolments) on a hub's activities of one academic year, with what registration
 * collected: school, role in school, year groups taught and the mentor of an ECT. In activity, then
 * name order, a page at a time; `total` counts them all. The caller checks the hub is theirs.
 */
export async function listHubRegistrations(
  db: Executor,
  filter: HubRegistrationFilter,
): Promise<{ total: number; registrations: HubRegistration[] }> {
  const where: SQL = and(
    eq(hubActivities.hubId, filter.hubId),
    eq(hubActivities.yearCode, filter.yearCode),
    filter.activityId === undefined ? undefined : eq(hubActivities.id, filter.activityId),
  )!;
  const [counted] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(enrolments)
    .innerJoin(hubActivities, eq(hubActivities.id, enrolments.activityId))
    .where(where);
  const registrations = await db
    .select({
      enrolmentId: enrolments.id,
      activityId: hubActivities.id,
      activityTitle: hubActivities.title,
      ncpCode: ncps.code,
      personId: people.id,
      name: sql<string>`${people.givenName} || ' ' || ${people.familyName}`,
      email: people.email,
      schoolUrn: enrolments.schoolUrn,
      schoolName: schools.name,
      roleInSchool: enrolments.roleInSchool,
      yearGroups: enrolments.yearGroups,
      mentorName: enrolments.mentorName,
      mentorEmail: enrolments.mentorEmail,
      status: enrolments.status,
      registeredAt: enrolments.registeredAt,
      continuesEnrolmentId: enrolments.continuesEnrolmentId,
    })
    .from(enrolments)
    .innerJoin(hubActivities, eq(hubActivities.id, enrolments.activityId))
    .innerJoin(ncps, eq(ncps.id, hubActivities.ncpId))
    .innerJoin(people, eq(people.id, enrolments.personId))
    .leftJoin(schools, eq(schools.urn, enrolments.schoolUrn))
    .where(where)
    .orderBy(asc(hubActivities.title), asc(hubActivities.id), asc(people.familyName), asc(people.givenName))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  return { total: counted?.n ?? 0, registrations };
}
