import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable } from '../src/modules/bulk/read-table.ts';
import { parseCatalogueFile } from '../src/modules/catalogue/load-catalogue.ts';
import { parseBankHolidayCsv } from '../src/modules/events/bank-holiday-file.ts';
import { rulesFromText } from '../src/modules/funding/update-grant-rules.ts';
import { parseHubsCsv } from '../src/modules/hubs/import-hubs.ts';
import { parseLocalAuthoritiesCsv } from '../src/modules/hubs/import-local-authorities.ts';
import { readEstablishments } from '../src/modules/schools/gias/read-establishments.ts';
import { ImportRejectedError, type RowProblem, ValidationError } from '../src/platform/errors.ts';

/** The problems an import reader refuses a file with (or fails the test if it accepts it). */
async function problemsOf(read: () => unknown): Promise<RowProblem[]> {
  try {
    await read();
  } catch (error) {
    if (error instanceof ImportRejectedError) return error.problems;
    if (error instanceof ValidationError) return error.errors.map((e) => ({ line: 0, message: e.message }));
    throw error;
  }
  throw new Error('the file was accepted');
}

const gias = (rows: string[]) =>
  [
    'URN,LA (code),EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),PhaseOfEducation (name)',
    ...rows,
  ].join('\r\n');
const giasRow = (name: string) => `100000,383,${name},Community school,Open,Primary`;

async function xlsx(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const enrolmentsHeader = ['Hub', 'Year', 'Activity reference', 'Email', 'Given name', 'Family name'];
const enrolmentsRow = ['west-yorkshire', '2023/24', 'WG1', 'a@example.org', 'Ada', 'Lovelace'];

describe('every import reader refuses text PostgreSQL cannot store, with its line', () => {
  const nul = 'Oak\u0000 Primary';

  it('GIAS establishments', async () => {
    const problems = await problemsOf(() => readEstablishments(gias([giasRow(nul)])));
    expect(problems).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/NUL character/) }),
    ]);
  });

  it('local authorities and hubs', async () => {
    const las = await problemsOf(() =>
      parseLocalAuthoritiesCsv(
        `la_code,la_name,gss_code,region_code,region_name,entity\n383,Leeds\u0000,E08000035,E12000003,Yorkshire,Metropolitan Districts\n`,
      ),
    );
    expect(las[0]).toMatchObject({ line: 2, message: expect.stringMatching(/NUL character/) });
    const hubs = await problemsOf(() => parseHubsCsv(`slug,name\nwest,West\u0000 Maths Hub\n`));
    expect(hubs[0]).toMatchObject({ line: 2, message: expect.stringMatching(/NUL character/) });
  });

  it('delivery files, CSV and Excel', async () => {
    const csv = `${enrolmentsHeader.join(',')}\n${enrolmentsRow.join(',')}\n${[...enrolmentsRow.slice(0, 4), nul, 'X'].join(',')}\n`;
    const fromCsv = await problemsOf(() => readTable('enrolments.csv', Buffer.from(csv)));
    expect(fromCsv).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringMatching(/NUL character/) }),
    ]);
    // A workbook's XML cannot hold a NUL, but its _x0000_ escape reads as one.
    const book = await xlsx([
      enrolmentsHeader,
      enrolmentsRow,
      [...enrolmentsRow.slice(0, 4), 'Ada_x0000_', 'X'],
    ]);
    const fromXlsx = await problemsOf(() => readTable('enrolments.xlsx', book));
    expect(fromXlsx).toEqual([
      expect.objectContaining({
        line: 3,
        message: expect.stringMatching(/column 5 contains a NUL character/),
      }),
    ]);
  });

  it('bank holidays', async () => {
    const problems = await problemsOf(() =>
      parseBankHolidayCsv(`date,title\n2024-12-25,Christmas\u0000 Day\n`),
    );
    expect(problems[0]).toMatchObject({ line: 2, message: expect.stringMatching(/NUL character/) });
  });

  it('a catalogue file and grant rules (JSON, where \\u0000 is an escape)', async () => {
    const catalogue = await problemsOf(() => parseCatalogueFile('{"year": "2023/24\\u0000"}'));
    expect(catalogue[0]!.message).toMatch(/NUL character/);
    const rules = await problemsOf(() => rulesFromText('[{"kind": "\\u0000"}]'));
    expect(rules[0]!.message).toMatch(/NUL character/);
  });
});

describe('every import reader refuses a header with a column twice', () => {
  it('delivery files, CSV and Excel', async () => {
    const csv = `${[...enrolmentsHeader, 'Email'].join(',')}\n${[...enrolmentsRow, 'b@example.org'].join(',')}\n`;
    const fromCsv = await problemsOf(() => readTable('enrolments.csv', Buffer.from(csv)));
    expect(fromCsv).toEqual([{ line: 1, message: expect.stringMatching(/Email.*twice/) }]);
    const book = await xlsx([
      [...enrolmentsHeader, 'E-mail'],
      [...enrolmentsRow, 'b@example.org'],
    ]);
    const fromXlsx = await problemsOf(() => readTable('enrolments.xlsx', book));
    expect(fromXlsx).toEqual([{ line: 1, message: expect.stringMatching(/E-mail.*twice/) }]);
  });

  it('bank holidays', async () => {
    const problems = await problemsOf(() =>
      parseBankHolidayCsv('date,title,Title\n2024-12-25,Christmas Day,Boxing Day\n'),
    );
    expect(problems).toEqual([{ line: 1, message: expect.stringMatching(/title.*twice/i) }]);
  });

  it('GIAS, local authorities and hubs (already refused)', async () => {
    const giasProblems = await problemsOf(() =>
      readEstablishments(gias([giasRow('Oak Primary')]).replace('EstablishmentName', 'URN')),
    );
    expect(giasProblems.some((p) => /twice/.test(p.message))).toBe(true);
    const hubs = await problemsOf(() => parseHubsCsv('slug,name,name\nwest,West,East\n'));
    expect(hubs.some((p) => /twice/.test(p.message))).toBe(true);
  });
});
