import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import { type CopyColumns, copyRows } from '../../platform/copy-rows.ts';
import type { Database, Tx } from '../../platform/database.ts';
import { ImportRejectedError, type RowProblem } from '../../platform/errors.ts';
import type { Mailer, OutgoingMail } from '../../platform/mail.ts';
import * as schema from '../../schema.ts';
import { leadCheck } from '../activities/add-activity-lead.ts';
import { deliveryChanged } from '../activities/delivery-changed.ts';
import { type ActivityKind, type SessionKind, sessionKindNames } from '../activities/schema.ts';
import { createPeople } from '../people/add-people.ts';
import { hubInvitationMail } from '../people/find-by-email.ts';
import {
  type ActivityRow,
  type AttendanceRow,
  type DeliveryKind,
  type EnrolmentRow,
  parseRows,
  type RowsOf,
} from './formats.ts';
import { importFollowUps } from './import-follow-ups.ts';
import { readTable } from './read-table.ts';

/** A file to import: its bytes (an upload) or a path (the command line). */
export type DeliveryFile = { fileName: string; bytes: Uint8Array } | { path: string };

/** Whose records the importer may change: every hub (national administrators, the CLI) or only some. */
export type ImportScope = { allHubs: true } | { allHubs: false; hubIds: number[] };

export interface DeliveryImportResult {
  kind: DeliveryKind;
  fileName: string;
  rowCount: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Other things made along the way: people, sessions, leads, schools taking part. */
  alsoAdded: Record<string, number>;
}

/** One delivery import at a time, so that counts describe one file's changes. */
const deliveryImportLock = 727276;

const leadTitles: Record<ActivityKind, string> = {
  work_group: 'Work Group Lead',
  programme_cohort: 'Cohort Lead',
  community: 'Community Lead',
  targeted_support: 'Intensive Support Partner',
};

/** A text[] in PostgreSQL's array literal syntax, for COPY. */
const arrayLiteral = (values: string[]) =>
  `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;

const sqlText = (value: string) => `'${value.replace(/'/g, "''")}'`;
const caseOf = (column: string, names: Record<string, string>) =>
  `CASE ${column} ${Object.entries(names)
    .map(([code, name]) => `WHEN ${sqlText(code)} THEN ${sqlText(name)}`)
    .join(' ')} END`;

// ---- staging --------------------------------------------------------------------------------------

const stage = 'bulk_stage';

const common = `line int NOT NULL, hub text NOT NULL, year text NOT NULL, reference text NOT NULL, hub_id int`;
/** Activities are staged to be checked and applied; enrolments and marks are staged once resolved. */
const stagingTables = {
  activities: `${common}, ncp_code text NOT NULL, kind text NOT NULL, title text NOT NULL, status text NOT NULL,
    starts_on date, ends_on date, lead_email text, ncp_id int, lead_id int`,
};

/** A row whose hub (and, but for activities, activity) has been found. */
type Resolved<R> = R & { hubId: number; activityId: number | null };

const commonColumns = <R extends { line: number; hub: string; year: string; reference: string }>() => ({
  line: (r: Resolved<R>) => r.line,
  hub: (r: Resolved<R>) => r.hub,
  year: (r: Resolved<R>) => r.year,
  reference: (r: Resolved<R>) => r.reference,
  hub_id: (r: Resolved<R>) => r.hubId,
});

const copyColumns: { activities: CopyColumns<Resolved<ActivityRow>> } = {
  activities: {
    ...commonColumns<ActivityRow>(),
    ncp_code: (r) => r.ncpCode,
    kind: (r) => r.kind,
    title: (r) => r.title,
    status: (r) => r.status,
    starts_on: (r) => r.startsOn,
    ends_on: (r) => r.endsOn,
    lead_email: (r) => r.leadEmail,
  },
};

// ---- checks (every problem with its line and message) ---------------------------------------------

/**
 * The hub and, for enrolments and attendance, the activity each row names, found with one query each for
 * the file's few distinct values; problems where they are missing or not the importer's. Rows refused here
 * go no further, so that they raise no other problems (nor say what another hub has).
 */
