import type { Executor } from '../../platform/database.ts';
import { formatDate } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import { canRefer, canSeePartnership } from './policy.ts';
import { partnershipsOfSchool } from './reads.ts';
import { phaseNames } from './rules.ts';

/**
 * What a school's journey page shows of Targeted Support (a stage before Teaching for Mastery): its
 * partnerships with their phase, the Work Group it moved on into and the transition notes for that
 * Work Group's lead; and, for those who refer schools, a link to refer it.
 */
export async function targetedSupportOnJourney(
  db: Executor,
  principal: Principal | null,
  q: { urns: readonly number[]; urn: number; ownSchool: boolean },
) {
  const partnerships = await partnershipsOfSchool(db, { urns: q.urns });
  return {
    /** A partnership not yet moved on: the school is in Targeted Support, before Teaching for Mastery. */
    inSupport: partnerships.some((p) => p.phase !== 'moved_on'),
    partnerships: partnerships.map((p) => ({
      yearCode: p.yearCode,
      ispName: p.ispName,
      phaseName: phaseNames[p.phase],
      handoverActivityTitle: p.handoverActivityTitle,
      movedOnText: formatDate(p.movedOnOn),
      transitionNotes: p.transitionNotes,
      href: canSeePartnership(principal, p) ? paths.targetedSupport.partnership(p.id) : null,
    })),
    referHref:
      !q.ownSchool && canRefer(principal)
        ? `${paths.targetedSupport.refer}?school=${q.urn}&from=school_page`
        : null,
  };
}
