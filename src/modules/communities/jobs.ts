import { systemActor } from '../../platform/audit.ts';
import type { Services } from '../../platform/services.ts';
import { sendCommunityDigest } from './digest.ts';
import { publishDueMessages } from './messages.ts';
import { recountSpaces } from './spaces.ts';

/**
 * The pg-boss queues of communities: messages waiting for their time, the daily digest at 7am, and the
 * kept member counts of the spaces writes marked (or of an earlier day or academic year) recounted every
 * minute.
 */
export const communityQueues = {
  scheduled: 'community-scheduled-posts',
  digest: 'community-digest',
  memberCounts: 'community-member-counts',
};
export const COMMUNITY_DIGEST_CRON = '0 7 * * *';

/** Starts the communities' scheduled work in this process (the web server does). */
export async function startCommunityJobs(services: Services): Promise<void> {
  const boss = await services.queue.start();
  await boss.createQueue(communityQueues.scheduled, { policy: 'short' });
  await boss.createQueue(communityQueues.digest, { retryLimit: 3, retryDelay: 600 });
  await boss.work(communityQueues.scheduled, { pollingIntervalSeconds: 10 }, async () => {
    while ((await publishDueMessages(services.db, systemActor('scheduled posts'), services)) > 0) {
      // Until none is due.
    }
  });
  await boss.work(communityQueues.digest, { pollingIntervalSeconds: 10 }, async () => {
    await sendCommunityDigest(services.db, systemActor('daily digest'), services);
  });
  await boss.schedule(communityQueues.scheduled, '* * * * *', {}, { tz: 'Europe/London' });
  await boss.schedule(communityQueues.digest, COMMUNITY_DIGEST_CRON, {}, { tz: 'Europe/London' });
  await boss.createQueue(communityQueues.memberCounts, { policy: 'short' });
  await boss.work(communityQueues.memberCounts, { pollingIntervalSeconds: 10 }, async () => {
    await recountSpaces(services.db);
  });
  await boss.schedule(communityQueues.memberCounts, '* * * * *', {}, { tz: 'Europe/London' });
}
