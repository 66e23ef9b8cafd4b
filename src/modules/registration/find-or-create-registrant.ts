import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { HubScope } from '../../platform/hub-scope.ts';
import type { OutgoingMail } from '../../platform/mail.ts';
import { paths } from '../../platform/paths.ts';
import { insertPerson } from '../people/add-people.ts';
import { hubInvitationMail, matchEmail } from '../people/find-by-email.ts';
import { people } from '../people/schema.ts';
import { normaliseEmail } from './rules.ts';

/** Who is registered: an existing person (registering themself), or someone found by email or created. */
export type Registrant =
  | { personId: number }
  | { email: string; givenName: string | null; familyName: string | null };

type Problem = { field: string; message: string };

/**
 * The person a registration is for (a step of `registerParticipant`, in its transaction): themself,
 * someone found by email (following a merge), or someone new, created with the school they register
 * with. Someone with the email outside `scope` is not registered: the answer is the invitation to send
 * them instead, unless a school contact registers them and their school is one the contact is the
 * contact for (`schoolContactOf`: the school's own teacher). `problems` are those the form has already (thrown with the names' problems, if any,
 * before anyone is created or invited).
 */
export async function findOrCreateRegistrant(
  tx: Executor,
  actor: Actor,
  input: {
    person: Registrant;
    scope?: HubScope;
    schoolContactOf?: readonly number[];
    schoolUrn: number;
    activity: { id: number; title: string; yearCode: string };
    ncp: { title: string };
    hub: { id: number; name: string };
    problems: readonly Problem[];
    publicUrl?: string;
  },
): Promise<
  | { kind: 'elsewhere'; invitation: OutgoingMail }
  | { kind: 'person'; personId: number; personCreated: boolean }
> {
  const { person, activity, ncp, hub } = input;
  if ('personId' in person) return { kind: 'person', personId: person.personId, personCreated: false };
  const email = normaliseEmail(person.email);
  const match = await matchEmail(tx, input.scope ?? { kind: 'all' }, email);
  if (match.kind === 'visible') return { kind: 'person', personId: match.person.id, personCreated: false };
  if (match.kind === 'elsewhere' && input.schoolContactOf?.length) {
    const [found] = await tx
      .select({ schoolUrn: people.schoolUrn })
      .from(people)
      .where(eq(people.id, match.person.id));
    if (found?.schoolUrn != null && input.schoolContactOf.includes(found.schoolUrn))
      return { kind: 'person', personId: match.person.id, personCreated: false };
  }
  // Someone new, or someone the hub may not see: for the latter, the form is checked as for someone new
  // first, so that the answer does not say the email exists.
  const problems = [...input.problems];
  if (!person.givenName) problems.push({ field: 'givenName', message: 'Enter their first name' });
  if (!person.familyName) problems.push({ field: 'familyName', message: 'Enter their last name' });
  if (problems.length) throw new ValidationError(problems);
  if (match.kind === 'elsewhere') {
    // They are invited to register themself, and nothing changes.
    const url = `${input.publicUrl ?? ''}${paths.activity.signUp(activity.id)}`;
    const invitation = hubInvitationMail({
      to: match.person.email,
      givenName: match.person.givenName,
      hubName: hub.name,
      what: `to register you for ${activity.title} (${ncp.title}, ${activity.yearCode})`,
      howToAccept: `If you would like to take part, sign in and register yourself at ${url}`,
    });
    return { kind: 'elsewhere', invitation };
  }
  const personId = await insertPerson(
    tx,
    actor,
    { email, givenName: person.givenName!, familyName: person.familyName!, schoolUrn: input.schoolUrn },
    { hubId: hub.id },
  );
  return { kind: 'person', personId, personCreated: true };
}
