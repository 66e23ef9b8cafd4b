import { and, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ValidationError } from '../../platform/errors.ts';
import { isHubLeadershipOf, type Principal } from '../../platform/principal.ts';
import { deliveryChanged } from '../activities/delivery-changed.ts';
import { activitySchools } from '../activities/schema.ts';
import { requireSchoolEligible } from '../journeys/admit-school.ts';
import { isOutsideHubArea, outOfAreaReasonOf } from '../schools/out-of-area.ts';
import { schools } from '../schools/schema.ts';
import { isOpenForRegistration, loadActivity } from './load-activity.ts';

export interface RegisterSchoolInput {
  activityId: number;
  schoolUrn: number;
  commitmentStatement: string;
  /** Hub leadership's reason for admitting a school that does not meet the NCP's rules. */
  justification?: string | null;
  /** Who registers the school (only hub leadership of the activity's hub may admit one anyway). */
  by?: Principal | null;
  /** Hub leadership's reason for registering a school outside the hub's area (required for one). */
  outOfAreaReason?: string | null;
}

/**
 * Registers a school on an activity with its statement of commitment (or records the statement for a
 * school already taking part). A school new to the activity must meet the NCP's rules, or be admitted
 * anyway by the hub's leadership (journeys/admit-school.ts). Who recorded it is in the event; when, on the row and in the event.
 */
export async function registerSchool(
  db: Executor,
  actor: Actor,
  input: RegisterSchoolInput,
): Promise<{ activitySchoolId: number; created: boolean }> {
  return db.transaction((tx) => registerSchoolIn(tx, actor, input));
}

async function registerSchoolIn(
  tx: Executor,
  actor: Actor,
  input: RegisterSchoolInput,
): Promise<{ activitySchoolId: number; created: boolean }> {
  const { activity } = await loadActivity(tx, input.activityId);
  if (!isOpenForRegistration(activity.status)) {
    throw new ValidationError([
      { field: 'form', message: `This activity is ${activity.status}: it no longer takes registrations` },
    ]);
  }
  const [school] = await tx
    .select({ urn: schools.urn, name: schools.name })
    .from(schools)
    .where(eq(schools.urn, input.schoolUrn));
  if (!school) {
    throw new ValidationError([
      { field: 'schoolUrn', message: `There is no school with URN ${input.schoolUrn}` },
    ]);
  }
  // Hub leadership choosing a school outside the hub's area give their reason (its own contact need not).
  let outOfAreaReason: string | null = null;
  if (input.by && isHubLeadershipOf(input.by, activity.hubId)) {
    const outside = await isOutsideHubArea(tx, activity.hubId, input.schoolUrn);
    const checked = outOfAreaReasonOf(outside, school.name, input.outOfAreaReason);
    if (checked.problem) throw new ValidationError([checked.problem]);
    outOfAreaReason = checked.reason;
  }
  const statement = input.commitmentStatement.trim();
  const [existing] = await tx
    .select({ id: activitySchools.id, statement: activitySchools.commitmentStatement })
    .from(activitySchools)
    .where(and(eq(activitySchools.activityId, activity.id), eq(activitySchools.schoolUrn, input.schoolUrn)));
  if (!existing)
    await requireSchoolEligible(tx, actor, {
      activityId: activity.id,
      ncpId: activity.ncpId,
      hubId: activity.hubId,
      schoolUrn: input.schoolUrn,
      schoolName: school.name,
      field: 'schoolUrn',
      justification: input.justification,
      by: input.by,
    });
  let id: number;
  if (existing) {
    await tx
      .update(activitySchools)
      .set({ commitmentStatement: statement, commitmentRecordedAt: sql`now()` })
      .where(eq(activitySchools.id, existing.id));
    id = existing.id;
  } else {
    const [row] = await tx
      .insert(activitySchools)
      .values({
        activityId: activity.id,
        schoolUrn: input.schoolUrn,
        commitmentStatement: statement,
        commitmentRecordedAt: sql`now()`,
        outOfAreaReason,
      })
      .returning({ id: activitySchools.id });
    id = row!.id;
  }
  await recordEvent(tx, actor, {
    action: existing ? 'activity_school.commitment_recorded' : 'activity_school.registered',
    subjectType: 'hub_activity',
    subjectId: activity.id,
    hubId: activity.hubId,
    reason: outOfAreaReason ?? undefined,
    changes: {
      schoolUrn: input.schoolUrn,
      commitmentStatement: existing ? [existing.statement, statement] : statement,
      ...(outOfAreaReason ? { outsideHubArea: true } : {}),
    },
  });
  if (!existing) await deliveryChanged(tx, actor, [activity.id]);
  return { activitySchoolId: id, created: !existing };
}
