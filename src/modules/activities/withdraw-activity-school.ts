import { and, eq } from 'drizzle-orm';
import { actorOf, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { groupSizeWarning, parseRules } from '../catalogue/rules.ts';
import { schools } from '../schools/schema.ts';
import { countActiveSchools } from './add-activity-school.ts';
import { deliveryChanged } from './delivery-changed.ts';
import { activityFor } from './load-activity.ts';
import { activitySchools } from './schema.ts';

/** Marks a school as withdrawn from an activity (its history stays). Warns when the group falls under its minimum. */
export async function withdrawActivitySchool(
  tx: Executor,
  principal: Principal,
  activityId: number,
  urn: number,
): Promise<{ schoolName: string; warning: string | null }> {
  const { activity, ncp } = await activityFor(tx, principal, activityId, 'manage');
  const [row] = await tx
    .select({ id: activitySchools.id, status: activitySchools.status, name: schools.name })
    .from(activitySchools)
    .leftJoin(schools, eq(schools.urn, activitySchools.schoolUrn))
    .where(and(eq(activitySchools.activityId, activityId), eq(activitySchools.schoolUrn, urn)));
  if (!row || row.status === 'withdrawn') {
    throw new ValidationError([{ field: 'urn', message: 'That school does not take part in this activity' }]);
  }
  await tx.update(activitySchools).set({ status: 'withdrawn' }).where(eq(activitySchools.id, row.id));
  await recordEvent(tx, actorOf(principal), {
    action: 'activity.school_withdrawn',
    subjectType: 'hub_activity',
    subjectId: activityId,
    hubId: activity.hubId,
    changes: { schoolUrn: urn, status: [row.status, 'withdrawn'] },
  });
  await deliveryChanged(tx, actorOf(principal), [activityId]);
  const count = await countActiveSchools(tx, activityId);
  return {
    schoolName: row.name ?? `URN ${urn}`,
    warning: groupSizeWarning(parseRules(ncp.rules), count, 'schools'),
  };
}
