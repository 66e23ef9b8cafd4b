import { eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { todayInEngland } from '../../platform/dates.ts';
import { assertVersion, updateAtVersion } from '../../platform/edit-versions.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/errors.ts';
import { activityById } from '../activities/load-activity.ts';
import { MAX_NOTES_LENGTH, submitProblems } from './happi-rules.ts';
import { type HappiSection, type HappiStatus, happiEntries, happiForms } from './happi-schema.ts';

/**
 * Submitting a HAPPI section (its leads) and reviewing it (the hub's leadership): returned with
 * comments (editable again) or accepted. Accepting the plan opens the impact section; accepting the
 * impact finishes the form. Each step is kept in the form's history with who, when and the comments.
 */

async function lockedForm(tx: Executor, activityId: number) {
  const [row] = await tx.select().from(happiForms).where(eq(happiForms.activityId, activityId)).for('update');
  return row ?? null;
}

/** Submits the section under way for review, from the version the person saw. */
export async function submitHappi(
  db: Executor,
  actor: Actor,
  input: { activityId: number; version: number },
): Promise<{ section: HappiSection }> {
  return db.transaction(async (tx) => {
    const loaded = await activityById(tx, input.activityId);
    if (actor.personId === null || !loaded.leadPersonIds.includes(actor.personId))
      throw new ForbiddenError('Only the activity’s leads submit its HAPPI form');
    const form = await lockedForm(tx, input.activityId);
    if (!form) throw new ConflictError('Write and save the plan before submitting it');
    if (form.status === 'submitted')
      throw new ConflictError('The form has already been submitted for review');
    if (form.status === 'accepted')
      throw new ConflictError('The form has been accepted: there is nothing to submit');
    assertVersion(input.version, form.version);
    const problems = submitProblems(form);
    if (problems.length) throw new ValidationError(problems);
    await updateAtVersion(tx, happiForms, form.id, input.version, {
      status: 'submitted',
      ...(form.section === 'plan' ? { planSubmittedAt: sql`now()` } : { impactSubmittedAt: sql`now()` }),
      updatedAt: sql`now()`,
    });
    await tx.insert(happiEntries).values({
      formId: form.id,
      kind: 'submitted',
      section: form.section,
      writtenOn: todayInEngland(),
      personId: actor.personId,
    });
    await recordEvent(tx, actor, {
      action: 'happi.submitted',
      subjectType: 'hub_activity',
      subjectId: input.activityId,
      hubId: loaded.activity.hubId,
      changes: { section: form.section, status: [form.status, 'submitted'] },
    });
    return { section: form.section };
  });
}

export type ReviewDecision = 'return' | 'accept';

/**
 * The hub's leadership review a submitted section: returned (comments required) or accepted. The route
 * has checked that the reviewer leads the activity's hub.
 */
export async function reviewHappi(
  db: Executor,
  actor: Actor,
  input: { activityId: number; version: number; decision: ReviewDecision; comments: string },
): Promise<{ section: HappiSection; status: HappiStatus }> {
  const comments = input.comments.trim();
  if (input.decision === 'return' && !comments)
    throw new ValidationError([{ field: 'comments', message: 'Enter comments saying what to change' }]);
  if (comments.length > MAX_NOTES_LENGTH)
    throw new ValidationError([
      { field: 'comments', message: `Comments must be ${MAX_NOTES_LENGTH} characters or fewer` },
    ]);
  return db.transaction(async (tx) => {
    const loaded = await activityById(tx, input.activityId);
    const form = await lockedForm(tx, input.activityId);
    if (form?.status !== 'submitted')
      throw new ConflictError('The form is not waiting for a review: nothing was changed');
    assertVersion(input.version, form.version);
    const next: { section: HappiSection; status: HappiStatus } =
      input.decision === 'return'
        ? { section: form.section, status: 'returned' }
        : form.section === 'plan'
          ? { section: 'impact', status: 'draft' }
          : { section: 'impact', status: 'accepted' };
    await updateAtVersion(tx, happiForms, form.id, input.version, {
      ...next,
      reviewedAt: sql`now()`,
      updatedAt: sql`now()`,
    });
    await tx.insert(happiEntries).values({
      formId: form.id,
      kind: input.decision === 'return' ? 'returned' : 'accepted',
      section: form.section,
      writtenOn: todayInEngland(),
      text: comments || null,
      personId: actor.personId,
    });
    await recordEvent(tx, actor, {
      action: input.decision === 'return' ? 'happi.returned' : 'happi.accepted',
      subjectType: 'hub_activity',
      subjectId: input.activityId,
      hubId: loaded.activity.hubId,
      changes: {
        section: form.section,
        status: [form.status, input.decision === 'return' ? 'returned' : 'accepted'],
      },
    });
    return next;
  });
}
