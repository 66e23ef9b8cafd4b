import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { activitySchools, activitySessions, enrolments, hubActivities } from '../activities/schema.ts';
import { parseRules } from '../catalogue/rules.ts';
import { type NcpPhase, ncps } from '../catalogue/schema.ts';
import { commitmentsOf } from '../registration/commitment.ts';
import { hubs } from './schema.ts';

/** The phases of a hub's offer, in the order the page shows them (the handbook's order, cross-phase last). */
export const offerPhases = ['primary', 'secondary', 'post_16', 'special', 'cross_phase'] as const;

export interface OfferActivity {
  id: number;
  title: string;
  status: string;
  ncp: { id: number; code: string; title: string; phases: NcpPhase[]; type: string };
  /** Who it is for: the specification's Participants section (G), when the catalogue gives one. */
  whoFor: string | null;
  /** What a participant commits to, in sentences (registration/commitment.ts). */
  commitment: string[];
  firstSession: Date | null;
  lastSession: Date | null;
  /** Places left in the NCP's largest group, or null when the NCP sets no maximum ("places available"). */
  placesLeft: number | null;
  placesUnit: 'schools' | 'participants' | null;
  openForDirectRegistration: boolean;
}

export interface HubOffer {
  hub: { id: number; slug: string; name: string; contactEmail: string | null };
  yearCode: string;
  phases: { phase: (typeof offerPhases)[number]; activities: OfferActivity[] }[];
  total: number;
}

/** The phase an activity is offered under: its NCP's one phase, else cross-phase. */
export function offerPhaseOf(phases: readonly NcpPhase[]): (typeof offerPhases)[number] {
  return phases.length === 1 ? phases[0]! : 'cross_phase';
}

/**
 * A hub's public offer for a year: its planned and running activities, by phase, each with what it is,
 * who it is for, the commitment, the first and last session and the places left. Reads only.
 */
export async function getHubOffer(
  db: Executor,
  query: { slug: string; yearCode: string; ncpCode?: string | null },
): Promise<HubOffer> {
  const [hub] = await db
    .select({ id: hubs.id, slug: hubs.slug, name: hubs.name, contactEmail: hubs.contactEmail })
    .from(hubs)
    .where(eq(hubs.slug, query.slug));
  if (!hub) throw new NotFoundError('There is no such Maths Hub');
  const rows = await db
    .select({
      id: hubActivities.id,
      title: hubActivities.title,
      status: hubActivities.status,
      openForDirectRegistration: hubActivities.openForDirectRegistration,
      ncp: { id: ncps.id, code: ncps.code, title: ncps.title, phases: ncps.phases, type: ncps.type },
      sections: ncps.sections,
      rules: ncps.rules,
      firstSession: sql<Date | null>`(SELECT min(${activitySessions.startsAt}) FROM ${activitySessions} WHERE ${activitySessions.activityId} = ${hubActivities.id})`,
      lastSession: sql<Date | null>`(SELECT max(${activitySessions.startsAt}) FROM ${activitySessions} WHERE ${activitySessions.activityId} = ${hubActivities.id})`,
      schools: sql<number>`(SELECT count(*)::int FROM ${activitySchools} WHERE ${activitySchools.activityId} = ${hubActivities.id} AND ${activitySchools.status} NOT IN ('withdrawn', 'deferred'))`,
      participants: sql<number>`(SELECT count(*)::int FROM ${enrolments} WHERE ${enrolments.activityId} = ${hubActivities.id} AND ${enrolments.status} NOT IN ('withdrawn', 'deferred'))`,
    })
    .from(hubActivities)
    .innerJoin(ncps, eq(ncps.id, hubActivities.ncpId))
    .where(
      and(
        eq(hubActivities.hubId, hub.id),
        eq(hubActivities.yearCode, query.yearCode),
        inArray(hubActivities.status, ['planned', 'running']),
        // One NCP's code, or several separated by commas (a school's next step can be more than one).
        query.ncpCode
          ? inArray(
              ncps.code,
              query.ncpCode.split(',').map((c) => c.trim()),
            )
          : undefined,
      ),
    )
    .orderBy(asc(ncps.code), asc(hubActivities.title));

  const commitments = await commitmentsOf(
    db,
    rows.map((r) => r.id),
  );
  const activities: (OfferActivity & { phase: (typeof offerPhases)[number] })[] = [];
  for (const row of rows) {
    const size = parseRules(row.rules).groupSize;
    const taken = size?.unit === 'schools' ? row.schools : row.participants;
    const commitment = commitments.get(row.id)!;
    activities.push({
      id: row.id,
      title: row.title,
      status: row.status,
      ncp: row.ncp,
      whoFor: row.sections?.participants?.trim() || null,
      commitment: commitment.summary,
      firstSession: row.firstSession ? new Date(row.firstSession) : null,
      lastSession: row.lastSession ? new Date(row.lastSession) : null,
      placesLeft: size?.max !== undefined ? Math.max(0, size.max - taken) : null,
      placesUnit: size?.max !== undefined ? size.unit : null,
      openForDirectRegistration: row.openForDirectRegistration,
      phase: offerPhaseOf(row.ncp.phases),
    });
  }
  const phases = offerPhases
    .map((phase) => ({
      phase,
      activities: activities.filter((a) => a.phase === phase).map(({ phase: _p, ...a }) => a),
    }))
    .filter((p) => p.activities.length);
  return { hub, yearCode: query.yearCode, phases, total: activities.length };
}

/** The offer's words for one activity: who it is for, its dates and its places. */
export function offerTexts(
  a: OfferActivity,
  names: Record<NcpPhase, string>,
  formatDate: (d: Date) => string,
): { whoForText: string; datesText: string; placesText: string } {
  const phases = a.ncp.phases.map((p) => names[p].toLowerCase()).join(', ');
  const whoForText = a.whoFor ?? `Teachers in ${phases} schools`;
  let datesText = 'Dates to be announced';
  if (a.firstSession) {
    const first = formatDate(a.firstSession);
    const last = a.lastSession ? formatDate(a.lastSession) : first;
    datesText = first === last ? first : `${first} to ${last}`;
  }
  let placesText = 'Places available';
  if (a.placesLeft === 0) placesText = 'Full: register interest to hear of the next group';
  else if (a.placesLeft !== null) {
    const unit =
      a.placesUnit === 'schools'
        ? a.placesLeft === 1
          ? 'school'
          : 'schools'
        : a.placesLeft === 1
          ? 'place'
          : 'places';
    placesText = `${a.placesLeft} ${unit} left`;
  }
  return { whoForText, datesText, placesText };
}

/** The hubs running an NCP (planned or running activities of it), by name: the catalogue's "Hubs running this". */
export async function hubsRunning(
  db: Executor,
  query: { ncpId: number },
): Promise<{ slug: string; name: string; activities: number }[]> {
  return db
    .select({ slug: hubs.slug, name: hubs.name, activities: sql<number>`count(*)::int` })
    .from(hubActivities)
    .innerJoin(hubs, eq(hubs.id, hubActivities.hubId))
    .where(and(eq(hubActivities.ncpId, query.ncpId), inArray(hubActivities.status, ['planned', 'running'])))
    .groupBy(hubs.slug, hubs.name)
    .orderBy(asc(hubs.name));
}
