import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type GiasRecord,
  giasBytes,
  giasCsv,
  giasHeader,
  syntheticEstablishment,
  syntheticEstablishments,
} from '../../../../test/fixtures/gias/synthetic-extract.ts';
import { createTestDatabase } from '../../../../test/support/database.ts';
import { untilWaiting } from '../../../../test/support/lock-waits.ts';
import { type Actor, systemActor } from '../../../platform/audit.ts';
import { eventLog } from '../../../platform/audit-schema.ts';
import { ImportRejectedError } from '../../../platform/errors.ts';
import type { Progress } from '../../../platform/progress.ts';
import { registerImports, schools } from '../schema.ts';
import { importGiasFile } from './import-establishments.ts';

const fixture = (name: string) => ({
  fileName: name,
  bytes: readFileSync(new URL(`../../../../test/fixtures/gias/${name}`, import.meta.url)),
});
const file = (fileName: string, header: string[], records: GiasRecord[]) => ({
  fileName,
  bytes: giasBytes(header, records),
});

describe('importing GIAS establishments', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const actor: Actor = systemActor('cli:test');

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());
  beforeEach(async () => {
    // Records of visits refer to schools: emptied with them (there are none in this test's database).
    await database.pool.query('TRUNCATE schools, school_links, register_imports, event_log CASCADE');
  });

  /** Everything an import may touch, to compare before and after. */
  const registerState = async () => ({
    schools: (await database.pool.query('SELECT * FROM schools ORDER BY urn')).rows,
    events: (await database.pool.query('SELECT * FROM event_log ORDER BY id')).rows,
    imports: (await database.pool.query('SELECT * FROM register_imports ORDER BY id')).rows,
  });
  const schoolEvents = () => database.db.select().from(eventLog).where(eq(eventLog.subjectType, 'school'));
  const school = async (urn: number) =>
    (await database.db.select().from(schools).where(eq(schools.urn, urn)))[0];

  const rejection = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportRejectedError);
    return (error as ImportRejectedError).problems;
  };

  it.each(['full2021', 'full202407', 'full202504'] as const)(
    'imports the %s layout of the full extract',
    async (layout) => {
      const records = syntheticEstablishments(40, 300000);
      const result = await importGiasFile(
        database.db,
        actor,
        file(`${layout}.csv`, giasHeader(layout), records),
      );
      expect(result).toMatchObject({ kind: 'gias', rowCount: 40, added: 40, updated: 0, unchanged: 0 });
      const held = await database.db.select().from(schools).orderBy(schools.urn);
      expect(held).toHaveLength(40);
      const first = records[0]!;
      expect(held[0]).toMatchObject({
        urn: 300000,
        name: first.EstablishmentName,
        laCode: first['LA (code)'],
        typeName: first['TypeOfEstablishment (name)'],
        typeGroupName: first['EstablishmentTypeGroup (name)'],
        districtCode: first['DistrictAdministrative (code)'],
        regionName: first['GOR (name)'],
        source: 'gias',
      });
      expect(held.filter((s) => s.isOpen).length).toBe(
        records.filter((r) =>
          ['Open', 'Open, but proposed to close'].includes(r['EstablishmentStatus (name)']!),
        ).length,
      );
    },
  );

  it('imports the 2021 full extract as published, with the phase, funding and dates', async () => {
    const result = await importGiasFile(
      database.db,
      actor,
      fixture('edubasealldata_sample_2rows_2021_fixture.csv'),
    );
    expect(result).toMatchObject({ added: 2, updated: 0 });
    expect(await school(100000)).toMatchObject({
      name: 'The Aldgate School',
      laCode: '201',
      typeCode: '02',
      phase: 'primary',
      isStateFunded: true,
      isOpen: true,
      statusName: 'Open',
      percentageFsm: '10.20',
      numberOfPupils: 276,
      hasSixthForm: false,
      districtCode: 'E09000001',
      districtName: 'City of London',
      regionName: 'London',
      lastChangedDate: '2021-02-04',
    });
    expect(await school(100001)).toMatchObject({
      phase: 'all_through',
      isStateFunded: false,
      openDate: '1920-01-01',
    });
  });

  it('counts the imported schools in each year’s population once the import is done', async () => {
    // The counts are made once at the end of the import (migration 0052), not after each statement.
    await database.pool.query(
      `INSERT INTO academic_years (code, starts_on, ends_on) VALUES ('2020/21', '2020-09-01', '2021-08-31')
       ON CONFLICT DO NOTHING`,
    );
    await importGiasFile(
      database.db,
      actor,
      file('full2021.csv', giasHeader('full2021'), syntheticEstablishments(60, 310000)),
    );
    const { rows } = await database.pool.query<{ kept: number; counted: number }>(
      `SELECT (SELECT coalesce(sum(schools), 0)::int FROM reporting_population WHERE year_code = '2020/21') AS kept,
              (SELECT count(*)::int FROM schools WHERE is_state_funded AND (open_date IS NULL OR open_date <= '2021-08-31')
                 AND (is_open OR close_date >= '2020-09-01')) AS counted`,
    );
    expect(rows[0]!.counted).toBeGreaterThan(10);
    expect(rows[0]!.kept).toBe(rows[0]!.counted);
  });

  it('runs again from the start when PostgreSQL rolls it back to break a deadlock, and the change is made', async () => {
    const records = syntheticEstablishments(20, 320000);
    await importGiasFile(database.db, actor, file('full2021.csv', giasHeader('full2021'), records));
    const renamed = records.map((r, i) =>
      i === 5 ? { ...r, EstablishmentName: 'Renamed Across A Deadlock' } : r,
    );
    const urn = Number(records[5]!.URN);
    const other = await database.pool.connect();
    try {
      // The other transaction never looks for the deadlock itself: the import's does, and is rolled back.
      await other.query(`SET deadlock_timeout = '10s'`);
      await other.query('BEGIN');
      // As someone editing the school holds its row...
      await other.query('UPDATE schools SET name = name WHERE urn = $1', [urn]);
      const importing = importGiasFile(
        database.db,
        actor,
        file('full2021.csv', giasHeader('full2021'), renamed),
      );
      // ...the import waits for it, holding the register's import lock...
      await untilWaiting(database.pool, 'transactionid', 'the import');
      // ...which the other then waits for: a circle. After a second the import is rolled back, this goes on.
      await other.query('SELECT pg_advisory_xact_lock(727275)');
      await other.query('COMMIT');
      // Run again from the start, the import reads its file afresh and renames the school.
      expect(await importing).toMatchObject({ rowCount: 20, added: 0, updated: 1 });
    } finally {
      await other.query('ROLLBACK').catch(() => {});
      other.release();
    }
    expect((await school(urn))!.name).toBe('Renamed Across A Deadlock');
    const { rows } = await database.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM register_imports WHERE file_name = 'full2021.csv'`,
    );
    expect(rows[0]!.n).toBe(2);
  }, 30_000);

  it('imports the state-funded extract, Windows-1252 characters and all', async () => {
    const result = await importGiasFile(database.db, actor, fixture('edubaseallstatefunded_sample_rows.csv'));
    expect(result).toMatchObject({ rowCount: 35, added: 35, warnings: [] });
    expect((await school(138950))?.name).toBe(
      'St Thomas à Becket Catholic Secondary School, A Voluntary Academy',
    );
    const phases = await database.pool.query(
      'SELECT phase, count(*)::int AS n FROM schools WHERE is_state_funded GROUP BY phase ORDER BY phase',
    );
    expect(phases.rows).toEqual([
      { phase: 'nursery', n: 1 },
      { phase: 'post_16', n: 1 },
      { phase: 'primary', n: 26 },
      { phase: 'secondary', n: 5 },
      { phase: 'special', n: 2 },
    ]);
    const added = await schoolEvents();
    expect(added).toHaveLength(35);
    expect(added.find((e) => e.subjectId === '138950')).toMatchObject({
      action: 'school.added',
      actorLabel: 'cli:test',
      changes: expect.objectContaining({ typeName: [null, 'Academy converter'], phase: [null, 'secondary'] }),
    });
  });

  it('changes nothing when the same file is imported again', async () => {
    await importGiasFile(database.db, actor, fixture('edubaseallstatefunded_sample_rows.csv'));
    const before = await registerState();
    const again = await importGiasFile(database.db, actor, fixture('edubaseallstatefunded_sample_rows.csv'));
    expect(again).toMatchObject({ rowCount: 35, added: 0, updated: 0, closed: 0, unchanged: 35 });
    const after = await registerState();
    expect(after.schools).toEqual(before.schools);
    expect(await schoolEvents()).toHaveLength(35);
    expect(after.imports).toHaveLength(2);
    expect(after.imports[1]).toMatchObject({
      kind: 'gias',
      added: 0,
      updated: 0,
      unchanged: 35,
      actor_label: 'cli:test',
    });
  });

  it('updates, closes and adds from a newer file, keeping the dates it already had', async () => {
    const header = giasHeader('full202407');
    const open = (urn: number, overrides: GiasRecord = {}): GiasRecord => ({
      ...syntheticEstablishment(urn),
      'EstablishmentStatus (name)': 'Open',
      OpenDate: '01-09-1995',
      CloseDate: '',
      NumberOfPupils: '200',
      ...overrides,
    });
    const july = [open(400001), open(400002), open(400003)];
    await importGiasFile(database.db, actor, file('edubasealldata20240717.csv', header, july));
    const later = [
      { ...july[0]!, EstablishmentName: 'Renamed Academy', NumberOfPupils: '321' },
      { ...july[1]!, 'EstablishmentStatus (name)': 'Closed', CloseDate: '31-08-2024' },
      july[2]!,
      open(400004, { OpenDate: '01-09-2024' }),
    ];
    const result = await importGiasFile(
      database.db,
      systemActor('cli:another'),
      file('edubasealldata20250422.csv', header, later),
    );
    expect(result).toMatchObject({ rowCount: 4, added: 1, updated: 2, closed: 1, unchanged: 1 });

    expect(await school(400001)).toMatchObject({
      name: 'Renamed Academy',
      numberOfPupils: 321,
      openDate: '1995-09-01',
    });
    expect(await school(400002)).toMatchObject({
      isOpen: false,
      statusName: 'Closed',
      openDate: '1995-09-01',
      closeDate: '2024-08-31',
    });
    expect(await school(400004)).toMatchObject({ isOpen: true, openDate: '2024-09-01' });

    const logged = (await schoolEvents()).filter((e) => e.actorLabel === 'cli:another');
    const byUrn = Object.fromEntries(logged.map((e) => [e.subjectId, e]));
    expect(Object.keys(byUrn).sort()).toEqual(['400001', '400002', '400004']);
    expect(byUrn['400001']).toMatchObject({
      action: 'school.updated',
      changes: { name: [july[0]!.EstablishmentName, 'Renamed Academy'], numberOfPupils: [200, 321] },
    });
    expect(byUrn['400002']).toMatchObject({
      action: 'school.closed',
      changes: { statusName: ['Open', 'Closed'], isOpen: [true, false], closeDate: [null, '2024-08-31'] },
    });
    expect(byUrn['400004']?.action).toBe('school.added');
  });

  it('leaves the columns a file does not have as they were (the state-funded extract has no districts)', async () => {
    const full: GiasRecord = {
      ...syntheticEstablishment(500001),
      'DistrictAdministrative (code)': 'E07000170',
    };
    await importGiasFile(database.db, actor, file('full.csv', giasHeader('full202504'), [full]));
    const stateFundedHeader = readFileSync(
      new URL('../../../../test/fixtures/gias/edubaseallstatefunded_sample_rows.csv', import.meta.url),
      'latin1',
    )
      .split('\r\n')[0]!
      .split(',')
      .map((c) => c.replace(/"/g, ''));
    const result = await importGiasFile(
      database.db,
      actor,
      file('statefunded.csv', stateFundedHeader, [{ ...full, EstablishmentName: 'New Name School' }]),
    );
    expect(result).toMatchObject({ updated: 1 });
    expect(await school(500001)).toMatchObject({
      name: 'New Name School',
      districtCode: 'E07000170',
      numberOfPupils: full.NumberOfPupils ? Number(full.NumberOfPupils) : null,
    });
    const [updated] = (await schoolEvents()).filter((e) => e.action !== 'school.added');
    expect(Object.keys(updated!.changes!)).toEqual(['name']);
  });

  it('counts open schools that a file does not mention, and leaves them open', async () => {
    const header = giasHeader('full202407');
    const records = [500101, 500102].map((urn) => ({
      ...syntheticEstablishment(urn),
      'EstablishmentStatus (name)': 'Open',
    }));
    await importGiasFile(database.db, actor, file('a.csv', header, records));
    const result = await importGiasFile(database.db, actor, file('b.csv', header, records.slice(0, 1)));
    expect(result.openNotInFile).toBe(1);
    expect((await school(500102))?.isOpen).toBe(true);
  });

  describe('rejecting a bad file, with every problem by line, and the register exactly as it was', () => {
    const header = giasHeader('full202407');
    const goodRows = syntheticEstablishments(6000, 600000);

    beforeEach(async () => {
      await importGiasFile(database.db, actor, fixture('edubaseallstatefunded_sample_rows.csv'));
    });

    const rejectedUnchanged = async (bytes: Buffer) => {
      const before = await registerState();
      const problems = await rejection(importGiasFile(database.db, actor, { fileName: 'bad.csv', bytes }));
      expect(await registerState()).toEqual(before);
      return problems;
    };

    it('UTF-8 with non-ASCII characters', async () => {
      const text = giasCsv(header, [{ ...goodRows[0]!, EstablishmentName: 'École Française' }, goodRows[1]!]);
      expect(await rejectedUnchanged(Buffer.from(text, 'utf8'))).toEqual([
        { line: 2, message: 'has characters encoded as UTF-8 (‘É’, ‘ç’), not Windows-1252' },
      ]);
    });

    it('UTF-16', async () => {
      const problems = await rejectedUnchanged(Buffer.from(giasCsv(header, goodRows.slice(0, 3)), 'utf16le'));
      expect(problems).toEqual([{ line: 1, message: expect.stringContaining('UTF-16') }]);
    });

    it('a missing required column', async () => {
      const withoutUrn = header.filter((c) => c !== 'URN');
      const problems = await rejectedUnchanged(giasBytes(withoutUrn, goodRows.slice(0, 3)));
      expect(problems).toEqual([{ line: 1, message: 'the column ‘URN’ is missing' }]);
    });

    it('malformed rows, even after thousands of good ones have been sent to the database', async () => {
      const records = [...goodRows];
      records[4999] = { ...records[4999]!, OpenDate: '31-02-2020' };
      records[5001] = { ...records[5001]!, URN: '60500X' };
      const lines = giasCsv(header, records).split('\r\n');
      lines[5500] = lines[5500]!.replace(/,"[^"]*"$/, '');
      lines[6000] = lines[6000]!.replace(/""$/, '"');
      const problems = await rejectedUnchanged(iconv.encode(lines.join('\r\n'), 'win1252'));
      expect(problems).toEqual([
        { line: 5001, message: 'OpenDate ‘31-02-2020’ is not a date in the form DD-MM-YYYY' },
        { line: 5003, message: 'URN ‘60500X’ is not a URN (a whole number)' },
        { line: 5501, message: expect.stringMatching(/^has 138 fields but the header has 139/) },
        { line: 6001, message: expect.stringContaining('never closed') },
      ]);
    });

    it('a failure part-way through (here, the progress display)', async () => {
      let advances = 0;
      const failing: Progress = {
        start() {},
        advance() {
          if (++advances === 20) throw new Error('the terminal went away');
        },
        done() {},
      };
      const before = await registerState();
      const bytes = giasBytes(header, goodRows);
      await expect(
        importGiasFile(database.db, actor, { fileName: 'x.csv', bytes, progress: failing }),
      ).rejects.toThrow('the terminal went away');
      expect(await registerState()).toEqual(before);
      expect(await database.db.select().from(registerImports)).toHaveLength(1);
    });
  });
});
