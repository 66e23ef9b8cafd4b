import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { activityFacts } from './activity-facts.ts';
import { computeGrant } from './compute-grant.ts';
import { rulesForYear } from './rules-for-year.ts';

/**
 * The grant each activity of a year earns from its records under its NCP's rules (pence, by activity
 * id): the same computation as the hub's grant statement, lines traced to their activity summed. A
 * once-per-hub sum is traced to the first activity of its NCP, as on the statement. Reading writes no
 * statement revision.
 */
export async function grantByActivity(
  db: Executor,
  filter: { yearCode: string; hubId?: number },
): Promise<Map<number, number>> {
  const [facts, rules] = await readsAtOnce(db, [
    () => activityFacts(db, filter),
    () => rulesForYear(db, filter.yearCode),
  ]);
  const byHub = new Map<number, typeof facts>();
  for (const f of facts) byHub.set(f.hubId, [...(byHub.get(f.hubId) ?? []), f]);
  const totals = new Map<number, number>();
  for (const activities of byHub.values()) {
    for (const line of computeGrant(activities, rules).lines) {
      if (line.activityId === null) continue;
      totals.set(line.activityId, (totals.get(line.activityId) ?? 0) + line.amountPence);
    }
  }
  return totals;
}
