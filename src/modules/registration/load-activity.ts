import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { hubActivities } from '../activities/schema.ts';
import { ncps } from '../catalogue/schema.ts';
import { hubs } from '../hubs/schema.ts';

/** An activity with its NCP and hub, as registration needs them. */
export async function loadActivity(db: Executor, activityId: number) {
  const [row] = await db
    .select({
      activity: hubActivities,
      ncp: {
        id: ncps.id,
        code: ncps.code,
        title: ncps.title,
        participation: ncps.participation,
        nextNcpCode: ncps.nextNcpCode,
        completesTfmStage: ncps.completesTfmStage,
      },
      hub: { id: hubs.id, name: hubs.name, slug: hubs.slug },
    })
    .from(hubActivities)
    .innerJoin(ncps, eq(ncps.id, hubActivities.ncpId))
    .innerJoin(hubs, eq(hubs.id, hubActivities.hubId))
    .where(eq(hubActivities.id, activityId));
  if (!row) throw new NotFoundError('There is no such activity');
  return row;
}
export type LoadedActivity = Awaited<ReturnType<typeof loadActivity>>;

/** Whether an activity still takes registrations. */
export const isOpenForRegistration = (status: string) => status === 'planned' || status === 'running';
