import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import type { DeliveryListener } from '../activities/delivery-changed.ts';
import { activityFacts, claimFacts } from './activity-facts.ts';
import { computeGrant } from './compute-grant.ts';
import { rulesForYear } from './rules-for-year.ts';
import { lockStatements, reviseStatement } from './sync-statement.ts';

/**
 * Brings hubs' grant statements for a year up to date with the records, in the caller's transaction, so
 * that a change to what a hub ran revises its statement when it happens (the revision's time and the
 * `funding.statement_revised` event, by `actor`, are the change's). `hubIds` are the hubs whose records
 * changed; without them, every hub with activities, claims or statements in the year. A year without
 * grant rules is left alone (one query). Computes each table's facts once for many hubs.
 */
export async function refreshStatements(
  tx: Executor,
  actor: Actor,
  yearCode: string,
  hubIds?: readonly number[],
): Promise<{ hubs: number; revised: number }> {
  // Rule sets reference a recorded academic year, so a year with rules has somewhere to keep statements.
  const ruled = await tx.execute<{ ruled: boolean }>(
    sql`SELECT EXISTS (SELECT 1 FROM grant_rule_sets WHERE year_code = ${yearCode}) AS ruled`,
  );
  if (!ruled.rows[0]?.ruled) return { hubs: 0, revised: 0 };
  return refreshRuled(tx, actor, yearCode, hubIds);
}

/** `refreshStatements` for a year known to have grant rules. */
async function refreshRuled(
  tx: Executor,
  actor: Actor,
  yearCode: string,
  hubIds?: readonly number[],
): Promise<{ hubs: number; revised: number }> {
  let ids: number[];
  if (hubIds) {
    ids = [...new Set(hubIds)];
  } else {
    const rows = await tx.execute<{ hub_id: number }>(sql`
      SELECT hub_id FROM hub_activities WHERE year_code = ${yearCode}
      UNION SELECT hub_id FROM funding_claims WHERE year_code = ${yearCode}
      UNION SELECT hub_id FROM grant_statements WHERE year_code = ${yearCode}`);
    ids = rows.rows.map((r) => r.hub_id);
  }
  ids.sort((a, b) => a - b);
  if (!ids.length) return { hubs: 0, revised: 0 };
  await lockStatements(tx, ids);
  const rules = await rulesForYear(tx, yearCode);
  // One hub: its rows by index; several: every row of the year once.
  const one = ids.length === 1 ? { yearCode, hubId: ids[0]! } : { yearCode };
  const facts = await activityFacts(tx, one);
  const claims = await claimFacts(tx, one);
  let revised = 0;
  for (const hubId of ids) {
    const { lines } = computeGrant(
      facts.filter((f) => f.hubId === hubId),
      rules,
      claims.filter((c) => c.hubId === hubId),
    );
    if ((await reviseStatement(tx, hubId, yearCode, lines, actor)).revised) revised++;
  }
  return { hubs: ids.length, revised };
}

/**
 * After a change to activities (planned, updated, a school or participant added or withdrawn, a lead or
 * the hub's role recorded, people merged; told through `deliveryChanged`, see
 * `reviseStatementsOnDeliveryChange`): revises their hubs' statements for their years in the same
 * transaction, each hub-year once. Activities whose NCP has no grant rules that year are left out (one
 * query finds hubs, years and rules), since their records cannot change a line.
 */
export async function refreshActivityStatements(
  tx: Executor,
  actor: Actor,
  activityIds: readonly number[],
): Promise<{ hubs: number; revised: number }> {
  const total = { hubs: 0, revised: 0 };
  if (!activityIds.length) return total;
  const result = await tx.execute<{ hub_id: number; year_code: string }>(sql`
    SELECT DISTINCT a.hub_id, a.year_code
    FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
    WHERE a.id = ANY(${`{${activityIds.map((id) => Math.trunc(id)).join(',')}}`}::int[])
      AND EXISTS (SELECT 1 FROM grant_rule_sets g WHERE g.year_code = a.year_code AND g.ncp_code = n.code)
    ORDER BY a.year_code, a.hub_id`);
  const byYear = new Map<string, number[]>();
  for (const r of result.rows) byYear.set(r.year_code, [...(byYear.get(r.year_code) ?? []), r.hub_id]);
  for (const [yearCode, hubIds] of byYear) {
    const done = await refreshRuled(tx, actor, yearCode, hubIds);
    total.hubs += done.hubs;
    total.revised += done.revised;
  }
  return total;
}

/** `refreshActivityStatements` for one activity. */
export const refreshActivityStatement = (tx: Executor, actor: Actor, activityId: number) =>
  refreshActivityStatements(tx, actor, [activityId]);

/**
 * Funding's subscriber to `deliveryChanged` (subscribed by src/subscriptions.ts): the statements of the
 * hubs whose delivery changed follow, in the change's transaction. Writers of delivery records call the
 * hook, never these functions; funding's own changes (a claim decided, grant rules updated) call
 * `refreshStatements` directly.
 */
export const reviseStatementsOnDeliveryChange: DeliveryListener = (tx, actor, change) =>
  change.activityIds
    ? refreshActivityStatements(tx, actor, change.activityIds)
    : refreshStatements(tx, actor, change.yearCode, change.hubIds);
