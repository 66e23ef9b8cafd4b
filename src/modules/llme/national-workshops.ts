import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { academicYearBounds } from '../../platform/dates.ts';

/** The national workshop days a year funds for each LLME. */
export const FUNDED_WORKSHOP_DAYS = 3;

export type WorkshopState =
  | 'attended'
  | 'absent'
  | 'confirmed'
  | 'waiting'
  | 'invited'
  | 'not_invited'
  | 'missed';

export interface RequiredWorkshop {
  eventId: number;
  title: string;
  startsAt: Date;
  ended: boolean;
  invited: boolean;
  placeStatus: string | null;
  state: WorkshopState;
  /** Ended without their attendance: a required workshop missed. */
  missing: boolean;
}

export interface LlmeWorkshops {
  personId: number;
  name: string;
  ncps: { code: string; title: string; workshops: RequiredWorkshop[] }[];
  /** Days of national workshops they attended in the year, against the funded three. */
  fundedDaysUsed: number;
  missingCount: number;
}

/**
 * Each LLME of a hub who leads activity in the year: the national workshops they are required to attend
 * (the national team's events, without a hub, of each NCP they lead an activity of), whether they were
 * invited (an event's targets, as events/eligibility.ts reads them), their place (confirmed, attended…)
 * and the workshop days they attended in the year against the three funded. A workshop that has ended
 * without their attendance is missing.
 */
export async function llmeWorkshops(
  db: Executor,
  query: { hubId: number; yearCode: string },
): Promise<LlmeWorkshops[]> {
  const { startsOn, endsOn } = academicYearBounds(query.yearCode);
  const { rows } = await db.execute<{
    person_id: number;
    name: string;
    code: string;
    ncp_title: string;
    event_id: number | null;
    title: string | null;
    starts_at: Date | string | null;
    ended: boolean | null;
    invited: boolean | null;
    place_status: string | null;
    days_used: number;
  }>(sql`
    WITH led AS (
      SELECT DISTINCT al.person_id, ha.ncp_id
      FROM activity_leads al JOIN hub_activities ha ON ha.id = al.activity_id
      WHERE ha.hub_id = ${query.hubId} AND ha.year_code = ${query.yearCode} AND ha.status <> 'cancelled'
    ),
    workshops AS (
      SELECT ev.id, ev.ncp_id, ev.title, ev.starts_at, ev.ends_at < now() AS ended
      FROM programme_events ev
      WHERE ev.hub_id IS NULL AND ev.status <> 'cancelled' AND ev.ncp_id IN (SELECT ncp_id FROM led)
    ),
    days AS (
      SELECT pl.person_id, count(DISTINCT d)::int AS n
      FROM event_places pl JOIN programme_events ev ON ev.id = pl.event_id
      CROSS JOIN LATERAL generate_series((ev.starts_at AT TIME ZONE 'Europe/London')::date,
                                         (ev.ends_at AT TIME ZONE 'Europe/London')::date, interval '1 day') d
      WHERE pl.status = 'attended' AND ev.hub_id IS NULL AND ev.status <> 'cancelled'
        AND pl.person_id IN (SELECT person_id FROM led)
        AND (ev.starts_at AT TIME ZONE 'Europe/London')::date BETWEEN ${startsOn}::date AND ${endsOn}::date
      GROUP BY pl.person_id
    )
    SELECT l.person_id, p.given_name || ' ' || p.family_name AS name, n.code, n.title AS ncp_title,
           w.id AS event_id, w.title, w.starts_at, w.ended,
           CASE WHEN w.id IS NULL THEN NULL ELSE EXISTS (
             SELECT 1 FROM event_targets t WHERE t.event_id = w.id AND (
               (t.kind = 'person' AND t.person_id = l.person_id)
               OR (t.kind = 'role' AND EXISTS (SELECT 1 FROM role_assignments ra
                    WHERE ra.person_id = l.person_id AND ra.role = t.role
                      AND (t.hub_id IS NULL OR ra.hub_id = t.hub_id)
                      AND (ra.ends_on IS NULL OR ra.ends_on >= current_date)))
               OR (t.kind = 'activity' AND EXISTS (SELECT 1 FROM activity_leads x
                    WHERE x.activity_id = t.activity_id AND x.person_id = l.person_id))
               OR (t.kind = 'ncp_leads' AND t.ncp_id = w.ncp_id))) END AS invited,
           pl.status AS place_status,
           coalesce(dy.n, 0) AS days_used
    FROM led l
    JOIN people p ON p.id = l.person_id
    JOIN ncps n ON n.id = l.ncp_id
    LEFT JOIN workshops w ON w.ncp_id = l.ncp_id
    LEFT JOIN event_places pl ON pl.event_id = w.id AND pl.person_id = l.person_id
    LEFT JOIN days dy ON dy.person_id = l.person_id
    WHERE p.merged_into_person_id IS NULL
    ORDER BY p.family_name, p.given_name, l.person_id, n.code, w.starts_at, w.id`);
  const byPerson = new Map<number, LlmeWorkshops>();
  for (const r of rows) {
    let entry = byPerson.get(r.person_id);
    if (!entry) {
      entry = { personId: r.person_id, name: r.name, ncps: [], fundedDaysUsed: r.days_used, missingCount: 0 };
      byPerson.set(r.person_id, entry);
    }
    let ncp = entry.ncps.find((n) => n.code === r.code);
    if (!ncp) {
      ncp = { code: r.code, title: r.ncp_title, workshops: [] };
      entry.ncps.push(ncp);
    }
    if (r.event_id === null) continue;
    const ended = !!r.ended;
    const state = workshopState(r.place_status, !!r.invited, ended);
    const missing = ended && r.place_status !== 'attended';
    if (missing) entry.missingCount++;
    ncp.workshops.push({
      eventId: r.event_id,
      title: r.title ?? '',
      startsAt: new Date(r.starts_at!),
      ended,
      invited: !!r.invited,
      placeStatus: r.place_status,
      state,
      missing,
    });
  }
  return [...byPerson.values()];
}

