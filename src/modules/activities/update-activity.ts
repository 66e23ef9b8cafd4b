import { sql } from 'drizzle-orm';
import { type Actor, diff, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { assertVersion, updateAtVersion } from '../../platform/edit-versions.ts';
import { ValidationError } from '../../platform/errors.ts';
import { statusChangeProblem } from './activity-status.ts';
import { deliveryChanged } from './delivery-changed.ts';
import { activityById } from './load-activity.ts';
import { activityDateProblems } from './plan-activity.ts';
import { type ActivityStatus, hubActivities } from './schema.ts';

export interface UpdateActivityInput {
  activityId: number;
  title: string;
  status: ActivityStatus;
  startsOn: string;
  endsOn: string;
  /** The version the edit was made from (the form's hidden field): a stale edit is refused. */
  version: number;
}

/**
 * Changes an activity's title, dates and status (the status along its state machine, but never to
 * completed: only the year-end close in close-activity.ts completes an activity), only from its
 * current version: an edit made from an older one throws `StaleEditError` and changes nothing.
 */
export async function updateActivity(
  db: Executor,
  actor: Actor,
  input: UpdateActivityInput,
): Promise<{ changed: boolean }> {
  return db.transaction((tx) => updateIn(tx, actor, input));
}

async function updateIn(
  tx: Executor,
  actor: Actor,
  input: UpdateActivityInput,
): Promise<{ changed: boolean }> {
  const { activityId: id, version, ...fields } = input;
  const { activity } = await activityById(tx, id);
  const changes = diff(
    { title: activity.title, status: activity.status, startsOn: activity.startsOn, endsOn: activity.endsOn },
    fields,
  );
  if (!Object.keys(changes).length) return { changed: false };
  // Someone else saved since the form was made: refuse before judging the change against their version.
  assertVersion(version, activity.version);
  const problems = activityDateProblems(activity.yearCode, fields.startsOn, fields.endsOn);
  const statusProblem = statusChangeProblem(activity.status, fields.status);
  if (statusProblem) problems.push({ field: 'status', message: statusProblem });
  if (problems.length) throw new ValidationError(problems);
  await updateAtVersion(tx, hubActivities, id, version, { ...fields, updatedAt: sql`now()` });
  await recordEvent(tx, actor, {
    action: fields.status !== activity.status ? `activity.${fields.status}` : 'activity.updated',
    subjectType: 'hub_activity',
    subjectId: id,
    hubId: activity.hubId,
    changes,
  });
  // Cancelling (or bringing back) an activity changes the hub's grant.
  await deliveryChanged(tx, actor, [id]);
  return { changed: true };
}
