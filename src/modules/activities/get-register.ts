import { and, asc, eq, ne } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { people } from '../people/schema.ts';
import { schools } from '../schools/schema.ts';
import { activityFor, type LoadedActivity } from './load-activity.ts';
import { type AttendanceStatus, activitySessions, attendanceMarks, enrolments } from './schema.ts';

export interface RegisterRow {
  enrolmentId: number;
  personId: number;
  name: string;
  schoolUrn: number | null;
  schoolName: string | null;
  status: AttendanceStatus | null;
  joinedViaEnrolmentId: number | null;
}

export interface Register {
  loaded: LoadedActivity;
  session: typeof activitySessions.$inferSelect;
  rows: RegisterRow[];
}

/** The enrolled participants of an activity (not withdrawn), with their school at enrolment. */
export async function enrolledParticipants(db: Executor, activityId: number) {
  return db
    .select({
      enrolmentId: enrolments.id,
      personId: people.id,
      givenName: people.givenName,
      familyName: people.familyName,
      schoolUrn: enrolments.schoolUrn,
      schoolName: schools.name,
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .leftJoin(schools, eq(schools.urn, enrolments.schoolUrn))
    .where(and(eq(enrolments.activityId, activityId), ne(enrolments.status, 'withdrawn')))
    .orderBy(asc(people.familyName), asc(people.givenName), asc(enrolments.id));
}

/** A session's register: one row per enrolled participant with their mark, if taken. */
export async function getRegister(
  db: Executor,
  principal: Principal,
  activityId: number,
  sessionId: number,
): Promise<Register> {
  const loaded = await activityFor(db, principal, activityId, 'register');
  const [session] = await db
    .select()
    .from(activitySessions)
    .where(and(eq(activitySessions.id, sessionId), eq(activitySessions.activityId, activityId)));
  if (!session) throw new NotFoundError('There is no such session');
  const [participants, marks] = await Promise.all([
    enrolledParticipants(db, activityId),
    db.select().from(attendanceMarks).where(eq(attendanceMarks.sessionId, sessionId)),
  ]);
  const byEnrolment = new Map(marks.map((m) => [m.enrolmentId, m]));
  return {
    loaded,
    session,
    rows: participants.map((p) => ({
      enrolmentId: p.enrolmentId,
      personId: p.personId,
      name: `${p.givenName} ${p.familyName}`,
      schoolUrn: p.schoolUrn,
      schoolName: p.schoolName,
      status: byEnrolment.get(p.enrolmentId)?.status ?? null,
      joinedViaEnrolmentId: byEnrolment.get(p.enrolmentId)?.joinedViaEnrolmentId ?? null,
    })),
  };
}
