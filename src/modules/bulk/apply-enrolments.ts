/** Applies enrolment rows (import-delivery.ts): finds or adds the participants, or invites them, then upserts. */
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Actor } from '../../platform/audit.ts';
import { type CopyColumns, copyRows } from '../../platform/copy-rows.ts';
import type { Tx } from '../../platform/database.ts';
import type { OutgoingMail } from '../../platform/mail.ts';
import * as schema from '../../schema.ts';
import { createPeople } from '../people/add-people.ts';
import { hubInvitationMail } from '../people/find-by-email.ts';
import {
  type Applied,
  arrayLiteral,
  type ImportScope,
  type Resolved,
  stage,
  upsertCounted,
} from './delivery-staging.ts';
import type { EnrolmentRow } from './formats.ts';

/**
 * Finds each participant by email (one query for the file's distinct emails; a merged person's record is
 * the one they were merged into), adds the people who are new with their participant role, then stages
 * the enrolments with COPY and upserts them in one statement.
 */
export async function applyEnrolments(
  client: pg.PoolClient,
  actor: Actor,
  scope: ImportScope,
  allRows: Resolved<EnrolmentRow>[],
): Promise<Applied> {
  const personIds = new Map<string, number>();
  const findPeople = async (emails: string[]) => {
    const { rows: found } = await client.query<{ email: string; id: number }>(
      `SELECT lower(email) AS email, coalesce(merged_into_person_id, id) AS id FROM people
       WHERE lower(email) = ANY($1::text[])`,
      [emails],
    );
    for (const f of found) personIds.set(f.email, f.id);
  };
  await findPeople([...new Set(allRows.map((r) => r.email))]);
  // Hub leadership enrol only people their hubs may see (a role there: people/find-by-email.ts); anyone
  // else with the email is not enrolled but invited, and nothing of theirs is read or shown.
  const invitations = scope.allHubs
    ? []
    : await invitationsForOthers(client, scope.hubIds, allRows, personIds);
  const invitedEmails = new Set(invitations.map((i) => i.email));
  const rows = invitedEmails.size ? allRows.filter((r) => !invitedEmails.has(r.email)) : allRows;
  // A new person is named as on their first row.
  const firsts = new Map<string, Resolved<EnrolmentRow>>();
  for (const r of rows) if (!personIds.has(r.email) && !firsts.has(r.email)) firsts.set(r.email, r);
  const newcomers = [...firsts.values()];
  let peopleAdded = 0;
  if (newcomers.length > 0) {
    // People owns creating people (people/add-people.ts): one batch, each with the participant role.
    const added = await createPeople(
      drizzle(client, { schema }) as unknown as Tx,
      actor,
      newcomers.map((r) => ({
        email: r.email,
        givenName: r.givenName,
        familyName: r.familyName,
        schoolUrn: r.schoolUrn,
        participantHubId: r.hubId,
      })),
    );
    peopleAdded = added.size;
    for (const [email, id] of added) personIds.set(email, id);
    // Someone added meanwhile (ON CONFLICT DO NOTHING returned nothing for them): find them too.
    const missing = newcomers.filter((r) => !personIds.has(r.email)).map((r) => r.email);
    if (missing.length > 0) await findPeople(missing);
  }
  await client.query(
    `CREATE TEMP TABLE ${stage} (activity_id int NOT NULL, person_id int NOT NULL, school_urn int,
       role_in_school text, year_groups text[] NOT NULL, mentor_name text, mentor_email text, status text NOT NULL,
       outcome_reason text, outcome_reason_text text)
     ON COMMIT DROP`,
  );
  await copyRows(client, stage, enrolmentColumns(personIds), rows);
  const done = await upsertCounted(
    client,
    // An outcome (any status but registered) is recorded as the outcomes page records it: by the
    // importer, now, with the day of completion; an unchanged one keeps when it was first recorded.
    `INSERT INTO enrolments AS e (activity_id, person_id, school_urn, role_in_school, year_groups, mentor_name, mentor_email, status,
       outcome_reason, outcome_reason_text, outcome_recorded_at, outcome_recorded_by_person_id, completed_on)
     SELECT activity_id, person_id, school_urn, role_in_school, year_groups, mentor_name, mentor_email, status,
       outcome_reason, outcome_reason_text,
       CASE WHEN status <> 'registered' THEN now() END, CASE WHEN status <> 'registered' THEN $1::int END,
       CASE WHEN status = 'completed' THEN (now() AT TIME ZONE 'Europe/London')::date END
     FROM ${stage}
     ON CONFLICT (activity_id, person_id) DO UPDATE SET school_urn = EXCLUDED.school_urn,
       role_in_school = EXCLUDED.role_in_school, year_groups = EXCLUDED.year_groups, mentor_name = EXCLUDED.mentor_name,
       mentor_email = EXCLUDED.mentor_email, status = EXCLUDED.status,
       outcome_reason = EXCLUDED.outcome_reason, outcome_reason_text = EXCLUDED.outcome_reason_text,
       outcome_recorded_at = CASE WHEN (e.status, e.outcome_reason, e.outcome_reason_text)
         IS NOT DISTINCT FROM (EXCLUDED.status, EXCLUDED.outcome_reason, EXCLUDED.outcome_reason_text)
         THEN e.outcome_recorded_at ELSE EXCLUDED.outcome_recorded_at END,
       outcome_recorded_by_person_id = CASE WHEN (e.status, e.outcome_reason, e.outcome_reason_text)
         IS NOT DISTINCT FROM (EXCLUDED.status, EXCLUDED.outcome_reason, EXCLUDED.outcome_reason_text)
         THEN e.outcome_recorded_by_person_id ELSE EXCLUDED.outcome_recorded_by_person_id END,
       completed_on = CASE WHEN EXCLUDED.status = 'completed' THEN coalesce(e.completed_on, EXCLUDED.completed_on) END
     WHERE (e.school_urn, e.role_in_school, e.year_groups, e.mentor_name, e.mentor_email, e.status,
         e.outcome_reason, e.outcome_reason_text)
       IS DISTINCT FROM (EXCLUDED.school_urn, EXCLUDED.role_in_school, EXCLUDED.year_groups, EXCLUDED.mentor_name,
         EXCLUDED.mentor_email, EXCLUDED.status, EXCLUDED.outcome_reason, EXCLUDED.outcome_reason_text)`,
    'id',
    [actor.personId],
    true,
  );
  // A school takes part in the activity through its participants who take part: a withdrawn or
  // deferred row does not make its school a participant (nor count it in Targeted Support or a grant).
  const schools = await client.query(
    `INSERT INTO activity_schools (activity_id, school_urn)
     SELECT DISTINCT activity_id, school_urn FROM ${stage}
     WHERE school_urn IS NOT NULL AND status NOT IN ('withdrawn', 'deferred')
     ON CONFLICT (activity_id, school_urn) DO NOTHING`,
  );
  return {
    added: done.added,
    updated: done.updated,
    changedIds: done.ids,
    addedIds: done.added_ids,
    // Only a participant taking part goes on to the next phase: not a withdrawn or deferred row.
    bothYears: rows
      .filter((r) => r.bothYears && r.status !== 'withdrawn' && r.status !== 'deferred')
      .map((r) => ({ activityId: r.activityId!, personId: personIds.get(r.email)! })),
    alsoAdded: {
      people: peopleAdded,
      schoolsTakingPart: schools.rowCount ?? 0,
      ...(invitations.length ? { invited: invitations.length } : {}),
    },
    skipped: allRows.length - rows.length,
    invitations: invitations.map((i) => i.mail),
  };
}

