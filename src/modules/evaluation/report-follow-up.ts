import { eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { assertVersion, updateAtVersion } from '../../platform/edit-versions.ts';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import {
  type ActionStatus,
  actionStatuses,
  evaluationReportActions,
  evaluationReports,
} from './report-schema.ts';

const order: Record<ActionStatus, number> = { open: 0, in_progress: 1, done: 2 };
export const CLOSING_NOTE_MAX = 2000;

/**
 * Follows up an action of a published report: open → in progress → done (a step may be skipped, never
 * taken back); done needs a closing note (what was done) and is final. Against lost writes: the
 * version the form was made from.
 */
export async function followUpAction(
  db: Executor,
  actor: Actor,
  input: { actionId: number; version: number; status: string; closingNote: string },
): Promise<{ status: ActionStatus }> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        action: evaluationReportActions,
        reportStatus: evaluationReports.status,
        hubId: evaluationReports.hubId,
      })
      .from(evaluationReportActions)
      .innerJoin(evaluationReports, eq(evaluationReports.id, evaluationReportActions.reportId))
      .where(eq(evaluationReportActions.id, input.actionId))
      .for('update', { of: evaluationReportActions });
    if (row?.reportStatus !== 'published') throw new NotFoundError('There is no such action');
    const a = row.action;
    assertVersion(input.version, a.version);
    if (a.status === 'done') throw new ConflictError('This action is done: it can no longer change');
    const problems: FieldError[] = [];
    const status = input.status as ActionStatus;
    const note = input.closingNote.trim();
    if (!(actionStatuses as readonly string[]).includes(input.status))
      problems.push({ field: 'status', message: 'Choose where the action is' });
    else if (order[status] < order[a.status])
      problems.push({ field: 'status', message: 'An action in progress cannot go back to open' });
    if (status === 'done' && !note)
      problems.push({ field: 'closingNote', message: 'Say what was done to close the action' });
    if (note.length > CLOSING_NOTE_MAX)
      problems.push({
        field: 'closingNote',
        message: `The closing note must be ${CLOSING_NOTE_MAX.toLocaleString('en-GB')} characters or fewer`,
      });
    if (problems.length) throw new ValidationError(problems);
    if (status === a.status) return { status };
    await updateAtVersion(tx, evaluationReportActions, a.id, input.version, {
      status,
      closingNote: status === 'done' ? note : null,
      closedAt: status === 'done' ? sql`now()` : null,
    });
    await recordEvent(tx, actor, {
      action: 'evaluation_action.updated',
      subjectType: 'evaluation_action',
      subjectId: a.id,
      hubId: row.hubId,
      changes: { reportId: a.reportId, ownerPersonId: a.ownerPersonId, status: [a.status, status] },
    });
    return { status };
  });
}
