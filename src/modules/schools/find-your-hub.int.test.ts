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

describe('find your hub: districts, one hub first, an empty search', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    await makeLocalAuthority(t.db, { code: '380', name: 'Bradford' });
    await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [{ laCode: '383' }]);
    await makeHub(t.db, { slug: 'bradford', name: 'Bradford Maths Hub' }, [{ laCode: '380' }]);
    await makeSchool(t.db, { urn: 107010, laCode: '383', name: 'City Primary School', postcode: 'LS1 4AB' });
    await makeSchool(t.db, { urn: 107011, laCode: '383', name: 'Centre Academy', postcode: 'LS1 4XY' });
    await makeSchool(t.db, {
      urn: 107012,
      laCode: '383',
      name: 'Wetherby Primary School',
      postcode: 'LS14 6AA',
    });
    await makeSchool(t.db, { urn: 107013, laCode: '383', name: 'Otley High School', postcode: 'LS1 5AA' });
    await makeSchool(t.db, {
      urn: 107014,
      laCode: '380',
      name: 'Bradford Primary School',
      postcode: 'BD1 1AA',
    });
  });
  afterAll(() => t?.close());

  const urns = async (query: string) =>
    (await searchSchools(t.db, { query, pageSize: 50 })).results.map((r) => r.urn).sort();

  it('a postcode district search keeps to its district: "LS1 4" is not LS14, "LS14" is not LS1 4', async () => {
    expect(await urns('LS1 4')).toEqual([107010, 107011]);
    expect(await urns('ls1  4a')).toEqual([107010]);
    expect(await urns('LS1')).toEqual([107010, 107011, 107013]);
    expect(await urns('LS14')).toEqual([107012]);
    expect(await urns('LS14AB')).toEqual([107010]);
    expect(await urns('LS1 4AB')).toEqual([107010]);
  });

  it('says the hub first when one hub serves every school found, and not when several do', async () => {
    const one = await t.app.inject({ method: 'GET', url: '/find-your-hub?q=LS1' });
    expect(one.statusCode).toBe(200);
    const hubBlock = /data-testid="only-hub">([\s\S]*?)<\/div>/.exec(one.body)?.[1] ?? '';
    expect(hubBlock).toContain('West Yorkshire Maths Hub');
    expect(hubBlock).toContain('All 3 schools found are served by West Yorkshire Maths Hub');
    expect(one.body.indexOf('data-testid="only-hub"')).toBeLessThan(
      one.body.indexOf('data-testid="result-count"'),
    );
    const several = await t.app.inject({ method: 'GET', url: '/find-your-hub?q=primary' });
    expect(several.body).toContain('Bradford Primary School');
    expect(several.body).not.toContain('data-testid="only-hub"');
  });

  it('an empty search gets a GOV.UK error message; the page before a search does not', async () => {
    const empty = await t.app.inject({ method: 'GET', url: '/find-your-hub?q=' });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('govuk-error-summary');
    expect(empty.body).toContain('Enter a school name, URN, postcode or local authority');
    expect(empty.body).toContain('<title>Error: ');
    const blank = await t.app.inject({ method: 'GET', url: '/find-your-hub?q=%20%20' });
    expect(blank.body).toContain('Enter a school name, URN, postcode or local authority');
    const first = await t.app.inject({ method: 'GET', url: '/find-your-hub' });
    expect(first.body).not.toContain('govuk-error-summary');
  });
});
