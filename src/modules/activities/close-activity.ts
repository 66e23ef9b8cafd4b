import { and, asc, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { ConflictError } from '../../platform/errors.ts';
import { people } from '../people/schema.ts';
import { schools } from '../schools/schema.ts';
import { deliveryChanged } from './delivery-changed.ts';
import { activityById } from './load-activity.ts';
import { registerTaken } from './register-rules.ts';
import { activitySchools, activitySessions, enrolments, hubActivities } from './schema.ts';

/** What stops an activity being closed: past sessions without a register, rows without an outcome. */
export interface CloseChecks {
  sessions: { id: number; title: string; startsAt: Date }[];
  schools: { urn: number; name: string | null }[];
  participants: { enrolmentId: number; name: string }[];
}

export const readyToClose = (c: CloseChecks) =>
  c.sessions.length === 0 && c.schools.length === 0 && c.participants.length === 0;

/**
 * What is missing before an activity can be closed at the end of its year: every session already
 * started has its register taken (register-rules.ts, `registerTaken`), and every school and
 * participant has an outcome (completed, withdrawn or deferred: none is still just registered).
 */
export async function closeChecks(db: Executor, activityId: number): Promise<CloseChecks> {
  const [sessionRows, schoolRows, participantRows, [enrolled]] = await readsAtOnce(db, [
    () =>
      db
        .select({
          id: activitySessions.id,
          title: activitySessions.title,
          startsAt: activitySessions.startsAt,
          marks: sql<number>`(select count(*)::int from attendance_marks m where m.session_id = ${activitySessions.id})`,
        })
        .from(activitySessions)
        .where(and(eq(activitySessions.activityId, activityId), sql`${activitySessions.startsAt} < now()`))
        .orderBy(asc(activitySessions.startsAt)),
    () =>
      db
        .select({ urn: activitySchools.schoolUrn, name: schools.name })
        .from(activitySchools)
        .leftJoin(schools, eq(schools.urn, activitySchools.schoolUrn))
        .where(and(eq(activitySchools.activityId, activityId), eq(activitySchools.status, 'registered')))
        .orderBy(asc(schools.name)),
    () =>
      db
        .select({ enrolmentId: enrolments.id, given: people.givenName, family: people.familyName })
        .from(enrolments)
        .innerJoin(people, eq(people.id, enrolments.personId))
        .where(and(eq(enrolments.activityId, activityId), eq(enrolments.status, 'registered')))
        .orderBy(asc(people.familyName), asc(people.givenName)),
    () =>
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(enrolments)
        .where(eq(enrolments.activityId, activityId)),
  ]);
  return {
    sessions: sessionRows
      .filter((s) => !registerTaken(s.marks, enrolled?.n ?? 0))
      .map(({ id, title, startsAt }) => ({ id, title, startsAt })),
    schools: schoolRows,
    participants: participantRows.map((p) => ({
      enrolmentId: p.enrolmentId,
      name: `${p.given} ${p.family}`,
    })),
  };
}

/**
 * Closes an activity at the end of its year (status completed), once its registers are taken and
 * every outcome recorded; logged, and the grant follows. Anything missing refuses it.
 */
export async function closeActivity(
  db: Executor,
  actor: Actor,
  input: { activityId: number },
): Promise<{ title: string }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT 1 FROM hub_activities WHERE id = ${input.activityId} FOR UPDATE`);
    const { activity } = await activityById(tx, input.activityId);
    if (activity.status !== 'planned' && activity.status !== 'running') {
      throw new ConflictError(`The activity is ${activity.status}: it cannot be closed`);
    }
    const checks = await closeChecks(tx, input.activityId);
    if (!readyToClose(checks)) {
      throw new ConflictError('Take every register and record every outcome before closing the activity');
    }
    await tx
      .update(hubActivities)
      .set({ status: 'completed', updatedAt: sql`now()` })
      .where(eq(hubActivities.id, input.activityId));
    await recordEvent(tx, actor, {
      action: 'activity.closed',
      subjectType: 'hub_activity',
      subjectId: input.activityId,
      hubId: activity.hubId,
      changes: { status: [activity.status, 'completed'] },
    });
    await deliveryChanged(tx, actor, [input.activityId]);
    return { title: activity.title };
  });
}

/** Reopens a closed activity (running again), so its outcomes and registers can change; logged. */
export async function reopenActivity(
  db: Executor,
  actor: Actor,
  input: { activityId: number },
): Promise<{ title: string }> {
  return db.transaction(async (tx) => {
    const { activity } = await activityById(tx, input.activityId);
    if (activity.status !== 'completed') {
      throw new ConflictError('Only a closed activity can be reopened');
    }
    await tx
      .update(hubActivities)
      .set({ status: 'running', updatedAt: sql`now()` })
      .where(eq(hubActivities.id, input.activityId));
    await recordEvent(tx, actor, {
      action: 'activity.reopened',
      subjectType: 'hub_activity',
      subjectId: input.activityId,
      hubId: activity.hubId,
      changes: { status: ['completed', 'running'] },
    });
    await deliveryChanged(tx, actor, [input.activityId]);
    return { title: activity.title };
  });
}
