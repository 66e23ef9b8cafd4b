import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import { type CopyColumns, copyRows } from '../../platform/copy-rows.ts';
import type { Database, Tx } from '../../platform/database.ts';
import { ImportRejectedError, type RowProblem } from '../../platform/errors.ts';
import * as schema from '../../schema.ts';
import { type ActivityKind, sessionKindNames } from '../activities/schema.ts';
import {
  type ActivityRow,
  type AttendanceRow,
  type DeliveryKind,
  type EnrolmentRow,
  parseRows,
  type RowsOf,
} from './formats.ts';
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
const stagingTables: Record<DeliveryKind, string> = {
  activities: `${common}, ncp_code text NOT NULL, kind text NOT NULL, title text NOT NULL, status text NOT NULL,
    starts_on date, ends_on date, lead_email text, ncp_id int, lead_id int`,
  enrolments: `${common}, email text NOT NULL, given_name text NOT NULL, family_name text NOT NULL,
    school_urn int, role_in_school text, year_groups text[] NOT NULL, mentor_name text, mentor_email text,
    status text NOT NULL, activity_id int, person_id int`,
  attendance: `${common}, session_date date NOT NULL, session_title text, session_kind text NOT NULL,
    email text NOT NULL, status text NOT NULL, joined_via_email text, activity_id int, enrolment_id int,
    joined_via_enrolment_id int, session_id int`,
};

const commonColumns = <R extends { line: number; hub: string; year: string; reference: string }>() => ({
  line: (r: R) => r.line,
  hub: (r: R) => r.hub,
  year: (r: R) => r.year,
  reference: (r: R) => r.reference,
});

const copyColumns: { [K in DeliveryKind]: CopyColumns<RowsOf[K]> } = {
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
  enrolments: {
    ...commonColumns<EnrolmentRow>(),
    email: (r) => r.email,
    given_name: (r) => r.givenName,
    family_name: (r) => r.familyName,
    school_urn: (r) => r.schoolUrn,
    role_in_school: (r) => r.roleInSchool,
    year_groups: (r) => arrayLiteral(r.yearGroups),
    mentor_name: (r) => r.mentorName,
    mentor_email: (r) => r.mentorEmail,
    status: (r) => r.status,
  },
  attendance: {
    ...commonColumns<AttendanceRow>(),
    session_date: (r) => r.sessionDate,
    session_title: (r) => r.sessionTitle,
    session_kind: (r) => r.sessionKind,
    email: (r) => r.email,
    status: (r) => r.status,
    joined_via_email: (r) => r.joinedViaEmail,
  },
};

// ---- checks (each a query returning line and message) ---------------------------------------------

/** The hub and, for enrolments and attendance, the activity each row names; problems where they are missing or not the importer's. */
async function resolveHubAndActivity(client: pg.PoolClient, kind: DeliveryKind, scope: ImportScope) {
  await client.query(`UPDATE ${stage} s SET hub_id = h.id FROM hubs h WHERE h.slug = s.hub`);
  if (kind !== 'activities') {
    await client.query(
      `UPDATE ${stage} s SET activity_id = a.id FROM hub_activities a
       WHERE a.hub_id = s.hub_id AND a.year_code = s.year AND a.reference = s.reference`,
    );
  }
  const checks = [
    `SELECT line, 'Hub ‘' || hub || '’ is not a Maths Hub: use the hub’s short name, as in its address on the platform' AS message
     FROM ${stage} WHERE hub_id IS NULL`,
  ];
  if (!scope.allHubs) {
    checks.push(
      `SELECT line, 'Hub ‘' || hub || '’ is not your hub: you may import only your own hub’s records' AS message
       FROM ${stage} WHERE hub_id IS NOT NULL AND NOT (hub_id = ANY($1::int[]))`,
    );
  }
  if (kind !== 'activities') {
    checks.push(
      `SELECT line, 'Activity reference ‘' || reference || '’ is not an activity of ' || hub || ' in ' || year
         || ': import it in an activities file first' AS message
       FROM ${stage} WHERE hub_id IS NOT NULL AND activity_id IS NULL`,
    );
  }
  const params = scope.allHubs ? [] : [scope.hubIds];
  const problems = (await client.query<RowProblem>(checks.join(' UNION ALL '), params)).rows;
  // Rows already refused go no further, so that they raise no other problems (nor say what another hub has).
  await client.query(
    `DELETE FROM ${stage} WHERE hub_id IS NULL${scope.allHubs ? '' : ' OR NOT (hub_id = ANY($1::int[]))'}${
      kind === 'activities' ? '' : ' OR activity_id IS NULL'
    }`,
    params,
  );
  return problems;
}

