import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { sessions, signInCodes } from '../auth/schema.ts';
import { people } from './schema.ts';

/** Issue 11, UK GDPR: correcting a person's name and email (hub staff, national administrators, themself). */
describe('correcting a person’s details', () => {
  let t: TestContext;
  let hub: Awaited<ReturnType<typeof makeHub>>;
  let leaderId: number;
  beforeAll(async () => {
    t = await createTestApp();
    hub = await makeHub(t.db);
    leaderId = (await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }])).id;
  });
  afterAll(() => t.close());

  const personRow = async (id: number) => (await t.db.select().from(people).where(eq(people.id, id)))[0]!;

  it('hub staff correct a name and email: logged by id, without personal data; old sign-in codes go, sessions stay', async () => {
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName: 'Tess',
      familyName: 'Misspelt',
      email: 'tess.old@example.org',
    });
    const own = await signedInClient(t.app, t.db, teacher.id);
    await t.db.insert(signInCodes).values({
      email: 'tess.old@example.org',
      codeHash: 'x',
      expiresAt: new Date(Date.now() + 600_000),
    });
    const lead = await signedInClient(t.app, t.db, leaderId);
    const page = await lead.get(paths.admin.person(teacher.id));
    expect(page.body).toContain(paths.admin.personDetails(teacher.id));
    const url = paths.admin.personDetails(teacher.id);
    const form = await lead.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Misspelt"');

    const done = await lead.submit(url, {
      givenName: 'Tess',
      familyName: 'Spelt',
      email: 'tess.new@example.org',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(paths.admin.person(teacher.id));
    const now = await personRow(teacher.id);
    expect(now).toMatchObject({ givenName: 'Tess', familyName: 'Spelt', email: 'tess.new@example.org' });
    expect(now.version).toBe(teacher.version + 1);

    const [logged] = await t.db
      .select()
      .from(eventLog)
      .where(
        and(eq(eventLog.action, 'person.details_corrected'), eq(eventLog.subjectId, String(teacher.id))),
      );
    expect(logged).toMatchObject({
      actorPersonId: leaderId,
      hubId: hub.id,
      changes: { fields: ['familyName', 'email'] },
    });
    const text = JSON.stringify(logged);
    for (const secret of ['Misspelt', 'Spelt', 'tess.old', 'tess.new']) expect(text).not.toContain(secret);

    // Their sessions stay; the codes sent to the old address are gone.
    expect(await t.db.select().from(sessions).where(eq(sessions.personId, teacher.id))).toHaveLength(1);
    expect((await own.get(paths.account)).body).toContain('tess.new@example.org');
    expect(
      await t.db.select().from(signInCodes).where(eq(signInCodes.email, 'tess.old@example.org')),
    ).toHaveLength(0);
  });

  it('another hub’s lead gets 404, and nothing changes', async () => {
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], { familyName: 'Kept' });
    const otherHub = await makeHub(t.db);
    const other = await signedInClient(
      t.app,
      t.db,
      (await makePerson(t.db, [{ role: 'hub_leadership', hubId: otherHub.id }])).id,
    );
    const url = paths.admin.personDetails(teacher.id);
    expect((await other.get(url)).statusCode).toBe(404);
    const post = await other.submit(
      url,
      { givenName: 'Hacked', familyName: 'Hacked', email: 'hacked@example.org', version: '1' },
      paths.account,
    );
    expect(post.statusCode).toBe(404);
    expect((await personRow(teacher.id)).familyName).toBe('Kept');
  });

  it('hub staff may not change the email of someone with roles they could not give (a national administrator)', async () => {
    const admin = await makePerson(t.db, [
      { role: 'national_admin' },
      { role: 'participant', hubId: hub.id },
    ]);
    const lead = await signedInClient(t.app, t.db, leaderId);
    const url = paths.admin.personDetails(admin.id);
    const refused = await lead.submit(url, {
      givenName: admin.givenName,
      familyName: admin.familyName,
      email: 'takeover@example.org',
    });
    expect(refused.headers.location).toBe(url);
    expect((await lead.get(url)).body).toContain('Only the national team can change their email address');
    expect((await personRow(admin.id)).email).toBe(admin.email);
  });

  it('refuses an email that is someone else’s without saying whose (hub staff); national administrators are told', async () => {
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const elsewhere = await makePerson(t.db, [], { email: 'elsewhere@example.org' });
    const lead = await signedInClient(t.app, t.db, leaderId);
    const url = paths.admin.personDetails(teacher.id);
    const refused = await lead.submit(url, {
      givenName: 'Tom',
      familyName: 'Typed',
      email: 'Elsewhere@example.org',
    });
    expect(refused.headers.location).toBe(url);
    const shown = (await lead.get(url)).body;
    expect(shown).toContain(
      'This email address cannot be used. If it is theirs, ask the national team to merge the records',
    );
    expect(shown).toContain('value="Elsewhere@example.org"');
    expect(shown).toContain('value="Typed"');
    expect(shown).not.toContain(paths.admin.person(elsewhere.id));
    expect((await personRow(teacher.id)).email).toBe(teacher.email);

    const admin = await signedInClient(
      t.app,
      t.db,
      (await makePerson(t.db, [{ role: 'national_admin' }])).id,
    );
    await admin.submit(url, { givenName: 'Tom', familyName: 'Typed', email: 'elsewhere@example.org' });
    const told = (await admin.get(url)).body;
    expect(told).toContain('This email address is on another person’s record');
    expect(told).toContain(`href="${paths.admin.person(elsewhere.id)}"`);
  });

  it('validation errors keep the input, with the GOV.UK error summary', async () => {
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const lead = await signedInClient(t.app, t.db, leaderId);
    const url = paths.admin.personDetails(teacher.id);
    const refused = await lead.submit(url, {
      givenName: '',
      familyName: 'x'.repeat(101),
      email: 'not an email',
    });
    expect(refused.statusCode).toBe(303);
    const shown = (await lead.get(url)).body;
    expect(shown).toContain('govuk-error-summary');
    expect(shown).toContain('<a href="#givenName">Enter their first name');
    expect(shown).toContain('Last name must be 100 characters or fewer');
    expect(shown).toContain('value="not an email"');
    expect((await personRow(teacher.id)).familyName).toBe(teacher.familyName);
  });

  it('a stale save gets the 409 comparison page, the input kept, and saving again puts it on top', async () => {
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName: 'Sam',
      familyName: 'Original',
    });
    const url = paths.admin.personDetails(teacher.id);
    const first = await signedInClient(t.app, t.db, leaderId);
    const second = await signedInClient(
      t.app,
      t.db,
      (await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }])).id,
    );
    const secondForm = (await second.get(url)).body;
    const version = /name="version" value="(\d+)"/.exec(secondForm)![1]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(secondForm)![1]!;
    expect(
      (await first.submit(url, { givenName: 'Sam', familyName: 'First', email: teacher.email })).statusCode,
    ).toBe(303);
    const stale = await second.post(
      url,
      { givenName: 'Sam', familyName: 'Second', email: teacher.email, version, _csrf: csrf },
      { referer: `http://localhost${url}` },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('data-testid="stale-edit"');
    expect(stale.body).toMatch(/data-testid="stale-familyName"[\s\S]*?First[\s\S]*?Second/);
    expect(stale.body).toContain('value="Second"');
    expect((await personRow(teacher.id)).familyName).toBe('First');
    const newer = /name="version" value="(\d+)"/.exec(stale.body)![1]!;
    expect(Number(newer)).toBe(Number(version) + 1);
    const again = await second.post(
      url,
      {
        givenName: 'Sam',
        familyName: 'Second',
        email: teacher.email,
        version: newer,
        _csrf: /name="_csrf" value="([^"]+)"/.exec(stale.body)![1]!,
      },
      { referer: `http://localhost${url}` },
    );
    expect(again.statusCode).toBe(303);
    expect((await personRow(teacher.id)).familyName).toBe('Second');
  });

  it('a person corrects their own name from their account page, but not their email', async () => {
    const me = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName: 'Jo',
      familyName: 'Wrnog',
    });
    const own = await signedInClient(t.app, t.db, me.id);
    expect((await own.get(paths.account)).body).toContain(paths.accountDetails);
    const form = (await own.get(paths.accountDetails)).body;
    expect(form).toContain('value="Wrnog"');
    expect(form).not.toContain('name="email"');
    const refused = await own.submit(paths.accountDetails, { givenName: '', familyName: 'Wrong' });
    expect(refused.headers.location).toBe(paths.accountDetails);
    const shown = (await own.get(paths.accountDetails)).body;
    expect(shown).toContain('<a href="#givenName">Enter your first name');
    expect(shown).toContain('value="Wrong"');
    // An email posted anyway is ignored: a new address is not verified, so staff change it.
    const done = await own.submit(paths.accountDetails, {
      givenName: 'Jo',
      familyName: 'Wrong',
      email: 'somebody.else@example.org',
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(paths.account);
    expect(await personRow(me.id)).toMatchObject({ familyName: 'Wrong', email: me.email });
    const [logged] = await t.db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.action, 'person.details_corrected'), eq(eventLog.subjectId, String(me.id))));
    expect(logged).toMatchObject({ actorPersonId: me.id, changes: { fields: ['familyName'] } });
    expect((await own.get(paths.account)).body).toContain('Jo Wrong');
  });
});
