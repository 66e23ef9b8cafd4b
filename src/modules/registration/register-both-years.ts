import { and, eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { activitySchools, enrolments } from '../activities/schema.ts';
import { CONTINUATION_INTENDED, findNextPhase } from './pathway.ts';

/** Adds the school to the activity's schools if it is not there yet (with an event). */
export async function ensureActivitySchool(
  tx: Executor,
  actor: Actor,
  activity: { id: number; hubId: number },
  schoolUrn: number,
  /** Why a school outside the hub's area joins (kept with it and in the event log). */
  outOfAreaReason: string | null = null,
): Promise<boolean> {
  const inserted = await tx
    .insert(activitySchools)
    .values({ activityId: activity.id, schoolUrn, outOfAreaReason })
    .onConflictDoNothing()
    .returning({ id: activitySchools.id });
  if (inserted.length) {
    await recordEvent(tx, actor, {
      action: 'activity_school.registered',
      subjectType: 'hub_activity',
      subjectId: activity.id,
      hubId: activity.hubId,
      reason: outOfAreaReason ?? undefined,
      changes: { schoolUrn, ...(outOfAreaReason ? { outsideHubArea: true } : {}) },
    });
  }
  return inserted.length > 0;
}

/** An enrolment's details, carried over to the next phase of a two-phase programme. */
export interface EnrolmentDetails {
  schoolUrn: number | null;
  roleInSchool: string | null;
  yearGroups: string[];
  mentorName: string | null;
  mentorEmail: string | null;
}

/** An enrolment's details as the event log keeps them: not the mentor's name or email address. */
export const loggedDetails = ({ mentorName, mentorEmail, ...kept }: EnrolmentDetails) => ({
  ...kept,
  mentorGiven: mentorName !== null || mentorEmail !== null,
});

/**
 * The second year of a two-phase programme, registered with the first (seed 000): if the hub has a group
 * of the next phase in the next year, the person is enrolled on it (their enrolment continuing this one,
 * with the same details), or an enrolment they have there is linked to this one; if not, the intent is
 * recorded (event `enrolment.continuation_intended`) and the hub enrols them when it plans that group.
 * Nothing for an NCP that names no next phase. Used by registration on the page and the API, and by the
 * enrolments import ("Both years").
 */
export async function registerBothYears(
  tx: Executor,
  actor: Actor,
  input: {
    enrolmentId: number;
    personId: number;
    activity: { id: number; hubId: number; yearCode: string };
    nextNcpCode: string | null;
    details: EnrolmentDetails;
    /** The next phase, if already found for this activity (an import registers many at once). */
    next?: Awaited<ReturnType<typeof findNextPhase>>;
  },
): Promise<{
  next: Awaited<ReturnType<typeof findNextPhase>>;
  nextEnrolmentId: number | null;
  continuationIntended: boolean;
}> {
  const { enrolmentId, personId, activity, details } = input;
  const hubId = activity.hubId;
  let nextEnrolmentId: number | null = null;
  let continuationIntended = false;
  const next =
    input.next !== undefined
      ? input.next
      : await findNextPhase(tx, { hubId, yearCode: activity.yearCode, nextNcpCode: input.nextNcpCode });
  if (next?.activity) {
    const [existing] = await tx
      .select({ id: enrolments.id, continues: enrolments.continuesEnrolmentId })
      .from(enrolments)
      .where(and(eq(enrolments.activityId, next.activity.id), eq(enrolments.personId, personId)));
    if (existing) {
      nextEnrolmentId = existing.id;
      if (existing.continues === null) {
        await tx
          .update(enrolments)
          .set({ continuesEnrolmentId: enrolmentId })
          .where(eq(enrolments.id, existing.id));
      }
    } else {
      const [second] = await tx
        .insert(enrolments)
        .values({ activityId: next.activity.id, personId, ...details, continuesEnrolmentId: enrolmentId })
        .returning({ id: enrolments.id });
      nextEnrolmentId = second!.id;
      await recordEvent(tx, actor, {
        action: 'enrolment.registered',
        subjectType: 'enrolment',
        subjectId: nextEnrolmentId,
        hubId,
        changes: {
          activityId: next.activity.id,
          personId,
          continuesEnrolmentId: enrolmentId,
          ...loggedDetails(details),
        },
      });
      if (details.schoolUrn !== null) {
        await ensureActivitySchool(tx, actor, { id: next.activity.id, hubId }, details.schoolUrn);
      }
    }
  } else if (next) {
    continuationIntended = true;
    await recordEvent(tx, actor, {
      action: CONTINUATION_INTENDED,
      subjectType: 'enrolment',
      subjectId: enrolmentId,
      hubId,
      changes: { nextNcpCode: next.code, nextYearCode: next.yearCode, personId },
    });
  }
  return { next, nextEnrolmentId, continuationIntended };
}
