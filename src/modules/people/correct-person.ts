import { and, eq, ne, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { assertVersion, updateAtVersion } from '../../platform/edit-versions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { hubIdsOf, isNationalAdmin, type Principal } from '../../platform/principal.ts';
import { deleteSignInCodesFor } from '../auth/clean-up.ts';
import { getPerson } from './get-person.ts';
import { canChangeEmailOf } from './policy.ts';
import { people, roleAssignments } from './schema.ts';

export interface PersonDetailsInput {
  personId: number;
  givenName: string;
  familyName: string;
  email: string;
  /** The version of the person's record the form was made from. */
  version: number;
}

/** Who is correcting: staff through the people admin (checked against their scope), or the person themself. */
export type Corrector = { kind: 'staff'; principal: Principal } | { kind: 'self' };

/** The message hub staff see for an email that is someone else's: it says nothing of whose. */
export const EMAIL_CANNOT_BE_USED =
  'This email address cannot be used. If it is theirs, ask the national team to merge the records';
export const EMAIL_ON_ANOTHER_RECORD =
  'This email address is on another person’s record. To make them one, merge the records';

/** A field error that also names the other record, told to national administrators only. */
export class EmailOnAnotherRecordError extends ValidationError {
  readonly otherPersonId: number;
  constructor(otherPersonId: number) {
    super([{ field: 'email', message: EMAIL_ON_ANOTHER_RECORD }]);
    this.otherPersonId = otherPersonId;
  }
}

const fieldsOf = ['givenName', 'familyName', 'email'] as const;

/**
 * Corrects a person's given name, family name and email address (UK GDPR's right to rectification).
 * Staff: national administrators anyone; hub leadership a person they can see (a role in their hub),
 * and their email only if every role of theirs is one the lead could give (`canChangeEmailOf`). A
 * person corrects their own names, not their email (an address they take is not verified). An
 * email already someone else's is refused without saying whose, except to national administrators.
 * The edit carries the version it was made from (`StaleEditError` if someone saved since). A changed
 * email voids the sign-in codes sent to the old address; their sessions stay. The event log names the
 * fields changed, never their values.
 */
export async function correctPersonDetails(
  db: Executor,
  actor: Actor,
  input: PersonDetailsInput & { by: Corrector },
): Promise<{ changed: string[] }> {
  const { by, ...details } = input;
  return db.transaction((tx) => correctIn(tx, actor, by, details));
}

async function correctIn(
  tx: Executor,
  actor: Actor,
  by: Corrector,
  input: PersonDetailsInput,
): Promise<{ changed: string[] }> {
  if (by.kind === 'staff') await getPerson(tx, by.principal, input.personId);
  const [person] = await tx.select().from(people).where(eq(people.id, input.personId)).for('update');
  if (!person) throw new NotFoundError('There is no such person');
  assertVersion(input.version, person.version);
  if (person.erasedAt) {
    throw new ValidationError([
      { field: 'givenName', message: 'Their personal data has been erased: it cannot be changed' },
    ]);
  }
  const changed = fieldsOf.filter((f) => person[f] !== input[f]);
  if (!changed.length) return { changed: [] };
  const assignments = await tx
    .select({ role: roleAssignments.role, hubId: roleAssignments.hubId })
    .from(roleAssignments)
    .where(eq(roleAssignments.personId, person.id));
  if (changed.includes('email')) {
    if (by.kind === 'self') {
      throw new ValidationError([
        { field: 'email', message: 'To change your email address, ask your Maths Hub or the national team' },
      ]);
    }
    if (!canChangeEmailOf(by.principal, assignments)) {
      throw new ValidationError([
        { field: 'email', message: 'Only the national team can change their email address' },
      ]);
    }
    // Two corrections to the same address at once wait for each other, so the second sees the first's.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(lower(${input.email})))`);
    const [other] = await tx
      .select({ id: people.id })
      .from(people)
      .where(and(ne(people.id, person.id), sql`lower(${people.email}) = lower(${input.email})`));
    if (other) {
      if (isNationalAdmin(by.principal)) throw new EmailOnAnotherRecordError(other.id);
      throw new ValidationError([{ field: 'email', message: EMAIL_CANNOT_BE_USED }]);
    }
  }
  await updateAtVersion(tx, people, person.id, input.version, {
    givenName: input.givenName,
    familyName: input.familyName,
    email: input.email,
  });
  // Codes sent to the old address no longer sign anyone in; the person's sessions are left alone.
  if (person.email.toLowerCase() !== input.email.toLowerCase()) await deleteSignInCodesFor(tx, person.email);
  // The event belongs to a hub the actor leads and the person has a role in (none for the person themself).
  const mine = by.kind === 'staff' ? hubIdsOf(by.principal, 'hub_leadership') : [];
  const hubId =
    by.kind === 'staff' && !isNationalAdmin(by.principal)
      ? (assignments.find((a) => a.hubId !== null && mine.includes(a.hubId))?.hubId ?? null)
      : (assignments.find((a) => a.hubId !== null)?.hubId ?? null);
  await recordEvent(tx, actor, {
    action: 'person.details_corrected',
    subjectType: 'person',
    subjectId: person.id,
    hubId,
    changes: { fields: changed },
  });
  return { changed };
}
