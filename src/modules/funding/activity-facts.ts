import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { ActivityKind, ActivityStatus } from '../activities/schema.ts';
import type { ActivityFacts, ClaimFacts } from './compute-grant.ts';

// For every hub, counting each table once in a hash aggregate is cheapest; for one hub, looking up
// only its activities' rows by index is.
const allCounts = sql`
    LEFT JOIN (SELECT activity_id, count(*) AS n FROM activity_schools WHERE status NOT IN ('withdrawn', 'deferred') GROUP BY 1) s
      ON s.activity_id = a.id
    LEFT JOIN (SELECT activity_id, count(*) AS n FROM enrolments WHERE status NOT IN ('withdrawn', 'deferred') GROUP BY 1) e
      ON e.activity_id = a.id
    LEFT JOIN (SELECT activity_id, count(*) AS n FROM activity_leads GROUP BY 1) l ON l.activity_id = a.id`;
const oneHubCounts = sql`
    LEFT JOIN LATERAL (SELECT count(*) AS n FROM activity_schools x WHERE x.activity_id = a.id AND x.status NOT IN ('withdrawn', 'deferred')) s ON true
    LEFT JOIN LATERAL (SELECT count(*) AS n FROM enrolments x WHERE x.activity_id = a.id AND x.status NOT IN ('withdrawn', 'deferred')) e ON true
    LEFT JOIN LATERAL (SELECT count(*) AS n FROM activity_leads x WHERE x.activity_id = a.id) l ON true`;

/**
 * The counts grant rules use, for every activity of a year (of one hub, or of all): schools and
 * participants taking part (not withdrawn or deferred), leads, and the hub's recorded role. One query.
 */
export async function activityFacts(
  db: Executor,
  filter: { yearCode: string; hubId?: number },
): Promise<(ActivityFacts & { hubId: number })[]> {
  const result = await db.execute<{
    id: number;
    hub_id: number;
    title: string;
    ncp_code: string;
    kind: ActivityKind;
    status: ActivityStatus;
    schools: number;
    participants: number;
    leads: number;
    role: string | null;
  }>(sql`
    SELECT a.id, a.hub_id, a.title, n.code AS ncp_code, a.kind, a.status,
           coalesce(s.n, 0)::int AS schools, coalesce(e.n, 0)::int AS participants,
           coalesce(l.n, 0)::int AS leads, r.role
    FROM hub_activities a
    JOIN ncps n ON n.id = a.ncp_id
    ${filter.hubId === undefined ? allCounts : oneHubCounts}
    LEFT JOIN activity_funding_roles r ON r.activity_id = a.id
    WHERE a.year_code = ${filter.yearCode} ${filter.hubId === undefined ? sql`` : sql`AND a.hub_id = ${filter.hubId}`}
    ORDER BY a.id`);
  return result.rows.map((r) => ({
    id: r.id,
    hubId: r.hub_id,
    title: r.title,
    ncpCode: r.ncp_code,
    kind: r.kind,
    status: r.status,
    schools: r.schools,
    participants: r.participants,
    leads: r.leads,
    fundingRole: r.role,
  }));
}

/** Approved and paid claims of a year (of one hub, or of all), as statement lines owed by the MHNF. */
export async function claimFacts(
  db: Executor,
  filter: { yearCode: string; hubId?: number },
): Promise<(ClaimFacts & { hubId: number })[]> {
  const result = await db.execute<{
    id: number;
    hub_id: number;
    ncp_code: string;
    description: string;
    amount_pence: number;
    days: number | null;
  }>(sql`
    SELECT id, hub_id, ncp_code, description, amount_pence, days FROM funding_claims
    WHERE year_code = ${filter.yearCode} AND status IN ('approved', 'paid')
      ${filter.hubId === undefined ? sql`` : sql`AND hub_id = ${filter.hubId}`}
    ORDER BY id`);
  return result.rows.map((r) => ({
    id: r.id,
    hubId: r.hub_id,
    ncpCode: r.ncp_code,
    description: r.description,
    amountPence: r.amount_pence,
    days: r.days,
  }));
}
