import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import type { OutgoingMail } from '../../platform/mail.ts';
import { paths } from '../../platform/paths.ts';
import type { Principal } from '../../platform/principal.ts';
import { hubs } from '../hubs/schema.ts';
import { insertPerson } from './add-people.ts';
import { hubInvitationMail, matchEmail } from './find-by-email.ts';
import { type GrantRoleInput, grantRole } from './grant-role.ts';
import { recordRoleInvitation } from './invitations.ts';
import { canCreatePerson, peopleScope } from './policy.ts';
import { isLaOfHub, ncpKeyExists } from './role-options.ts';
import { roleShapeProblems } from './role-rules.ts';
import { roleNames } from './schema.ts';
import { schoolContactHub } from './school-hub.ts';

export interface CreatePersonInput {
  email: string;
  givenName: string;
  familyName: string;
  /** The first role; hub leadership must give one (in their hub). */
  firstRole: Omit<GrantRoleInput, 'personId' | 'reason'> | null;
  reason: string | null;
  /** The address of the page where an invited person answers (`paths.accountInvitations`, absolute). */
  invitationsUrl?: string;
}

export type CreatePersonResult =
  | { outcome: 'created' | 'added'; personId: number }
  /** The email belongs to someone outside the principal's scope: nothing changed, they are invited. */
  | { outcome: 'invited'; personId: null; invitation: OutgoingMail };

/**
 * Creates a person who can then sign in with their email, with their first role, in one transaction.
 * If someone the principal may see already has the email, they are not created twice: the role is
 * added to them instead. If the email is someone's outside the principal's scope (another hub's, or
 * national), nothing changes and they get an invitation to send (the caller sends it and tells the
 * principal nothing that would say the email exists: `find-by-email.ts`).
 */
export async function createPerson(
  db: Database,
  actor: Actor,
  { by: principal, ...input }: CreatePersonInput & { by: Principal },
): Promise<CreatePersonResult> {
  const email = input.email.trim().toLowerCase();
  const givenName = input.givenName.trim();
  const familyName = input.familyName.trim();
  const { firstRole } = input;
  return db.transaction(async (tx) => {
    // A school contact's hub is the one serving the school (or, for a school outside the hub leadership's
    // area, given with their reason, their own hub): decide with that hub, as grantRole will.
    const hubId =
      firstRole?.role === 'school_contact' && firstRole.schoolUrn !== null
        ? (
            await schoolContactHub(tx, principal, {
              schoolUrn: firstRole.schoolUrn,
              hubId: firstRole.hubId,
              outOfAreaReason: firstRole.outOfAreaReason,
            })
          ).hubId
        : (firstRole?.hubId ?? null);
    if (!canCreatePerson(principal, firstRole ? { role: firstRole.role, hubId } : null)) {
      throw new ForbiddenError(
        firstRole ? 'You cannot add people with this role here' : 'Give the person a role in your hub',
      );
    }
    // The role's shape is checked before the email is looked up: an answer must not differ by whether
    // the email is someone's elsewhere (who is invited without the role being given).
    const shapeProblems = firstRole ? roleShapeProblems({ ...firstRole, hubId }) : [];
    if (shapeProblems.length) throw new ValidationError(shapeProblems);
    // An NCP and a local authority are checked before an invitation is kept, as grantRole checks them.
    if (firstRole?.ncpKey && !(await ncpKeyExists(tx, firstRole.ncpKey)))
      throw new ValidationError([{ field: 'ncpKey', message: 'Choose an NCP from the list' }]);
    if (firstRole?.laCode && hubId !== null && !(await isLaOfHub(tx, hubId, firstRole.laCode)))
      throw new ValidationError([
        { field: 'laCode', message: 'Choose a local authority in the hub’s area (the hub chosen)' },
      ]);
    const match = await matchEmail(tx, peopleScope(principal), email);
    if (match.kind === 'elsewhere') {
      const [hub] =
        hubId === null ? [] : await tx.select({ name: hubs.name }).from(hubs).where(eq(hubs.id, hubId));
      const hubName = hub?.name ?? 'The Maths Hubs national team';
      const invitation = hubInvitationMail({
        to: match.person.email,
        givenName: match.person.givenName,
        hubName,
        what: firstRole ? `to give you the ${roleNames[firstRole.role]} role` : 'to add you',
        howToAccept: `If you would like this, sign in and accept the invitation at ${input.invitationsUrl ?? paths.accountInvitations}. Until you do, nothing changes.`,
      });
      if (firstRole) {
        await recordRoleInvitation(tx, actor, {
          personId: match.person.id,
          role: firstRole.role,
          hubId,
          schoolUrn: firstRole.schoolUrn,
          ncpKey: firstRole.ncpKey ?? null,
          laCode: firstRole.laCode ?? null,
          title: firstRole.title,
        });
      }
      return { outcome: 'invited' as const, personId: null, invitation };
    }
    const existing = match.kind === 'visible' ? match.person : null;
    if (existing && !firstRole) {
      throw new ValidationError([
        { field: 'email', message: 'Someone already has an account with this email address' },
      ]);
    }
    let personId = existing?.id;
    if (!personId) {
      personId = await insertPerson(
        tx,
        actor,
        { email, givenName, familyName },
        { hubId, reason: input.reason },
      );
    }
    if (firstRole)
      await grantRole(tx, actor, { ...firstRole, personId, reason: input.reason, by: principal });
    return { outcome: existing ? ('added' as const) : ('created' as const), personId };
  });
}
