import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../../test/support/client.ts';
import { makeHub, makeLocalAuthority, makeSchool } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { pickerReturnTo } from './school-search-routes.ts';
import { chosenSchool, searchSchools } from './search-schools.ts';

describe('school search (the school picker)', () => {
  let t: TestContext;
  let leedsHub: number;

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    await makeLocalAuthority(t.db, { code: '380', name: 'Bradford' });
    leedsHub = (await makeHub(t.db, { slug: 'leeds-hub', name: 'Leeds Maths Hub' }, [{ laCode: '383' }])).id;
    await makeHub(t.db, { slug: 'bradford-hub', name: 'Bradford Maths Hub' }, [{ laCode: '380' }]);
    await makeSchool(t.db, {
      urn: 107100,
      laCode: '383',
      name: 'St Mary’s Church of England Primary School',
      postcode: 'LS6 2AB',
      town: 'Leeds',
    });
    await makeSchool(t.db, {
      urn: 107101,
      laCode: '383',
      name: 'St Mary’s Old Primary School',
      postcode: 'LS6 2AC',
      isOpen: false,
      statusName: 'Closed',
    });
    await makeSchool(t.db, {
      urn: 107102,
      laCode: '380',
      name: 'Mary Street Primary Academy',
      postcode: 'BD1 1AA',
      town: 'Bradford',
    });
  });
  afterAll(() => t.close());

  it('matches words of the name in any case and partly typed, open schools first', async () => {
    // "St", "Mar" and "Prim" each begin a word of all three names (Mary Street Primary too).
    const { results } = await searchSchools(t.db, { query: 'st MAR prim' });
    expect(results.map((r) => r.urn)).toEqual([107102, 107100, 107101]);
    expect(results[2]).toMatchObject({ isOpen: false, statusName: 'Closed' });
    expect((await searchSchools(t.db, { query: 'CHURCH of eng' })).results.map((r) => r.urn)).toEqual([
      107100,
    ]);
    const mary = await searchSchools(t.db, { query: 'mary' });
    expect(mary.results.map((r) => r.urn)).toEqual([107102, 107100, 107101]);
    expect(mary.results.at(-1)?.isOpen).toBe(false);
  });

  it('matches a URN exactly and a postcode with or without its space', async () => {
    expect((await searchSchools(t.db, { query: '107102' })).results.map((r) => r.urn)).toEqual([107102]);
    expect((await searchSchools(t.db, { query: '10710' })).results).toEqual([]);
    expect((await searchSchools(t.db, { query: 'BD1 1AA' })).results.map((r) => r.urn)).toEqual([107102]);
    expect((await searchSchools(t.db, { query: 'bd11aa' })).results.map((r) => r.urn)).toEqual([107102]);
  });

  it('says whether each school is in the area of the hub choosing it, the hub’s own open schools first', async () => {
    const { results } = await searchSchools(t.db, { query: 'mary', hubId: leedsHub });
    expect(results.map((r) => [r.urn, r.town, r.phase, r.inHubArea])).toEqual([
      [107100, 'Leeds', 'primary', true],
      [107102, 'Bradford', 'primary', false],
      [107101, 'Testington', 'primary', true],
    ]);
    expect((await searchSchools(t.db, { query: 'mary' })).results[0]?.inHubArea).toBeNull();
    expect(await chosenSchool(t.db, { urn: 107102, hubId: leedsHub })).toMatchObject({
      name: 'Mary Street Primary Academy',
      hubName: 'Bradford Maths Hub',
      inHubArea: false,
    });
    expect(await chosenSchool(t.db, { urn: 999999 })).toBeNull();
  });

  it('works without JavaScript: results link back to the form with the chosen URN', async () => {
    const client = new TestClient(t.app);
    const returnTo = '/admin/people/4/school?hub=leeds-hub';
    const page = await client.get(
      `${paths.schoolSearch}?q=mary&field=schoolUrn&hub=${leedsHub}&returnTo=${encodeURIComponent(returnTo)}`,
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('3 schools match');
    expect(page.body).toContain('href="/admin/people/4/school?hub=leeds-hub&amp;schoolUrn=107100"');
    expect(page.body).toContain('data-testid="outside-area-107102"');
    expect(page.body).toContain('Outside Leeds Maths Hub’s area');
    expect(page.body).not.toContain('data-testid="outside-area-107100"');
    // The search box keeps where to go back to.
    expect(page.body).toContain(`name="returnTo" value="${returnTo.replace('&', '&amp;')}"`);
  });

  it('answers JSON for a script, and never sends anyone to another site', async () => {
    const client = new TestClient(t.app);
    const json = await client.get(`${paths.schoolSearch}?q=LS6&format=json&returnTo=/account`);
    expect(json.json()).toMatchObject({
      total: 2,
      results: [{ urn: 107100, chooseHref: '/account?schoolUrn=107100', inHubArea: null }, { urn: 107101 }],
    });
    for (const bad of ['//evil.example/x', 'https://evil.example', '/\\evil', '/x\u0000']) {
      expect(pickerReturnTo(bad)).toBeNull();
    }
    const page = await client.get(
      `${paths.schoolSearch}?q=mary&returnTo=${encodeURIComponent('//evil.example')}`,
    );
    expect(page.body).not.toContain('evil.example');
    expect(page.body).toContain(`href="${paths.school(107100)}"`);
    const short = await client.get(`${paths.schoolSearch}?q=m`);
    expect(short.body).toContain('Enter at least 2 characters');
  });
});
