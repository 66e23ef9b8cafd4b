/** Where a school takes its next step: the NCPs of the step in the hub's offer, with how to join. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import { hubActivities } from '../activities/schema.ts';
import { draftYears } from '../catalogue/publication.ts';
import { ncps } from '../catalogue/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { canUseSignUp } from '../registration/policy.ts';
import type { SchoolPhase } from '../schools/schema.ts';
import { type NextStep, ncpFitsStep, yearSlug } from './journey-rules.ts';

export interface NextStepLinks {
  yearCode: string;
  hubName: string;
  /** The hub's offer for the year, filtered to the step's NCPs. */
  offerHref: string;
  ncps: {
    code: string;
    title: string;
    /** Interest in the NCP at the hub (no activity chosen). */
    interestHref: string;
    /** The hub's planned and running activities of the NCP: interest in each, and "Register" where the hub allows it. */
    activities: { id: number; title: string; interestHref: string; registerHref: string | null }[];
  }[];
}

/**
 * The links of a school's next step: the NCPs of the step (`ncpFitsStep`) in the current year's
 * published catalogue, the hub's offer filtered to them, "Register interest" in each NCP and each of the
 * hub's activities of it, and "Register" where the hub lets people register directly and the reader may. Null when the
 * school has no next step, no hub, or the year's catalogue has no NCP for the step.
 */
export async function nextStepLinks(
  db: Executor,
  journey: { hubId: number | null; school: { phase: SchoolPhase }; nextStep: NextStep | null },
  reader: Principal | null,
): Promise<NextStepLinks | null> {
  if (!journey.nextStep || !journey.hubId) return null;
  const yearCode = academicYearOf(todayInEngland());
  if ((await draftYears(db)).has(yearCode)) return null;
  const [hub] = await db
    .select({ slug: hubs.slug, name: hubs.name })
    .from(hubs)
    .where(eq(hubs.id, journey.hubId));
  if (!hub) return null;
  const step = journey.nextStep.next;
  const fitting = (
    await db
      .select({
        id: ncps.id,
        code: ncps.code,
        title: ncps.title,
        strand: ncps.strand,
        phases: ncps.phases,
        completesTfmStage: ncps.completesTfmStage,
      })
      .from(ncps)
      .where(eq(ncps.yearCode, yearCode))
      .orderBy(asc(ncps.code))
  ).filter((n) => ncpFitsStep(step, n, journey.school.phase));
  if (!fitting.length) return null;
  const activities = await db
    .select({
      id: hubActivities.id,
      ncpId: hubActivities.ncpId,
      title: hubActivities.title,
      open: hubActivities.openForDirectRegistration,
    })
    .from(hubActivities)
    .where(
      and(
        eq(hubActivities.yearCode, yearCode),
        inArray(hubActivities.status, ['planned', 'running']),
        inArray(
          hubActivities.ncpId,
          fitting.map((n) => n.id),
        ),
        eq(hubActivities.hubId, journey.hubId),
      ),
    )
    .orderBy(asc(hubActivities.title));
  const codes = fitting.map((n) => n.code).join(',');
  return {
    yearCode,
    hubName: hub.name,
    offerHref: `${paths.hubOffer(hub.slug)}?year=${yearSlug(yearCode)}&ncp=${encodeURIComponent(codes)}`,
    ncps: fitting.map((n) => ({
      code: n.code,
      title: n.title,
      interestHref: `${paths.registerInterest}?hub=${encodeURIComponent(hub.slug)}&ncp=${n.id}`,
      activities: activities
        .filter((a) => a.ncpId === n.id)
        .map((a) => ({
          id: a.id,
          title: a.title,
          interestHref: `${paths.registerInterest}?activity=${a.id}`,
          // Only for those the registration page lets in (not the national team, say).
          registerHref: a.open && canUseSignUp(reader) ? paths.activity.signUp(a.id) : null,
        })),
    })),
  };
}
