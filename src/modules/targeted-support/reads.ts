import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { HubScope } from '../../platform/hub-scope.ts';
import type { PartnershipPhase, PlanItemKind, PlanPhase, ReferralSource, ReferralStatus } from './rules.ts';

/** Which records a list reads: a hub scope (and one hub of it), or one ISP's own partnerships. */
export interface ListScope {
  scope: HubScope;
  hubId: number | null;
  /** Set for a person who sees only the partnerships they are the ISP of. */
  ispPersonId: number | null;
  yearCode: string;
}

const scopeSql = (q: ListScope, alias: string) => {
  const hubCol = sql.raw(`${alias}.hub_id`);
  const parts = [sql`${sql.raw(`${alias}.year_code`)} = ${q.yearCode}`];
  if (q.ispPersonId !== null) parts.push(sql`${sql.raw(`${alias}.isp_person_id`)} = ${q.ispPersonId}`);
  else if (q.scope.kind === 'none') parts.push(sql`false`);
  else if (q.scope.kind === 'hubs')
    parts.push(
      sql`${hubCol} IN (${sql.join(
        q.scope.hubIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  if (q.hubId !== null) parts.push(sql`${hubCol} = ${q.hubId}`);
  return sql.join(parts, sql` AND `);
};

export type ReferralRow = {
  id: number;
  hubId: number;
  hubName: string;
  schoolUrn: number;
  schoolName: string;
  yearCode: string;
  barriers: string;
  source: ReferralSource;
  status: ReferralStatus;
  decisionNote: string | null;
  referredBy: string | null;
  createdAt: string;
  decidedAt: string | null;
  partnershipId: number | null;
};

const referralSelect = sql`
  SELECT r.id, r.hub_id AS "hubId", h.name AS "hubName", r.school_urn AS "schoolUrn", s.name AS "schoolName",
         r.year_code AS "yearCode", r.barriers, r.source, r.status, r.decision_note AS "decisionNote",
         nullif(trim(p.given_name || ' ' || p.family_name), '') AS "referredBy",
         to_char(r.created_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS "createdAt",
         to_char(r.decided_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS "decidedAt",
         tp.id AS "partnershipId"
  FROM ts_referrals r
  JOIN hubs h ON h.id = r.hub_id
  JOIN schools s ON s.urn = r.school_urn
  LEFT JOIN people p ON p.id = r.referred_by_person_id
  LEFT JOIN ts_partnerships tp ON tp.referral_id = r.id`;

/** A list's referrals (those waiting first, oldest first). ISPs see none. */
export async function listReferrals(
  db: Executor,
  q: ListScope & { status?: ReferralStatus },
): Promise<ReferralRow[]> {
  if (q.ispPersonId !== null) return [];
  const where = scopeSql(q, 'r');
  const rows = await db.execute<ReferralRow>(sql`${referralSelect}
    WHERE ${where} ${q.status ? sql`AND r.status = ${q.status}` : sql``}
    ORDER BY (r.status = 'waiting') DESC, r.created_at, r.id`);
  return rows.rows;
}

export async function getReferral(db: Executor, referralId: number): Promise<ReferralRow> {
  const rows = await db.execute<ReferralRow>(sql`${referralSelect} WHERE r.id = ${referralId}`);
  const row = rows.rows[0];
  if (!row) throw new NotFoundError('There is no such referral');
  return row;
}

export type PartnershipRow = {
  id: number;
  hubId: number;
  hubName: string;
  schoolUrn: number;
  schoolName: string;
  yearCode: string;
  ispPersonId: number;
  ispName: string;
  ispCredentials: string;
  schoolLeaders: string;
  activityId: number;
  phase: PartnershipPhase;
  startedOn: string;
  barriers: string;
  handoverActivityId: number | null;
  handoverActivityTitle: string | null;
  transitionNotes: string | null;
  movedOnOn: string | null;
  visits: number;
};

const partnershipSelect = sql`
  SELECT tp.id, tp.hub_id AS "hubId", h.name AS "hubName", tp.school_urn AS "schoolUrn", s.name AS "schoolName",
         tp.year_code AS "yearCode", tp.isp_person_id AS "ispPersonId",
         trim(p.given_name || ' ' || p.family_name) AS "ispName", tp.isp_credentials AS "ispCredentials",
         tp.school_leaders AS "schoolLeaders", tp.activity_id AS "activityId", tp.phase,
         to_char(tp.started_on, 'YYYY-MM-DD') AS "startedOn", r.barriers,
         tp.handover_activity_id AS "handoverActivityId", wg.title AS "handoverActivityTitle",
         tp.transition_notes AS "transitionNotes",
         to_char(tp.moved_on_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS "movedOnOn",
         (SELECT count(*)::int FROM school_visits v WHERE v.activity_id = tp.activity_id) AS visits
  FROM ts_partnerships tp
  JOIN ts_referrals r ON r.id = tp.referral_id
  JOIN hubs h ON h.id = tp.hub_id
  JOIN schools s ON s.urn = tp.school_urn
  JOIN people p ON p.id = tp.isp_person_id
  LEFT JOIN hub_activities wg ON wg.id = tp.handover_activity_id`;

/** A list's partnerships, by phase then school. */
export async function listPartnerships(
  db: Executor,
  q: ListScope & { movedOn?: boolean },
): Promise<PartnershipRow[]> {
  const where = scopeSql(q, 'tp');
  const moved =
    q.movedOn === undefined
      ? sql``
      : q.movedOn
        ? sql`AND tp.phase = 'moved_on'`
        : sql`AND tp.phase <> 'moved_on'`;
  const rows = await db.execute<PartnershipRow>(sql`${partnershipSelect}
    WHERE ${where} ${moved}
    ORDER BY array_position(ARRAY['explore','plan','deliver','sustain','moved_on'], tp.phase), s.name, tp.id`);
  return rows.rows;
}

export async function getPartnership(db: Executor, partnershipId: number): Promise<PartnershipRow> {
  const rows = await db.execute<PartnershipRow>(sql`${partnershipSelect} WHERE tp.id = ${partnershipId}`);
  const row = rows.rows[0];
  if (!row) throw new NotFoundError('There is no such partnership');
  return row;
}

export type PlanItemRow = {
  id: number;
  phase: PlanPhase;
  kind: PlanItemKind;
  description: string;
  owner: string | null;
  dueOn: string | null;
};

export async function planItemsOf(db: Executor, partnershipId: number): Promise<PlanItemRow[]> {
  const rows = await db.execute<PlanItemRow>(sql`
    SELECT id, phase, kind, description, owner, to_char(due_on, 'YYYY-MM-DD') AS "dueOn"
    FROM ts_plan_items WHERE partnership_id = ${partnershipId}
    ORDER BY array_position(ARRAY['explore','plan','deliver','sustain'], phase),
             array_position(ARRAY['priority','action','evidence'], kind), id`);
  return rows.rows;
}

/** The people who may be a partnership's ISP: holding both the ISP and the LLME role in the hub today. */
export async function ispChoices(
  db: Executor,
  hubId: number,
): Promise<{ personId: number; name: string; title: string | null }[]> {
  const rows = await db.execute<{ personId: number; name: string; title: string | null }>(sql`
    SELECT p.id AS "personId", trim(p.given_name || ' ' || p.family_name) AS name, max(r.title) AS title
    FROM people p
    JOIN role_assignments r ON r.person_id = p.id AND r.role = 'intensive_support_partner' AND r.hub_id = ${hubId}
      AND (r.starts_on IS NULL OR r.starts_on <= current_date) AND (r.ends_on IS NULL OR r.ends_on > current_date)
    WHERE p.merged_into_person_id IS NULL AND p.erased_at IS NULL
      AND EXISTS (SELECT 1 FROM role_assignments l WHERE l.person_id = p.id AND l.role = 'llme' AND l.hub_id = ${hubId}
                  AND (l.starts_on IS NULL OR l.starts_on <= current_date) AND (l.ends_on IS NULL OR l.ends_on > current_date))
    GROUP BY p.id ORDER BY p.family_name, p.given_name, p.id`);
  return rows.rows;
}

/** The hub's open Work Groups of the year a school may be handed over into (Development Work Groups first). */
export async function handoverChoices(
  db: Executor,
  q: { hubId: number; yearCode: string },
): Promise<{ id: number; title: string; ncpTitle: string }[]> {
  const rows = await db.execute<{ id: number; title: string; ncpTitle: string }>(sql`
    SELECT a.id, a.title, n.title AS "ncpTitle"
    FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
    WHERE a.hub_id = ${q.hubId} AND a.year_code = ${q.yearCode} AND a.kind = 'work_group'
      AND a.status IN ('planned', 'running')
    ORDER BY (n.title ILIKE '%development%') DESC, a.title, a.id`);
  return rows.rows;
}

/** A school's partnerships, newest first, for its journey page (Targeted Support before TfM). */
export async function partnershipsOfSchool(
  db: Executor,
  q: { urns: readonly number[] },
): Promise<PartnershipRow[]> {
  if (!q.urns.length) return [];
  const rows = await db.execute<PartnershipRow>(sql`${partnershipSelect}
    WHERE tp.school_urn IN (${sql.join(
      q.urns.map((u) => sql`${u}`),
      sql`, `,
    )})
    ORDER BY tp.year_code DESC, tp.id DESC`);
  return rows.rows;
}
