import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearRateLimits } from '../../../test/support/auth-helpers.ts';
import { TestClient } from '../../../test/support/client.ts';
import { makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { accountRequests } from '../auth/schema.ts';
import { people, roleAssignments } from '../people/schema.ts';
import { interests } from '../registration/schema.ts';

/** The search page's link choosing a school, as a browser would follow it. */
function chooseLink(html: string, urn: number): string {
  const match = new RegExp(`href="([^"]*)" data-testid="choose-${urn}"`).exec(html);
  if (!match) throw new Error(`No link choosing ${urn}`);
  return match[1]!.replaceAll('&amp;', '&');
}

/** The picker's search form's hidden fields on a form's page, decoded as a browser would send them. */
function searchFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(
    /<input type="hidden" form="schoolUrn-search" name="(\w+)" value="([^"]*)">/g,
  )) {
    fields[m[1]!] = m[2]!.replaceAll('&amp;', '&');
  }
  return fields;
}

/**
 * Finds a school by name as a person without JavaScript does: the picker's "Find school" sends its own
 * form (the query, the form's address, the field and the hub) to the search page, whose result links back.
 */
async function findAndChoose(
  client: TestClient,
  formUrl: string,
  query: string,
  urn: number,
): Promise<{ back: string; results: string }> {
  const form = await client.get(formUrl);
  expect(form.statusCode).toBe(200);
  expect(form.body).toContain(`<form id="schoolUrn-search" method="get" action="${paths.schoolSearch}"`);
  expect(form.body).toContain('form="schoolUrn-search"');
  const hidden = searchFields(form.body);
  expect(hidden.field).toBe('schoolUrn');
  const results = await client.get(`${paths.schoolSearch}?${new URLSearchParams({ ...hidden, q: query })}`);
  expect(results.statusCode).toBe(200);
  return { back: chooseLink(results.body, urn), results: results.body };
}

