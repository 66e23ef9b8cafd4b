import { and, eq, inArray } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { todayInEngland } from '../../platform/dates.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { isCurrentAssignment } from '../activities/add-activity-lead.ts';
import { currentAcademicYear } from '../hubs/year-options.ts';
import { peopleByEmail } from '../people/find-by-email.ts';
import { recordAccreditation } from '../people/record-accreditation.ts';
import { roleAssignments } from '../people/schema.ts';
import { type ApplicationStatus, type DevelopmentProgramme, programmeApplications } from './schema.ts';

/**
 * Applications to the LLME development programmes (issue 16; docs/llme-workforce.md), a small state machine:
 *
 *   awaiting_hub ──sponsor──▶ awaiting_decision ──accept──▶ enrolled ──complete──▶ completed
 *        └──not sponsored──▶ not_sponsored          └──decline──▶ declined
 *
 * A teacher applies through one of their hubs, or the hub's leadership nominate someone of their hub;
 * one open application per person and programme. Each step is made only from the state before it
 * (another step in between is a conflict) and is written with its event-log entry (ids and codes only:
 * the statement and reasons stay in the application). Completing records the accreditation of the
 * programme's kind, with the cohort, the date and the evidence link, as the person's page would.
 */

const open: ApplicationStatus[] = ['awaiting_hub', 'awaiting_decision', 'enrolled'];

type Row = typeof programmeApplications.$inferSelect;

async function refuseOpenDuplicate(tx: Executor, personId: number, programme: DevelopmentProgramme) {
  const [already] = await tx
    .select({ id: programmeApplications.id })
    .from(programmeApplications)
    .where(
      and(
        eq(programmeApplications.personId, personId),
        eq(programmeApplications.programme, programme),
        inArray(programmeApplications.status, open),
      ),
    );
  if (already) throw new ConflictError('There is already an open application for this programme for them');
}

const logged = (a: Row) => ({ personId: a.personId, hubId: a.hubId, programme: a.programme });

/** A teacher applies for a programme through one of their hubs (`hubIds`: the hubs they may apply through). */
export async function applyForProgramme(
  db: Executor,
  actor: Actor,
  input: { programme: DevelopmentProgramme; hubId: number; statement: string; hubIds: readonly number[] },
): Promise<{ applicationId: number }> {
  if (!input.hubIds.includes(input.hubId))
    throw new ValidationError([{ field: 'hubId', message: 'Choose one of your hubs' }]);
  const personId = actor.personId;
  if (personId === null)
    throw new ValidationError([{ field: 'programme', message: 'Only a person may apply' }]);
  return db.transaction(async (tx) => {
    await refuseOpenDuplicate(tx, personId, input.programme);
    const [row] = await tx
      .insert(programmeApplications)
      .values({
        personId,
        hubId: input.hubId,
        programme: input.programme,
        yearCode: currentAcademicYear(),
        statement: input.statement,
      })
      .returning();
    await recordEvent(tx, actor, {
      action: 'programme_application.applied',
      subjectType: 'programme_application',
      subjectId: row!.id,
      hubId: row!.hubId,
      changes: logged(row!),
    });
    return { applicationId: row!.id };
  });
}

/**
 * Hub leadership nominate someone of their hub (a current role there) by email. Someone else's email is
 * refused with the same words as an unknown one: the hub learns nothing of people outside it.
 */
export async function nominateForProgramme(
  db: Executor,
  actor: Actor,
  input: {
    programme: DevelopmentProgramme;
    hubId: number;
    email: string;
    statement: string;
    hubIds: readonly number[];
  },
): Promise<{ applicationId: number }> {
  if (!input.hubIds.includes(input.hubId))
    throw new ValidationError([{ field: 'hubId', message: 'Choose one of your hubs' }]);
  return db.transaction(async (tx) => {
    const person = (await peopleByEmail(tx, [input.email])).get(input.email.trim().toLowerCase());
    const [role] = person
      ? await tx
          .select({ id: roleAssignments.id })
          .from(roleAssignments)
          .where(
            and(
              eq(roleAssignments.personId, person.id),
              eq(roleAssignments.hubId, input.hubId),
              isCurrentAssignment,
            ),
          )
          .limit(1)
      : [];
    if (!person || !role)
      throw new ValidationError([
        {
          field: 'email',
          message: 'No one in your hub has this email address: add them on the People page first',
        },
      ]);
    await refuseOpenDuplicate(tx, person.id, input.programme);
    const [row] = await tx
      .insert(programmeApplications)
      .values({
        personId: person.id,
        hubId: input.hubId,
        programme: input.programme,
        yearCode: currentAcademicYear(),
        statement: input.statement,
        nominatedByPersonId: actor.personId,
      })
      .returning();
    await recordEvent(tx, actor, {
      action: 'programme_application.nominated',
      subjectType: 'programme_application',
      subjectId: row!.id,
      hubId: row!.hubId,
      changes: logged(row!),
    });
    return { applicationId: row!.id };
  });
}

