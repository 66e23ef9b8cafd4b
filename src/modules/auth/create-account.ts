import { and, eq, gt } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { ValidationError } from '../../platform/errors.ts';
import { forgetMailSecrets, type Mailer } from '../../platform/mail.ts';
import { oneTimeCode } from '../../platform/tokens.ts';
import { ensureRole } from '../people/add-people.ts';
import { people } from '../people/schema.ts';
import { getSchool } from '../schools/get-school.ts';
import { schools } from '../schools/schema.ts';
import { findEnabledPersonByEmail } from './find-person.ts';
import { checkRateLimits, rateLimits, recordRateLimitHits } from './rate-limits.ts';
import { accountRequests, signInCodes } from './schema.ts';
import { CODE_LIFETIME_MINUTES, hashSignInCode, normaliseEmail } from './sign-in-codes.ts';
import { checkEmailedCode } from './verify-sign-in-code.ts';

export interface RequestAccountInput {
  email: string;
  givenName: string;
  familyName: string;
  schoolUrn: number;
  roleInSchool: string;
  yearGroups: string[];
  ip: string;
  now?: Date;
}

/**
 * A teacher new to the platform asks for an account: their details wait (account_requests) and a code
 * is emailed to them; the account is made only when they enter it (`verifyAccountCode`). An email that
 * already has an account gets an email saying so and how to sign in, and the caller sees the same
 * answer: whether an account exists is not told. Rate-limited as asking for a sign-in code.
 */
export async function requestAccount(
  deps: { db: Database; mailer: Mailer; codeKey: string; codeUrl: string; signInUrl: string },
  input: RequestAccountInput,
): Promise<void> {
  const email = normaliseEmail(input.email);
  const now = input.now ?? new Date();
  const [school] = await deps.db
    .select({ urn: schools.urn })
    .from(schools)
    .where(eq(schools.urn, input.schoolUrn));
  if (!school) {
    throw new ValidationError([
      { field: 'schoolUrn', message: `There is no school with URN ${input.schoolUrn}` },
    ]);
  }
  const limits = [
    { limit: rateLimits.codeRequestsPerEmail, value: email },
    { limit: rateLimits.codeRequestsPerEmailPerDay, value: email },
    { limit: rateLimits.codeRequestsPerIp, value: input.ip },
  ];
  const expiresAt = new Date(now.getTime() + CODE_LIFETIME_MINUTES * 60_000);
  const outcome = await deps.db.transaction(async (tx) => {
    await checkRateLimits(tx, limits, now);
    await recordRateLimitHits(tx, limits, now);
    if (await findEnabledPersonByEmail(tx, email)) return { kind: 'exists' as const };
    await tx.delete(accountRequests).where(eq(accountRequests.email, email));
    await tx.insert(accountRequests).values({
      email,
      givenName: input.givenName,
      familyName: input.familyName,
      schoolUrn: input.schoolUrn,
      roleInSchool: input.roleInSchool,
      yearGroups: input.yearGroups,
      expiresAt,
    });
    await tx.delete(signInCodes).where(eq(signInCodes.email, email));
    await forgetMailSecrets(tx, email);
    const code = oneTimeCode();
    await tx.insert(signInCodes).values({
      email,
      codeHash: hashSignInCode(deps.codeKey, email, code),
      createdAt: now,
      expiresAt,
    });
    return { kind: 'requested' as const, code };
  });
  if (outcome.kind === 'exists') {
    await deps.mailer.send({
      to: email,
      subject: 'You already have an account on the Maths Hubs Platform',
      text: [
        'Someone (we hope you) asked to create an account on the Maths Hubs Platform with this email address.',
        '',
        `You already have an account. Sign in with this email address: ${deps.signInUrl}`,
        '',
        'If it was not you, you can ignore this email.',
        '',
        'Maths Hubs Platform',
      ].join('\n'),
    });
    return;
  }
  await deps.mailer.send({
    to: email,
    subject: 'Your code to create your Maths Hubs Platform account',
    text: [
      `Your sign-in code is ${outcome.code}`,
      '',
      `Enter it to create your account: ${deps.codeUrl}`,
      '',
      `The code lasts ${CODE_LIFETIME_MINUTES} minutes and works once. Your account is made only when you enter it.`,
      '',
      'If you did not ask for an account, you can ignore this email: nothing is made without the code.',
      '',
      'Maths Hubs Platform',
    ].join('\n'),
    secrets: [outcome.code],
    secretsExpireAt: expiresAt,
  });
}

/**
 * Checks the code of an account request: right, the person is created with their school (and the
 * participant role in the hub serving it, so they can register), and their email is verified by the
 * code itself. Wrong tries count as wrong sign-in codes. 'rejected' says nothing of why.
 */
export async function verifyAccountCode(
  db: Database,
  actor: (personId: number) => Actor,
  input: { email: string; code: string; ip: string; now?: Date },
  codeKey: string,
): Promise<{ ok: true; personId: number } | { ok: false; reason: 'malformed' | 'rejected' }> {
  const now = input.now ?? new Date();
  return checkEmailedCode(db, { ...input, now }, codeKey, async (tx, email) => {
    const [request] = await tx
      .select()
      .from(accountRequests)
      .where(and(eq(accountRequests.email, email), gt(accountRequests.expiresAt, now)));
    if (!request) return null;
    await tx.delete(accountRequests).where(eq(accountRequests.email, email));
    // Made between the request and now (by a hub, say): they sign in to that account.
    const existing = await findEnabledPersonByEmail(tx, email);
    if (existing) return existing.id;
    const [person] = await tx
      .insert(people)
      .values({
        email,
        givenName: request.givenName,
        familyName: request.familyName,
        schoolUrn: request.schoolUrn,
      })
      .returning({ id: people.id });
    const by = actor(person!.id);
    await recordEvent(tx, by, {
      action: 'person.created',
      subjectType: 'person',
      subjectId: person!.id,
      changes: {},
    });
    const { hub } = await getSchool(tx, request.schoolUrn);
    if (hub) await ensureRole(tx, by, { personId: person!.id, role: 'participant', hubId: hub.id });
    return person!.id;
  });
}
