import type { Actor } from '../../../platform/audit.ts';
import { copyChunks, copyLineOf, fieldColumns } from '../../../platform/copy-rows.ts';
import type { Database } from '../../../platform/database.ts';
import { silentProgress } from '../../../platform/progress.ts';
import { queueNameSearchEntries, refreshSchoolSearch } from '../refresh-school-search.ts';
import { applyEstablishments, countOpenSchoolsNotIn, establishmentsStaging } from './apply-establishments.ts';
import { decodeGiasText } from './decode-gias-text.ts';
import { openEstablishments } from './read-establishments.ts';
import { type RegisterImportInput, readRegisterFile } from './register-file.ts';
import { type RegisterImportResult, recordRegisterImport } from './register-imports.ts';
import { columnsWrittenBy, type RegisterRow, registerColumns } from './register-row.ts';
import { inRegisterTransaction } from './register-transaction.ts';

/** Rows read between turns of the event loop, and the least sent to the database at once. */
const rowsPerRead = 250;
const rowsPerBatch = 2500;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Imports a GIAS establishments file (the full extract, any release's layout, or the state-funded
 * extract) into the school register: adds, updates and closes schools, logs each change, and records
 * the import. All or nothing: a file with any problem is rejected (ImportRejectedError, every problem by
 * line) and a failure part-way leaves the register exactly as it was.
 *
 * PostgreSQL applies one batch while Node reads the next, inside the one transaction (reading gives
 * way to the connection every few hundred rows). Rows are turned into COPY text as they are read, so
 * that sending a batch waits for nothing in Node. Once a problem is found nothing more is sent, but
 * reading goes on to list every problem.
 */
const registerCopyColumns = fieldColumns<RegisterRow>(registerColumns);
const registerCopyNames = Object.keys(registerCopyColumns);
const registerCopyLine = copyLineOf(registerCopyColumns);

export async function importGiasFile(
  db: Database,
  actor: Actor,
  input: RegisterImportInput,
): Promise<RegisterImportResult> {
  const { progress = silentProgress } = input;
  const { fileName, bytes } = await readRegisterFile(input);
  const text = decodeGiasText(bytes);
  const result = await inRegisterTransaction(db, async (client, tx) => {
    // Read from the start on each run: a run rolled back to break a deadlock is run again whole.
    const establishments = openEstablishments(text);
    const written = columnsWrittenBy(establishments.columns);
    await client.query(
      `CREATE TEMP TABLE ${establishmentsStaging} (LIKE schools INCLUDING DEFAULTS) ON COMMIT DROP`,
    );
    await client.query(queueNameSearchEntries);
    const totals = { added: 0, updated: 0, closed: 0 };
    const urns: number[] = [];
    // The rows read and not yet sent, as COPY text in chunks of `rowsPerRead` rows.
    let waiting: string[] = [];
    let waitingRows = 0;
    let applying: Promise<void> = Promise.resolve();
    let busy = false;
    const apply = (batch: string[]) => {
      busy = true;
      applying = (async () => {
        await client.query(`TRUNCATE ${establishmentsStaging}`);
        await copyChunks(client, establishmentsStaging, registerCopyNames, batch);
        const applied = await applyEstablishments(client, actor, written);
        totals.added += applied.added;
        totals.updated += applied.updated;
        totals.closed += applied.closed;
      })().finally(() => {
        busy = false;
      });
      // Always awaited before the next batch or the end; this only stops Node calling a failure unhandled.
      applying.catch(() => {});
    };

    progress.start('Importing establishments', establishments.lineCount);
    try {
      for (const rows of establishments.batches(rowsPerRead)) {
        progress.advance(rows.length);
        let text = '';
        for (const row of rows) {
          urns.push(row.urn);
          text += registerCopyLine(row);
        }
        if (establishments.hasProblems) {
          waiting = [];
          waitingRows = 0;
        } else {
          waiting.push(text);
          waitingRows += rows.length;
        }
        if (!busy && waitingRows >= rowsPerBatch) {
          await applying;
          apply(waiting);
          waiting = [];
          waitingRows = 0;
        }
        await nextTurn();
      }
      await applying;
      if (waitingRows > 0) apply(waiting);
      await applying;
      const counts = {
        kind: 'gias' as const,
        fileName,
        rowCount: urns.length,
        ...totals,
        unchanged: urns.length - totals.added - totals.updated,
        openNotInFile: await countOpenSchoolsNotIn(client, urns),
      };
      const importId = await recordRegisterImport(tx, actor, counts);
      return { importId, ...counts, warnings: establishments.warnings() };
    } catch (error) {
      await applying.catch(() => {});
      throw error;
    } finally {
      progress.done();
    }
  });
  if (result.added + result.updated > 0) await refreshSchoolSearch(db.$client);
  return result;
}
