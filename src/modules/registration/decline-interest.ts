import { eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database, Executor } from '../../platform/database.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail.ts';
import type { Principal } from '../../platform/principal.ts';
import { hubActivities } from '../activities/schema.ts';
import { ncps } from '../catalogue/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { people } from '../people/schema.ts';
import { canRegisterInterests } from './policy.ts';
import { normaliseEmail } from './rules.ts';
import { interests } from './schema.ts';

/** One interest as the decline page shows it. */
export interface InterestToDecline {
  id: number;
  hubId: number;
  hubName: string;
  status: 'open' | 'registered' | 'declined';
  personId: number;
  name: string;
  givenName: string;
  email: string;
  /** What they are interested in, in words: the activity, or the NCP when no activity was chosen. */
  what: string;
}

/**
 * One interest, for its hub's leadership only: anyone else is told it is not found (whether it exists
 * is not disclosed).
 */
export async function interestForHub(
  db: Executor,
  principal: Principal | null,
  interestId: number,
): Promise<InterestToDecline> {
  const [row] = await db
    .select({
      id: interests.id,
      hubId: interests.hubId,
      hubName: hubs.name,
      status: interests.status,
      personId: interests.personId,
      givenName: people.givenName,
      familyName: people.familyName,
      email: people.email,
      activityTitle: hubActivities.title,
      ncpCode: ncps.code,
      ncpTitle: ncps.title,
    })
    .from(interests)
    .innerJoin(hubs, eq(hubs.id, interests.hubId))
    .innerJoin(people, eq(people.id, interests.personId))
    .leftJoin(hubActivities, eq(hubActivities.id, interests.activityId))
    .leftJoin(ncps, eq(ncps.id, interests.ncpId))
    .where(eq(interests.id, interestId));
  if (!row || !canRegisterInterests(principal, row.hubId))
    throw new NotFoundError('There is no such interest');
  const ncp = row.ncpCode ? `${row.ncpTitle} (${row.ncpCode})` : 'a project';
  return {
    id: row.id,
    hubId: row.hubId,
    hubName: row.hubName,
    status: row.status,
    personId: row.personId,
    name: `${row.givenName} ${row.familyName}`,
    givenName: row.givenName,
    email: row.email,
    what: row.activityTitle ? `${row.activityTitle}, part of ${ncp}` : ncp,
  };
}

/**
 * The hub's leadership decline an open interest (after the confirmation page): it leaves the hub's list
 * of open interest (still shown under the Declined filter), the decision is logged with the reason if
 * one is given, and the person is told by email through the mail queue, with the reason.
 */
export async function declineInterest(
  db: Database,
  actor: Actor,
  input: { principal: Principal | null; interestId: number; reason: string | null },
  deps: { mailer: Mailer },
): Promise<InterestToDecline> {
  const declined = await db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from ${interests} where ${interests.id} = ${input.interestId} for update`);
    const interest = await interestForHub(tx, input.principal, input.interestId);
    if (interest.status !== 'open') {
      throw new ConflictError(`${interest.name}’s interest is already ${interest.status}`);
    }
    await tx
      .update(interests)
      .set({ status: 'declined', decidedByPersonId: actor.personId, decidedAt: sql`now()` })
      .where(eq(interests.id, interest.id));
    await recordEvent(tx, actor, {
      action: 'interest.declined',
      subjectType: 'interest',
      subjectId: interest.id,
      hubId: interest.hubId,
      reason: input.reason,
      changes: { personId: interest.personId, status: ['open', 'declined'] },
    });
    await deps.mailer.queue(tx, {
      to: normaliseEmail(interest.email),
      subject: `Your interest in ${interest.what}`,
      text: [
        `Dear ${interest.givenName},`,
        '',
        `Thank you for your interest in ${interest.what}. ${interest.hubName} cannot offer you a place on it.`,
        ...(input.reason ? ['', `The hub says: ${input.reason}`] : []),
        '',
        'You can see what else the hub offers, and register interest again, on its offer page.',
        '',
        interest.hubName,
      ].join('\n'),
    });
    return { ...interest, status: 'declined' as const };
  });
  deps.mailer.kick();
  return declined;
}