/** Moves an application from `from` with `set`, or throws a conflict if it is no longer there. */
async function step(
  tx: Executor,
  applicationId: number,
  from: ApplicationStatus,
  set: Partial<typeof programmeApplications.$inferInsert>,
  conflict: string,
): Promise<Row> {
  const [row] = await tx
    .update(programmeApplications)
    .set(set)
    .where(and(eq(programmeApplications.id, applicationId), eq(programmeApplications.status, from)))
    .returning();
  if (row) return row;
  const [exists] = await tx
    .select({ id: programmeApplications.id })
    .from(programmeApplications)
    .where(eq(programmeApplications.id, applicationId));
  if (!exists) throw new NotFoundError('There is no such application');
  throw new ConflictError(conflict);
}

/** The hub sponsors the application or not, with its reason. */
export async function sponsorApplication(
  db: Executor,
  actor: Actor,
  input: { applicationId: number; sponsor: boolean; sponsorReason: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await step(
      tx,
      input.applicationId,
      'awaiting_hub',
      {
        status: input.sponsor ? 'awaiting_decision' : 'not_sponsored',
        sponsorReason: input.sponsorReason,
        sponsoredByPersonId: actor.personId,
        sponsoredAt: new Date(),
      },
      'The hub has already answered this application',
    );
    await recordEvent(tx, actor, {
      action: input.sponsor ? 'programme_application.sponsored' : 'programme_application.not_sponsored',
      subjectType: 'programme_application',
      subjectId: row.id,
      hubId: row.hubId,
      changes: logged(row),
    });
  });
}

/** The national team accept a sponsored application onto a national cohort, or decline it with the reason. */
export async function decideApplication(
  db: Executor,
  actor: Actor,
  input: { applicationId: number; accept: boolean; cohort: string | null; decisionReason: string | null },
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await step(
      tx,
      input.applicationId,
      'awaiting_decision',
      {
        status: input.accept ? 'enrolled' : 'declined',
        cohort: input.accept ? input.cohort : null,
        decisionReason: input.decisionReason,
        decidedByPersonId: actor.personId,
        decidedAt: new Date(),
      },
      'Only an application the hub has sponsored, not yet decided, can be accepted or declined',
    );
    await recordEvent(tx, actor, {
      action: input.accept ? 'programme_application.accepted' : 'programme_application.declined',
      subjectType: 'programme_application',
      subjectId: row.id,
      hubId: row.hubId,
      changes: { ...logged(row), cohort: row.cohort },
    });
  });
}

/**
 * An enrolled person completed the programme: the accreditation of its kind is recorded (with the cohort,
 * the date and the evidence link), so they may then lead the NCPs that need it.
 */
export async function completeApplication(
  db: Executor,
  actor: Actor,
  input: { applicationId: number; completedOn: string; evidenceUrl: string | null },
): Promise<{ accreditationId: number }> {
  if (input.completedOn > todayInEngland())
    throw new ValidationError([
      { field: 'completedOn', message: 'The date it was completed must be today or earlier' },
    ]);
  return db.transaction(async (tx) => {
    const row = await step(
      tx,
      input.applicationId,
      'enrolled',
      { status: 'completed', completedOn: input.completedOn },
      'Only an application enrolled on a cohort can be completed',
    );
    const { accreditationId } = await recordAccreditation(tx, actor, {
      personId: row.personId,
      kind: row.programme,
      cohort: row.cohort,
      awardedOn: input.completedOn,
      evidenceUrl: input.evidenceUrl,
    });
    await tx
      .update(programmeApplications)
      .set({ accreditationId })
      .where(eq(programmeApplications.id, row.id));
    await recordEvent(tx, actor, {
      action: 'programme_application.completed',
      subjectType: 'programme_application',
      subjectId: row.id,
      hubId: row.hubId,
      changes: { ...logged(row), cohort: row.cohort },
    });
    return { accreditationId };
  });
}
