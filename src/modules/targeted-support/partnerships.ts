import { eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { addActivitySchool } from '../activities/add-activity-school.ts';
import { hubActivities } from '../activities/schema.ts';
import { nextPhase, type PlanItemKind, type PlanPhase, phaseNames } from './rules.ts';
import { tsPartnerships, tsPlanItems } from './schema.ts';

async function lockedPartnership(tx: Executor, partnershipId: number) {
  const [p] = await tx
    .select()
    .from(tsPartnerships)
    .where(eq(tsPartnerships.id, partnershipId))
    .for('update');
  if (!p) throw new NotFoundError('There is no such partnership');
  return p;
}

const refuseMovedOn = (phase: string) => {
  if (phase === 'moved_on') throw new ConflictError('The school has moved on: the partnership is closed');
};

/** Moves a partnership from the phase shown on its page to the next (explore → plan → deliver → sustain). */
export async function movePhase(
  db: Executor,
  actor: Actor,
  input: { partnershipId: number; from: PlanPhase },
): Promise<{ phase: PlanPhase }> {
  return db.transaction(async (tx) => {
    const p = await lockedPartnership(tx, input.partnershipId);
    refuseMovedOn(p.phase);
    if (p.phase !== input.from)
      throw new ConflictError(
        `The partnership is already in its ${phaseNames[p.phase]} phase: reload the page`,
      );
    const to = nextPhase(p.phase);
    if (!to) throw new ConflictError('Sustain is the last phase: hand the school over when it is ready');
    await tx.update(tsPartnerships).set({ phase: to }).where(eq(tsPartnerships.id, p.id));
    await recordEvent(tx, actor, {
      action: 'ts_partnership.phase_moved',
      subjectType: 'ts_partnership',
      subjectId: p.id,
      hubId: p.hubId,
      changes: { schoolUrn: p.schoolUrn, phase: [p.phase, to] },
    });
    return { phase: to };
  });
}

export interface PlanItemInput {
  partnershipId: number;
  kind: PlanItemKind;
  description: string;
  owner: string | null;
  dueOn: string | null;
}

/** Adds a priority, an action (with its owner and date) or evidence to the plan's current phase. */
export async function addPlanItem(db: Executor, actor: Actor, input: PlanItemInput): Promise<{ id: number }> {
  return db.transaction(async (tx) => {
    const p = await lockedPartnership(tx, input.partnershipId);
    refuseMovedOn(p.phase);
    if (input.kind === 'action' && (!input.owner || !input.dueOn))
      throw new ValidationError([
        ...(input.owner ? [] : [{ field: 'owner', message: 'Enter who owns the action' }]),
        ...(input.dueOn ? [] : [{ field: 'dueOn', message: 'Enter the date the action is due' }]),
      ]);
    const phase = p.phase as PlanPhase;
    const [item] = await tx
      .insert(tsPlanItems)
      .values({
        partnershipId: p.id,
        phase,
        kind: input.kind,
        description: input.description,
        owner: input.kind === 'action' ? input.owner : null,
        dueOn: input.kind === 'action' ? input.dueOn : null,
        addedByPersonId: actor.personId,
      })
      .returning({ id: tsPlanItems.id });
    await recordEvent(tx, actor, {
      action: 'ts_partnership.plan_item_added',
      subjectType: 'ts_partnership',
      subjectId: p.id,
      hubId: p.hubId,
      changes: { schoolUrn: p.schoolUrn, phase, kind: input.kind },
    });
    return { id: item!.id };
  });
}

export interface HandOverInput {
  partnershipId: number;
  /** The Work Group of the hub the school joins (a Development Work Group, or the fitting one). */
  activityId: number;
  transitionNotes: string;
  justification?: string | null;
  by: Principal;
}

/**
 * Hands a school over from its partnership (in its sustain phase) into a Work Group of the hub: the
 * school is added through the activities module's use case (so delivery changes follow) and the
 * transition notes are kept for the Work Group's lead, who reads them on the school's journey.
 */
export async function handOver(
  db: Executor,
  actor: Actor,
  input: HandOverInput,
): Promise<{ schoolName: string }> {
  return db.transaction(async (tx) => {
    const p = await lockedPartnership(tx, input.partnershipId);
    refuseMovedOn(p.phase);
    if (p.phase !== 'sustain')
      throw new ConflictError('A school is handed over from the sustain phase: move the plan on first');
    const [group] = await tx
      .select({ hubId: hubActivities.hubId, kind: hubActivities.kind })
      .from(hubActivities)
      .where(eq(hubActivities.id, input.activityId));
    if (!group || group.hubId !== p.hubId || group.kind !== 'work_group')
      throw new ValidationError([{ field: 'activityId', message: 'Choose one of the hub’s Work Groups' }]);
    const { schoolName } = await addActivitySchool(tx, actor, {
      activityId: input.activityId,
      urn: p.schoolUrn,
      by: input.by,
      justification: input.justification ?? null,
      outOfAreaReason: 'Handed over from Targeted Support in Mathematics',
    });
    await tx
      .update(tsPartnerships)
      .set({
        phase: 'moved_on',
        handoverActivityId: input.activityId,
        transitionNotes: input.transitionNotes,
        movedOnAt: new Date(),
      })
      .where(eq(tsPartnerships.id, p.id));
    await recordEvent(tx, actor, {
      action: 'ts_partnership.handed_over',
      subjectType: 'ts_partnership',
      subjectId: p.id,
      hubId: p.hubId,
      changes: { schoolUrn: p.schoolUrn, activityId: input.activityId },
    });
    return { schoolName };
  });
}
