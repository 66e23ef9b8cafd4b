import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSchool } from '../../../test/support/factories.ts';
import { csv, eventsAbout, referenceFile } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { ImportRejectedError } from '../../platform/errors.ts';
import { importHubs } from './import-hubs.ts';
import { importLocalAuthorities } from './import-local-authorities.ts';
import { listHubAreas } from './list-hub-areas.ts';
import { hubAreas, hubs } from './schema.ts';

const hubsHeader =
  'slug,name,name_status,lead_school_name,lead_school_urn,contact_email,contact_phone,website';
const areasHeader = 'hub_slug,la_code,district_code,district_name,is_demonstration';

async function rejection(work: Promise<unknown>): Promise<ImportRejectedError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportRejectedError);
  return error as ImportRejectedError;
}

describe('importing hubs and their areas', () => {
  let t: TestContext;
  const cli = systemActor('cli');
  const hubBySlug = async (slug: string) => (await t.db.select().from(hubs).where(eq(hubs.slug, slug)))[0]!;
  const areasOf = async (slug: string) =>
    (await listHubAreas(t.db)).filter((a) => a.hubSlug === slug).map((a) => [a.laCode, a.districtCode]);

  beforeAll(async () => {
    t = await createTestApp();
    await importLocalAuthorities(t.db, cli, { text: referenceFile('local-authorities.csv') });
  });
  afterAll(() => t.close());

  it('loads the 40 hubs and their known areas from the reference files', async () => {
    const summary = await importHubs(t.db, cli, {
      hubs: referenceFile('maths-hubs.csv'),
      hubsFileName: 'maths-hubs.csv',
      areas: referenceFile('maths-hub-areas.csv'),
    });
    expect(summary).toMatchObject({ created: 40, updated: 0, unchanged: 0, areasAdded: 72, areasRemoved: 0 });
    const emWest = await hubBySlug('east-midlands-west');
    expect(emWest).toMatchObject({ name: 'East Midlands West Maths Hub', nameStatus: 'confirmed' });
    expect(await areasOf('east-midlands-west')).toEqual([
      ['831', null],
      ['830', null],
      ['892', null],
      ['891', 'E07000170'],
      ['891', 'E07000172'],
    ]);
    expect((await hubBySlug('angles')).nameStatus).toBe('unverified');
    const events = await eventsAbout(t.db, 'hub', emWest.id);
    expect(events.map((e) => e.action).sort()).toEqual(['hub.areas_replaced', 'hub.created']);
    expect(events.every((e) => e.hubId === emWest.id)).toBe(true);
  });

  it('changes nothing and writes no event when the same files are imported again', async () => {
    const emWest = await hubBySlug('east-midlands-west');
    const before = (await eventsAbout(t.db, 'hub', emWest.id)).length;
    const summary = await importHubs(t.db, cli, {
      hubs: referenceFile('maths-hubs.csv'),
      areas: referenceFile('maths-hub-areas.csv'),
    });
    expect(summary).toEqual({ created: 0, updated: 0, unchanged: 40, areasAdded: 0, areasRemoved: 0 });
    expect(await eventsAbout(t.db, 'hub', emWest.id)).toHaveLength(before);
  });

  it('updates only the columns a file has, and replaces the areas of the hubs the areas file lists', async () => {
    const summary = await importHubs(t.db, cli, {
      hubs: csv('slug,name,contact_email', 'boolean,Boolean Maths Hub,hello@boolean.example'),
      areas: csv(areasHeader, 'boolean,801,,,', 'boolean,802,,,yes'),
    });
    expect(summary).toMatchObject({ updated: 1, areasAdded: 0, areasRemoved: 3 });
    const boolean = await hubBySlug('boolean');
    expect(boolean).toMatchObject({
      contactEmail: 'hello@boolean.example',
      leadSchoolName: 'Bristol Metropolitan Academy',
    });
    expect(await areasOf('boolean')).toEqual([
      ['801', null],
      ['802', null],
    ]);
    const [demo] = (await listHubAreas(t.db, boolean.id)).filter((a) => a.laCode === '802');
    expect(demo!.isDemonstration).toBe(true);
  });

  it('moves an area between two hubs listed in the same areas file', async () => {
    await importHubs(t.db, cli, {
      hubs: csv('slug,name', 'boolean,Boolean Maths Hub', 'moebius,Moebius Maths Hub'),
      areas: csv(areasHeader, 'boolean,801,,,', 'moebius,802,,,', 'moebius,865,,,'),
    });
    expect(await areasOf('boolean')).toEqual([['801', null]]);
    expect(await areasOf('moebius')).toEqual([
      ['802', null],
      ['865', null],
    ]);
  });

  it('rejects both files, listing every bad row with its line and reason, and changes nothing', async () => {
    await makeSchool(t.db, { laCode: '891', districtCode: 'E07000170', districtName: 'Ashfield' });
    const areasBefore = await t.db.select().from(hubAreas);
    const error = await rejection(
      importHubs(t.db, cli, {
        hubs: csv(
          hubsHeader,
          'new-hub,New Maths Hub,confirmed,,,,,',
          'Bad Slug,Another Hub,maybe,,12345,not-an-email,call me,ftp://example.org',
          'new-hub,New Maths Hub Again,,,,,,',
          'sussex,Boolean Maths Hub,,,,,,',
        ),
        areas: csv(
          areasHeader,
          'new-hub,999,,,',
          'nowhere,891,E07000170,Ashfield,',
          'new-hub,891,E07000999,Nowhere,',
          'new-hub,830,,,',
          'new-hub,830,,,',
          'new-hub,801,E07000001,,',
          'new-hub,891,X123,,maybe',
        ),
      }),
    );
    expect(error.problems).toEqual([
      { line: 3, message: expect.stringMatching(/^slug: Use only lower-case letters/) },
      { line: 3, message: 'name_status: Say whether the name is confirmed or unverified' },
      { line: 3, message: expect.stringMatching(/^lead_school_urn: Enter the URN/) },
      { line: 3, message: expect.stringMatching(/^contact_email: Enter an email address/) },
      { line: 3, message: expect.stringMatching(/^contact_phone: Enter a telephone number/) },
      { line: 3, message: expect.stringMatching(/^website: Enter the website as a full address/) },
      { line: 4, message: 'slug: new-hub is already on line 2' },
      { line: 5, message: 'name: Boolean Maths Hub is already the name of the hub boolean' },
      { line: 6, message: 'areas file: area: 830 is already on line 5' },
      { line: 8, message: 'areas file: district_code: must be the ONS code of a district, like E07000170' },
      { line: 8, message: 'areas file: is_demonstration: must be true or false (or empty for false)' },
    ]);
    expect(await t.db.select().from(hubs).where(eq(hubs.slug, 'new-hub'))).toEqual([]);
    expect(await t.db.select().from(hubAreas)).toEqual(areasBefore);
  });

  it('rejects areas that name unknown hubs, authorities or districts, or that another hub holds', async () => {
    const error = await rejection(
      importHubs(t.db, cli, {
        hubs: csv('slug,name', 'new-hub,New Maths Hub'),
        areas: csv(
          areasHeader,
          'new-hub,999,,,',
          'nowhere,873,,,',
          'new-hub,891,E07000999,Nowhere,',
          'new-hub,891,E07000170,,',
          'new-hub,926,E07000143,,',
        ),
      }),
    );
    expect(error.problems).toEqual([
      {
        line: 2,
        message: 'areas file: la_code: there is no local authority 999 (import the local authorities first)',
      },
      { line: 3, message: 'areas file: hub_slug: there is no hub nowhere' },
      {
        line: 3,
        message: expect.stringMatching(
          /^areas file: 873 is in the area of Cambridge Maths Hub, which this file does not list/,
        ),
      },
      {
        line: 4,
        message:
          'areas file: district_code: E07000999 is not a district of Nottinghamshire in the school register',
      },
      {
        line: 5,
        message: expect.stringMatching(
          /^areas file: 891 district E07000170 is in the area of East Midlands West Maths Hub/,
        ),
      },
      {
        line: 6,
        message: 'areas file: district_name: is empty and the school register does not name this district',
      },
    ]);
    expect(await t.db.select().from(hubs).where(eq(hubs.slug, 'new-hub'))).toEqual([]);
  });
});
