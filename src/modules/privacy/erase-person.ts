import { sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor, Tx } from '../../platform/database.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { randomToken, sha256 } from '../../platform/tokens.ts';
import { eraseCommunityMessages } from '../communities/personal-data.ts';
import { eraseSurveyAnswers } from '../evaluation/survey-privacy.ts';
import { eraseApplicationStatements } from '../llme/application-personal-data.ts';

export const ERASED_GIVEN_NAME = 'Erased';
export const ERASED_FAMILY_NAME = 'person';
/** What an erased person's email becomes: not an address (no @), so nothing can be sent to it. */
export const erasedEmail = (personId: number) => `erased-person-${personId}`;
const ERASED = '[erased]';
const REMOVED_COMMENT = 'This comment was removed when its author’s personal data was erased.';

/** What erasure does, as the confirmation page states it (one line per kind of record). */
export const erasureSteps: string[] = [
  'Their name becomes “Erased person” and their email address a placeholder that is not an address; their school and password are removed, and they can no longer sign in.',
  'Access, dietary and other requirements on all their event places are cleared, and their Connect links stop working.',
  'Their sessions, API tokens, sign-in codes, calendar feeds, event email preference and queued event emails are deleted.',
  'Emails sent to them are deleted from the outbox.',
  'Mentor details on their enrolments, and their details where other teachers named them as a mentor or an event named them as its contact, are cleared.',
  'Comments they wrote on events are replaced by a note that the comment was removed.',
  'Their name and email address are removed from the event log’s labels and details; the entries stay, referring to them by number.',
  'Duplicate records that were merged into theirs are erased in the same way.',
  'Their free-text survey answers are deleted; their other survey answers stay, so that the survey figures do not change.',
  'Their enrolments, attendance, places, roles and accreditations stay, tied to the anonymised record, so that the programme’s figures do not change.',
];

export interface ErasureInput {
  personId: number;
  /** Why (e.g. "Request received 1 December 2026"): logged, so it must not contain the erased data. */
  reason: string;
  /** Set when erasure is refused for the acting person's own record. */
  actingPersonId?: number | null;
}

export type ErasureCounts = Record<string, number>;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Erases a person's personal data (UK GDPR): anonymises their record and everything holding their
 * personal data, keeps the rows that make up the programme's figures (tied to the anonymised person),
 * and logs the erasure by the person's id with counts only. Given the database it opens a transaction;
 * given the caller's transaction (retention erases many in one) it joins it.
 */
export async function erasePerson(db: Executor, actor: Actor, input: ErasureInput): Promise<ErasureCounts> {
  return db.transaction((tx) => eraseInTransaction(tx, actor, input));
}

