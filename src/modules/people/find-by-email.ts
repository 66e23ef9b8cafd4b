import { and, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { HubScope } from '../../platform/hub-scope.ts';
import type { OutgoingMail } from '../../platform/mail.ts';
import { roleAssignments } from './schema.ts';

/**
 * The one rule for finding a person by email in hub-scoped code (adding a person, registering someone,
 * adding someone to an event, the enrolments import). A person's record becomes visible to a hub only
 * through their own action or their school's (a registration, a place: each gives them a role in the
 * hub) or the national team's (a role given nationally). So an email typed by a hub either
 *  - belongs to no one (`new`: the hub may add them),
 *  - belongs to someone already visible to the hub (`visible`: a role, current or ended, in one of its
 *    hubs; or the actor reads nationally), or
 *  - belongs to someone elsewhere (`elsewhere`): the hub must not see, change or enrol them; they are
 *    sent an invitation instead, and what the hub is told is the same as for `new`.
 * A merged person's record is the one they were merged into.
 */
export type EmailMatch =
  | { kind: 'new' }
  | { kind: 'visible'; person: MatchedPerson }
  | { kind: 'elsewhere'; person: MatchedPerson };

export interface MatchedPerson {
  id: number;
  email: string;
  givenName: string;
  familyName: string;
}

const emailKey = (email: string) => email.trim().toLowerCase();

/** The people with these emails (lower-cased keys), each followed to the record they were merged into. */
export async function peopleByEmail(
  db: Executor,
  emails: readonly string[],
): Promise<Map<string, MatchedPerson>> {
  const keys = [...new Set(emails.map(emailKey))];
  if (!keys.length) return new Map();
  const found = await db.execute<{
    key: string;
    id: number;
    email: string;
    given_name: string;
    family_name: string;
  }>(
    sql`select lower(trim(f.email)) as key, p.id, p.email, p.given_name, p.family_name
        from people f join people p on p.id = coalesce(f.merged_into_person_id, f.id)
        where lower(trim(f.email)) = any(${sql.param(keys)}::text[])`,
  );
  return new Map(
    found.rows.map((r) => [
      r.key,
      { id: r.id, email: r.email, givenName: r.given_name, familyName: r.family_name },
    ]),
  );
}

/** Which of these people are visible in a scope: those with a role (current or ended) in its hubs. */
export async function visiblePersonIds(
  db: Executor,
  scope: HubScope,
  personIds: readonly number[],
): Promise<Set<number>> {
  if (scope.kind === 'all') return new Set(personIds);
  if (scope.kind === 'none' || !personIds.length || !scope.hubIds.length) return new Set();
  const rows = await db
    .selectDistinct({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .where(
      and(
        inArray(roleAssignments.personId, [...personIds]),
        isNotNull(roleAssignments.hubId),
        inArray(roleAssignments.hubId, [...scope.hubIds]),
      ),
    );
  return new Set(rows.map((r) => r.personId));
}

/** Finds the person with an email, as the hub-scoped rule above sees them. */
export async function matchEmail(db: Executor, scope: HubScope, email: string): Promise<EmailMatch> {
  const person = (await peopleByEmail(db, [email])).get(emailKey(email));
  if (!person) return { kind: 'new' };
  const visible = await visiblePersonIds(db, scope, [person.id]);
  return visible.has(person.id) ? { kind: 'visible', person } : { kind: 'elsewhere', person };
}

/**
 * The email inviting someone a hub tried to add, who already uses the platform elsewhere: it tells them
 * who asked and for what, changes nothing on their account, and says how to accept (their own action).
 */
export function hubInvitationMail(input: {
  to: string;
  givenName: string;
  hubName: string;
  /** What the hub asked, e.g. "to give you the LLME role", "to register you for Year 5 Work Group". */
  what: string;
  /** What the person can do to accept, as a sentence. */
  howToAccept: string;
}): OutgoingMail {
  return {
    to: emailKey(input.to),
    subject: `${input.hubName} has invited you`,
    text: [
      `Dear ${input.givenName},`,
      '',
      `${input.hubName} would like ${input.what}. You already have an account on the Maths Hubs platform, so nothing has been changed and ${input.hubName} cannot see your record.`,
      '',
      input.howToAccept,
      '',
      'If you do not know why you have received this, you can ignore it.',
      '',
      input.hubName,
    ].join('\n'),
  };
}
