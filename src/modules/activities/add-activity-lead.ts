import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { checkLead, parseRules } from '../catalogue/rules.ts';
import { accreditations, people, roleAssignments } from '../people/schema.ts';
import { isOpenActivity } from './activity-status.ts';
import { deliveryChanged } from './delivery-changed.ts';
import { activityById } from './load-activity.ts';
import { activityLeads } from './schema.ts';

/** A role assignment held today. */
export const isCurrentAssignment = and(
  or(isNull(roleAssignments.startsOn), lte(roleAssignments.startsOn, sql`current_date`)),
  or(isNull(roleAssignments.endsOn), gt(roleAssignments.endsOn, sql`current_date`)),
);

/**
 * Who may lead an activity of hub `hubId` on an NCP with these rules (the page and the activities
 * import apply this one check): an LLME of the hub today (`llme` is null for anyone else, whether or
 * not they exist), holding an accreditation the NCP's rules ask for (`reasons` says what is missing).
 */
export async function leadCheck(
  tx: Executor,
  input: { personId: number; hubId: number; ncpRules: unknown },
): Promise<{ llme: { id: number; givenName: string; familyName: string } | null; reasons: string[] }> {
  const [llme] = await tx
    .select({ id: people.id, givenName: people.givenName, familyName: people.familyName })
    .from(people)
    .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
    .where(
      and(
        eq(people.id, input.personId),
        isNull(people.mergedIntoPersonId),
        eq(roleAssignments.role, 'llme'),
        eq(roleAssignments.hubId, input.hubId),
        isCurrentAssignment,
      ),
    )
    .limit(1);
  if (!llme) return { llme: null, reasons: [] };
  const held = await tx
    .select({ kind: accreditations.kind })
    .from(accreditations)
    .where(eq(accreditations.personId, llme.id));
  const check = checkLead(
    parseRules(input.ncpRules),
    held.map((a) => a.kind),
  );
  return { llme, reasons: check.ok ? [] : check.reasons };
}

/**
 * Adds an LLME of the activity's hub as one of its leads. When the NCP's rules ask for an accreditation
 * (a TfM Work Group is led by an accredited Mastery Specialist), someone without it is refused.
 */
export async function addActivityLead(
  db: Executor,
  actor: Actor,
  input: AddActivityLeadInput,
): Promise<{ name: string }> {
  return db.transaction((tx) => addLeadIn(tx, actor, input));
}

export interface AddActivityLeadInput {
  activityId: number;
  personId: number;
  /** Their role in the activity. */
  title: string;
}

async function addLeadIn(tx: Executor, actor: Actor, input: AddActivityLeadInput): Promise<{ name: string }> {
  const { activityId } = input;
  const { activity, ncp, leadPersonIds } = await activityById(tx, activityId);
  if (!isOpenActivity(activity.status)) {
    throw new ConflictError(`The activity is ${activity.status}: its leads cannot change`);
  }
  const { llme, reasons } = await leadCheck(tx, {
    personId: input.personId,
    hubId: activity.hubId,
    ncpRules: ncp.rules,
  });
  if (!llme) {
    throw new ValidationError([{ field: 'personId', message: 'Choose an LLME of this hub from the list' }]);
  }
  const name = `${llme.givenName} ${llme.familyName}`;
  if (leadPersonIds.includes(llme.id)) {
    throw new ValidationError([{ field: 'personId', message: `${name} already leads this activity` }]);
  }
  if (reasons.length) {
    throw new ValidationError(
      reasons.map((reason) => ({ field: 'personId', message: `${name} cannot lead it. ${reason}` })),
    );
  }
  await tx.insert(activityLeads).values({ activityId, personId: llme.id, title: input.title });
  await recordEvent(tx, actor, {
    action: 'activity.lead_added',
    subjectType: 'hub_activity',
    subjectId: activityId,
    hubId: activity.hubId,
    changes: { personId: llme.id, title: input.title },
  });
  // Leads count where a rule pays for each lead.
  await deliveryChanged(tx, actor, [activityId]);
  return { name };
}
