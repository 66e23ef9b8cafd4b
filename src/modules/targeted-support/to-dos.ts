import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { paths } from '../../platform/paths.ts';
import { hubIdsOf, type Principal } from '../../platform/principal.ts';

/** Hub leadership's to-do (home/list-to-dos.ts): referrals of their hubs waiting for a decision. */
export async function referralsToDecide(
  db: Executor,
  principal: Principal,
): Promise<{ kind: 'ts_referrals'; count: number; text: string; href: string }> {
  const hubIds = hubIdsOf(principal, 'hub_leadership');
  const count = hubIds.length
    ? Number(
        (
          await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ts_referrals
            WHERE status = 'waiting' AND hub_id IN (${sql.join(
              hubIds.map((id) => sql`${id}`),
              sql`, `,
            )})`)
        ).rows[0]?.n ?? 0,
      )
    : 0;
  return {
    kind: 'ts_referrals',
    count,
    text: count === 1 ? 'Targeted Support referral to decide' : 'Targeted Support referrals to decide',
    href: paths.targetedSupport.home,
  };
}
