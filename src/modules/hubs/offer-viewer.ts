import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { Principal } from '../../platform/principal.ts';
import { schoolEligibilities } from '../journeys/school-eligibility.ts';
import { schoolUrnOf } from '../people/get-person.ts';
import { canUseSignUp, contactSchoolsOf } from '../registration/policy.ts';
import { interests } from '../registration/schema.ts';
import { schools } from '../schools/schema.ts';
import type { HubOffer } from './offer-list.ts';

export interface OfferEligibility {
  eligible: boolean;
  reasons: string[];
}

/** What the offer page knows of the person reading it: their school, their open interests, whether they may register. */
export interface OfferViewer {
  signedIn: boolean;
  school: { urn: number; name: string } | null;
  canRegister: boolean;
  /** A school contact, who may register the teachers of their school too (registration/policy.ts). */
  schoolContact: boolean;
  /** Activities the person has open interest in. */
  interestedIn: number[];
  /** Whether their school is eligible for each activity's NCP, by activity id (signed-in people with a school). */
  eligibility: Record<number, OfferEligibility>;
}

/**
 * The reader of a hub's offer: nobody (public), or a signed-in person with their school (their own, or
 * the school they are the contact for), whether their school is eligible for each activity, and the
 * activities they have already registered interest in. Reads only.
 */
export async function offerViewerOf(
  db: Executor,
  principal: Principal | null,
  offer: HubOffer,
): Promise<OfferViewer> {
  if (!principal)
    return {
      signedIn: false,
      school: null,
      canRegister: false,
      schoolContact: false,
      interestedIn: [],
      eligibility: {},
    };
  const urn = (await schoolUrnOf(db, principal.personId)) ?? contactSchoolsOf(principal)[0] ?? null;
  const [school = null] = urn
    ? await db.select({ urn: schools.urn, name: schools.name }).from(schools).where(eq(schools.urn, urn))
    : [];
  const activityIds = offer.phases.flatMap((p) => p.activities.map((a) => a.id));
  const open = activityIds.length
    ? await db
        .select({ activityId: interests.activityId })
        .from(interests)
        .where(
          and(
            eq(interests.personId, principal.personId),
            eq(interests.status, 'open'),
            inArray(interests.activityId, activityIds),
          ),
        )
    : [];
  const eligibility: Record<number, OfferEligibility> = {};
  if (school) {
    const activities = offer.phases.flatMap((p) => p.activities);
    const verdicts = await schoolEligibilities(db, {
      ncpIds: [...new Set(activities.map((a) => a.ncp.id))],
      schoolUrn: school.urn,
    });
    for (const activity of activities) {
      const found = verdicts.get(activity.ncp.id)!;
      eligibility[activity.id] = { eligible: found.ok, reasons: found.reasons };
    }
  }
  return {
    signedIn: true,
    school,
    canRegister: canUseSignUp(principal),
    schoolContact: contactSchoolsOf(principal).length > 0,
    interestedIn: open.map((r) => r.activityId!),
    eligibility,
  };
}
