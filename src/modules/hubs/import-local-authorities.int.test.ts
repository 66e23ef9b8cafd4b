import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, eventsAbout, referenceFile } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { ImportRejectedError } from '../../platform/errors.ts';
import { importLocalAuthorities } from './import-local-authorities.ts';
import { localAuthorities } from './schema.ts';

const header = 'la_code,la_name,gss_code,region_code,region_name,entity';

async function rejection(work: Promise<unknown>): Promise<ImportRejectedError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportRejectedError);
  return error as ImportRejectedError;
}

describe('importing local authorities', () => {
  let t: TestContext;
  const cli = systemActor('cli');

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('loads the 153 English local authorities of the reference file, each with an event', async () => {
    const summary = await importLocalAuthorities(t.db, cli, {
      text: referenceFile('local-authorities.csv'),
      fileName: 'local-authorities.csv',
    });
    expect(summary).toEqual({ created: 153, updated: 0, unchanged: 0 });
    const [notts] = await t.db.select().from(localAuthorities).where(eq(localAuthorities.code, '891'));
    expect(notts).toMatchObject({
      name: 'Nottinghamshire',
      gssCode: 'E10000024',
      regionName: 'East Midlands',
      entity: 'Counties',
    });
    const [event] = await eventsAbout(t.db, 'local_authority', '891');
    expect(event).toMatchObject({
      action: 'local_authority.created',
      actorLabel: 'cli',
      reason: 'Imported from local-authorities.csv',
    });
  });

  it('changes nothing and writes no event when the same file is imported again', async () => {
    const before = (await eventsAbout(t.db, 'local_authority', '891')).length;
    const summary = await importLocalAuthorities(t.db, cli, { text: referenceFile('local-authorities.csv') });
    expect(summary).toEqual({ created: 0, updated: 0, unchanged: 153 });
    expect(await eventsAbout(t.db, 'local_authority', '891')).toHaveLength(before);
  });

  it('updates a changed authority and records what changed', async () => {
    const summary = await importLocalAuthorities(t.db, cli, {
      text: csv(header, '891,Nottinghamshire County,E10000024,E12000004,East Midlands,Counties'),
    });
    expect(summary).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const [event] = await eventsAbout(t.db, 'local_authority', '891');
    expect(event).toMatchObject({
      action: 'local_authority.updated',
      changes: { name: ['Nottinghamshire', 'Nottinghamshire County'] },
    });
  });

  it('rejects the whole file, listing every bad row with its line and reason, and changes nothing', async () => {
    const error = await rejection(
      importLocalAuthorities(t.db, cli, {
        text: csv(
          header,
          '891,Nottinghamshire,E10000024,E12000004,East Midlands,Counties',
          '89,Short Code,E06000001,E12000001,North East,Unitary Authorities',
          '"999","Quoted, with a comma",X1,E12000001,North East,Counties',
          '998,Wrong Region,E06000099,E12000004,London,Unitary Authorities',
          '891,Nottinghamshire Again,E10000099,E12000004,East Midlands,Counties',
          '997,,E06000098,E12000099,Nowhere,Boroughs',
        ),
      }),
    );
    expect(error.problems).toEqual([
      { line: 3, message: expect.stringMatching(/^la_code: must be the 3-digit DfE code/) },
      { line: 4, message: expect.stringMatching(/^gss_code: /) },
      { line: 5, message: 'region_name: is ‘London’ but region E12000004 is East Midlands' },
      { line: 6, message: 'la_code: 891 is already on line 2' },
      { line: 7, message: 'la_name: is empty' },
      { line: 7, message: expect.stringMatching(/^region_code: /) },
      { line: 7, message: expect.stringMatching(/^entity: must be one of/) },
    ]);
    const [notts] = await t.db.select().from(localAuthorities).where(eq(localAuthorities.code, '891'));
    expect(notts!.name).toBe('Nottinghamshire County');
    expect(await t.db.select().from(localAuthorities).where(eq(localAuthorities.code, '998'))).toEqual([]);
  });

  it('rejects a file with missing or unknown columns at line 1, and one that is not UTF-8', async () => {
    const columns = await rejection(
      importLocalAuthorities(t.db, cli, { text: csv('la_code,la_name,colour', '891,Notts,red') }),
    );
    expect(columns.problems.map((p) => p.message)).toEqual([
      'The header has no gss_code column',
      'The header has no region_code column',
      'The header has no region_name column',
      'The header has no entity column',
      'The header has an unknown column: colour',
    ]);
    expect(columns.problems.every((p) => p.line === 1)).toBe(true);
    const latin1 = Buffer.from(
      `${header}\n891,Nottingham\xe9,E10000024,E12000004,East Midlands,Counties\n`,
      'latin1',
    );
    const encoding = await rejection(importLocalAuthorities(t.db, cli, { text: latin1.toString('utf8') }));
    expect(encoding.problems).toEqual([{ line: 2, message: expect.stringContaining('not UTF-8') }]);
  });

  it('reads a file with a byte-order mark, LF line ends and a header in another case', async () => {
    const text = `\uFEFFLA_Code,LA_Name,GSS_Code,Region_Code,Region_Name,Entity\n891,Nottinghamshire,E10000024,E12000004,east midlands,Counties\n`;
    expect(await importLocalAuthorities(t.db, cli, { text: text })).toEqual({
      created: 0,
      updated: 1,
      unchanged: 0,
    });
    const [notts] = await t.db.select().from(localAuthorities).where(eq(localAuthorities.code, '891'));
    expect(notts).toMatchObject({ name: 'Nottinghamshire', regionName: 'East Midlands' });
  });
});