async function resolveHubAndActivity<R extends RowsOf[DeliveryKind]>(
  client: pg.PoolClient,
  kind: DeliveryKind,
  scope: ImportScope,
  rows: R[],
  problems: RowProblem[],
): Promise<Resolved<R>[]> {
  const slugs = [...new Set(rows.map((r) => r.hub))];
  const hubIds = new Map(
    (
      await client.query<{ id: number; slug: string }>(
        'SELECT id, slug FROM hubs WHERE slug = ANY($1::text[])',
        [slugs],
      )
    ).rows.map((h) => [h.slug, h.id]),
  );
  const allowed = scope.allHubs ? null : new Set(scope.hubIds);
  const inScope: Resolved<R>[] = [];
  for (const row of rows) {
    const hubId = hubIds.get(row.hub);
    if (hubId === undefined) {
      problems.push({
        line: row.line,
        message: `Hub ‘${row.hub}’ is not a Maths Hub: use the hub’s short name, as in its address on the platform`,
      });
    } else if (allowed && !allowed.has(hubId)) {
      problems.push({
        line: row.line,
        message: `Hub ‘${row.hub}’ is not your hub: you may import only your own hub’s records`,
      });
    } else {
      // The parsed rows are this import's own: each gains its ids in place (no copy of 60,000 rows).
      const found = row as Resolved<R>;
      found.hubId = hubId;
      found.activityId = null;
      inScope.push(found);
    }
  }
  if (kind === 'activities') return inScope;
  const key = (hubId: number, year: string, reference: string) => `${hubId}\t${year}\t${reference}`;
  const wanted = [...new Map(inScope.map((r) => [key(r.hubId, r.year, r.reference), r])).values()];
  const { rows: found } = await client.query<{
    id: number;
    hub_id: number;
    year_code: string;
    reference: string;
  }>(
    `SELECT a.id, a.hub_id, a.year_code, a.reference FROM hub_activities a
     JOIN unnest($1::int[], $2::text[], $3::text[]) AS w(hub_id, year_code, reference)
       ON a.hub_id = w.hub_id AND a.year_code = w.year_code AND a.reference = w.reference`,
    [wanted.map((r) => r.hubId), wanted.map((r) => r.year), wanted.map((r) => r.reference)],
  );
  const activityIds = new Map(found.map((a) => [key(a.hub_id, a.year_code, a.reference), a.id]));
  const resolved: Resolved<R>[] = [];
  for (const row of inScope) {
    const activityId = activityIds.get(key(row.hubId, row.year, row.reference));
    if (activityId === undefined) {
      problems.push({
        line: row.line,
        message: `Activity reference ‘${row.reference}’ is not an activity of ${row.hub} in ${row.year}: import it in an activities file first`,
      });
    } else {
      row.activityId = activityId;
      resolved.push(row);
    }
  }
  return resolved;
}

/** Rows that repeat an earlier row's key: each row may appear once. */
function duplicates<R extends { line: number }>(
  rows: R[],
  keyOf: (row: R) => string,
  what: string,
): RowProblem[] {
  const first = new Map<string, number>();
  const problems: RowProblem[] = [];
  for (const row of rows) {
    const key = keyOf(row);
    const line = first.get(key);
    if (line === undefined) first.set(key, row.line);
    else
      problems.push({
        line: row.line,
        message: `${what} is also on line ${line}: each may appear once in a file`,
      });
  }
  return problems;
}

const duplicateChecks: { [K in DeliveryKind]: (rows: RowsOf[K][]) => RowProblem[] } = {
  activities: (rows) =>
    duplicates(
      rows,
      (r) => `${r.hub}\t${r.year}\t${r.reference}`,
      'The activity reference for this hub and year',
    ),
  enrolments: (rows) =>
    duplicates(
      rows,
      (r) => `${r.hub}\t${r.year}\t${r.reference}\t${r.email}`,
      'This participant’s enrolment in the activity',
    ),
  attendance: (rows) =>
    duplicates(
      rows,
      (r) => `${r.hub}\t${r.year}\t${r.reference}\t${r.sessionDate}\t${r.email}`,
      'This participant’s mark for the activity’s session on this date',
    ),
};

/**
 * Activity rows: the NCP in the year's catalogue, dates in order, and a lead who passes the page's check
 * (`leadCheck`: an LLME of the row's hub, accredited where the NCP needs it). Anyone else's email, or an
 * email that is no one's, gets the same words, so that the file says nothing of who is on the platform.
 */