/**
 * The rows' people who exist but whom none of `hubIds` may see, each with the invitation to send them
 * (to register themself on the activities the file named).
 */
async function invitationsForOthers(
  client: pg.PoolClient,
  hubIds: number[],
  rows: Resolved<EnrolmentRow>[],
  personIds: Map<string, number>,
): Promise<{ email: string; mail: OutgoingMail }[]> {
  const found = [...new Set(rows.map((r) => personIds.get(r.email)).filter((id): id is number => !!id))];
  if (!found.length) return [];
  const { rows: visible } = await client.query<{ person_id: number }>(
    'SELECT DISTINCT person_id FROM role_assignments WHERE person_id = ANY($1::int[]) AND hub_id = ANY($2::int[])',
    [found, hubIds],
  );
  const seen = new Set(visible.map((v) => v.person_id));
  const others = rows.filter((r) => personIds.has(r.email) && !seen.has(personIds.get(r.email)!));
  if (!others.length) return [];
  const { rows: details } = await client.query<{ id: number; email: string; given_name: string }>(
    'SELECT id, email, given_name FROM people WHERE id = ANY($1::int[])',
    [[...new Set(others.map((r) => personIds.get(r.email)!))]],
  );
  const { rows: activities } = await client.query<{ id: number; title: string; hub_name: string }>(
    'SELECT a.id, a.title, h.name AS hub_name FROM hub_activities a JOIN hubs h ON h.id = a.hub_id WHERE a.id = ANY($1::int[])',
    [[...new Set(others.map((r) => r.activityId!))]],
  );
  const activityById = new Map(activities.map((a) => [a.id, a]));
  return details.map((person) => {
    const theirs = others
      .filter((r) => personIds.get(r.email) === person.id)
      .map((r) => activityById.get(r.activityId!)!);
    return {
      email: others.find((r) => personIds.get(r.email) === person.id)!.email,
      mail: hubInvitationMail({
        to: person.email,
        givenName: person.given_name,
        hubName: theirs[0]!.hub_name,
        what: `to enrol you on ${[...new Set(theirs.map((a) => a.title))].join(', ')}`,
        howToAccept: `If you would like to take part, sign in and register yourself on the activity's page, or reply to ${theirs[0]!.hub_name}.`,
      }),
    };
  });
}

/** The enrolments to apply, once each participant's record is known. */
const enrolmentColumns = (personIds: Map<string, number>): CopyColumns<Resolved<EnrolmentRow>> => ({
  activity_id: (r) => r.activityId,
  person_id: (r) => personIds.get(r.email),
  school_urn: (r) => r.schoolUrn,
  role_in_school: (r) => r.roleInSchool,
  year_groups: (r) => arrayLiteral(r.yearGroups),
  mentor_name: (r) => r.mentorName,
  mentor_email: (r) => r.mentorEmail,
  status: (r) => r.status,
  outcome_reason: (r) => r.outcomeReason,
  outcome_reason_text: (r) => r.outcomeReasonText,
});
