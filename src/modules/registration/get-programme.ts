import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { activitySessions, attendanceMarks, enrolments } from '../activities/schema.ts';
import { people } from '../people/schema.ts';
import { schools } from '../schools/schema.ts';
import { commitmentOf } from './commitment.ts';
import { loadActivity } from './load-activity.ts';
import { pathwayOf } from './pathway.ts';
import { canSeeEnrolment } from './policy.ts';

/**
 * One enrolment as its participant sees it: the commitment (sessions with dates, the participation
 * required), attendance so far, and the pathway. Only the participant, their hub's leadership and
 * national staff; anyone else is told there is no such programme (404), not that it exists.
 */
export async function getProgramme(db: Executor, principal: Principal, enrolmentId: number) {
  const [enrolment] = await db
    .select({
      enrolment: enrolments,
      person: {
        id: people.id,
        givenName: people.givenName,
        familyName: people.familyName,
        email: people.email,
      },
      schoolName: schools.name,
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .leftJoin(schools, eq(schools.urn, enrolments.schoolUrn))
    .where(eq(enrolments.id, enrolmentId));
  if (!enrolment) throw new NotFoundError('There is no such programme');
  const { activity, ncp, hub } = await loadActivity(db, enrolment.enrolment.activityId);
  // Someone else's programme (another hub's, for hub leadership) is not found: a refusal would say it exists.
  if (!canSeeEnrolment(principal, { personId: enrolment.person.id, hubId: hub.id })) {
    throw new NotFoundError('There is no such programme');
  }
  const commitment = await commitmentOf(db, { activityId: activity.id });
  const marks = await db
    .select({ sessionId: attendanceMarks.sessionId, status: attendanceMarks.status })
    .from(attendanceMarks)
    .innerJoin(activitySessions, eq(activitySessions.id, attendanceMarks.sessionId))
    .where(eq(attendanceMarks.enrolmentId, enrolmentId))
    .orderBy(asc(activitySessions.startsAt));
  const markBySession = new Map(marks.map((m) => [m.sessionId, m.status]));
  const now = Date.now();
  const sessions = commitment.sessions.map((s) => ({
    ...s,
    mark: markBySession.get(s.id) ?? null,
    past: s.startsAt.getTime() <= now,
  }));
  const pathway = await pathwayOf(db, { id: enrolmentId, personId: enrolment.person.id }, activity, ncp);
  const [previous] = enrolment.enrolment.continuesEnrolmentId
    ? await db
        .select({ id: enrolments.id, activityId: enrolments.activityId })
        .from(enrolments)
        .where(eq(enrolments.id, enrolment.enrolment.continuesEnrolmentId))
    : [];
  return {
    ...enrolment,
    activity,
    ncp,
    hub,
    commitment: { ...commitment, sessions },
    attendance: {
      present: marks.filter((m) => m.status === 'present').length,
      marked: marks.length,
      sessions: sessions.length,
    },
    pathway,
    previousEnrolmentId: previous?.id ?? null,
    isOwn: principal.personId === enrolment.person.id,
  };
}