async function eraseInTransaction(tx: Tx, actor: Actor, input: ErasureInput): Promise<ErasureCounts> {
  const { personId } = input;
  const { rows } = await tx.execute<{
    email: string;
    given_name: string;
    family_name: string;
    erased_at: Date | null;
  }>(sql`SELECT email, given_name, family_name, erased_at FROM people WHERE id = ${personId} FOR UPDATE`);
  const person = rows[0];
  if (!person) throw new NotFoundError('There is no such person');
  if (person.erased_at) throw new ConflictError('This person’s personal data has already been erased');
  if (input.actingPersonId === personId) {
    throw new ValidationError([{ field: 'confirm', message: 'You cannot erase your own record' }]);
  }
  const email = person.email;
  const fullName = `${person.given_name} ${person.family_name}`;
  const counts: ErasureCounts = {};
  const run = async (key: string, query: ReturnType<typeof sql>) => {
    const result = await tx.execute(query);
    counts[key] = (counts[key] ?? 0) + (result.rowCount ?? 0);
  };

  await run(
    'person',
    sql`UPDATE people SET given_name = ${ERASED_GIVEN_NAME}, family_name = ${ERASED_FAMILY_NAME},
      email = ${erasedEmail(personId)}, password_hash = NULL, school_urn = NULL, year_groups = '{}',
      disabled_at = coalesce(disabled_at, now()), erased_at = now() WHERE id = ${personId}`,
  );
  await run('sessions', sql`DELETE FROM sessions WHERE person_id = ${personId}`);
  await run('apiTokens', sql`DELETE FROM api_tokens WHERE person_id = ${personId}`);
  await run('calendarFeeds', sql`DELETE FROM calendar_feeds WHERE person_id = ${personId}`);
  await run('emailPreferences', sql`DELETE FROM event_mail_preferences WHERE person_id = ${personId}`);
  await run('eventEmails', sql`DELETE FROM event_notifications WHERE person_id = ${personId}`);
  await run('signInCodes', sql`DELETE FROM sign_in_codes WHERE lower(email) = lower(${email})`);
  await run('rateLimits', sql`DELETE FROM rate_limit_hits WHERE key = ${sha256(email.trim().toLowerCase())}`);
  await run('outbox', sql`DELETE FROM outbox_secrets WHERE lower(to_address) = lower(${email})`);
  await run('outbox', sql`DELETE FROM outbox WHERE lower(to_address) = lower(${email})`);
  await run('roleInvitations', sql`DELETE FROM role_invitations WHERE person_id = ${personId}`);
  await run('interests', sql`DELETE FROM interests WHERE person_id = ${personId}`);
  await run(
    'namedAsMentor',
    sql`UPDATE interests SET mentor_name = NULL, mentor_email = NULL WHERE lower(mentor_email) = lower(${email})`,
  );
  await run('accountRequests', sql`DELETE FROM account_requests WHERE lower(email) = lower(${email})`);
  // An event invitation kept by email alone (someone invited before they had an account here).
  await run(
    'eventInvitations',
    sql`DELETE FROM event_targets WHERE person_id IS NULL AND lower(email) = lower(${email})`,
  );
  // Places stay (attendance counts); requirements go, and the old Connect link stops working.
  const { rows: places } = await tx.execute<{ id: number }>(
    sql`SELECT id FROM event_places WHERE person_id = ${personId} ORDER BY id`,
  );
  for (const place of places) {
    await tx.execute(sql`UPDATE event_places SET dietary = NULL, access = NULL, other_requirements = NULL,
      connect_token = ${randomToken(18)} WHERE id = ${place.id}`);
  }
  counts.eventPlaces = places.length;
  await run(
    'eventComments',
    sql`UPDATE event_comments SET body = ${REMOVED_COMMENT} WHERE person_id = ${personId}`,
  );
  await run(
    'enrolments',
    sql`UPDATE enrolments SET mentor_name = NULL, mentor_email = NULL, role_in_school = NULL
      WHERE person_id = ${personId}`,
  );
  await run(
    'namedAsMentor',
    sql`UPDATE enrolments SET mentor_name = NULL, mentor_email = NULL WHERE lower(mentor_email) = lower(${email})`,
  );
  await run(
    'eventContacts',
    sql`UPDATE programme_events SET contact_name = NULL, contact_email = NULL WHERE lower(contact_email) = lower(${email})`,
  );
  await run(
    'fundingClaims',
    sql`UPDATE funding_claims SET claimant_name = 'Erased person'
      WHERE submitted_by_person_id = ${personId} AND lower(claimant_name) = lower(${fullName})`,
  );
  counts.surveyFreeTextAnswers = await eraseSurveyAnswers(tx, personId);
  counts.programmeApplicationStatements = await eraseApplicationStatements(tx, personId);
  counts.communityMessages = await eraseCommunityMessages(tx, personId);
  // The event log: entries stay, refer to the person by id, and lose their name and email address.
  const emailPattern = escapeRegex(email);
  await run(
    'eventLog',
    sql`UPDATE event_log SET
        actor_label = CASE WHEN actor_person_id = ${personId} THEN 'Erased person'
          ELSE regexp_replace(actor_label, ${emailPattern}, ${ERASED}, 'gi') END,
        reason = regexp_replace(reason, ${emailPattern}, ${ERASED}, 'gi'),
        changes = regexp_replace(changes::text, ${emailPattern}, ${ERASED}, 'gi')::jsonb
      WHERE actor_person_id = ${personId} OR actor_label ~* ${emailPattern} OR reason ~* ${emailPattern}
        OR changes::text ~* ${emailPattern}`,
  );
  // In entries about them, their name too: in labels and reasons, and as whole values in the details.
  const names = [fullName, person.given_name, person.family_name].filter((n) => n.trim().length > 0);
  const jsonValues = names.map((n) => escapeRegex(JSON.stringify(n))).join('|');
  const fullNamePattern = escapeRegex(fullName);
  await run(
    'eventLog',
    sql`UPDATE event_log SET
        reason = regexp_replace(reason, ${fullNamePattern}, ${ERASED}, 'gi'),
        changes = regexp_replace(changes::text, ${`(${jsonValues})`}, ${JSON.stringify(ERASED)}, 'g')::jsonb
      WHERE (actor_person_id = ${personId} OR (subject_type = 'person' AND subject_id = ${String(personId)}))
        AND (reason ~* ${fullNamePattern} OR changes::text ~ ${`(${jsonValues})`})`,
  );
  // Duplicate records merged into this one hold the same person's data: they are erased too.
  const { rows: merged } = await tx.execute<{ id: number }>(
    sql`SELECT id FROM people WHERE merged_into_person_id = ${personId} AND erased_at IS NULL ORDER BY id`,
  );
  for (const duplicate of merged) {
    await erasePerson(tx, actor, { personId: duplicate.id, reason: input.reason });
  }
  counts.mergedRecords = merged.length;
  await recordEvent(tx, actor, {
    action: 'person.erased',
    subjectType: 'person',
    subjectId: personId,
    reason: input.reason,
    changes: { recordsChanged: counts },
  });
  return counts;
}
