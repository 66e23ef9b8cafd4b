import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail.ts';
import { people } from '../people/schema.ts';
import { loadActivity } from './load-activity.ts';
import { registerParticipant } from './register-participant.ts';
import { interests } from './schema.ts';

export interface RegisterInterestsInput {
  hubId: number;
  interestIds: number[];
  /** Where interest in an NCP (no activity chosen) is registered: an activity of the hub of that NCP. */
  activityId?: number | null;
}

/**
 * Turns the chosen open interests of a hub into registrations, all or nothing: each person is
 * registered through `registerParticipant` (so the NCP's rules, the commitment email and the mentor's
 * email apply), in one transaction. If anyone cannot be registered, nothing is, and the refusal lists
 * each of them with the reason.
 */
export async function registerInterests(
  db: Executor,
  actor: Actor,
  input: RegisterInterestsInput,
  deps: { mailer: Mailer; publicUrl?: string },
): Promise<{ enrolmentIds: number[] }> {
  if (!input.interestIds.length) {
    throw new ValidationError([{ field: 'interestIds', message: 'Choose the people to register' }]);
  }
  const result = await db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: interests.id,
        hubId: interests.hubId,
        activityId: interests.activityId,
        ncpId: interests.ncpId,
        personId: interests.personId,
        status: interests.status,
        schoolUrn: interests.schoolUrn,
        roleInSchool: interests.roleInSchool,
        yearGroups: interests.yearGroups,
        mentorName: interests.mentorName,
        mentorEmail: interests.mentorEmail,
        name: sql<string>`${people.givenName} || ' ' || ${people.familyName}`,
      })
      .from(interests)
      .innerJoin(people, eq(people.id, interests.personId))
      .where(and(inArray(interests.id, input.interestIds), eq(interests.hubId, input.hubId)))
      .for('update', { of: interests });
    if (rows.length !== new Set(input.interestIds).size) {
      throw new ConflictError('Some of the chosen interest is not this hub’s: reload the page');
    }
    const target = input.activityId ? await loadActivity(tx, input.activityId) : null;
    if (target && target.hub.id !== input.hubId) {
      throw new ValidationError([{ field: 'activityId', message: 'Choose one of your hub’s activities' }]);
    }
    const problems: string[] = [];
    const enrolmentIds: number[] = [];
    for (const row of rows) {
      if (row.status !== 'open') {
        problems.push(`${row.name}: their interest is already ${row.status}`);
        continue;
      }
      const activityId =
        row.activityId ?? (target && target.ncp.id === row.ncpId ? target.activity.id : null);
      if (!activityId) {
        problems.push(
          `${row.name}: their interest is in a project, not an activity: choose the activity to register them on`,
        );
        continue;
      }
      try {
        const registered = await registerParticipant(
          tx,
          actor,
          {
            activityId,
            person: { personId: row.personId },
            schoolUrn: row.schoolUrn!,
            roleInSchool: row.roleInSchool ?? 'Teacher',
            yearGroups: row.yearGroups,
            mentorName: row.mentorName,
            mentorEmail: row.mentorEmail,
          },
          deps,
        );
        enrolmentIds.push(registered.enrolmentId);
      } catch (error) {
        if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
        const reasons =
          error instanceof ValidationError ? error.errors.map((e) => e.message).join('; ') : error.message;
        problems.push(`${row.name}: ${reasons.replace('You are already registered', 'Already registered')}`);
      }
    }
    if (problems.length) {
      throw new ValidationError(
        problems.map((message) => ({ field: 'interestIds', message: `Nobody was registered. ${message}` })),
      );
    }
    await tx
      .update(interests)
      .set({ status: 'registered', decidedByPersonId: actor.personId, decidedAt: sql`now()` })
      .where(inArray(interests.id, input.interestIds));
    await recordEvent(tx, actor, {
      action: 'interest.converted',
      subjectType: 'hub',
      subjectId: input.hubId,
      hubId: input.hubId,
      changes: { interestIds: input.interestIds, enrolmentIds },
    });
    return { enrolmentIds };
  });
  deps.mailer.kick();
  return result;
}
