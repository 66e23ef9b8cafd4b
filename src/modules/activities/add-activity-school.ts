import { and, eq, notInArray, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { checkGroupMaximum, groupSizeWarning, parseRules } from '../catalogue/rules.ts';
import { requireSchoolEligible } from '../journeys/admit-school.ts';
import { isOutsideHubArea, outOfAreaReasonOf } from '../schools/out-of-area.ts';
import { schools } from '../schools/schema.ts';
import { isOpenActivity } from './activity-status.ts';
import { deliveryChanged } from './delivery-changed.ts';
import { activityById } from './load-activity.ts';
import { activitySchools } from './schema.ts';

/** The schools taking part: neither withdrawn nor deferred to next year (those leave their place free). */
export async function countActiveSchools(tx: Executor, activityId: number): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(activitySchools)
    .where(
      and(
        eq(activitySchools.activityId, activityId),
        notInArray(activitySchools.status, ['withdrawn', 'deferred']),
      ),
    );
  return row?.n ?? 0;
}

/**
 * Adds a school to an activity (or registers a withdrawn one again): one that meets the NCP's rules or is
 * admitted anyway by hub leadership, up to the NCP's maximum group size. Returns a warning while the
 * group is under its minimum.
 */
export async function addActivitySchool(
  db: Executor,
  actor: Actor,
  input: AddActivitySchoolInput,
): Promise<ActivitySchoolResult> {
  return db.transaction((tx) => addSchoolIn(tx, actor, input));
}

/** A school (by URN) of an activity: to add, or to withdraw. */
export interface ActivitySchoolInput {
  activityId: number;
  urn: number;
}

/**
 * A school to add: it must meet the NCP's rules (journeys/admit-school.ts), unless the hub's leadership
 * (`by`) admits it anyway with a `justification`.
 */
export interface AddActivitySchoolInput extends ActivitySchoolInput {
  justification?: string | null;
  by?: Principal | null;
  /** Why a school outside the hub's area is added: required for such a school, ignored for others. */
  outOfAreaReason?: string | null;
}

/** The longest reason kept for adding a school outside the hub's area. */

export interface ActivitySchoolResult {
  schoolName: string;
  /** Set while the group is under its minimum size. */
  warning: string | null;
}

async function addSchoolIn(
  tx: Executor,
  actor: Actor,
  input: AddActivitySchoolInput,
): Promise<ActivitySchoolResult> {
  const { activityId, urn } = input;
  const { activity, ncp } = await activityById(tx, activityId);
  if (!isOpenActivity(activity.status)) {
    throw new ConflictError(`The activity is ${activity.status}: schools cannot be added`);
  }
  // One change to a group at a time, so two people cannot both add the last place.
  await tx.execute(sql`select pg_advisory_xact_lock(${0x61637473}, ${activityId})`);
  const [school] = await tx.select({ name: schools.name }).from(schools).where(eq(schools.urn, urn));
  if (!school) throw new ValidationError([{ field: 'urn', message: `There is no school with URN ${urn}` }]);
  // A school outside the hub's area may take part, for a reason given by whoever adds it (kept with it).
  const outside = await isOutsideHubArea(tx, activity.hubId, urn);
  const checked = outOfAreaReasonOf(outside, school.name, input.outOfAreaReason, 'adding it');
  if (checked.problem) throw new ValidationError([checked.problem]);
  const outOfAreaReason = checked.reason;
  const [existing] = await tx
    .select()
    .from(activitySchools)
    .where(and(eq(activitySchools.activityId, activityId), eq(activitySchools.schoolUrn, urn)));
  if (existing && existing.status !== 'withdrawn') {
    throw new ValidationError([{ field: 'urn', message: `${school.name} already takes part` }]);
  }
  await requireSchoolEligible(tx, actor, {
    activityId,
    ncpId: ncp.id,
    hubId: activity.hubId,
    schoolUrn: urn,
    schoolName: school.name,
    justification: input.justification,
    by: input.by,
  });
  const rules = parseRules(ncp.rules);
  const count = (await countActiveSchools(tx, activityId)) + 1;
  const check = checkGroupMaximum(rules, count, 'schools');
  if (!check.ok) {
    throw new ValidationError(
      check.reasons.map((reason) => ({ field: 'urn', message: `${school.name} cannot be added. ${reason}` })),
    );
  }
  if (existing) {
    await tx
      .update(activitySchools)
      .set({ status: 'registered', registeredAt: sql`now()`, outOfAreaReason })
      .where(eq(activitySchools.id, existing.id));
  } else {
    await tx.insert(activitySchools).values({ activityId, schoolUrn: urn, outOfAreaReason });
  }
  await recordEvent(tx, actor, {
    action: 'activity.school_added',
    subjectType: 'hub_activity',
    subjectId: activityId,
    hubId: activity.hubId,
    reason: outOfAreaReason ?? undefined,
    changes: { schoolUrn: urn, ...(outOfAreaReason ? { outsideHubArea: true } : {}) },
  });
  await deliveryChanged(tx, actor, [activityId]);
  return { schoolName: school.name, warning: groupSizeWarning(rules, count, 'schools') };
}
