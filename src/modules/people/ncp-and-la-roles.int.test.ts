import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/support/client.ts';
import { makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeEvent } from '../../../test/support/event-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { type SignedIn, signInHubLead, signInNationalAdmin } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { surveyTemplates } from '../evaluation/survey-schema.ts';
import { programmeEvents } from '../events/schema.ts';
import { yearSlug } from '../journeys/journey-rules.ts';
import { interests } from '../registration/schema.ts';
import { people, roleAssignments } from './schema.ts';

/**
 * Issue 16's last roles: an NCP's Project Lead and Coordination Team (national, their NCP across every
 * hub) and a hub's local authority partner (the hub's interest from schools in their LA).
 */
describe('NCP and local authority roles', () => {
  let t: TestContext;
  let admin: SignedIn;
  let hubLead: SignedIn;
  let hubA: { id: number; slug: string };
  let hubB: { id: number; slug: string };
  let laA1: string;
  let laA2: string;
  let laB: string;
  let ourNcpId: number;
  let theirNcpId: number;
  const year = academicYearOf(todayInEngland());
  const yy = year.slice(2, 4);

  beforeAll(async () => {
    t = await createTestApp();
    laA1 = (await makeLocalAuthority(t.db, { name: 'Northshire' })).code;
    laA2 = (await makeLocalAuthority(t.db, { name: 'Southshire' })).code;
    laB = (await makeLocalAuthority(t.db, { name: 'Westshire' })).code;
    hubA = await makeHub(t.db, { slug: 'roles-hub-a', name: 'Alpha Maths Hub' }, [
      { laCode: laA1 },
      { laCode: laA2 },
    ]);
    hubB = await makeHub(t.db, { slug: 'roles-hub-b', name: 'Beta Maths Hub' }, [{ laCode: laB }]);
    admin = await signInNationalAdmin(t.app, t.db);
    hubLead = await signInHubLead(t.app, t.db, hubA.id);
    const ours = await makeNcp(t.db, { yearCode: year, code: `NCP${yy}-87`, title: 'Our Lead Project' });
    ourNcpId = ours.id;
    const theirs = await makeNcp(t.db, { yearCode: year, code: `NCP${yy}-88`, title: 'Their Other Project' });
    theirNcpId = theirs.id;
    for (const [hub, ncp, title] of [
      [hubA, ours, 'Alpha work group of ours'],
      [hubB, ours, 'Beta work group of ours'],
      [hubA, theirs, 'Alpha work group of theirs'],
      [hubB, theirs, 'Beta work group of theirs'],
    ] as const) {
      await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: year, title });
    }
    for (const ncpKey of ['87', '88'])
      await t.db.insert(surveyTemplates).values({
        ncpKey,
        kind: 'participant_summer',
        version: 1,
        title: `Survey of ${ncpKey}`,
        publishedAt: new Date(),
      });
  });
  afterAll(() => t.close());

  const grant = (client: TestClient, personId: number, fields: Record<string, string>) =>
    client.submit(paths.admin.personRoles(personId), fields, paths.admin.person(personId));

  describe('granting', () => {
    it('lets national administrators give the NCP roles (national, with an NCP) and the LA partner', async () => {
      const lead = await makePerson(t.db, [{ role: 'participant', hubId: hubA.id }]);
      const page = await admin.client.get(paths.admin.person(lead.id));
      expect(page.body).toContain('NCP Project Lead');
      expect(page.body).toContain(`NCP${yy}-87: Our Lead Project`);
      expect(page.body).toContain('Southshire (Alpha Maths Hub)');

      // An NCP role without its NCP is refused with the error summary, the input kept.
      const missing = await grant(admin.client, lead.id, { role: 'ncp_project_lead', title: 'Lead' });
      expect(missing.statusCode).toBe(303);
      const again = await admin.client.get(missing.headers.location as string);
      expect(again.body).toContain('There is a problem');
      expect(again.body).toContain('Choose the NCP for the NCP Project Lead role');

      const ok = await grant(admin.client, lead.id, { role: 'ncp_project_lead', ncpKey: '87' });
      expect(ok.headers.location).toBe(paths.admin.person(lead.id));
      const [held] = await t.db
        .select()
        .from(roleAssignments)
        .where(and(eq(roleAssignments.personId, lead.id), eq(roleAssignments.role, 'ncp_project_lead')));
      expect(held).toMatchObject({ hubId: null, ncpKey: '87', laCode: null });
      expect((await admin.client.get(paths.admin.person(lead.id))).body).toContain('National: NCP 87');
      const [logged] = await t.db
        .select()
        .from(eventLog)
        .where(and(eq(eventLog.action, 'role.granted'), eq(eventLog.subjectId, String(lead.id))))
        .orderBy(eventLog.id);
      expect(logged?.changes).toMatchObject({ role: 'ncp_project_lead', ncpKey: '87' });

      // An NCP role is national: not in a hub.
      const inHub = await grant(admin.client, lead.id, {
        role: 'ncp_coordination',
        ncpKey: '87',
        hubId: String(hubA.id),
      });
      expect((await admin.client.get(inHub.headers.location as string)).body).toContain(
        'NCP Coordination Team is a national role: choose no hub',
      );

      const la = await grant(admin.client, lead.id, {
        role: 'la_partner',
        hubId: String(hubB.id),
        laCode: laB,
      });
      expect(la.headers.location).toBe(paths.admin.person(lead.id));
    });

    it('lets hub leadership give the LA partner for their own hub’s LAs only, and no NCP role', async () => {
      const person = await makePerson(t.db, [{ role: 'participant', hubId: hubA.id }]);
      const page = await hubLead.client.get(paths.admin.person(person.id));
      expect(page.body).toContain('Local authority partner');
      expect(page.body).not.toContain('value="ncp_project_lead"');
      expect(page.body).not.toContain('Westshire');

      const ncp = await grant(hubLead.client, person.id, { role: 'ncp_project_lead', ncpKey: '87' });
      expect(ncp.statusCode).toBe(403);
      const otherHubsLa = await grant(hubLead.client, person.id, {
        role: 'la_partner',
        hubId: String(hubA.id),
        laCode: laB,
      });
      expect((await hubLead.client.get(otherHubsLa.headers.location as string)).body).toContain(
        'Choose a local authority in the hub’s area',
      );
      const otherHub = await grant(hubLead.client, person.id, {
        role: 'la_partner',
        hubId: String(hubB.id),
        laCode: laB,
      });
      expect(otherHub.statusCode).toBe(403);
      const noLa = await grant(hubLead.client, person.id, { role: 'la_partner', hubId: String(hubA.id) });
      expect((await hubLead.client.get(noLa.headers.location as string)).body).toContain(
        'Choose the local authority for the Local authority partner role',
      );

      const ok = await grant(hubLead.client, person.id, {
        role: 'la_partner',
        hubId: String(hubA.id),
        laCode: laA2,
      });
      expect(ok.headers.location).toBe(paths.admin.person(person.id));
      const held = await t.db
        .select()
        .from(roleAssignments)
        .where(and(eq(roleAssignments.personId, person.id), eq(roleAssignments.role, 'la_partner')));
      expect(held).toEqual([expect.objectContaining({ hubId: hubA.id, laCode: laA2 })]);
    });

    it('lets hub leadership add a new person as their hub’s LA partner', async () => {
      const email = 'la.partner.new@example.org';
      const fields = {
        givenName: 'Lara',
        familyName: 'Adviser',
        email,
        role: 'la_partner',
        hubId: String(hubA.id),
      };
      const wrong = await hubLead.client.submit(
        paths.admin.people,
        { ...fields, laCode: laB },
        paths.admin.newPerson,
      );
      expect((await hubLead.client.get(wrong.headers.location as string)).body).toContain(
        'Choose a local authority in the hub’s area',
      );
      const ok = await hubLead.client.submit(
        paths.admin.people,
        { ...fields, laCode: laA1 },
        paths.admin.newPerson,
      );
      expect(ok.statusCode).toBe(303);
      const held = await t.db
        .select({ laCode: roleAssignments.laCode, hubId: roleAssignments.hubId })
        .from(roleAssignments)
        .innerJoin(people, eq(people.id, roleAssignments.personId))
        .where(eq(people.email, email));
      expect(held).toEqual([{ laCode: laA1, hubId: hubA.id }]);
    });

    it('keeps the rows whole in the database (CHECKs of migration 0041)', async () => {
      const person = await makePerson(t.db);
      await expect(
        t.db.insert(roleAssignments).values({ personId: person.id, role: 'ncp_project_lead' }),
      ).rejects.toThrow();
      await expect(
        t.db.insert(roleAssignments).values({ personId: person.id, role: 'la_partner', laCode: laA1 }),
      ).rejects.toThrow();
      await expect(
        t.db
          .insert(roleAssignments)
          .values({ personId: person.id, role: 'llme', hubId: hubA.id, ncpKey: '87' }),
      ).rejects.toThrow();
    });
  });

  describe('what an NCP’s own team sees', () => {
    for (const role of ['ncp_project_lead', 'ncp_coordination'] as const) {
      it(`${role}: their NCP’s overview, HAPPI list and survey results across hubs; another NCP is not found`, async () => {
        const person = await makePerson(t.db, [{ role, ncpKey: '87' }]);
        const client = await signedInClient(t.app, t.db, person.id);
        const y = yearSlug(year);

        const overview = await client.get(`${paths.evaluation.ncp}?ncp=87&year=${y}`);
        expect(overview.statusCode).toBe(200);
        expect(overview.body).toContain('Alpha Maths Hub');
        expect(overview.body).toContain('Beta Maths Hub');
        expect((await client.get(`${paths.evaluation.ncp}?ncp=88&year=${y}`)).statusCode).toBe(404);

        const happi = await client.get(`${paths.evaluation.happi.list}?year=${y}`);
        expect(happi.statusCode).toBe(200);
        expect(happi.body).toContain('Alpha work group of ours');
        expect(happi.body).toContain('Beta work group of ours');
        expect(happi.body).not.toContain('work group of theirs');
        // The forms themselves are their hubs' (no link that would be "not found").
        expect(happi.body).not.toMatch(/\/activities\/\d+\/happi/);
        const csv = await client.get(`${paths.evaluation.happi.list}?year=${y}&format=csv`);
        expect(csv.body).toContain('Beta work group of ours');
        expect(csv.body).not.toContain('work group of theirs');
        expect(
          (await client.get(`${paths.evaluation.happi.list}?year=${y}&ncp=NCP${yy}-88`)).statusCode,
        ).toBe(404);

        const results = await client.get(`${paths.evaluation.surveys.results}?ncp=87&year=${y}`);
        expect(results.statusCode).toBe(200);
        expect(results.body).toContain('Our Lead Project');
        expect(results.body).not.toContain('Their Other Project');
        expect((await client.get(`${paths.evaluation.surveys.results}?ncp=88&year=${y}`)).statusCode).toBe(
          404,
        );

        // Their home names the role and links the pages.
        const home = await client.get(paths.dashboard);
        expect(home.body).toContain('National: NCP 87');
        expect(home.body).toContain('data-testid="ncp-evaluation-link"');

        // Nothing of a hub's own pages.
        expect((await client.get(paths.evaluation.hub)).statusCode).toBe(403);
        expect((await client.get(paths.admin.people)).statusCode).toBe(403);
        expect((await client.get(paths.myHub.interest)).statusCode).toBe(403);
      });
    }
  });

  it('an NCP’s team see and run their NCP’s national workshops, and no other event', async () => {
    const ourWorkshop = await makeEvent(t.db, { title: 'Our national workshop' });
    await t.db.update(programmeEvents).set({ ncpId: ourNcpId }).where(eq(programmeEvents.id, ourWorkshop.id));
    const theirWorkshop = await makeEvent(t.db, { title: 'Their national workshop' });
    await t.db
      .update(programmeEvents)
      .set({ ncpId: theirNcpId })
      .where(eq(programmeEvents.id, theirWorkshop.id));
    const hubEvent = await makeEvent(t.db, { hubId: hubA.id, title: 'A hub event' });
    const person = await makePerson(t.db, [{ role: 'ncp_project_lead', ncpKey: '87' }]);
    const client = await signedInClient(t.app, t.db, person.id);

    const organise = await client.get(paths.events.organise);
    expect(organise.statusCode).toBe(200);
    expect(organise.body).toContain('Our national workshop');
    expect(organise.body).not.toContain('Their national workshop');
    expect(organise.body).not.toContain('A hub event');

    const manage = await client.get(paths.events.manage(ourWorkshop.id));
    expect(manage.statusCode).toBe(200);
    expect(manage.body).not.toContain('data-testid="edit-event"');
    expect((await client.get(paths.events.manage(theirWorkshop.id))).statusCode).toBe(404);
    expect((await client.get(paths.events.manage(hubEvent.id))).statusCode).toBe(404);
    expect((await client.get(paths.events.edit(ourWorkshop.id))).statusCode).toBe(403);
    expect((await client.get(`${paths.events.organise}?hub=${hubA.slug}`)).statusCode).toBe(404);
  });

  describe('what a local authority partner sees', () => {
    it('the hub’s interest from schools in their LA only, on the page and in its export', async () => {
      const inLa = await makeSchool(t.db, { laCode: laA1, name: 'Northshire Primary' });
      const outsideLa = await makeSchool(t.db, { laCode: laA2, name: 'Southshire Primary' });
      for (const [school, name] of [
        [inLa, 'Nora'],
        [outsideLa, 'Sam'],
      ] as const) {
        const teacher = await makePerson(t.db, [], { givenName: name, familyName: 'Teacher' });
        await t.db.insert(interests).values({
          hubId: hubA.id,
          ncpId: ourNcpId,
          personId: teacher.id,
          schoolUrn: school.urn,
        });
      }
      const partner = await makePerson(t.db, [{ role: 'la_partner', hubId: hubA.id, laCode: laA1 }]);
      const client = await signedInClient(t.app, t.db, partner.id);

      const home = await client.get(paths.dashboard);
      expect(home.body).toContain('data-testid="la-interest-link"');
      expect(home.body).toContain('Alpha Maths Hub’s offer');
      // Their role names the local authority, not its code.
      expect(home.body).toContain('</a>: Northshire');
      const page = await client.get(paths.myHub.interest);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Nora Teacher');
      expect(page.body).not.toContain('Sam Teacher');
      // They read it; the hub's team registers (the page does not ask them to).
      expect(page.body).toContain('data-testid="interest-read-only"');
      expect(page.body).not.toContain('Choose people and register them');
      const { token } = await createApiToken(t.db, systemActor('test'), { personId: partner.id, name: 'la' });
      const apiGet = (url: string) => t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
      const api = await apiGet(paths.api.hubInterest(hubA.slug));
      expect(api.statusCode).toBe(200);
      const names = (api.json() as { interests: { name: string }[] }).interests.map((r) => r.name);
      expect(names).toEqual(['Nora Teacher']);

      // The hub's leadership still see all of it.
      const lead = await hubLead.client.get(paths.myHub.interest);
      expect(lead.body).toContain('Sam Teacher');

      // Another hub's interest is not found; the hub's other pages are not theirs.
      expect((await client.get(`${paths.myHub.interest}?hub=${hubB.slug}`)).statusCode).toBe(404);
      expect((await apiGet(paths.api.hubInterest(hubB.slug))).statusCode).toBe(404);
      expect((await client.get(paths.admin.people)).statusCode).toBe(403);
      expect((await client.get(paths.myHub.activities)).statusCode).toBe(403);
      expect((await client.get(paths.evaluation.happi.list)).statusCode).toBe(403);
      // The hub's offer is public.
      expect((await client.get(paths.hubOffer(hubA.slug))).statusCode).toBe(200);
    });
  });
});
