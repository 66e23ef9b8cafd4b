import { and, eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ValidationError } from '../../platform/errors.ts';
import { groupSizeWarning, parseRules } from '../catalogue/rules.ts';
import { schools } from '../schools/schema.ts';
import {
  type ActivitySchoolInput,
  type ActivitySchoolResult,
  countActiveSchools,
} from './add-activity-school.ts';
import { deliveryChanged } from './delivery-changed.ts';
import { activityById } from './load-activity.ts';
import { activitySchools } from './schema.ts';

/** Marks a school as withdrawn from an activity (its history stays). Warns when the group falls under its minimum. */
export async function withdrawActivitySchool(
  db: Executor,
  actor: Actor,
  input: ActivitySchoolInput,
): Promise<ActivitySchoolResult> {
  return db.transaction((tx) => withdrawIn(tx, actor, input));
}

async function withdrawIn(
  tx: Executor,
  actor: Actor,
  input: ActivitySchoolInput,
): Promise<ActivitySchoolResult> {
  const { activityId, urn } = input;
  const { activity, ncp } = await activityById(tx, activityId);
  const [row] = await tx
    .select({ id: activitySchools.id, status: activitySchools.status, name: schools.name })
    .from(activitySchools)
    .leftJoin(schools, eq(schools.urn, activitySchools.schoolUrn))
    .where(and(eq(activitySchools.activityId, activityId), eq(activitySchools.schoolUrn, urn)));
  if (!row || row.status === 'withdrawn') {
    throw new ValidationError([{ field: 'urn', message: 'That school does not take part in this activity' }]);
  }
  await tx.update(activitySchools).set({ status: 'withdrawn' }).where(eq(activitySchools.id, row.id));
  await recordEvent(tx, actor, {
    action: 'activity.school_withdrawn',
    subjectType: 'hub_activity',
    subjectId: activityId,
    hubId: activity.hubId,
    changes: { schoolUrn: urn, status: [row.status, 'withdrawn'] },
  });
  await deliveryChanged(tx, actor, [activityId]);
  const count = await countActiveSchools(tx, activityId);
  return {
    schoolName: row.name ?? `URN ${urn}`,
    warning: groupSizeWarning(parseRules(ncp.rules), count, 'schools'),
  };
}