describe('the school picker on the forms that choose a school', () => {
  let t: TestContext;
  let hubId: number;
  let leaderId: number;

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    await makeLocalAuthority(t.db, { code: '380', name: 'Bradford' });
    hubId = (await makeHub(t.db, { slug: 'leeds', name: 'Leeds Maths Hub' }, [{ laCode: '383' }])).id;
    await makeHub(t.db, { slug: 'bradford', name: 'Bradford Maths Hub' }, [{ laCode: '380' }]);
    await makeSchool(t.db, {
      urn: 120001,
      laCode: '383',
      name: 'Rowan Tree Primary School',
      postcode: 'LS6 1AA',
    });
    await makeSchool(t.db, {
      urn: 120002,
      laCode: '383',
      name: 'Hazel Bank Primary School',
      postcode: 'LS9 2BB',
    });
    await makeSchool(t.db, { urn: 120003, laCode: '380', name: 'Rowan Hill Academy', postcode: 'BD5 3CC' });
    leaderId = (await makePerson(t.db, [{ role: 'hub_leadership', hubId }])).id;
  });
  afterAll(() => t.close());

  it('adds a person with a school contact role, their school found by name; a typed URN works too', async () => {
    const lead = await signedInClient(t.app, t.db, leaderId);
    const formUrl = paths.admin.newPerson;
    const { back, results } = await findAndChoose(lead, formUrl, 'rowan', 120001);
    // The other hub's school is marked as outside this hub's area.
    expect(results).toContain('data-testid="outside-area-120003"');
    expect(back).toBe(`${formUrl}?schoolUrn=120001`);
    const chosen = await lead.get(back);
    expect(chosen.body).toContain('Rowan Tree Primary School, Testington, LS6 1AA (URN 120001)');
    expect(chosen.body).toContain('value="120001"');
    expect(chosen.body).not.toContain('outside-area-warning');

    // Refused (no email): the error summary, the input kept, the chosen school still named.
    const person = { givenName: 'Sam', familyName: 'Okafor', role: 'school_contact', hubId: String(hubId) };
    const refused = await lead.submit(
      paths.admin.people,
      { ...person, email: '', schoolUrn: '120001' },
      back,
    );
    expect(refused.headers.location).toBe(back);
    const again = await lead.get(back);
    expect(again.body).toContain('govuk-error-summary');
    expect(again.body).toContain('Enter their email address');
    expect(again.body).toContain('value="Okafor"');
    expect(again.body).toContain('Rowan Tree Primary School, Testington');

    const done = await lead.submit(
      paths.admin.people,
      { ...person, email: 'sam.okafor@example.org', schoolUrn: '120001' },
      back,
    );
    expect(done.statusCode).toBe(303);
    const [row] = await t.db.select().from(people).where(eq(people.email, 'sam.okafor@example.org'));
    expect(await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, row!.id))).toEqual([
      expect.objectContaining({ role: 'school_contact', schoolUrn: 120001 }),
    ]);

    // Without the search (no JavaScript, nothing followed): the URN typed in the field.
    const typed = await lead.submit(
      paths.admin.people,
      { ...person, givenName: 'Ana', email: 'ana.okafor@example.org', schoolUrn: '120002' },
      formUrl,
    );
    expect(typed.statusCode).toBe(303);
    const [ana] = await t.db.select().from(people).where(eq(people.email, 'ana.okafor@example.org'));
    expect(await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, ana!.id))).toEqual([
      expect.objectContaining({ role: 'school_contact', schoolUrn: 120002 }),
    ]);
  });

  it('adds a school contact role to a person, the school found by name, warned of outside the area', async () => {
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId }], { givenName: 'Lee' });
    const lead = await signedInClient(t.app, t.db, leaderId);
    const formUrl = paths.admin.person(teacher.id);
    const outside = await lead.get(`${formUrl}?schoolUrn=120003`);
    expect(outside.body).toContain(
      'This school is outside Leeds Maths Hub’s area (it is in Bradford Maths Hub’s area). Give a reason to make someone its contact: the role is then in your hub.',
    );

    const { back } = await findAndChoose(lead, formUrl, 'hazel bank', 120002);
    expect(back).toBe(`${formUrl}?schoolUrn=120002`);
    const chosen = await lead.get(back);
    expect(chosen.body).toContain('Hazel Bank Primary School, Testington, LS9 2BB (URN 120002)');

    // A URN that is no school: back to the form with the error and the URN kept.
    const refused = await lead.submit(
      paths.admin.personRoles(teacher.id),
      { role: 'school_contact', hubId: String(hubId), schoolUrn: '199999' },
      back,
    );
    expect(refused.headers.location).toBe(`${formUrl}?schoolUrn=199999#add-role`);
    const again = await lead.get(`${formUrl}?schoolUrn=199999`);
    expect(again.body).toContain('govuk-error-summary');
    expect(again.body).toContain('There is no school with URN 199999');
    expect(again.body).toContain('value="199999"');

    const done = await lead.submit(
      paths.admin.personRoles(teacher.id),
      { role: 'school_contact', hubId: String(hubId), schoolUrn: '120002' },
      back,
    );
    expect(done.statusCode).toBe(303);
    const roles = await t.db
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.personId, teacher.id), eq(roleAssignments.role, 'school_contact')));
    expect(roles).toEqual([expect.objectContaining({ schoolUrn: 120002 })]);
  });

  it('creates an account with the school found by name, or its URN typed', async () => {
    await clearRateLimits(t.db);
    const visitor = new TestClient(t.app);
    const { back } = await findAndChoose(visitor, paths.createAccount, 'LS6 1AA', 120001);
    expect(back).toBe(`${paths.createAccount}?schoolUrn=120001`);
    const chosen = await visitor.get(back);
    expect(chosen.body).toContain('Rowan Tree Primary School, Testington, LS6 1AA (URN 120001)');
    const account = {
      givenName: 'Priya',
      familyName: 'Shah',
      roleInSchool: 'Class teacher',
      yearGroups: ['Year 4'],
    };
    // Refused: the error summary, the input kept with the school named.
    const refused = await visitor.submit(
      paths.createAccount,
      { ...account, email: 'not an email', schoolUrn: '120001' },
      back,
    );
    expect(refused.headers.location).toBe(back);
    const again = await visitor.get(back);
    expect(again.body).toContain('govuk-error-summary');
    expect(again.body).toContain('value="Priya"');
    expect(again.body).toContain('Rowan Tree Primary School, Testington');

    const done = await visitor.submit(
      paths.createAccount,
      { ...account, email: 'priya.shah@example.org', schoolUrn: '120001' },
      back,
    );
    expect(done.headers.location).toBe(paths.createAccountCode);
    const typed = await new TestClient(t.app).submit(paths.createAccount, {
      ...account,
      email: 'jo.shah@example.org',
      schoolUrn: '120002',
    });
    expect(typed.headers.location).toBe(paths.createAccountCode);
    const requests = await t.db.select().from(accountRequests);
    expect(requests.map((r) => [r.email, r.schoolUrn]).sort()).toEqual([
      ['jo.shah@example.org', 120002],
      ['priya.shah@example.org', 120001],
    ]);
  });

  it('registers interest with the school found by name, warned when it is outside the hub’s area', async () => {
    const thisYear = academicYearOf(todayInEngland());
    const ncp = await makeNcp(t.db, { yearCode: thisYear });
    const activity = await makeActivity(t.db, {
      hubId,
      ncpId: ncp.id,
      yearCode: thisYear,
      status: 'planned',
    });
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId }]);
    const client = await signedInClient(t.app, t.db, teacher.id);
    const formUrl = `${paths.registerInterest}?activity=${activity.id}`;
    const { back } = await findAndChoose(client, formUrl, 'rowan hill', 120003);
    expect(back).toBe(`${formUrl}&schoolUrn=120003`);
    const chosen = await client.get(back);
    expect(chosen.body).toContain('Rowan Hill Academy, Testington, BD5 3CC (URN 120003)');
    expect(chosen.body).toContain('data-testid="outside-area-warning"');

    // Refused (no role in school): back with the school chosen and the note kept.
    const fields = { activityId: String(activity.id), yearGroups: ['Year 2'], note: 'From the next valley' };
    const refused = await client.submit(
      paths.registerInterest,
      { ...fields, roleInSchool: '', schoolUrn: '120003' },
      back,
    );
    expect(refused.headers.location).toBe(back);
    const again = await client.get(back);
    expect(again.body).toContain('govuk-error-summary');
    expect(again.body).toContain('From the next valley');
    expect(again.body).toContain('Rowan Hill Academy, Testington');

    const done = await client.submit(
      paths.registerInterest,
      { ...fields, roleInSchool: 'Class teacher', schoolUrn: '120003' },
      back,
    );
    expect(done.statusCode).toBe(303);
    expect(await t.db.select().from(interests).where(eq(interests.personId, teacher.id))).toEqual([
      expect.objectContaining({ activityId: activity.id, schoolUrn: 120003 }),
    ]);

    // Typed, without the search, for an NCP at the hub.
    const other = await makePerson(t.db, [{ role: 'participant', hubId }]);
    const typing = await signedInClient(t.app, t.db, other.id);
    const ncpForm = `${paths.registerInterest}?hub=leeds&ncp=${ncp.id}`;
    const typed = await typing.submit(
      paths.registerInterest,
      { hubSlug: 'leeds', ncpId: String(ncp.id), roleInSchool: 'Maths lead', schoolUrn: '120002' },
      ncpForm,
    );
    expect(typed.statusCode).toBe(303);
    expect(await t.db.select().from(interests).where(eq(interests.personId, other.id))).toEqual([
      expect.objectContaining({ ncpId: ncp.id, schoolUrn: 120002 }),
    ]);
  });
});
