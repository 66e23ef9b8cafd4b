import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, makeLocalAuthority, makeSchool } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { searchSchools } from './search-schools.ts';

describe('find your hub', () => {
  let t: TestContext;
  let laWhole: Awaited<ReturnType<typeof makeLocalAuthority>>;
  let laSplit: Awaited<ReturnType<typeof makeLocalAuthority>>;

  beforeAll(async () => {
    t = await createTestApp();
    laWhole = await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    laSplit = await makeLocalAuthority(t.db, { code: '891', name: 'Nottinghamshire' });
    await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [{ laCode: '383' }]);
    // A county split by district: Ashfield goes to one hub, the rest of the county to another.
    await makeHub(t.db, { slug: 'em-west', name: 'East Midlands West Maths Hub' }, [
      { laCode: '891', districtCode: 'E07000170', districtName: 'Ashfield' },
    ]);
    await makeHub(t.db, { slug: 'em-east', name: 'East Midlands East Maths Hub' }, [{ laCode: '891' }]);
    await makeSchool(t.db, {
      urn: 107000,
      laCode: laWhole.code,
      name: 'Oakfield Primary School',
      postcode: 'LS1 4AB',
    });
    await makeSchool(t.db, {
      urn: 122000,
      laCode: laSplit.code,
      name: 'Kirkby Oak Academy',
      postcode: 'NG17 7AA',
      districtCode: 'E07000170',
      districtName: 'Ashfield',
    });
    await makeSchool(t.db, {
      urn: 122001,
      laCode: laSplit.code,
      name: 'Newark Oak School',
      postcode: 'NG24 1AA',
      districtCode: 'E07000175',
      districtName: 'Newark and Sherwood',
    });
    await makeSchool(t.db, {
      urn: 107001,
      laCode: laWhole.code,
      name: 'Oakfield Old School',
      isOpen: false,
      statusName: 'Closed',
      closeDate: '2019-08-31',
    });
  });
  afterAll(() => t.close());

  it('finds a school by URN, postcode, name and local authority, with its hub', async () => {
    const byUrn = await searchSchools(t.db, { query: '107000' });
    expect(byUrn.results.map((r) => [r.name, r.hubName])).toEqual([
      ['Oakfield Primary School', 'West Yorkshire Maths Hub'],
    ]);
    const byPostcode = await searchSchools(t.db, { query: 'ls14ab' });
    expect(byPostcode.results.map((r) => r.urn)).toEqual([107000]);
    const byName = await searchSchools(t.db, { query: 'oakfield' });
    expect(byName.results.map((r) => r.urn)).toEqual([107000, 107001]);
    const byLa = await searchSchools(t.db, { query: 'Nottinghamshire' });
    expect(byLa.total).toBe(2);
  });

  it('uses the district when a hub takes only part of a county', async () => {
    const { results } = await searchSchools(t.db, { query: 'oak', pageSize: 50 });
    const hubOf = Object.fromEntries(results.map((r) => [r.urn, r.hubName]));
    expect(hubOf[122000]).toBe('East Midlands West Maths Hub');
    expect(hubOf[122001]).toBe('East Midlands East Maths Hub');
  });

  it('shows results and the hub on the public page, without signing in', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/find-your-hub?q=Kirkby' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Kirkby Oak Academy');
    expect(page.body).toContain('East Midlands West Maths Hub');
    const school = await t.app.inject({ method: 'GET', url: '/schools/122000' });
    expect(school.body).toContain('Lead School');
    expect(school.body).toContain('Ashfield');
  });

  it('answers through the public API', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/find-your-hub?q=Newark' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(1);
    expect(body.results[0]).toMatchObject({ urn: 122001, hubSlug: 'em-east', laName: 'Nottinghamshire' });
  });

  it('says clearly when a query is too short or finds nothing', async () => {
    const short = await t.app.inject({ method: 'GET', url: '/find-your-hub?q=a' });
    expect(short.body).toContain('Enter at least 2 characters');
    const none = await t.app.inject({ method: 'GET', url: '/find-your-hub?q=zzzzzz' });
    expect(none.body).toContain('No schools match');
  });
});