async function checkActivities(client: pg.PoolClient, tx: Tx) {
  await client.query(
    `UPDATE ${stage} s SET ncp_id = n.id FROM ncps n
     WHERE n.year_code = s.year AND upper(replace(n.code, ' ', '')) = upper(replace(s.ncp_code, ' ', ''))`,
  );
  await client.query(
    `UPDATE ${stage} s SET lead_id = coalesce(p.merged_into_person_id, p.id) FROM people p
     WHERE s.lead_email IS NOT NULL AND lower(p.email) = s.lead_email`,
  );
  const { rows } = await client.query<RowProblem>(
    `SELECT line, 'NCP ‘' || ncp_code || '’ is not in the ' || year || ' catalogue' AS message
       FROM ${stage} WHERE ncp_id IS NULL
     UNION ALL
     SELECT line, 'End date is before the start date' FROM ${stage} WHERE ends_on < starts_on`,
  );
  const { rows: leads } = await client.query<{
    line: number;
    hub: string;
    hub_id: number;
    lead_email: string;
    lead_id: number | null;
    rules: unknown;
  }>(
    `SELECT s.line, s.hub, s.hub_id, s.lead_email, s.lead_id, n.rules FROM ${stage} s
     LEFT JOIN ncps n ON n.id = s.ncp_id WHERE s.lead_email IS NOT NULL ORDER BY s.line`,
  );
  const checks = new Map<string, Awaited<ReturnType<typeof leadCheck>>>();
  for (const row of leads) {
    const key = JSON.stringify([row.lead_id, row.hub_id, row.rules]);
    let check = checks.get(key);
    if (!check) {
      check =
        row.lead_id === null
          ? { llme: null, reasons: [] }
          : await leadCheck(tx, { personId: row.lead_id, hubId: row.hub_id, ncpRules: row.rules ?? {} });
      checks.set(key, check);
    }
    if (!check.llme) {
      rows.push({
        line: row.line,
        message: `Lead email ‘${row.lead_email}’ is not an LLME of ${row.hub}: add the lead as an LLME of the hub first`,
      });
      continue;
    }
    const name = `${check.llme.givenName} ${check.llme.familyName}`;
    for (const reason of check.reasons) {
      rows.push({
        line: row.line,
        message: `Lead email ‘${row.lead_email}’: ${name} cannot lead it. ${reason}`,
      });
    }
  }
  return rows;
}

/** Enrolment rows must name schools on the register: one query for the file's distinct URNs. */
async function checkEnrolments(
  client: pg.PoolClient,
  rows: Resolved<EnrolmentRow>[],
  problems: RowProblem[],
) {
  const urns = [...new Set(rows.flatMap((r) => (r.schoolUrn === null ? [] : [r.schoolUrn])))];
  const known = new Set(
    (
      await client.query<{ urn: number }>('SELECT urn FROM schools WHERE urn = ANY($1::int[])', [urns])
    ).rows.map((s) => s.urn),
  );
  for (const r of rows) {
    if (r.schoolUrn !== null && !known.has(r.schoolUrn)) {
      problems.push({ line: r.line, message: `School URN ${r.schoolUrn} is not a school on the register` });
    }
  }
  // "Both years" is for the first phase of a two-phase programme, and for someone taking part.
  const bothYears = rows.filter((r) => r.bothYears && r.activityId !== null);
  if (bothYears.length === 0) return;
  const firstPhases = new Set(
    (
      await client.query<{ id: number }>(
        `SELECT a.id FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id
         WHERE a.id = ANY($1::int[]) AND n.next_ncp_code IS NOT NULL`,
        [[...new Set(bothYears.map((r) => r.activityId!))]],
      )
    ).rows.map((a) => a.id),
  );
  for (const r of bothYears) {
    if (!firstPhases.has(r.activityId!)) {
      problems.push({
        line: r.line,
        message: `Both years: activity ${r.reference} is not the first phase of a two-phase programme`,
      });
    } else if (r.status === 'withdrawn') {
      problems.push({
        line: r.line,
        message: 'Both years: a withdrawn participant is not registered for the next year',
      });
    }
  }
}

/** An attendance row with its enrolments found (and, once applied, its session). */
type ResolvedMark = Resolved<AttendanceRow> & {
  enrolmentId: number;
  joinedViaEnrolmentId: number | null;
  sessionId: number;
};

/**
 * Checks attendance rows and finds the enrolment of each participant (and of whoever's connection they
 * joined on) with one query for the file's distinct participants: a mark needs an enrolment in the
 * activity, someone who joined via another's connection was present, and the session's date falls in
 * the academic year.
 */
