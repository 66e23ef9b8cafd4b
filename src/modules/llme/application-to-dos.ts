import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { paths } from '../../platform/paths.ts';
import { hubIdsOf, isNationalAdmin, type Principal } from '../../platform/principal.ts';

/**
 * The home page's to-dos of the development programmes: applications waiting for the hub's answer (its
 * leadership) and sponsored applications waiting for the national team's decision (national administrators).
 */
export async function applicationToDos(
  db: Executor,
  principal: Principal,
): Promise<{ kind: 'programme_applications'; count: number; text: string; href: string }[]> {
  const hubIds = hubIdsOf(principal, 'hub_leadership');
  const national = isNationalAdmin(principal);
  if (!hubIds.length && !national) return [];
  const hubList = hubIds.length
    ? sql.join(
        hubIds.map((id) => sql`${id}`),
        sql`, `,
      )
    : sql`NULL`;
  const { rows } = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM programme_applications a
    WHERE (a.status = 'awaiting_hub' AND a.hub_id IN (${hubList}))
       OR (${national} AND a.status = 'awaiting_decision')`);
  const count = Number(rows[0]?.n ?? 0);
  return [
    {
      kind: 'programme_applications',
      count,
      text: `${count === 1 ? 'application' : 'applications'} to LLME development programmes to answer`,
      href: paths.llme.applications,
    },
  ];
}
