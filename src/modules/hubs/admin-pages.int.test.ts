import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, makeLocalAuthority, makeSchool } from '../../../test/support/factories.ts';
import {
  csrfFor,
  eventsAbout,
  type SignedIn,
  signInHubLead,
  signInNationalAdmin,
  signInNationalAnalyst,
} from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { hubAreas, hubs, localAuthorities } from './schema.ts';

describe('the national team’s pages for local authorities, hubs and areas', () => {
  let t: TestContext;
  let admin: SignedIn;
  let analyst: SignedIn;
  let hubLead: SignedIn;
  let emWest: Awaited<ReturnType<typeof makeHub>>;
  let emEast: Awaited<ReturnType<typeof makeHub>>;

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, {
      code: '891',
      name: 'Nottinghamshire',
      regionCode: 'E12000004',
      regionName: 'East Midlands',
    });
    await makeLocalAuthority(t.db, {
      code: '892',
      name: 'Nottingham',
      regionCode: 'E12000004',
      regionName: 'East Midlands',
    });
    await makeLocalAuthority(t.db, {
      code: '886',
      name: 'Kent',
      regionCode: 'E12000008',
      regionName: 'South East',
    });
    emWest = await makeHub(t.db, { slug: 'em-west', name: 'East Midlands West Maths Hub' }, [
      { laCode: '891', districtCode: 'E07000170', districtName: 'Ashfield' },
      { laCode: '892' },
    ]);
    emEast = await makeHub(t.db, { slug: 'em-east', name: 'East Midlands East Maths Hub' }, [
      { laCode: '891', isDemonstration: true },
    ]);
    const districts = [
      ['E07000170', 'Ashfield'],
      ['E07000172', 'Broxtowe'],
      ['E07000175', 'Newark and Sherwood'],
    ];
    for (const [districtCode, districtName] of districts) {
      await makeSchool(t.db, {
        laCode: '891',
        districtCode,
        districtName,
        name: `${districtName} Primary School`,
      });
    }
    await makeSchool(t.db, {
      laCode: '892',
      districtCode: 'E06000018',
      districtName: 'Nottingham',
      urn: 137001,
      name: 'Trentside Academy',
    });
    admin = await signInNationalAdmin(t.app, t.db);
    analyst = await signInNationalAnalyst(t.app, t.db);
    hubLead = await signInHubLead(t.app, t.db, emWest.id);
  });
  afterAll(() => t.close());

  describe('local authorities', () => {
    it('lists them for national administrators and analysts, with filters and a CSV download', async () => {
      for (const { client } of [admin, analyst]) {
        const page = await client.get(paths.admin.localAuthorities);
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain('data-testid="local-authority-891"');
        expect(page.body).toContain('East Midlands East Maths Hub; East Midlands West Maths Hub');
      }
      const filtered = await admin.client.get(`${paths.admin.localAuthorities}?region=E12000008`);
      expect(filtered.body).toContain('data-testid="local-authority-886"');
      expect(filtered.body).not.toContain('data-testid="local-authority-891"');
      const noHub = await admin.client.get(`${paths.admin.localAuthorities}?hub=none&sort=code&order=desc`);
      expect(noHub.body).toContain('Showing 1 to 1 of 1 local authorities');
      const download = await analyst.client.get(`${paths.admin.localAuthorities}?q=nott&format=csv`);
      expect(download.headers['content-type']).toContain('text/csv');
      expect(download.headers['content-disposition']).toContain('local-authorities.csv');
      const lines = download.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe(
        'la_code,la_name,gss_code,region_code,region_name,entity,hubs,state_funded_schools',
      );
      expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['Nottingham', 'Nottinghamshire']);
    });

    it('is not shown to a hub’s own staff', async () => {
      expect((await hubLead.client.get(paths.admin.localAuthorities)).statusCode).toBe(403);
    });

    it('lets a national administrator correct a name, with an event saying who did it', async () => {
      const url = paths.admin.localAuthority('886');
      const response = await admin.client.submit(url, { name: 'Kent County', regionCode: 'E12000008' });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(paths.admin.localAuthorities);
      const list = await admin.client.get(paths.admin.localAuthorities);
      expect(list.body).toContain('Kent County (886) has been updated');
      const [event] = await eventsAbout(t.db, 'local_authority', '886');
      expect(event).toMatchObject({
        action: 'local_authority.updated',
        actorPersonId: admin.personId,
        actorLabel: admin.actorLabel,
        changes: { name: ['Kent', 'Kent County'] },
      });
    });

    it('shows the errors and keeps the input when it is wrong, changing nothing', async () => {
      const url = paths.admin.localAuthority('886');
      const response = await admin.client.submit(url, { name: '  ', regionCode: 'E12000099' });
      expect(response.headers.location).toBe(url);
      const form = await admin.client.get(url);
      expect(form.body).toContain('There is a problem');
      expect(form.body).toContain('<a href="#name">Enter the name of the local authority</a>');
      expect(form.body).toContain('Select the region of the local authority');
      const [kent] = await t.db.select().from(localAuthorities).where(eq(localAuthorities.code, '886'));
      expect(kent!.name).toBe('Kent County');
    });

    it('refuses a change by an analyst or a hub lead', async () => {
      const url = paths.admin.localAuthority('886');
      expect((await analyst.client.get(url)).statusCode).toBe(403);
      for (const person of [analyst, hubLead]) {
        const _csrf = await csrfFor(t.app, t.db, url, person.client);
        const response = await person.client.post(url, { name: 'Hacked', regionCode: 'E12000008', _csrf });
        expect(response.statusCode).toBe(403);
        expect(response.body).toContain('You do not have permission');
      }
    });
  });

  describe('hubs', () => {
    it('lists the hubs with CSV downloads of the hubs and their areas', async () => {
      const page = await analyst.client.get(paths.admin.hubs);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('data-testid="hub-em-west"');
      const demonstration = await analyst.client.get(`${paths.admin.hubs}?areas=demonstration`);
      expect(demonstration.body).toContain('data-testid="hub-em-east"');
      expect(demonstration.body).not.toContain('data-testid="hub-em-west"');
      const hubsCsv = await analyst.client.get(`${paths.admin.hubs}?format=csv`);
      expect(hubsCsv.body).toContain('em-west,East Midlands West Maths Hub,confirmed');
      const areasCsv = await analyst.client.get(`${paths.admin.hubs}?format=areas-csv`);
      expect(areasCsv.body).toContain(
        'em-west,East Midlands West Maths Hub,891,Nottinghamshire,E07000170,Ashfield,false',
      );
      expect(areasCsv.body).toContain('em-east,East Midlands East Maths Hub,891,Nottinghamshire,,,true');
    });

    it('shows a hub’s area with the schools each part brings, editable only by administrators', async () => {
      const asAdmin = await admin.client.get(paths.admin.hub(emEast.id));
      expect(asAdmin.body).toContain('data-testid="hub-form"');
      // The whole of Nottinghamshire less Ashfield, which East Midlands West takes.
      expect(asAdmin.body).toMatch(/data-testid="area-891"[\s\S]*?Whole authority[\s\S]*?>2</);
      const asAnalyst = await analyst.client.get(paths.admin.hub(emEast.id));
      expect(asAnalyst.statusCode).toBe(200);
      expect(asAnalyst.body).not.toContain('data-testid="hub-form"');
      expect(asAnalyst.body).not.toContain('name="_csrf"');
      expect((await hubLead.client.get(paths.admin.hub(emWest.id))).statusCode).toBe(403);
    });

    it('lets an administrator change a hub’s details, recording the change', async () => {
      const url = paths.admin.hub(emWest.id);
      const response = await admin.client.submit(url, {
        name: 'East Midlands West Maths Hub',
        nameStatus: 'confirmed',
        leadSchoolName: '',
        leadSchoolUrn: '137001',
        contactEmail: 'info@emwest.example',
        contactPhone: '01632 960 001',
        website: 'https://emwest.example',
      });
      expect(response.statusCode).toBe(303);
      const page = await admin.client.get(url);
      expect(page.body).toContain('East Midlands West Maths Hub has been updated');
      const [hub] = await t.db.select().from(hubs).where(eq(hubs.id, emWest.id));
      // An empty lead school name takes the name of the school with the URN.
      expect(hub).toMatchObject({
        leadSchoolName: 'Trentside Academy',
        leadSchoolUrn: 137001,
        contactEmail: 'info@emwest.example',
      });
      const [event] = await eventsAbout(t.db, 'hub', emWest.id);
      expect(event).toMatchObject({ action: 'hub.updated', hubId: emWest.id, actorLabel: admin.actorLabel });
      expect(event!.changes).toMatchObject({
        leadSchoolUrn: [null, 137001],
        website: [null, 'https://emwest.example'],
      });
    });

    it('shows the errors and keeps the input when a hub’s details are wrong', async () => {
      const url = paths.admin.hub(emWest.id);
      await admin.client.submit(url, {
        name: 'East Midlands West Maths Hub',
        nameStatus: 'confirmed',
        leadSchoolName: 'Kept Lead School',
        leadSchoolUrn: '999999',
      });
      const form = await admin.client.get(url);
      expect(form.body).toContain('There is no school with URN 999999 in the register');
      const again = await admin.client.submit(url, {
        name: 'East Midlands West Maths Hub',
        nameStatus: 'confirmed',
        leadSchoolName: 'Kept Lead School',
        leadSchoolUrn: '',
        contactEmail: 'not an email',
        contactPhone: '',
        website: 'emwest',
      });
      expect(again.statusCode).toBe(303);
      const shown = await admin.client.get(url);
      expect(shown.body).toContain('<a href="#contactEmail">Enter an email address in the correct format');
      expect(shown.body).toContain('<a href="#website">Enter the website as a full address');
      expect(shown.body).toContain('value="Kept Lead School"');
      expect(shown.body).toContain('value="not an email"');
      const [hub] = await t.db.select().from(hubs).where(eq(hubs.id, emWest.id));
      expect(hub!.leadSchoolName).toBe('Trentside Academy');
    });

    it('says so when someone else saved the hub since the form was opened', async () => {
      const url = paths.admin.hub(emEast.id);
      const _csrf = await admin.client.csrfFrom(url);
      await t.db.update(hubs).set({ contactPhone: '01632 960 001' }).where(eq(hubs.id, emEast.id));
      const [before] = await t.db.select().from(hubs).where(eq(hubs.id, emEast.id));
      const stale = String(before!.version - 1);
      const refused = await admin.client.post(url, {
        name: 'Renamed Hub',
        nameStatus: 'confirmed',
        version: stale,
        _csrf,
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('Someone else changed this hub while you were editing it');
      const [hub] = await t.db.select().from(hubs).where(eq(hubs.id, emEast.id));
      expect(hub!.name).toBe('East Midlands East Maths Hub');
    });

    it('refuses changes by an analyst or the hub’s own lead', async () => {
      const url = paths.admin.hub(emWest.id);
      for (const person of [analyst, hubLead]) {
        const _csrf = await csrfFor(t.app, t.db, url, person.client);
        const response = await person.client.post(url, {
          name: 'Taken Over Hub',
          nameStatus: 'confirmed',
          _csrf,
        });
        expect(response.statusCode).toBe(403);
        expect(response.body).toContain('You do not have permission');
      }
      const [hub] = await t.db.select().from(hubs).where(eq(hubs.id, emWest.id));
      expect(hub!.name).toBe('East Midlands West Maths Hub');
    });
  });

  describe('hub areas', () => {
    it('adds a district of a county to a hub, taking it from the hub with the rest of the county', async () => {
      const url = paths.admin.hubAreas(emWest.id);
      const form = await admin.client.get(url);
      expect(form.body).toContain('Broxtowe, Nottinghamshire');
      const response = await admin.client.submit(url, { laCode: '891', districtCode: 'E07000172' });
      expect(response.headers.location).toBe(paths.admin.hub(emWest.id));
      const page = await admin.client.get(paths.admin.hub(emWest.id));
      expect(page.body).toContain(
        'Broxtowe (Nottinghamshire) is now in the area of East Midlands West Maths Hub',
      );
      expect(page.body).toContain('data-testid="area-891-E07000172"');
      const [event] = await eventsAbout(t.db, 'hub', emWest.id);
      expect(event).toMatchObject({
        action: 'hub.area_added',
        hubId: emWest.id,
        changes: { area: { laCode: '891', districtCode: 'E07000172', districtName: 'Broxtowe' } },
      });
    });

    it('refuses an area another hub holds, or a district that is not the authority’s, keeping the input', async () => {
      const url = paths.admin.hubAreas(emEast.id);
      await admin.client.submit(url, { laCode: '891', districtCode: 'E07000170' });
      let form = await admin.client.get(url);
      expect(form.body).toContain(
        'Ashfield (Nottinghamshire) is already in the area of East Midlands West Maths Hub',
      );
      expect(form.body).toMatch(/<option value="E07000170" selected>/);
      await admin.client.submit(url, { laCode: '892' });
      form = await admin.client.get(url);
      expect(form.body).toContain('Nottingham is already in the area of East Midlands West Maths Hub');
      await admin.client.submit(url, { laCode: '886', districtCode: 'E07000170' });
      form = await admin.client.get(url);
      expect(form.body).toContain(
        'Select a district of Kent County, or no district to add the whole local authority',
      );
      await admin.client.submit(url, { laCode: '' });
      expect((await admin.client.get(url)).body).toContain('<a href="#laCode">Select a local authority</a>');
      expect(await t.db.select().from(hubAreas).where(eq(hubAreas.hubId, emEast.id))).toHaveLength(1);
    });

    it('removes an area, recording it, and only from its own hub', async () => {
      const [broxtowe] = await t.db.select().from(hubAreas).where(eq(hubAreas.districtCode, 'E07000172'));
      const wrongHub = await admin.client.submit(
        paths.admin.hubAreaRemove(emEast.id, broxtowe!.id),
        {},
        paths.admin.hub(emEast.id),
      );
      expect(wrongHub.statusCode).toBe(404);
      const response = await admin.client.submit(
        paths.admin.hubAreaRemove(emWest.id, broxtowe!.id),
        {},
        paths.admin.hub(emWest.id),
      );
      expect(response.statusCode).toBe(303);
      const page = await admin.client.get(paths.admin.hub(emWest.id));
      expect(page.body).toContain(
        'Broxtowe (Nottinghamshire) is no longer in the area of East Midlands West Maths Hub',
      );
      const [event] = await eventsAbout(t.db, 'hub', emWest.id);
      expect(event).toMatchObject({
        action: 'hub.area_removed',
        changes: { area: { districtName: 'Broxtowe' } },
      });
    });

    it('refuses area changes by analysts', async () => {
      expect((await analyst.client.get(paths.admin.hubAreas(emWest.id))).statusCode).toBe(403);
      const _csrf = await csrfFor(t.app, t.db, paths.admin.hubAreas(emWest.id), analyst.client);
      const response = await analyst.client.post(paths.admin.hubAreas(emWest.id), { laCode: '886', _csrf });
      expect(response.statusCode).toBe(403);
    });
  });
});
