import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMailTo } from '../../../test/support/auth-helpers.ts';
import { makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { dayFromToday, makeEvent } from '../../../test/support/event-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { ImportRejectedError } from '../../platform/errors.ts';
import { paths } from '../../platform/paths.ts';
import { enrolments } from '../activities/schema.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { importDelivery } from '../bulk/import-delivery.ts';
import { eventNotifications, eventPlaces, eventTargets } from '../events/schema.ts';
import { people, roleAssignments } from './schema.ts';

/**
 * Issue 11: a hub lead could make themselves a national administrator in three posts (add a person
 * with the administrator's email, open their record, merge them into themselves), and pull another
 * hub's people into theirs by email.
 */
describe('no way out of a hub’s scope through people', () => {
  let t: TestContext;
  let hubA: { id: number; slug: string };
  let hubB: { id: number; slug: string };
  let admin: Awaited<ReturnType<typeof makePerson>>;
  let leadA: Awaited<ReturnType<typeof makePerson>>;
  let leadB: Awaited<ReturnType<typeof makePerson>>;
  let teacherB: Awaited<ReturnType<typeof makePerson>>;
  let schoolA: { urn: number };

  beforeAll(async () => {
    t = await createTestApp();
    const laA = await makeLocalAuthority(t.db);
    const laB = await makeLocalAuthority(t.db);
    hubA = await makeHub(t.db, { name: 'Alpha Maths Hub' }, [{ laCode: laA.code }]);
    hubB = await makeHub(t.db, { name: 'Beta Maths Hub' }, [{ laCode: laB.code }]);
    schoolA = await makeSchool(t.db, { laCode: laA.code });
    admin = await makePerson(t.db, [{ role: 'national_admin' }], { email: 'the.admin@example.org' });
    leadA = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hubA.id }]);
    leadB = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hubB.id }], {
      email: 'lead.b@example.org',
    });
    teacherB = await makePerson(t.db, [{ role: 'participant', hubId: hubB.id }], {
      email: 'teacher.b@example.org',
      givenName: 'Bethan',
      familyName: 'Bravo',
    });
  });
  afterAll(() => t.close());

  const as = (person: { id: number }) => signedInClient(t.app, t.db, person.id);
  const rolesOf = (personId: number) =>
    t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, personId));
  const addPerson = (client: Awaited<ReturnType<typeof as>>, email: string, role = 'llme') =>
    client.submit(
      paths.admin.people,
      {
        givenName: 'Given',
        familyName: 'Family',
        email,
        role,
        hubId: String(hubA.id),
        schoolUrn: '',
        title: '',
        reason: '',
      },
      paths.admin.newPerson,
    );

  it('refuses every link of the three-post chain to national administration', async () => {
    const client = await as(leadA);
    // 1. "Add a person" with the administrator's email grants nothing: the administrator is invited.
    const added = await addPerson(client, 'The.Admin@example.org');
    expect(added.statusCode).toBe(303);
    expect((await rolesOf(admin.id)).map((r) => r.role)).toEqual(['national_admin']);
    const invitation = await latestMailTo(t.db, 'the.admin@example.org');
    expect(invitation?.textBody).toContain('Alpha Maths Hub');
    // 2. Their record is not the lead's to open: it does not exist for them.
    expect((await client.get(paths.admin.person(admin.id))).statusCode).toBe(404);
    // 3. Merging them into the lead is refused, and nothing moves.
    const merged = await client.submit(
      paths.mergePeople,
      { keepPersonId: String(leadA.id), mergePersonId: String(admin.id), confirm: 'yes' },
      paths.admin.newPerson,
    );
    expect([403, 404]).toContain(merged.statusCode);
    const [after] = await t.db.select().from(people).where(eq(people.id, admin.id));
    expect(after!.disabledAt).toBeNull();
    expect((await rolesOf(admin.id)).map((r) => r.role)).toEqual(['national_admin']);
    expect((await rolesOf(leadA.id)).map((r) => r.role)).toEqual(['hub_leadership']);
  });

  it('never merges a record holding a role the merger could not give, even one with a role in their hub', async () => {
    // The national team gave the administrator a participant role in hub A: now hub A can see them,
    // but the merge would still move a national role.
    await t.db.insert(roleAssignments).values({ personId: admin.id, role: 'participant', hubId: hubA.id });
    const client = await as(leadA);
    expect((await client.get(paths.admin.person(admin.id))).statusCode).toBe(200);
    const preview = await client.get(
      `${paths.mergePeople}?keepPersonId=${leadA.id}&mergePersonId=${admin.id}`,
    );
    expect(preview.statusCode).toBe(403);
    const merged = await client.submit(
      paths.mergePeople,
      { keepPersonId: String(leadA.id), mergePersonId: String(admin.id), confirm: 'yes' },
      paths.admin.newPerson,
    );
    expect(merged.statusCode).toBe(403);
    const roles = await rolesOf(admin.id);
    expect(roles.map((r) => r.role).sort()).toEqual(['national_admin', 'participant']);
    // Nor the other way round: the kept record must be wholly in the lead's hub too.
    const reverse = await client.submit(
      paths.mergePeople,
      { keepPersonId: String(admin.id), mergePersonId: String(leadA.id), confirm: 'yes' },
      paths.admin.newPerson,
    );
    expect(reverse.statusCode).toBe(403);
    // Another hub's lead is no more a merge target than an administrator.
    await t.db.insert(roleAssignments).values({ personId: leadB.id, role: 'participant', hubId: hubA.id });
    const takeover = await client.submit(
      paths.mergePeople,
      { keepPersonId: String(leadA.id), mergePersonId: String(leadB.id), confirm: 'yes' },
      paths.admin.newPerson,
    );
    expect(takeover.statusCode).toBe(403);
    expect((await rolesOf(leadB.id)).map((r) => r.role).sort()).toEqual(['hub_leadership', 'participant']);
  });

  it('shows what a merge moves and asks first', async () => {
    const x = await makePerson(t.db, [{ role: 'participant', hubId: hubA.id }], {
      givenName: 'Xena',
      familyName: 'Twin',
    });
    const y = await makePerson(t.db, [{ role: 'llme', hubId: hubA.id }], {
      givenName: 'Xena',
      familyName: 'Twin',
    });
    const client = await as(leadA);
    const preview = await client.get(`${paths.mergePeople}?keepPersonId=${x.id}&mergePersonId=${y.id}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('LLME');
    expect(preview.body).toContain('data-testid="confirm-merge"');
    // A post that has not been through the confirmation merges nothing.
    const unconfirmed = await client.submit(
      paths.mergePeople,
      { keepPersonId: String(x.id), mergePersonId: String(y.id) },
      paths.admin.newPerson,
    );
    expect(unconfirmed.statusCode).toBe(303);
    expect(unconfirmed.headers.location).toContain(`${paths.mergePeople}?`);
    expect((await rolesOf(y.id)).map((r) => r.role)).toEqual(['llme']);
    const confirmed = await client.submit(
      paths.mergePeople,
      { keepPersonId: String(x.id), mergePersonId: String(y.id), confirm: 'yes' },
      `${paths.mergePeople}?keepPersonId=${x.id}&mergePersonId=${y.id}`,
    );
    expect(confirmed.statusCode).toBe(303);
    expect((await rolesOf(x.id)).map((r) => r.role).sort()).toEqual(['llme', 'participant']);
  });

  it('answers adding an email that exists elsewhere exactly as adding a new one, and invites them', async () => {
    const client = await as(leadA);
    const fresh = await addPerson(client, 'nobody.yet@example.org', 'participant');
    const freshPage = await client.get(fresh.headers.location as string);
    const existing = await addPerson(client, 'teacher.b@example.org', 'participant');
    const existingPage = await client.get(existing.headers.location as string);
    expect(existing.statusCode).toBe(fresh.statusCode);
    expect(existing.headers.location).toBe(fresh.headers.location);
    const banner = (body: string, email: string) =>
      /govuk-notification-banner__heading">([^<]*)</.exec(body)?.[1]?.replaceAll(email, 'EMAIL');
    expect(banner(existingPage.body, 'teacher.b@example.org')).toBe(
      banner(freshPage.body, 'nobody.yet@example.org'),
    );
    expect(banner(existingPage.body, 'teacher.b@example.org')).toBeDefined();
    // Nothing of the hub B teacher was exposed or given.
    expect(existingPage.body).not.toContain('Bravo');
    expect((await rolesOf(teacherB.id)).map((r) => [r.role, r.hubId])).toEqual([['participant', hubB.id]]);
    expect((await client.get(paths.admin.person(teacherB.id))).statusCode).toBe(404);
    const mail = await latestMailTo(t.db, 'teacher.b@example.org');
    expect(mail).not.toBeNull();
    // The person the lead may see (a new one) was added with the role.
    const [created] = await t.db.select().from(people).where(eq(people.email, 'nobody.yet@example.org'));
    expect((await rolesOf(created!.id)).map((r) => [r.role, r.hubId])).toEqual([['participant', hubA.id]]);
  });

  it('refuses a bad form the same way whether or not the email is someone’s elsewhere', async () => {
    const client = await as(leadA);
    // A school contact needs a school: for a new email and for another hub's teacher alike.
    const bad = (email: string) =>
      client.submit(
        paths.admin.people,
        {
          givenName: 'Given',
          familyName: 'Family',
          email,
          role: 'school_contact',
          hubId: String(hubA.id),
          schoolUrn: '',
          title: '',
          reason: '',
        },
        paths.admin.newPerson,
      );
    const fresh = await bad('another.new@example.org');
    const existing = await bad('teacher.b@example.org');
    expect(fresh.headers.location).toBe(paths.admin.newPerson);
    expect(existing.headers.location).toBe(paths.admin.newPerson);
    expect((await client.get(paths.admin.newPerson)).body).toContain('Enter the URN of the school');
  });

  /** What the page shows after a post: the success banner's text, with the email made neutral. */
  const bannerAfter = async (client: Awaited<ReturnType<typeof as>>, location: string, email: string) => {
    const page = await client.get(location);
    expect(page.body).not.toContain('Bravo');
    return /govuk-notification-banner__heading">([^<]*)</.exec(page.body)?.[1]?.replaceAll(email, 'EMAIL');
  };

  it('registers no one from another hub on an activity, on the page or through the API, but invites them', async () => {
    const ncp = await makeNcp(t.db, { title: 'Primary Reasoning Work Group' });
    const activity = await makeActivity(t.db, { hubId: hubA.id, ncpId: ncp.id, title: 'Alpha Reasoning WG' });
    const client = await as(leadA);
    const form = (email: string) => ({
      form: 'participant',
      email,
      givenName: 'Given',
      familyName: 'Family',
      schoolUrn: String(schoolA.urn),
      roleInSchool: 'Class teacher',
      yearGroups: ['Year 3'],
      mentorName: '',
      mentorEmail: '',
    });
    // (Each answer is read before the next post: the form's page would show the banner first.)
    const fresh = await client.submit(paths.activity.signUp(activity.id), form('fresh.reg@example.org'));
    const freshBanner = await bannerAfter(client, fresh.headers.location as string, 'fresh.reg@example.org');
    const existing = await client.submit(paths.activity.signUp(activity.id), form('teacher.b@example.org'));
    const existingBanner = await bannerAfter(
      client,
      existing.headers.location as string,
      'teacher.b@example.org',
    );
    expect(existing.statusCode).toBe(fresh.statusCode);
    expect(existing.headers.location).toBe(fresh.headers.location);
    expect(existingBanner).toBeDefined();
    expect(existingBanner).toBe(freshBanner);
    expect(await t.db.select().from(enrolments).where(eq(enrolments.personId, teacherB.id))).toEqual([]);
    expect((await rolesOf(teacherB.id)).map((r) => [r.role, r.hubId])).toEqual([['participant', hubB.id]]);
    const invitation = await latestMailTo(t.db, 'teacher.b@example.org');
    expect(invitation?.textBody).toContain('Alpha Reasoning WG');
    expect(invitation?.textBody).toContain(paths.activity.signUp(activity.id));

    // The API: no enrolment, no role, nothing of theirs in the answer.
    const { token } = await createApiToken(t.db, systemActor('test'), { personId: leadA.id, name: 'test' });
    const api = await t.app.inject({
      method: 'POST',
      url: paths.api.activityRegistrations(activity.id),
      headers: { authorization: `Bearer ${token}` },
      payload: {
        person: { email: 'teacher.b@example.org', givenName: 'X', familyName: 'Y' },
        schoolUrn: schoolA.urn,
        roleInSchool: 'Class teacher',
        yearGroups: ['Year 3'],
      },
    });
    expect(api.statusCode).toBe(202);
    expect(api.body).not.toContain('Bravo');
    expect(api.body).not.toContain(String(teacherB.id));
    expect(await t.db.select().from(enrolments).where(eq(enrolments.personId, teacherB.id))).toEqual([]);
  });

  it('adds no one from another hub to an event: they are invited, and the answer is the same as for no one', async () => {
    const event = await makeEvent(t.db, { hubId: hubA.id, title: 'Alpha network meeting' });
    const client = await as(leadA);
    const manage = paths.events.manage(event.id);
    const nobody = await client.submit(
      paths.events.addPerson(event.id),
      { email: 'no.such@example.org' },
      manage,
    );
    const nobodyBanner = await bannerAfter(client, nobody.headers.location as string, 'no.such@example.org');
    const existing = await client.submit(
      paths.events.addPerson(event.id),
      { email: 'teacher.b@example.org' },
      manage,
    );
    const existingBanner = await bannerAfter(
      client,
      existing.headers.location as string,
      'teacher.b@example.org',
    );
    expect(existing.statusCode).toBe(nobody.statusCode);
    expect(existing.headers.location).toBe(nobody.headers.location);
    expect(existingBanner).toBeDefined();
    expect(existingBanner).toBe(nobodyBanner);
    const page = await client.get(manage);
    expect(page.body).not.toContain('No one has the email address');
    expect(page.body).not.toContain('Bethan');
    const csv = await client.get(`${manage}?list=confirmations&format=csv`);
    expect(csv.body).not.toContain('teacher.b@example.org');
    expect(await t.db.select().from(eventPlaces).where(eq(eventPlaces.personId, teacherB.id))).toEqual([]);
    const queued = await t.db
      .select()
      .from(eventNotifications)
      .where(eq(eventNotifications.personId, teacherB.id));
    expect(queued.map((n) => [n.eventId, n.kind])).toEqual([[event.id, 'invitation']]);
  });

  it('imports neither another hub’s people as enrolments nor anyone but an accredited LLME of the hub as a lead', async () => {
    const scope = { allHubs: false as const, hubIds: [hubA.id] };
    const run = (kind: 'activities' | 'enrolments', lines: string[]) =>
      importDelivery(
        t.db,
        systemActor('test'),
        { scope, kind, file: { fileName: `${kind}.csv`, bytes: Buffer.from(lines.join('\n')) } },
        { mailer: t.services.mailer },
      );
    await makeNcp(t.db, { code: 'NCP23-LEAD', rules: { leadRequires: ['mastery_specialist'] } });
    await makeNcp(t.db, { code: 'NCP23-PLAIN' });
    await makePerson(t.db, [{ role: 'llme', hubId: hubA.id }], {
      email: 'llme.a@example.org',
      givenName: 'Lena',
      familyName: 'Lead',
    });
    const header = 'Hub,Year,NCP,Reference,Kind,Title,Status,Start date,End date,Lead email';
    const activity = (reference: string, lead: string, ncp = 'NCP23-PLAIN') =>
      `${hubA.slug},2023/24,${ncp},${reference},Work Group,Group ${reference},running,01/09/2023,,${lead}`;
    const refused = await run('activities', [
      header,
      activity('R1', 'teacher.b@example.org'),
      activity('R2', 'lead.b@example.org'),
      activity('R3', 'no.one@example.org'),
      activity('R4', 'llme.a@example.org', 'NCP23-LEAD'),
    ]).then(
      () => [],
      (e: unknown) => (e instanceof ImportRejectedError ? e.problems : Promise.reject(e)),
    );
    const neutral = (message: string) => message.replace(/‘[^’]*@example\.org’/, '‘EMAIL’');
    expect(refused.map((p) => p.line)).toEqual([2, 3, 4, 5]);
    // The same words for another hub's person, another hub's lead and no one: nothing says who exists.
    expect(new Set(refused.slice(0, 3).map((p) => neutral(p.message))).size).toBe(1);
    expect(refused[3]!.message).toContain('cannot lead it. The lead must be');
    expect((await run('activities', [header, activity('R5', 'llme.a@example.org')])).added).toBe(1);

    const enrolment = (email: string) =>
      `${hubA.slug},2023/24,R5,${email},Given,Family,,Class teacher,Y3,,,registered`;
    const imported = await run('enrolments', [
      'Hub,Year,Activity reference,Email,Given name,Family name,School URN,Role in school,Year groups,Mentor name,Mentor email,Status',
      enrolment('teacher.b@example.org'),
      enrolment('fresh.enrol@example.org'),
    ]);
    expect(imported.added).toBe(1);
    expect(await t.db.select().from(enrolments).where(eq(enrolments.personId, teacherB.id))).toEqual([]);
    expect((await rolesOf(teacherB.id)).map((r) => [r.role, r.hubId])).toEqual([['participant', hubB.id]]);
    const invitation = await latestMailTo(t.db, 'teacher.b@example.org');
    expect(invitation?.textBody).toContain('Group R5');
  });

  it('invites by email to a hub event with the same answer whether or not the email is anyone’s', async () => {
    const client = await as(leadA);
    const [y, m, d] = dayFromToday(40).split('-');
    const formUrl = `${paths.events.newEvent}?hub=${hubA.slug}`;
    const create = (title: string, inviteEmails: string) =>
      client.submit(
        paths.events.newEvent,
        {
          hub: hubA.slug,
          title,
          format: 'online',
          platform: 'Zoom',
          connectUrl: 'https://zoom.example/j/1',
          'day-day': String(Number(d)),
          'day-month': String(Number(m)),
          'day-year': y!,
          startTime: '16:00',
          endTime: '17:00',
          capacity: '20',
          waitingPriority: 'joined_first',
          inviteEmails,
        },
        formUrl,
      );
    const toSomeone = await create('Invite someone', 'teacher.b@example.org');
    const someoneBanner = await bannerAfter(
      client,
      toSomeone.headers.location as string,
      'teacher.b@example.org',
    );
    const toNoOne = await create('Invite no one', 'no.such.teacher@example.org');
    const noOneBanner = await bannerAfter(
      client,
      toNoOne.headers.location as string,
      'no.such.teacher@example.org',
    );
    expect(toNoOne.statusCode).toBe(toSomeone.statusCode);
    expect(toNoOne.headers.location).toMatch(/^\/organise\/events\/\d+$/);
    expect(someoneBanner).toBeDefined();
    expect(noOneBanner).toBe(someoneBanner);
    // The form shows back what was typed, for both.
    const id = Number(/(\d+)$/.exec(toNoOne.headers.location as string)![1]);
    expect((await client.get(paths.events.edit(id))).body).toContain('no.such.teacher@example.org');
    const targets = await t.db.select().from(eventTargets).where(eq(eventTargets.eventId, id));
    expect(targets).toEqual([expect.objectContaining({ kind: 'person', personId: null })]);
    // Once someone has that address, the event is theirs to take a place at.
    const later = await makePerson(t.db, [{ role: 'participant', hubId: hubA.id }], {
      email: 'No.Such.Teacher@example.org',
    });
    expect((await (await as(later)).get(paths.events.show(id))).statusCode).toBe(200);
  });

  it('lets the invited person accept a hub’s invitation themself, and only then does the hub see them', async () => {
    const invitee = await makePerson(t.db, [{ role: 'participant', hubId: hubB.id }], {
      email: 'invitee.b@example.org',
    });
    const lead = await as(leadA);
    await addPerson(lead, 'invitee.b@example.org', 'llme');
    expect((await lead.get(paths.admin.person(invitee.id))).statusCode).toBe(404);
    const mail = await latestMailTo(t.db, 'invitee.b@example.org');
    expect(mail?.textBody).toContain('/account/invitations');
    // Someone else cannot answer it.
    const stranger = await as(await makePerson(t.db, [{ role: 'participant', hubId: hubB.id }]));
    const theirs = await stranger.get('/account/invitations');
    expect(theirs.body).not.toContain('Alpha Maths Hub');
    const client = await as(invitee);
    const page = await client.get('/account/invitations');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Alpha Maths Hub');
    const invitationId = /name="invitationId" value="(\d+)"/.exec(page.body)![1]!;
    const stolen = await stranger.submit(
      '/account/invitations',
      { invitationId, answer: 'accept' },
      paths.accountPassword,
    );
    expect(stolen.statusCode).toBe(404);
    expect((await rolesOf(invitee.id)).map((r) => r.role)).toEqual(['participant']);
    const accepted = await client.submit('/account/invitations', { invitationId, answer: 'accept' });
    expect(accepted.statusCode).toBe(303);
    expect((await rolesOf(invitee.id)).map((r) => [r.role, r.hubId]).sort()).toEqual(
      [
        ['llme', hubA.id],
        ['participant', hubB.id],
      ].sort(),
    );
    // Their own action has made them one of hub A's people.
    expect((await lead.get(paths.admin.person(invitee.id))).statusCode).toBe(200);
    // An invitation is answered once.
    const again = await client.submit(
      '/account/invitations',
      { invitationId, answer: 'accept' },
      paths.accountPassword,
    );
    expect(again.statusCode).toBe(404);
  });
});