function workshopState(placeStatus: string | null, invited: boolean, ended: boolean): WorkshopState {
  if (placeStatus === 'attended') return 'attended';
  if (placeStatus === 'absent') return 'absent';
  if (ended) return 'missed';
  if (placeStatus === 'confirmed') return 'confirmed';
  if (placeStatus === 'waiting') return 'waiting';
  return invited ? 'invited' : 'not_invited';
}

export const workshopStateNames: Record<WorkshopState, string> = {
  attended: 'Attended',
  absent: 'Did not attend',
  confirmed: 'Place confirmed',
  waiting: 'On the waiting list',
  invited: 'Invited, no place yet',
  not_invited: 'Not invited',
  missed: 'Missed',
};

export interface WorkshopClaimLine {
  id: number;
  ncpCode: string;
  kind: string;
  claimantName: string;
  days: number | null;
  amountPence: number;
  status: string;
  description: string;
}

/**
 * The hub's claims on the Maths Hubs Network Fund in the year for the NCPs its LLMEs lead (days and travel
 * for the national workshops follow attendance: the hub claims them on its funding pages).
 */
export async function workshopClaimLines(
  db: Executor,
  query: { hubId: number; yearCode: string },
): Promise<WorkshopClaimLine[]> {
  const { rows } = await db.execute<{
    id: number;
    ncp_code: string;
    kind: string;
    claimant_name: string;
    days: number | null;
    amount_pence: number;
    status: string;
    description: string;
  }>(sql`
    SELECT c.id, c.ncp_code, c.kind, c.claimant_name, c.days, c.amount_pence, c.status, c.description
    FROM funding_claims c
    WHERE c.hub_id = ${query.hubId} AND c.year_code = ${query.yearCode}
      AND c.ncp_code IN (
        SELECT n.code FROM activity_leads al JOIN hub_activities ha ON ha.id = al.activity_id
        JOIN ncps n ON n.id = ha.ncp_id
        WHERE ha.hub_id = ${query.hubId} AND ha.year_code = ${query.yearCode} AND ha.status <> 'cancelled')
    ORDER BY c.ncp_code, c.submitted_at, c.id`);
  return rows.map((r) => ({
    id: r.id,
    ncpCode: r.ncp_code,
    kind: r.kind,
    claimantName: r.claimant_name,
    days: r.days,
    amountPence: r.amount_pence,
    status: r.status,
    description: r.description,
  }));
}
