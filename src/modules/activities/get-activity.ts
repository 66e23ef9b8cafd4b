import { asc, eq, sql } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import type { Principal } from '../../platform/principal.ts';
import { describeGroupSize, groupSizeWarning, parseRules } from '../catalogue/rules.ts';
import { people } from '../people/schema.ts';
import { schools } from '../schools/schema.ts';
import { type ActivityNeed, activityFor, type LoadedActivity } from './load-activity.ts';
import { attendanceRate } from './register-rules.ts';
import { activityLeads, activitySchools, activitySessions, attendanceMarks, enrolments } from './schema.ts';

export interface ActivityDetails extends LoadedActivity {
  leads: { personId: number; name: string; email: string; title: string; accreditations: string[] }[];
  schools: {
    urn: number;
    name: string | null;
    status: string;
    registeredAt: Date;
    reason: string | null;
    reasonText: string | null;
    /** Why the school was added from outside the hub's area (null for a school in the area). */
    outOfAreaReason: string | null;
  }[];
  participants: {
    enrolmentId: number;
    personId: number;
    name: string;
    schoolUrn: number | null;
    schoolName: string | null;
    currentSchoolUrn: number | null;
    currentSchoolName: string | null;
    status: string;
    reason: string | null;
    reasonText: string | null;
    present: number;
    marked: number;
  }[];
  sessions: {
    id: number;
    kind: string;
    title: string;
    startsAt: Date;
    location: string | null;
    marked: number;
    present: number;
    rate: number | null;
  }[];
  activeSchoolCount: number;
  groupSizeWarning: string | null;
  /** The NCP's group size when it counts schools ("6 to 7 schools"), else null. */
  schoolGroupSize: string | null;
}

/** An activity with its leads, schools, participants (with their school at enrolment) and sessions. */
export async function getActivity(
  db: Executor,
  principal: Principal,
  id: number,
  need: ActivityNeed = 'view',
): Promise<ActivityDetails> {
  const loaded = await activityFor(db, principal, id, need);
  const currentSchool = sql<string | null>`(select s.name from schools s where s.urn = ${people.schoolUrn})`;
  const [leads, schoolRows, participants, sessionRows] = await readsAtOnce(db, [
    () =>
      db
        .select({
          personId: people.id,
          givenName: people.givenName,
          familyName: people.familyName,
          email: people.email,
          title: activityLeads.title,
          accreditations: sql<
            string[]
          >`coalesce((select array_agg(a.kind order by a.kind) from accreditations a where a.person_id = ${people.id}), '{}')`,
        })
        .from(activityLeads)
        .innerJoin(people, eq(people.id, activityLeads.personId))
        .where(eq(activityLeads.activityId, id))
        .orderBy(asc(people.familyName), asc(people.givenName)),
    () =>
      db
        .select({
          urn: activitySchools.schoolUrn,
          name: schools.name,
          status: activitySchools.status,
          registeredAt: activitySchools.registeredAt,
          reason: activitySchools.outcomeReason,
          reasonText: activitySchools.outcomeReasonText,
          outOfAreaReason: activitySchools.outOfAreaReason,
        })
        .from(activitySchools)
        .leftJoin(schools, eq(schools.urn, activitySchools.schoolUrn))
        .where(eq(activitySchools.activityId, id))
        .orderBy(asc(schools.name)),
    () =>
      db
        .select({
          enrolmentId: enrolments.id,
          personId: people.id,
          givenName: people.givenName,
          familyName: people.familyName,
          schoolUrn: enrolments.schoolUrn,
          schoolName: schools.name,
          currentSchoolUrn: people.schoolUrn,
          currentSchoolName: currentSchool,
          status: enrolments.status,
          reason: enrolments.outcomeReason,
          reasonText: enrolments.outcomeReasonText,
          present: sql<number>`(select count(*)::int from attendance_marks m where m.enrolment_id = ${enrolments.id} and m.status = 'present')`,
          marked: sql<number>`(select count(*)::int from attendance_marks m where m.enrolment_id = ${enrolments.id})`,
        })
        .from(enrolments)
        .innerJoin(people, eq(people.id, enrolments.personId))
        .leftJoin(schools, eq(schools.urn, enrolments.schoolUrn))
        .where(eq(enrolments.activityId, id))
        .orderBy(asc(people.familyName), asc(people.givenName)),
    () =>
      db
        .select({
          id: activitySessions.id,
          kind: activitySessions.kind,
          title: activitySessions.title,
          startsAt: activitySessions.startsAt,
          location: activitySessions.location,
          marked: sql<number>`count(${attendanceMarks.enrolmentId})::int`,
          present: sql<number>`(count(*) filter (where ${attendanceMarks.status} = 'present'))::int`,
        })
        .from(activitySessions)
        .leftJoin(attendanceMarks, eq(attendanceMarks.sessionId, activitySessions.id))
        .where(eq(activitySessions.activityId, id))
        .groupBy(activitySessions.id)
        .orderBy(asc(activitySessions.startsAt)),
  ]);
  const rules = parseRules(loaded.ncp.rules);
  const activeSchoolCount = schoolRows.filter(
    (s) => s.status !== 'withdrawn' && s.status !== 'deferred',
  ).length;
  return {
    ...loaded,
    leads: leads.map((l) => ({
      personId: l.personId,
      name: `${l.givenName} ${l.familyName}`,
      email: l.email,
      title: l.title,
      accreditations: l.accreditations,
    })),
    schools: schoolRows,
    participants: participants.map((p) => ({
      enrolmentId: p.enrolmentId,
      personId: p.personId,
      name: `${p.givenName} ${p.familyName}`,
      schoolUrn: p.schoolUrn,
      schoolName: p.schoolName,
      currentSchoolUrn: p.currentSchoolUrn,
      currentSchoolName: p.currentSchoolName,
      status: p.status,
      reason: p.reason,
      reasonText: p.reasonText,
      present: p.present,
      marked: p.marked,
    })),
    sessions: sessionRows.map((s) => ({ ...s, rate: attendanceRate(s.present, s.marked) })),
    activeSchoolCount,
    groupSizeWarning: ['planned', 'running'].includes(loaded.activity.status)
      ? groupSizeWarning(rules, activeSchoolCount, 'schools')
      : null,
    schoolGroupSize: rules.groupSize?.unit === 'schools' ? describeGroupSize(rules.groupSize) : null,
  };
}
