import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { ImportRejectedError, type RowProblem } from '../../platform/errors.ts';
import type { HubScope } from '../../platform/hub-scope.ts';
import { readTable } from '../bulk/read-table.ts';
import { insertReferral, referralProblems } from './referrals.ts';

/** The columns of a referral list: by their header, in any order (letters and digits only, any case). */
export const referralImportColumns = [
  { header: 'URN', names: ['urn', 'schoolurn'], required: true },
  { header: 'Barriers', names: ['barriers', 'barriersidentified'], required: true },
] as const;

export interface ReferralImportInput {
  scope: HubScope;
  file: { fileName: string; bytes: Uint8Array };
}

/**
 * Imports a list of referrals (CSV, or the first sheet of an Excel workbook) for the current academic
 * year. Every row is checked (a URN of a school in the importer's hubs, not referred already this year
 * nor twice in the file; the barriers given) and every problem is reported with its line; if there is
 * any, nothing is written (`ImportRejectedError`). All the referrals are made in one transaction.
 */
export async function importReferrals(
  db: Executor,
  actor: Actor,
  input: ReferralImportInput,
): Promise<{ referred: number }> {
  const table = await readTable(input.file.fileName, input.file.bytes);
  const index = (names: readonly string[]) => table.columns.findIndex((c) => names.includes(c));
  const columns = referralImportColumns.map((c) => ({ ...c, at: index(c.names) }));
  const missing = columns.filter((c) => c.at < 0);
  if (missing.length)
    throw new ImportRejectedError(
      missing.map((c) => ({ line: table.headerLine, message: `the file has no ${c.header} column` })),
    );
  const [urnAt, barriersAt] = columns.map((c) => c.at) as [number, number];
  if (!table.rows.length)
    throw new ImportRejectedError([{ line: table.headerLine, message: 'the file has no referrals' }]);
  const yearCode = academicYearOf(todayInEngland());
  return db.transaction(async (tx) => {
    // One import or referral at a time, so that two cannot both refer the same school.
    await tx.execute(sql`select pg_advisory_xact_lock(${0x74737266}, 0)`);
    const problems: RowProblem[] = [];
    const ready: { line: number; urn: number; barriers: string; hubId: number }[] = [];
    const seen = new Map<number, number>();
    for (const row of table.rows) {
      const urnText = (row.cells[urnAt] ?? '').trim();
      const barriers = (row.cells[barriersAt] ?? '').trim();
      if (!/^\d{1,9}$/.test(urnText)) {
        problems.push({
          line: row.line,
          message: urnText ? `URN “${urnText}” is not a number` : 'the URN is missing',
        });
        if (!barriers) problems.push({ line: row.line, message: 'the barriers identified are missing' });
        continue;
      }
      const urn = Number(urnText);
      const first = seen.get(urn);
      if (first !== undefined) {
        problems.push({
          line: row.line,
          message: `URN ${urn} is also on line ${first}: refer a school once`,
        });
        continue;
      }
      seen.set(urn, row.line);
      const checked = await referralProblems(tx, { urn, barriers, scope: input.scope, yearCode });
      for (const p of checked.problems) problems.push({ line: row.line, message: p.message });
      if (!checked.problems.length) ready.push({ line: row.line, urn, barriers, hubId: checked.hubId! });
    }
    if (problems.length) throw new ImportRejectedError(problems);
    for (const r of ready) await insertReferral(tx, actor, { ...r, yearCode, source: 'import' });
    return { referred: ready.length };
  });
}
