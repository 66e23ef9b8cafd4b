import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import {
  eventsAbout,
  type SignedIn,
  signInHubLead,
  signInNationalAdmin,
  signInNationalAnalyst,
} from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { activityLeads } from '../activities/schema.ts';
import { listToDos } from '../home/list-to-dos.ts';
import { accreditations } from '../people/schema.ts';
import { programmeApplications } from './schema.ts';

/** Applications to the LLME development programmes (issue 16): apply or nominate → sponsor → decide → complete. */
describe('LLME development programme applications', () => {
  let t: TestContext;
  let hubId: number;
  let hubLead: SignedIn;
  let otherHubLead: SignedIn;
  let admin: SignedIn;
  let analyst: SignedIn;
  let teacherId: number;
  let teacher: Awaited<ReturnType<typeof signedInClient>>;
  const year = academicYearOf(todayInEngland());
  const today = todayInEngland();
  const [ty, tm, td] = today.split('-');
  const todayParts = { 'completedOn-day': td!, 'completedOn-month': tm!, 'completedOn-year': ty! };

  beforeAll(async () => {
    t = await createTestApp();
    const hub = await makeHub(t.db, { slug: 'llme-hub', name: 'LLME Maths Hub' });
    const other = await makeHub(t.db, { slug: 'other-llme-hub', name: 'Other Maths Hub' });
    hubId = hub.id;
    hubLead = await signInHubLead(t.app, t.db, hub.id);
    otherHubLead = await signInHubLead(t.app, t.db, other.id);
    admin = await signInNationalAdmin(t.app, t.db);
    analyst = await signInNationalAnalyst(t.app, t.db);
    const person = await makePerson(t.db, [{ role: 'llme', hubId, title: 'Work Group Lead' }], {
      givenName: 'Priya',
      familyName: 'Shah',
      email: 'priya.shah@example.org',
    });
    teacherId = person.id;
    teacher = await signedInClient(t.app, t.db, person.id);
  });
  afterAll(() => t.close());

  it('takes a teacher’s application through sponsorship, acceptance and completion; they may then lead an NCP that needs it', async () => {
    // The NCP needs a PD Lead: before, the teacher may not lead it.
    const ncp = await makeNcp(t.db, { yearCode: year, rules: { leadRequires: ['pd_lead'] } });
    const activity = await makeActivity(t.db, { hubId, ncpId: ncp.id, yearCode: year });
    const before = await hubLead.client.get(paths.activity.show(activity.id));
    expect(before.body).toContain(`data-testid="not-eligible-${teacherId}"`);

    const refused = await teacher.submit(paths.llme.apply, { programme: '', statement: '' });
    expect(refused.headers.location).toBe(paths.llme.apply);
    const form = await teacher.get(paths.llme.apply);
    expect(form.body).toContain('Choose a programme');
    expect(form.body).toContain('Say why they should join the programme');

    const applied = await teacher.submit(paths.llme.apply, {
      programme: 'pd_lead',
      hubId: String(hubId),
      statement: 'I lead maths across our trust & want to lead <PD>',
    });
    expect(applied.statusCode).toBe(303);
    const [application] = await t.db
      .select()
      .from(programmeApplications)
      .where(eq(programmeApplications.personId, teacherId));
    expect(application).toMatchObject({ status: 'awaiting_hub', programme: 'pd_lead', yearCode: year });
    const id = application!.id;
    expect(applied.headers.location).toBe(paths.llme.application(id));

    // A second open application for the same programme is refused.
    const again = await teacher.submit(paths.llme.apply, {
      programme: 'pd_lead',
      hubId: String(hubId),
      statement: 'Again',
    });
    expect(again.headers.location).toBe(paths.llme.apply);
    expect((await teacher.get(paths.llme.apply)).body).toContain('already an open application');

    // The hub's to-do, its list and the page; another hub's leadership does not find it.
    expect((await listToDos(t.db, (await principalOf(hubLead.personId))!)).map((d) => d.kind)).toContain(
      'programme_applications',
    );
    expect((await hubLead.client.get(paths.llme.applications)).body).toContain('Priya Shah');
    expect((await otherHubLead.client.get(paths.llme.applications)).body).not.toContain('Priya Shah');
    expect((await otherHubLead.client.get(paths.llme.application(id))).statusCode).toBe(404);
    const page = await teacher.get(paths.llme.application(id));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;PD&gt;');
    expect(page.body).not.toContain('sponsorship-form');

    // The national team may not decide before the hub has sponsored it.
    const early = await admin.client.submit(
      paths.llme.decision(id),
      { decision: 'accept', cohort: '12' },
      // The application's page has no decision form yet: a token from another form.
      paths.admin.accreditationsImport,
    );
    expect(early.headers.location).toBe(`${paths.llme.application(id)}#decision`);
    expect(
      (await t.db.select().from(programmeApplications).where(eq(programmeApplications.id, id)))[0]!.status,
    ).toBe('awaiting_hub');

    const noReason = await hubLead.client.submit(
      paths.llme.sponsorship(id),
      { sponsor: 'yes' },
      paths.llme.application(id),
    );
    expect(noReason.headers.location).toBe(`${paths.llme.application(id)}#sponsorship`);
    const sponsored = await hubLead.client.submit(
      paths.llme.sponsorship(id),
      { sponsor: 'yes', sponsorReason: 'A strong Work Group Lead' },
      paths.llme.application(id),
    );
    expect(sponsored.statusCode).toBe(303);
    const otherSponsor = await otherHubLead.client.post(paths.llme.sponsorship(id), {});
    expect([403, 404]).toContain(otherSponsor.statusCode);

    // The analyst reads; the administrator decides: a cohort is needed to accept.
    expect((await analyst.client.get(paths.llme.application(id))).body).not.toContain('decision-form');
    const noCohort = await admin.client.submit(
      paths.llme.decision(id),
      { decision: 'accept' },
      paths.llme.application(id),
    );
    expect(noCohort.headers.location).toBe(`${paths.llme.application(id)}#decision`);
    const accepted = await admin.client.submit(
      paths.llme.decision(id),
      { decision: 'accept', cohort: '12' },
      paths.llme.application(id),
    );
    expect(accepted.statusCode).toBe(303);

    const completed = await admin.client.submit(
      paths.llme.completion(id),
      { ...todayParts, evidenceUrl: 'https://example.org/evidence/priya.pdf' },
      paths.llme.application(id),
    );
    expect(completed.statusCode).toBe(303);
    const [done] = await t.db.select().from(programmeApplications).where(eq(programmeApplications.id, id));
    expect(done).toMatchObject({ status: 'completed', cohort: '12', completedOn: today });
    const [accreditation] = await t.db
      .select()
      .from(accreditations)
      .where(eq(accreditations.personId, teacherId));
    expect(accreditation).toMatchObject({
      kind: 'pd_lead',
      cohort: '12',
      awardedOn: today,
      evidenceUrl: 'https://example.org/evidence/priya.pdf',
    });
    expect(done!.accreditationId).toBe(accreditation!.id);
    expect((await eventsAbout(t.db, 'programme_application', id)).map((e) => e.action).reverse()).toEqual([
      'programme_application.applied',
      'programme_application.sponsored',
      'programme_application.accepted',
      'programme_application.completed',
    ]);

    // Now they may lead the NCP that needs a PD Lead.
    const lead = await hubLead.client.submit(
      paths.activity.leads(activity.id),
      { personId: String(teacherId), leadTitle: 'PD Lead' },
      paths.activity.show(activity.id),
    );
    expect(lead.statusCode).toBe(303);
    const leads = await t.db.select().from(activityLeads).where(eq(activityLeads.activityId, activity.id));
    expect(leads.map((l) => l.personId)).toContain(teacherId);
  });

  it('lets hub leadership nominate only someone of their hub, and not sponsor with a reason', async () => {
    const unknown = await hubLead.client.submit(paths.llme.nominate, {
      programme: 'mastery_specialist',
      hubId: String(hubId),
      email: 'nobody@example.org',
      statement: 'Good teacher',
    });
    expect(unknown.headers.location).toBe(paths.llme.nominate);
    const unknownPage = (await hubLead.client.get(paths.llme.nominate)).body;
    expect(unknownPage).toContain('No one in your hub has this email address');
    // Someone of another hub gets the same words.
    const elsewhere = await makePerson(t.db, [{ role: 'participant', hubId: (await makeHub(t.db)).id }]);
    await hubLead.client.submit(paths.llme.nominate, {
      programme: 'mastery_specialist',
      hubId: String(hubId),
      email: elsewhere.email,
      statement: 'Good teacher',
    });
    expect((await hubLead.client.get(paths.llme.nominate)).body).toContain(
      'No one in your hub has this email address',
    );

    const nominee = await makePerson(t.db, [{ role: 'participant', hubId }]);
    const nominated = await hubLead.client.submit(paths.llme.nominate, {
      programme: 'mastery_specialist',
      hubId: String(hubId),
      email: nominee.email.toUpperCase(),
      statement: 'Leads her school’s maths',
    });
    expect(nominated.statusCode).toBe(303);
    const [row] = await t.db
      .select()
      .from(programmeApplications)
      .where(eq(programmeApplications.personId, nominee.id));
    expect(row).toMatchObject({ nominatedByPersonId: hubLead.personId, status: 'awaiting_hub' });
    await hubLead.client.submit(
      paths.llme.sponsorship(row!.id),
      { sponsor: 'no', sponsorReason: 'Not this year: new to teaching for mastery' },
      paths.llme.application(row!.id),
    );
    const [after] = await t.db
      .select()
      .from(programmeApplications)
      .where(eq(programmeApplications.id, row!.id));
    expect(after).toMatchObject({
      status: 'not_sponsored',
      sponsorReason: 'Not this year: new to teaching for mastery',
    });
    // The nominee sees it, with the hub's reason.
    const nomineeClient = await signedInClient(t.app, t.db, nominee.id);
    const page = await nomineeClient.get(paths.llme.application(row!.id));
    expect(page.body).toContain('Not this year: new to teaching for mastery');
  });

  async function principalOf(personId: number) {
    const { roleAssignments } = await import('../people/schema.ts');
    const roles = await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, personId));
    return {
      personId,
      email: '',
      displayName: '',
      hasPassword: false,
      via: 'session' as const,
      roles: roles.map((r) => ({
        role: r.role,
        title: r.title,
        hubId: r.hubId,
        schoolUrn: r.schoolUrn,
        ncpKey: r.ncpKey,
        laCode: r.laCode,
      })),
    };
  }
});
