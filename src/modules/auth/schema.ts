import {
  bigserial,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { people } from '../people/schema.ts';

/**
 * One-time sign-in codes sent by email. Only a keyed hash is kept (hashSignInCode); a code expires and
 * works once, and its row is deleted when it is used, replaced, or expired (cleanUpSignIn).
 * `used_at` is no longer written (a used code's row is deleted).
 */
export const signInCodes = pgTable(
  'sign_in_codes',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    codeHash: text('code_hash').notNull(),
    requestedFromIp: text('requested_from_ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    failedAttempts: integer('failed_attempts').notNull().default(0),
  },
  (t) => [index('sign_in_codes_email_idx').on(t.email, t.createdAt)],
);

/** Signed-in sessions; the cookie holds a random token whose hash is the id. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The absolute end: SESSION_HOURS after signing in. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** The last request (to the minute): a session idle for SESSION_IDLE_MINUTES has ended. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_person_idx').on(t.personId)],
);

/** Personal API tokens for the JSON API. Only a hash is kept. */
export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  personId: integer('person_id')
    .notNull()
    .references(() => people.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * One counted attempt for a rate limit (a code request, a wrong code, a wrong password). Kept in
 * PostgreSQL so that limits hold across every app process. `key` is a hash of the email or IP address.
 */
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    bucket: text('bucket').notNull(),
    key: text('key').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('rate_limit_hits_bucket_key_idx').on(t.bucket, t.key, t.occurredAt)],
);

/**
 * A teacher's request for an account, waiting for them to enter the code emailed to them (a row of
 * sign_in_codes): no person exists until they do (migration 0023). One per email address.
 */
export const accountRequests = pgTable(
  'account_requests',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    schoolUrn: integer('school_urn').notNull(),
    roleInSchool: text('role_in_school').notNull(),
    yearGroups: text('year_groups').array().$type<string[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('account_requests_email_uq').on(t.email)],
);