/** Rows that repeat an earlier row's key: each row may appear once. */
async function duplicates(client: pg.PoolClient, key: string, what: string) {
  const { rows } = await client.query<RowProblem>(
    `SELECT line, '${what} is also on line ' || first || ': each may appear once in a file' AS message
     FROM (SELECT line, min(line) OVER (PARTITION BY ${key}) AS first FROM ${stage}) d WHERE line <> first`,
  );
  return rows;
}

async function checkActivities(client: pg.PoolClient) {
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
     SELECT line, 'Lead email ‘' || lead_email || '’ is not anyone on the platform: add the lead as an LLME first'
       FROM ${stage} WHERE lead_email IS NOT NULL AND lead_id IS NULL
     UNION ALL
     SELECT line, 'End date is before the start date' FROM ${stage} WHERE ends_on < starts_on`,
  );
  return [
    ...rows,
    ...(await duplicates(client, 'hub, year, reference', 'The activity reference for this hub and year')),
  ];
}

async function checkEnrolments(client: pg.PoolClient) {
  const { rows } = await client.query<RowProblem>(
    `SELECT line, 'School URN ' || school_urn || ' is not a school on the register' AS message
     FROM ${stage} s WHERE school_urn IS NOT NULL AND NOT EXISTS (SELECT 1 FROM schools WHERE urn = s.school_urn)`,
  );
  return [
    ...rows,
    ...(await duplicates(
      client,
      'hub, year, reference, email',
      'This participant’s enrolment in the activity',
    )),
  ];
}

async function checkAttendance(client: pg.PoolClient) {
  await client.query(
    `UPDATE ${stage} s SET enrolment_id = e.id FROM people p JOIN enrolments e ON e.person_id = coalesce(p.merged_into_person_id, p.id)
     WHERE lower(p.email) = s.email AND e.activity_id = s.activity_id`,
  );
  await client.query(
    `UPDATE ${stage} s SET joined_via_enrolment_id = e.id FROM people p JOIN enrolments e ON e.person_id = coalesce(p.merged_into_person_id, p.id)
     WHERE s.joined_via_email IS NOT NULL AND lower(p.email) = s.joined_via_email AND e.activity_id = s.activity_id`,
  );
  const { rows } = await client.query<RowProblem>(
    `SELECT line, '‘' || email || '’ is not enrolled in activity ' || reference || ': import their enrolment first' AS message
       FROM ${stage} WHERE activity_id IS NOT NULL AND enrolment_id IS NULL
     UNION ALL
     SELECT line, 'Joined via email ‘' || joined_via_email || '’ is not enrolled in activity ' || reference
       FROM ${stage} WHERE activity_id IS NOT NULL AND joined_via_email IS NOT NULL AND joined_via_enrolment_id IS NULL
     UNION ALL
     SELECT line, 'Status must be present for someone who joined via another participant’s connection'
       FROM ${stage} WHERE joined_via_email IS NOT NULL AND status <> 'present'
     UNION ALL
     SELECT s.line, 'Session date ' || to_char(s.session_date, 'DD/MM/YYYY') || ' is not in the academic year ' || s.year
       FROM ${stage} s JOIN academic_years y ON y.code = s.year
       WHERE s.session_date NOT BETWEEN y.starts_on AND y.ends_on`,
  );
  return [
    ...rows,
    ...(await duplicates(
      client,
      'hub, year, reference, session_date, email',
      'This participant’s mark for the activity’s session on this date',
    )),
  ];
}

const checks: Record<DeliveryKind, (client: pg.PoolClient) => Promise<RowProblem[]>> = {
  activities: checkActivities,
  enrolments: checkEnrolments,
  attendance: checkAttendance,
};

// ---- apply (set-based) ----------------------------------------------------------------------------

interface Applied {
  added: number;
  updated: number;
  changedIds: number[];
  alsoAdded: Record<string, number>;
}

const counted = (inner: string, id = 'id') =>
  `WITH changed AS (${inner} RETURNING ${id} AS id, xmax = 0 AS inserted)
   SELECT count(*) FILTER (WHERE inserted)::int AS added, count(*) FILTER (WHERE NOT inserted)::int AS updated,
          coalesce((array_agg(id ORDER BY id))[1:1000], '{}') AS ids FROM changed`;

async function upsertCounted(client: pg.PoolClient, sql: string, id?: string, params: unknown[] = []) {
  const { rows } = await client.query<{ added: number; updated: number; ids: number[] }>(
    counted(sql, id),
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
    alsoAdded: { leads: leads.rowCount ?? 0 },
  };
}

async function applyEnrolments(client: pg.PoolClient): Promise<Applied> {
  const people = await client.query<{ id: number; hub_id: number }>(
    `WITH firsts AS (
       SELECT DISTINCT ON (email) email, given_name, family_name, school_urn, hub_id FROM ${stage} s
       WHERE NOT EXISTS (SELECT 1 FROM people p WHERE lower(p.email) = s.email) ORDER BY email, line),
     added AS (
       INSERT INTO people (email, given_name, family_name, school_urn)
       SELECT email, given_name, family_name, school_urn FROM firsts ON CONFLICT DO NOTHING RETURNING id, email)
     INSERT INTO role_assignments (person_id, role, hub_id)
     SELECT added.id, 'participant', firsts.hub_id FROM added JOIN firsts USING (email)`,
  );
  await client.query(
    `UPDATE ${stage} s SET person_id = coalesce(p.merged_into_person_id, p.id) FROM people p WHERE lower(p.email) = s.email`,
  );
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
    alsoAdded: { people: people.rowCount ?? 0, schoolsTakingPart: schools.rowCount ?? 0 },
  };
}

async function applyAttendance(client: pg.PoolClient, actor: Actor): Promise<Applied> {
  // A session is found by its activity and its day in England; one a day, made when new.
  const findSessions = `UPDATE ${stage} s SET session_id = x.id FROM (
      SELECT DISTINCT ON (activity_id, day) id, activity_id, day FROM (
        SELECT id, activity_id, starts_at, (starts_at AT TIME ZONE 'Europe/London')::date AS day FROM activity_sessions
        WHERE activity_id IN (SELECT DISTINCT activity_id FROM ${stage})) d
      ORDER BY activity_id, day, starts_at, id) x
    WHERE s.session_id IS NULL AND x.activity_id = s.activity_id AND x.day = s.session_date`;
  await client.query(findSessions);
  const sessions = await client.query(
    `INSERT INTO activity_sessions (activity_id, kind, title, starts_at)
     SELECT activity_id, session_kind, coalesce(session_title, ${caseOf('session_kind', sessionKindNames)}),
       session_date::timestamp AT TIME ZONE 'Europe/London'
     FROM (SELECT DISTINCT ON (activity_id, session_date) * FROM ${stage} WHERE session_id IS NULL
           ORDER BY activity_id, session_date, line) firsts`,
  );
  if ((sessions.rowCount ?? 0) > 0) await client.query(findSessions);
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
    alsoAdded: { sessions: sessions.rowCount ?? 0 },
  };
}

// ---- the use case ---------------------------------------------------------------------------------

async function readDeliveryFile(file: DeliveryFile) {
  if ('bytes' in file) return file;
  return { fileName: path.basename(file.path), bytes: await readFile(file.path) };
}

const byLine = (a: RowProblem, b: RowProblem) => a.line - b.line;

/**
 * Imports a hub's activities, enrolments or attendance from CSV or Excel. Every row is checked and every
 * problem reported by line (ImportRejectedError); all or nothing, in one transaction. Rows are staged with
 * COPY and applied with one statement each; re-importing the same file changes nothing. One event records
 * the import, its counts and the records it changed.
 */
export async function importDelivery(
  db: Database,
  actor: Actor,
  scope: ImportScope,
  kind: DeliveryKind,
  file: DeliveryFile,
): Promise<DeliveryImportResult> {
  const { fileName, bytes } = await readDeliveryFile(file);
  const table = await readTable(fileName, bytes);
  const { rows, problems } = parseRows(kind, table);
  if (rows.length === 0 && problems.length === 0) {
    throw new ImportRejectedError([{ line: table.headerLine, message: 'the file has a header but no rows' }]);
  }
  const client = await db.$client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [deliveryImportLock]);
    await client.query(`CREATE TEMP TABLE ${stage} (${stagingTables[kind]}) ON COMMIT DROP`);
    await copyRows(client, stage, copyColumns[kind] as CopyColumns<RowsOf[DeliveryKind]>, rows);
    await client.query(`ANALYZE ${stage}`);
    problems.push(...(await resolveHubAndActivity(client, kind, scope)));
    problems.push(...(await checks[kind](client)));
    if (problems.length > 0) throw new ImportRejectedError(problems.sort(byLine));

    const applied =
      kind === 'activities'
        ? await applyActivities(client)
        : kind === 'enrolments'
          ? await applyEnrolments(client)
          : await applyAttendance(client, actor);
    const hubs = (
      await client.query<{ hub_id: number; hub: string }>(
        `SELECT DISTINCT hub_id, hub FROM ${stage} ORDER BY hub`,
      )
    ).rows;
    const result: DeliveryImportResult = {
      kind,
      fileName,
      rowCount: rows.length,
      added: applied.added,
      updated: applied.updated,
      unchanged: rows.length - applied.added - applied.updated,
      alsoAdded: applied.alsoAdded,
    };
    const tx = drizzle(client, { schema }) as unknown as Tx;
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
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
