import { and, eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ValidationError } from '../../platform/errors.ts';
import { people } from '../people/schema.ts';
import { deliveryChanged } from './delivery-changed.ts';
import { activityById } from './load-activity.ts';
import { enrolments } from './schema.ts';

/**
 * Withdraws a participant from an activity: they leave its registers and its counts (and the hub's
 * grant statement), while their enrolment and the attendance already marked stay, so their history is
 * kept and they may register again. A Phase 2 they registered for at the same time is left as it is:
 * it is theirs to withdraw from, or the hub's, separately.
 */
export async function withdrawParticipant(
  db: Executor,
  actor: Actor,
  input: WithdrawParticipantInput,
): Promise<{ name: string }> {
  return db.transaction((tx) => withdrawIn(tx, actor, input));
}

export interface WithdrawParticipantInput {
  activityId: number;
  /** The participant's enrolment on the activity. */
  enrolmentId: number;
}

/** A participant's enrolment on an activity, with their name, locked for a change of its status. */
export async function lockEnrolment(tx: Executor, activityId: number, enrolmentId: number) {
  const [row] = await tx
    .select({
      status: enrolments.status,
      personId: enrolments.personId,
      given: people.givenName,
      family: people.familyName,
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(and(eq(enrolments.id, enrolmentId), eq(enrolments.activityId, activityId)))
    .for('update', { of: enrolments });
  return row;
}

async function withdrawIn(
  tx: Executor,
  actor: Actor,
  input: WithdrawParticipantInput,
): Promise<{ name: string }> {
  const { activityId, enrolmentId } = input;
  const { activity } = await activityById(tx, activityId);
  const row = await lockEnrolment(tx, activityId, enrolmentId);
  if (!row || row.status === 'withdrawn') {
    throw new ValidationError([
      { field: 'enrolmentId', message: 'That participant does not take part in this activity' },
    ]);
  }
  await tx.update(enrolments).set({ status: 'withdrawn' }).where(eq(enrolments.id, enrolmentId));
  await recordEvent(tx, actor, {
    action: 'enrolment.withdrawn',
    subjectType: 'enrolment',
    subjectId: enrolmentId,
    hubId: activity.hubId,
    changes: { activityId, personId: row.personId, status: [row.status, 'withdrawn'] },
  });
  await deliveryChanged(tx, actor, [activityId]);
  return { name: `${row.given} ${row.family}` };
}