async function checkAttendance(
  client: pg.PoolClient,
  rows: Resolved<AttendanceRow>[],
  problems: RowProblem[],
): Promise<ResolvedMark[]> {
  const key = (activityId: number, email: string) => `${activityId}\t${email}`;
  const wanted = new Map<string, [number, string]>();
  for (const r of rows) {
    wanted.set(key(r.activityId!, r.email), [r.activityId!, r.email]);
    if (r.joinedViaEmail) wanted.set(key(r.activityId!, r.joinedViaEmail), [r.activityId!, r.joinedViaEmail]);
  }
  const pairs = [...wanted.values()];
  const { rows: found } = await client.query<{ activity_id: number; email: string; id: number }>(
    `SELECT w.activity_id, w.email, e.id FROM unnest($1::int[], $2::text[]) AS w(activity_id, email)
     JOIN people p ON lower(p.email) = w.email
     JOIN enrolments e ON e.person_id = coalesce(p.merged_into_person_id, p.id) AND e.activity_id = w.activity_id`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  const enrolmentIds = new Map(found.map((f) => [key(f.activity_id, f.email), f.id]));
  const years = new Map(
    (
      await client.query<{ code: string; starts_on: string; ends_on: string }>(
        'SELECT code, starts_on, ends_on FROM academic_years WHERE code = ANY($1::text[])',
        [[...new Set(rows.map((r) => r.year))]],
      )
    ).rows.map((y) => [y.code, y]),
  );
  const marks: ResolvedMark[] = [];
  for (const r of rows) {
    const enrolmentId = enrolmentIds.get(key(r.activityId!, r.email));
    const joinedViaEnrolmentId = r.joinedViaEmail
      ? enrolmentIds.get(key(r.activityId!, r.joinedViaEmail))
      : null;
    const year = years.get(r.year);
    const before = problems.length;
    if (enrolmentId === undefined) {
      problems.push({
        line: r.line,
        message: `‘${r.email}’ is not enrolled in activity ${r.reference}: import their enrolment first`,
      });
    }
    if (joinedViaEnrolmentId === undefined) {
      problems.push({
        line: r.line,
        message: `Joined via email ‘${r.joinedViaEmail}’ is not enrolled in activity ${r.reference}`,
      });
    }
    if (r.joinedViaEmail && r.status !== 'present') {
      problems.push({
        line: r.line,
        message: 'Status must be present for someone who joined via another participant’s connection',
      });
    }
    if (year && (r.sessionDate < year.starts_on || r.sessionDate > year.ends_on)) {
      const [y, m, d] = r.sessionDate.split('-');
      problems.push({
        line: r.line,
        message: `Session date ${d}/${m}/${y} is not in the academic year ${r.year}`,
      });
    }
    if (problems.length === before) {
      const mark = r as ResolvedMark;
      mark.enrolmentId = enrolmentId!;
      mark.joinedViaEnrolmentId = joinedViaEnrolmentId ?? null;
      mark.sessionId = 0;
      marks.push(mark);
    }
  }
  return marks;
}

// ---- apply (set-based) ----------------------------------------------------------------------------

interface Applied {
  added: number;
  updated: number;
  changedIds: number[];
  /** Every id added (activities and enrolments), for the follow-ups. */
  addedIds: number[];
  /** The participants registered for both years of a two-phase programme (enrolments), for the follow-ups. */
  bothYears?: { activityId: number; personId: number }[];
  alsoAdded: Record<string, number>;
  /** Rows not applied: their people are outside the importer's hubs, and are invited instead. */
  skipped?: number;
  invitations?: OutgoingMail[];
}

/** Counts of an upsert, the first 1,000 ids it changed and (`allAdded`: for follow-ups) every id it added. */
const counted = (inner: string, id = 'id', allAdded = false) =>
  `WITH changed AS (${inner} RETURNING ${id} AS id, xmax = 0 AS inserted)
   SELECT count(*) FILTER (WHERE inserted)::int AS added, count(*) FILTER (WHERE NOT inserted)::int AS updated,
          coalesce((array_agg(id ORDER BY id))[1:1000], '{}') AS ids,
          ${allAdded ? `coalesce(array_agg(id) FILTER (WHERE inserted), '{}')` : `'{}'::int[]`} AS added_ids FROM changed`;

async function upsertCounted(
  client: pg.PoolClient,
  sql: string,
  id?: string,
  params: unknown[] = [],
  allAdded = false,
) {
  const { rows } = await client.query<{ added: number; updated: number; ids: number[]; added_ids: number[] }>(
    counted(sql, id, allAdded),
    params,
  );
  return rows[0]!;
}

async function applyActivities(client: pg.PoolClient): Promise<Applied> {
  const done = await upsertCounted(
    client,
    `INSERT INTO hub_activities AS a (hub_id, ncp_id, year_code, reference, kind, title, status, starts_on, ends_on)
     SELECT hub_id, ncp_id, year, reference, kind, title, status, starts_on, ends_on FROM ${stage}
     ON CONFLICT (hub_id, year_code, reference) DO UPDATE SET ncp_id = EXCLUDED.ncp_id, kind = EXCLUDED.kind,
       title = EXCLUDED.title, status = EXCLUDED.status, starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on,
       updated_at = now()
     WHERE (a.ncp_id, a.kind, a.title, a.status, a.starts_on, a.ends_on)
       IS DISTINCT FROM (EXCLUDED.ncp_id, EXCLUDED.kind, EXCLUDED.title, EXCLUDED.status, EXCLUDED.starts_on, EXCLUDED.ends_on)`,
    'id',
    [],
    true,
  );
  const leads = await client.query(
    `INSERT INTO activity_leads (activity_id, person_id, title)
     SELECT a.id, s.lead_id, ${caseOf('s.kind', leadTitles)} FROM ${stage} s
     JOIN hub_activities a ON a.hub_id = s.hub_id AND a.year_code = s.year AND a.reference = s.reference
     WHERE s.lead_id IS NOT NULL
     ON CONFLICT (activity_id, person_id) DO NOTHING`,
  );
  return {
    added: done.added,
    updated: done.updated,
    changedIds: done.ids,
    addedIds: done.added_ids,
    alsoAdded: { leads: leads.rowCount ?? 0 },
  };
}

/**
 * Finds each participant by email (one query for the file's distinct emails; a merged person's record is
 * the one they were merged into), adds the people who are new with their participant role, then stages
 * the enrolments with COPY and upserts them in one statement.
 */
async function applyEnrolments(
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
       role_in_school text, year_groups text[] NOT NULL, mentor_name text, mentor_email text, status text NOT NULL)
     ON COMMIT DROP`,
  );
  await copyRows(client, stage, enrolmentColumns(personIds), rows);
  const done = await upsertCounted(
    client,
    `INSERT INTO enrolments AS e (activity_id, person_id, school_urn, role_in_school, year_groups, mentor_name, mentor_email, status)
     SELECT activity_id, person_id, school_urn, role_in_school, year_groups, mentor_name, mentor_email, status FROM ${stage}
     ON CONFLICT (activity_id, person_id) DO UPDATE SET school_urn = EXCLUDED.school_urn,
       role_in_school = EXCLUDED.role_in_school, year_groups = EXCLUDED.year_groups, mentor_name = EXCLUDED.mentor_name,
       mentor_email = EXCLUDED.mentor_email, status = EXCLUDED.status
     WHERE (e.school_urn, e.role_in_school, e.year_groups, e.mentor_name, e.mentor_email, e.status)
       IS DISTINCT FROM (EXCLUDED.school_urn, EXCLUDED.role_in_school, EXCLUDED.year_groups, EXCLUDED.mentor_name,
         EXCLUDED.mentor_email, EXCLUDED.status)`,
    'id',
    [],
    true,
  );
  const schools = await client.query(
    `INSERT INTO activity_schools (activity_id, school_urn)
     SELECT DISTINCT activity_id, school_urn FROM ${stage} WHERE school_urn IS NOT NULL
     ON CONFLICT (activity_id, school_urn) DO NOTHING`,
  );
  return {
    added: done.added,
    updated: done.updated,
    changedIds: done.ids,
    addedIds: done.added_ids,
    bothYears: rows
      .filter((r) => r.bothYears)
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
});

/** The marks to apply, once each row's session and enrolments are known. */
const markColumns: CopyColumns<ResolvedMark> = {
  session_id: (m) => m.sessionId,
  enrolment_id: (m) => m.enrolmentId,
  status: (m) => m.status,
  joined_via_enrolment_id: (m) => m.joinedViaEnrolmentId,
};

/**
 * Finds each mark's session, by its activity and its day in England (the first that day), making the
 * sessions that are new (one a day, named by the day's first row); then stages the marks with COPY and
 * upserts them in one statement.
 */
async function applyAttendance(client: pg.PoolClient, actor: Actor, marks: ResolvedMark[]): Promise<Applied> {
  const key = (activityId: number, day: string) => `${activityId}\t${day}`;
  const sessionIds = new Map<string, number>();
  const existing = await client.query<{ id: number; activity_id: number; day: string }>(
    `SELECT DISTINCT ON (activity_id, day) id, activity_id, day FROM (
       SELECT id, activity_id, starts_at, (starts_at AT TIME ZONE 'Europe/London')::date::text AS day
       FROM activity_sessions WHERE activity_id = ANY($1::int[])) d
     ORDER BY activity_id, day, starts_at, id`,
    [[...new Set(marks.map((m) => m.activityId!))]],
  );
  for (const s of existing.rows) sessionIds.set(key(s.activity_id, s.day), s.id);
  const firsts = new Map<string, ResolvedMark>();
  for (const m of marks) {
    const k = key(m.activityId!, m.sessionDate);
    if (!sessionIds.has(k) && !firsts.has(k)) firsts.set(k, m);
  }
  const toMake = [...firsts.values()];
  if (toMake.length > 0) {
    const made = await client.query<{ id: number; activity_id: number; day: string }>(
      `INSERT INTO activity_sessions (activity_id, kind, title, starts_at)
       SELECT activity_id, kind, title, day::timestamp AT TIME ZONE 'Europe/London'
       FROM unnest($1::int[], $2::text[], $3::text[], $4::date[]) AS n(activity_id, kind, title, day)
       RETURNING id, activity_id, (starts_at AT TIME ZONE 'Europe/London')::date::text AS day`,
      [
        toMake.map((m) => m.activityId),
        toMake.map((m) => m.sessionKind),
        toMake.map((m) => m.sessionTitle ?? sessionKindNames[m.sessionKind as SessionKind]),
        toMake.map((m) => m.sessionDate),
      ],
    );
    for (const s of made.rows) sessionIds.set(key(s.activity_id, s.day), s.id);
  }
  for (const m of marks) m.sessionId = sessionIds.get(key(m.activityId!, m.sessionDate))!;
  await client.query(
    `CREATE TEMP TABLE ${stage} (session_id int NOT NULL, enrolment_id int NOT NULL, status text NOT NULL,
       joined_via_enrolment_id int) ON COMMIT DROP`,
  );
  await copyRows(client, stage, markColumns, marks);
  const done = await upsertCounted(
    client,
    `INSERT INTO attendance_marks AS m (session_id, enrolment_id, status, joined_via_enrolment_id, marked_by_person_id)
     SELECT session_id, enrolment_id, status, joined_via_enrolment_id, $1::int FROM ${stage}
     ON CONFLICT (session_id, enrolment_id) DO UPDATE SET status = EXCLUDED.status,
       joined_via_enrolment_id = EXCLUDED.joined_via_enrolment_id, marked_by_person_id = EXCLUDED.marked_by_person_id,
       marked_at = now()
     WHERE (m.status, m.joined_via_enrolment_id) IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.joined_via_enrolment_id)`.replace(
      '$1::int',
      actor.personId === null ? 'NULL::int' : String(Number(actor.personId)),
    ),
    'session_id',
  );
  return {
    added: done.added,
    updated: done.updated,
    changedIds: [...new Set(done.ids)],
    addedIds: [],
    alsoAdded: { sessions: toMake.length },
  };
}

// ---- the use case ---------------------------------------------------------------------------------

async function readDeliveryFile(file: DeliveryFile) {
  if ('bytes' in file) return file;
  return { fileName: path.basename(file.path), bytes: await readFile(file.path) };
}

const byLine = (a: RowProblem, b: RowProblem) => a.line - b.line;

/** Whose hubs the import may touch, what the file holds, and the file. */
export interface ImportDeliveryInput {
  scope: ImportScope;
  kind: DeliveryKind;
  file: DeliveryFile;
}

/**
 * Imports a hub's activities, enrolments or attendance from CSV or Excel. Every row is checked and every
 * problem reported by line (ImportRejectedError); all or nothing, in one transaction. What the rows name
 * (hubs, activities, people, enrolments, sessions) is found with one query each for the file's distinct
 * values; rows are staged with COPY and applied with one statement each; re-importing the same file
 * changes nothing. One event records the import, its counts and the records it changed. As the pages do,
 * new Phase 2 groups enrol those who registered for both years, and new ECTs' mentors are emailed
 * (import-follow-ups.ts): the emails are queued in the transaction and sent by the mail queue once it has committed.
 */
export async function importDelivery(
  db: Database,
  actor: Actor,
  input: ImportDeliveryInput,
  deps: { mailer: Mailer },
): Promise<DeliveryImportResult> {
  const { scope, kind, file } = input;
  const { fileName, bytes } = await readDeliveryFile(file);
  const table = await readTable(fileName, bytes);
  const { rows, problems } = parseRows(kind, table);
  if (rows.length === 0 && problems.length === 0) {
    throw new ImportRejectedError([{ line: table.headerLine, message: 'the file has a header but no rows' }]);
  }
  let result: DeliveryImportResult;
  const client = await db.$client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [deliveryImportLock]);
    // Sorts of a year's rows fit in memory; the statements are too short to gain from compiling them.
    await client.query(`SET LOCAL work_mem = '64MB'; SET LOCAL jit = off`);
    const resolved = await resolveHubAndActivity(client, kind, scope, rows, problems);
    let marks: ResolvedMark[] = [];
    if (kind === 'attendance') {
      marks = await checkAttendance(client, resolved as Resolved<AttendanceRow>[], problems);
    } else if (kind === 'enrolments') {
      await checkEnrolments(client, resolved as Resolved<EnrolmentRow>[], problems);
    } else {
      await client.query(`CREATE TEMP TABLE ${stage} (${stagingTables.activities}) ON COMMIT DROP`);
      await copyRows(client, stage, copyColumns.activities, resolved as Resolved<ActivityRow>[]);
      await client.query(`ANALYZE ${stage}`);
      problems.push(...(await checkActivities(client, drizzle(client, { schema }) as unknown as Tx)));
    }
    problems.push(...(duplicateChecks[kind] as (rows: RowsOf[DeliveryKind][]) => RowProblem[])(resolved));
    if (problems.length > 0) throw new ImportRejectedError(problems.sort(byLine));

    const applied =
      kind === 'activities'
        ? await applyActivities(client)
        : kind === 'enrolments'
          ? await applyEnrolments(client, actor, scope, resolved as Resolved<EnrolmentRow>[])
          : await applyAttendance(client, actor, marks);
    const tx = drizzle(client, { schema }) as unknown as Tx;
    const followUps = await importFollowUps(
      client,
      tx,
      actor,
      kind,
      applied.addedIds,
      applied.bothYears ?? [],
    );
    const hubs = [...new Map(resolved.map((r) => [r.hub, { hub_id: r.hubId, hub: r.hub }])).values()].sort(
      (a, b) => (a.hub < b.hub ? -1 : a.hub > b.hub ? 1 : 0),
    );
    // As the pages do, the hubs' grant statements follow the change in this transaction (attendance
    // does not change a grant).
    if (kind !== 'attendance' && applied.added + applied.updated > 0) {
      const hubIds = hubs.map((h) => h.hub_id);
      for (const year of [...new Set(resolved.map((r) => r.year))].sort()) {
        await deliveryChanged(tx, actor, { yearCode: year, hubIds });
      }
    }
    result = {
      kind,
      fileName,
      rowCount: rows.length,
      added: applied.added,
      updated: applied.updated,
      unchanged: rows.length - applied.added - applied.updated - (applied.skipped ?? 0),
      alsoAdded: { ...applied.alsoAdded, ...followUps.alsoAdded },
    };
    await recordEvent(tx, actor, {
      action: `delivery.${kind}_imported`,
      subjectType: 'delivery_import',
      subjectId: fileName,
      hubId: hubs.length === 1 ? hubs[0]!.hub_id : null,
      changes: {
        kind,
        fileName,
        rows: result.rowCount,
        added: result.added,
        updated: result.updated,
        unchanged: result.unchanged,
        ...result.alsoAdded,
        hubs: hubs.map((h) => h.hub),
        [kind === 'activities' ? 'activityIds' : kind === 'enrolments' ? 'enrolmentIds' : 'sessionIds']:
          applied.changedIds,
      },
    });
    // The emails are outbox rows of this transaction, sent by the mail queue after the commit.
    for (const mail of [...followUps.mails, ...(applied.invitations ?? [])])
      await deps.mailer.queue(tx, mail);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  deps.mailer.kick();
  return result;
}
