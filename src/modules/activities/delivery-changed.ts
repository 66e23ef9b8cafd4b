import type { Actor } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';

/**
 * What changed in a hub's delivery records: some activities (the usual case), or every activity of
 * some hubs in a year (a bulk import, which may touch thousands of activities and can move one to
 * another NCP: its hubs' whole year is looked at again).
 */
export type DeliveryChange =
  | { activityIds: readonly number[]; yearCode?: undefined; hubIds?: undefined }
  | { yearCode: string; hubIds: readonly number[]; activityIds?: undefined };

/** A module that follows delivery (funding's grant statements; later evaluation). */
export type DeliveryListener = (tx: Executor, actor: Actor, change: DeliveryChange) => Promise<unknown>;

const listeners = new Map<string, DeliveryListener>();

/**
 * Subscribes a module to changes in delivery records, under a name (subscribing the same name again
 * replaces it, so a composition root imported twice subscribes once). Only the composition root
 * (src/subscriptions.ts) subscribes; returns a function that unsubscribes (for tests).
 */
export function onDeliveryChanged(name: string, listener: DeliveryListener): () => void {
  listeners.set(name, listener);
  return () => {
    if (listeners.get(name) === listener) listeners.delete(name);
  };
}

/**
 * The one hook for a change to delivery records: every writer of what a hub delivered — an activity
 * (planned, its title, dates or status), its schools, participants (enrolled, withdrawn), leads, the
 * hub's role in it, people merged, the delivery and follow-ups imports — calls it in the transaction of
 * the change, after writing. Each subscriber runs in turn in that transaction, so an error rolls the
 * change back. Sessions and registers are not delivery changes here: nothing that follows delivery
 * counts them (yet). A writer gives the activities it changed, or `{ yearCode, hubIds }` for a bulk
 * change. Nothing changed (no ids, no hubs): nothing runs. With no subscriber at all it throws, as the
 * entry point has not wired the modules (import src/subscriptions.ts), and a change would go unseen.
 */
export async function deliveryChanged(
  tx: Executor,
  actor: Actor,
  change: readonly number[] | { yearCode: string; hubIds: readonly number[] },
): Promise<void> {
  const normal: DeliveryChange = isActivityIds(change) ? { activityIds: change } : change;
  if ((normal.activityIds ?? normal.hubIds).length === 0) return;
  if (listeners.size === 0) {
    throw new Error(
      'Delivery changed, but nothing follows it: import src/subscriptions.ts in the entry point',
    );
  }
  for (const listener of listeners.values()) await listener(tx, actor, normal);
}

function isActivityIds(
  change: readonly number[] | { yearCode: string; hubIds: readonly number[] },
): change is readonly number[] {
  return Array.isArray(change);
}
