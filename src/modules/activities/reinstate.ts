import { and, eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { schools } from '../schools/schema.ts';
import { deliveryChanged } from './delivery-changed.ts';
import { activityById } from './load-activity.ts';
import { activitySchools, enrolments } from './schema.ts';
import { lockEnrolment } from './withdraw-participant.ts';

/** What may be reinstated: a school or a participant that withdrew or deferred. */
export type Reinstated = { urn: number; enrolmentId?: undefined } | { enrolmentId: number; urn?: undefined };

const cleared = {
  status: 'registered' as const,
  outcomeReason: null,
  outcomeReasonText: null,
  outcomeRecordedAt: null,
  outcomeRecordedByPersonId: null,
  completedOn: null,
};

/**
 * Brings a withdrawn or deferred school or participant back into an activity (registered again, its
 * outcome cleared), logged; the grant follows. Their history (attendance) was kept all along. One
 * already taking part (reinstated twice, a page posted again) is left as it is: `changed` is false.
 */
export async function reinstate(
  db: Executor,
  actor: Actor,
  input: { activityId: number } & Reinstated,
): Promise<{ name: string; changed: boolean }> {
  return db.transaction(async (tx) => {
    const { activity } = await activityById(tx, input.activityId);
    if (activity.status === 'cancelled' || activity.status === 'completed') {
      throw new ConflictError(
        `The activity is ${activity.status === 'cancelled' ? 'cancelled' : 'closed'}: no one can be reinstated`,
      );
    }
    let name: string;
    if (input.urn !== undefined) {
      const [row] = await tx
        .select({ id: activitySchools.id, status: activitySchools.status, name: schools.name })
        .from(activitySchools)
        .leftJoin(schools, eq(schools.urn, activitySchools.schoolUrn))
        .where(
          and(eq(activitySchools.activityId, input.activityId), eq(activitySchools.schoolUrn, input.urn)),
        )
        .for('update', { of: activitySchools });
      if (!row) throw new NotFoundError('That school does not take part in this activity');
      if (row.status !== 'withdrawn' && row.status !== 'deferred')
        return { name: row.name ?? `URN ${input.urn}`, changed: false };
      await tx.update(activitySchools).set(cleared).where(eq(activitySchools.id, row.id));
      await recordEvent(tx, actor, {
        action: 'activity.school_reinstated',
        subjectType: 'hub_activity',
        subjectId: input.activityId,
        hubId: activity.hubId,
        changes: { schoolUrn: input.urn, status: [row.status, 'registered'] },
      });
      name = row.name ?? `URN ${input.urn}`;
    } else {
      const row = await lockEnrolment(tx, input.activityId, input.enrolmentId);
      if (!row) throw new NotFoundError('That participant does not take part in this activity');
      if (row.status !== 'withdrawn' && row.status !== 'deferred')
        return { name: `${row.given} ${row.family}`, changed: false };
      await tx.update(enrolments).set(cleared).where(eq(enrolments.id, input.enrolmentId));
      await recordEvent(tx, actor, {
        action: 'enrolment.reinstated',
        subjectType: 'enrolment',
        subjectId: input.enrolmentId,
        hubId: activity.hubId,
        changes: {
          activityId: input.activityId,
          personId: row.personId,
          status: [row.status, 'registered'],
        },
      });
      name = `${row.given} ${row.family}`;
    }
    await deliveryChanged(tx, actor, [input.activityId]);
    return { name, changed: true };
  });
}
