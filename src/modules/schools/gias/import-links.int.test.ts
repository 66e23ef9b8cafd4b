import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/support/database.ts';
import { systemActor } from '../../../platform/audit.ts';
import { ImportRejectedError } from '../../../platform/errors.ts';
import { importGiasLinks } from './import-links.ts';

const cut = readFileSync(
  new URL('../../../../test/fixtures/gias/links_edubasealldata20250422_cut.csv', import.meta.url),
);
const header = '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"';

describe('importing GIAS links', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const actor = systemActor('cli:test');

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const count = async (sql: string) => (await database.pool.query<{ n: number }>(sql)).rows[0]!.n;
  const linkState = async () => ({
    links: (await database.pool.query('SELECT * FROM school_links ORDER BY urn, linked_urn, link_type')).rows,
    events: await count('SELECT count(*)::int AS n FROM event_log'),
  });

  it('loads the links file as published, though none of its schools is in the register', async () => {
    expect(await count('SELECT count(*)::int AS n FROM schools')).toBe(0);
    const result = await importGiasLinks(database.db, actor, { fileName: 'links.csv', bytes: cut });
    expect(result).toMatchObject({ kind: 'gias-links', rowCount: 199, added: 199, updated: 0, unchanged: 0 });
    expect(await count('SELECT count(*)::int AS n FROM school_links')).toBe(199);
    const first = await database.pool.query('SELECT * FROM school_links WHERE urn = 100006');
    expect(first.rows).toEqual([
      {
        urn: 100006,
        linked_urn: 134643,
        link_name: 'CCfL Key Stage 3 PRU',
        link_type: 'Predecessor - merged',
        established_on: '2022-01-01',
      },
    ]);
    expect(await count(`SELECT count(*)::int AS n FROM event_log WHERE action = 'school.link_added'`)).toBe(
      199,
    );
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await linkState();
    const result = await importGiasLinks(database.db, actor, { fileName: 'links.csv', bytes: cut });
    expect(result).toMatchObject({ added: 0, updated: 0, unchanged: 199 });
    const after = await linkState();
    expect(after.links).toEqual(before.links);
    expect(after.events).toBe(before.events + 1); // the import itself, and no link events
  });

  it('updates a changed link and adds a new one', async () => {
    const text = [
      header,
      '100006,134643,"CCfL Key Stage 3 Pupil Referral Unit","Predecessor - merged","01-01-2022"',
      '100006,150000,"A New Academy","Successor","01-09-2025"',
      '',
    ].join('\r\n');
    const result = await importGiasLinks(database.db, actor, {
      fileName: 'later.csv',
      bytes: Buffer.from(text),
    });
    expect(result).toMatchObject({ rowCount: 2, added: 1, updated: 1 });
    const changes = await database.pool.query(
      `SELECT action, changes FROM event_log WHERE subject_id = '100006' AND action = 'school.link_updated'`,
    );
    expect(changes.rows).toEqual([
      {
        action: 'school.link_updated',
        changes: {
          linkedUrn: [134643, 134643],
          linkType: ['Predecessor - merged', 'Predecessor - merged'],
          linkName: ['CCfL Key Stage 3 PRU', 'CCfL Key Stage 3 Pupil Referral Unit'],
        },
      },
    ]);
    expect(await count('SELECT count(*)::int AS n FROM school_links')).toBe(200);
  });

  it('moves a school’s first Teaching for Mastery year to its successor when a link makes one', async () => {
    // Two schools in TfM Work Groups, each on its own: the old one from 2018/19, the new one from 2021/22.
    await database.pool.query(`INSERT INTO reporting_school_years (year_code, urn, took_part, tfm_1)
      VALUES ('2018/19', 200001, 1, 1), ('2021/22', 200002, 1, 1)`);
    const firstYears = async () =>
      (
        await database.pool.query(
          'SELECT urn, first_year FROM reporting_tfm_first WHERE urn > 200000 ORDER BY urn',
        )
      ).rows;
    expect(await firstYears()).toEqual([
      { urn: 200001, first_year: '2018/19' },
      { urn: 200002, first_year: '2021/22' },
    ]);
    const text = [header, '200001,200002,"The New Academy","Successor","01-09-2020"', ''].join('\r\n');
    await importGiasLinks(database.db, actor, { fileName: 'academy.csv', bytes: Buffer.from(text) });
    // The import fills them once before it commits: the academy's first year is its predecessor's.
    expect(await firstYears()).toEqual([{ urn: 200002, first_year: '2018/19' }]);
  });

  it('rejects a bad links file with every problem by line, changing nothing', async () => {
    const before = await linkState();
    const text = [
      header,
      '100006,x,"A","Successor",""',
      '100007,100008,"B","Successor","2021-08-31"',
      '',
    ].join('\r\n');
    const error = await importGiasLinks(database.db, actor, {
      fileName: 'bad.csv',
      bytes: Buffer.from(text),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRejectedError);
    expect((error as ImportRejectedError).problems).toEqual([
      { line: 2, message: 'LinkURN ‘x’ is not a URN (a whole number)' },
      { line: 3, message: 'LinkEstablishedDate ‘2021-08-31’ is not a date in the form DD-MM-YYYY' },
    ]);
    expect(await linkState()).toEqual(before);
  });
});
