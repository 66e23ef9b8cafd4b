import { and, asc, eq, notInArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { people } from '../people/schema.ts';
import { schools } from '../schools/schema.ts';
import { activityById, activityFor, type LoadedActivity } from './load-activity.ts';
import { type AttendanceStatus, activitySessions, enrolments } from './schema.ts';

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

/** The enrolled participants of an activity (not withdrawn or deferred), with their school at enrolment. */
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
    .where(
      and(eq(enrolments.activityId, activityId), notInArray(enrolments.status, ['withdrawn', 'deferred'])),
    )
    .orderBy(asc(people.familyName), asc(people.givenName), asc(enrolments.id));
}

/**
 * A session's register: one row per enrolled participant (not withdrawn or deferred) with their school at enrolment
 * and their mark, if taken. The session, its participants and their marks come in one statement.
 */
export async function getRegister(
  db: Executor,
  principal: Principal,
  activityId: number,
  sessionId: number,
): Promise<Register> {
  return registerOf(db, await activityFor(db, principal, activityId, 'register'), sessionId);
}

/** A session's register, for a use case (the route has checked the person may take it). */
export async function readRegister(db: Executor, activityId: number, sessionId: number): Promise<Register> {
  return registerOf(db, await activityById(db, activityId), sessionId);
}

async function registerOf(db: Executor, loaded: LoadedActivity, sessionId: number): Promise<Register> {
  const activityId = loaded.activity.id;
  const [found] = await db
    .select({
      session: activitySessions,
      rows: sql<RegisterRow[]>`coalesce((
        SELECT json_agg(json_build_object('enrolmentId', e.id, 'personId', p.id,
            'name', p.given_name || ' ' || p.family_name, 'schoolUrn', e.school_urn, 'schoolName', sc.name,
            'status', m.status, 'joinedViaEnrolmentId', m.joined_via_enrolment_id)
          ORDER BY p.family_name, p.given_name, e.id)
        FROM enrolments e
        JOIN people p ON p.id = e.person_id
        LEFT JOIN schools sc ON sc.urn = e.school_urn
        LEFT JOIN attendance_marks m ON m.session_id = activity_sessions.id AND m.enrolment_id = e.id
        WHERE e.activity_id = activity_sessions.activity_id AND e.status NOT IN ('withdrawn', 'deferred')), '[]')`,
    })
    .from(activitySessions)
    .where(and(eq(activitySessions.id, sessionId), eq(activitySessions.activityId, activityId)));
  if (!found) throw new NotFoundError('There is no such session');
  return { loaded, session: found.session, rows: found.rows };
}
