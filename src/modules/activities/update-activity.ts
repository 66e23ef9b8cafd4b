import { eq, sql } from 'drizzle-orm';
import { actorOf, diff, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { refreshActivityStatement } from '../funding/refresh-statements.ts';
import { statusChangeProblem } from './activity-status.ts';
import { activityFor } from './load-activity.ts';
import { activityDateProblems } from './plan-activity.ts';
import { type ActivityStatus, hubActivities } from './schema.ts';

export interface UpdateActivityInput {
  title: string;
  status: ActivityStatus;
  startsOn: string;
  endsOn: string;
}

/** Changes an activity's title, dates and status (the status along its state machine). */
export async function updateActivity(
  tx: Executor,
  principal: Principal,
  id: number,
  input: UpdateActivityInput,
): Promise<{ changed: boolean }> {
  const { activity } = await activityFor(tx, principal, id, 'manage');
  const problems = activityDateProblems(activity.yearCode, input.startsOn, input.endsOn);
  const statusProblem = statusChangeProblem(activity.status, input.status);
  if (statusProblem) problems.push({ field: 'status', message: statusProblem });
  if (problems.length) throw new ValidationError(problems);
  const changes = diff(
    { title: activity.title, status: activity.status, startsOn: activity.startsOn, endsOn: activity.endsOn },
    input,
  );
  if (!Object.keys(changes).length) return { changed: false };
  await tx
    .update(hubActivities)
    .set({ ...input, updatedAt: sql`now()` })
    .where(eq(hubActivities.id, id));
  await recordEvent(tx, actorOf(principal), {
    action: input.status !== activity.status ? `activity.${input.status}` : 'activity.updated',
    subjectType: 'hub_activity',
    subjectId: id,
    hubId: activity.hubId,
    changes,
  });
  // Cancelling (or bringing back) an activity changes the hub's grant.
  await refreshActivityStatement(tx, actorOf(principal), id);
  return { changed: true };
}
