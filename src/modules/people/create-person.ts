import { eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { type GrantRoleInput, grantRole } from './grant-role.ts';
import { canCreatePerson } from './policy.ts';
import { people } from './schema.ts';
import { hubOfSchool } from './school-hub.ts';

export interface CreatePersonInput {
  email: string;
  givenName: string;
  familyName: string;
  /** The first role; hub leadership must give one (in their hub). */
  firstRole: Omit<GrantRoleInput, 'personId' | 'reason'> | null;
  reason: string | null;
}

/**
 * Creates a person who can then sign in with their email, with their first role, in one transaction.
 * If someone already has the email, they are not created twice: the role is added to them instead.
 */
export async function createPerson(
  db: Database,
  actor: Actor,
  principal: Principal,
  input: CreatePersonInput,
): Promise<{ personId: number; existed: boolean }> {
  const email = input.email.trim().toLowerCase();
  const givenName = input.givenName.trim();
  const familyName = input.familyName.trim();
  const { firstRole } = input;
  return db.transaction(async (tx) => {
    // A school contact's hub is the one serving the school: decide with that hub, as grantRole will.
    const hubId =
      firstRole?.role === 'school_contact' && firstRole.schoolUrn !== null
        ? await hubOfSchool(tx, firstRole.schoolUrn)
        : (firstRole?.hubId ?? null);
    if (!canCreatePerson(principal, firstRole ? { role: firstRole.role, hubId } : null)) {
      throw new ForbiddenError(
        firstRole ? 'You cannot add people with this role here' : 'Give the person a role in your hub',
      );
    }
    const [existing] = await tx
      .select({ id: people.id })
      .from(people)
      .where(eq(sql`lower(${people.email})`, email));
    if (existing && !firstRole) {
      throw new ValidationError([
        { field: 'email', message: 'Someone already has an account with this email address' },
      ]);
    }
    let personId = existing?.id;
    if (!personId) {
      const [created] = await tx
        .insert(people)
        .values({ email, givenName, familyName })
        .returning({ id: people.id });
      personId = created!.id;
      await recordEvent(tx, actor, {
        action: 'person.created',
        subjectType: 'person',
        subjectId: personId,
        hubId,
        reason: input.reason,
        // By id only: the name and email address are in the person's record, which erasure removes.
      });
    }
    if (firstRole) await grantRole(tx, actor, principal, { ...firstRole, personId, reason: input.reason });
    return { personId, existed: !!existing };
  });
}
