import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import { connectionTransactionRetried, type Database } from '../../platform/database.ts';
import { ImportRejectedError, type RowProblem } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail.ts';
import { deliveryChanged } from '../activities/delivery-changed.ts';
import { applyActivities } from './apply-activities.ts';
import { applyAttendance } from './apply-attendance.ts';
import { applyEnrolments } from './apply-enrolments.ts';
import { checkActivities, checkAttendance, checkEnrolments } from './check-delivery-rows.ts';
import { type ImportScope, type Resolved, type ResolvedMark, stageActivities } from './delivery-staging.ts';
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
import { duplicateChecks, resolveHubAndActivity } from './resolve-delivery-rows.ts';

export type { ImportScope } from './delivery-staging.ts';

/** A file to import: its bytes (an upload) or a path (the command line). */
export type DeliveryFile = { fileName: string; bytes: Uint8Array } | { path: string };

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
  const parsed = parseRows(kind, table);
  const { rows } = parsed;
  if (rows.length === 0 && parsed.problems.length === 0) {
    throw new ImportRejectedError([{ line: table.headerLine, message: 'the file has a header but no rows' }]);
  }
  // One transaction, run again from the start if PostgreSQL rolls it back to break a deadlock (a register
  // saved while the import holds rows it needs; docs/adr/0011): each run checks the rows afresh.
  const result = await connectionTransactionRetried(db.$client, async (client, tx) => {
    const problems = [...parsed.problems];
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
      await stageActivities(client, resolved as Resolved<ActivityRow>[]);
      problems.push(...(await checkActivities(client, tx)));
    }
    problems.push(...(duplicateChecks[kind] as (rows: RowsOf[DeliveryKind][]) => RowProblem[])(resolved));
    if (problems.length > 0) throw new ImportRejectedError(problems.sort(byLine));

    const applied =
      kind === 'activities'
        ? await applyActivities(client)
        : kind === 'enrolments'
          ? await applyEnrolments(client, actor, scope, resolved as Resolved<EnrolmentRow>[])
          : await applyAttendance(client, actor, marks);
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
    const result: DeliveryImportResult = {
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
    return result;
  });
  deps.mailer.kick();
  return result;
}
