import { and, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { todayInEngland } from '../../platform/dates.ts';
import { StaleEditError } from '../../platform/edit-versions.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { VisitActionStatus } from './visit-schema.ts';
import { schoolVisitActions, schoolVisits } from './visit-schema.ts';

/** Deleting a visit (asked first, from the version shown) and ticking its agreed actions done or open. */

const visitOf = async (tx: Executor, activityId: number, visitId: number) => {
  const [visit] = await tx
    .select()
    .from(schoolVisits)
    .where(and(eq(schoolVisits.id, visitId), eq(schoolVisits.activityId, activityId)))
    .for('update');
  if (!visit) throw new NotFoundError('There is no such visit');
  return visit;
};

/**
 * Deletes a visit with its visitors and agreed actions, only at the version the confirmation page
 * showed (someone's change since is not deleted unseen: `StaleEditError`). Logged without its texts.
 */
export async function deleteVisit(
  db: Executor,
  actor: Actor,
  input: { activityId: number; visitId: number; version: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    const visit = await visitOf(tx, input.activityId, input.visitId);
    if (visit.version !== input.version) throw new StaleEditError(input.version, visit.version);
    await tx.delete(schoolVisits).where(eq(schoolVisits.id, visit.id));
    await recordEvent(tx, actor, {
      action: 'visit.deleted',
      subjectType: 'school_visit',
      subjectId: visit.id,
      hubId: visit.hubId,
      changes: { activityId: visit.activityId, schoolUrn: visit.schoolUrn, visitedOn: visit.visitedOn },
    });
  });
}

/**
 * Ticks an agreed action done (today) or open again. The visit's version is raised too, so that an
 * edit form opened before cannot quietly undo it. Says whether anything changed.
 */
export async function setVisitActionStatus(
  db: Executor,
  actor: Actor,
  input: { activityId: number; visitId: number; actionId: number; status: VisitActionStatus },
): Promise<{ changed: boolean; description: string }> {
  return db.transaction(async (tx) => {
    const visit = await visitOf(tx, input.activityId, input.visitId);
    const [action] = await tx
      .select()
      .from(schoolVisitActions)
      .where(and(eq(schoolVisitActions.id, input.actionId), eq(schoolVisitActions.visitId, visit.id)));
    if (!action) throw new NotFoundError('There is no such action on this visit');
    if (action.status === input.status) return { changed: false, description: action.description };
    await tx
      .update(schoolVisitActions)
      .set({ status: input.status, doneOn: input.status === 'done' ? todayInEngland() : null })
      .where(eq(schoolVisitActions.id, action.id));
    await tx
      .update(schoolVisits)
      .set({ updatedAt: sql`now()`, version: sql`${schoolVisits.version} + 1` })
      .where(eq(schoolVisits.id, visit.id));
    await recordEvent(tx, actor, {
      action: input.status === 'done' ? 'visit.action_done' : 'visit.action_reopened',
      subjectType: 'school_visit',
      subjectId: visit.id,
      hubId: visit.hubId,
      changes: { activityId: visit.activityId, schoolUrn: visit.schoolUrn, actionId: action.id },
    });
    return { changed: true, description: action.description };
  });
}
