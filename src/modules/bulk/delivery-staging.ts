/**
 * What the delivery importer's steps share (import-delivery.ts): the importer's scope, the rows as they
 * are resolved, the staging table the rows are copied into, and the counted upsert that applies them.
 */
import type pg from 'pg';
import { type CopyColumns, copyRows } from '../../platform/copy-rows.ts';
import type { OutgoingMail } from '../../platform/mail.ts';
import type { ActivityRow, AttendanceRow } from './formats.ts';

/** Whose records the importer may change: every hub (national administrators, the CLI) or only some. */
export type ImportScope = { allHubs: true } | { allHubs: false; hubIds: number[] };

/** A text[] in PostgreSQL's array literal syntax, for COPY. */
export const arrayLiteral = (values: string[]) =>
  `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;

/** The import's temporary table (dropped at commit): one kind of row per import. */
export const stage = 'bulk_stage';

const common = `line int NOT NULL, hub text NOT NULL, year text NOT NULL, reference text NOT NULL, hub_id int`;
/** Activities are staged to be checked and applied; enrolments and marks are staged once resolved. */
const stagingTables = {
  activities: `${common}, ncp_code text NOT NULL, kind text NOT NULL, title text NOT NULL, status text NOT NULL,
    starts_on date, ends_on date, lead_email text, ncp_id int, lead_id int`,
};

/** A row whose hub (and, but for activities, activity) has been found. */
export type Resolved<R> = R & { hubId: number; activityId: number | null };

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

/** Stages activity rows with COPY, to be checked (check-delivery-rows.ts) and applied (apply-activities.ts). */
export async function stageActivities(client: pg.PoolClient, rows: Resolved<ActivityRow>[]) {
  await client.query(`CREATE TEMP TABLE ${stage} (${stagingTables.activities}) ON COMMIT DROP`);
  await copyRows(client, stage, copyColumns.activities, rows);
  await client.query(`ANALYZE ${stage}`);
}

/** An attendance row with its enrolments found (and, once applied, its session). */
export type ResolvedMark = Resolved<AttendanceRow> & {
  enrolmentId: number;
  joinedViaEnrolmentId: number | null;
  sessionId: number;
};

/** What applying a file's rows changed, for the import's result, its event and its follow-ups. */
export interface Applied {
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

export async function upsertCounted(
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
