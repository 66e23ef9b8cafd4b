import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubActivities } from '../src/modules/activities/schema.ts';
import { createApiToken } from '../src/modules/auth/api-tokens.ts';
import { ncpFormValues } from '../src/modules/catalogue/ncp-form.ts';
import { parseRules } from '../src/modules/catalogue/rules.ts';
import { ncps } from '../src/modules/catalogue/schema.ts';
import { programmeEvents } from '../src/modules/events/schema.ts';
import { grantRuleSets } from '../src/modules/funding/schema.ts';
import { hubs, localAuthorities } from '../src/modules/hubs/schema.ts';
import { systemActor } from '../src/platform/audit.ts';
import { StaleEditError, updateAtVersion } from '../src/platform/edit-versions.ts';
import { paths } from '../src/platform/paths.ts';
import { makeActivity, makeNcp } from './support/delivery-factories.ts';
import { dayFromToday, makeEvent } from './support/event-factories.ts';
import { makeHub, makeLocalAuthority, makePerson } from './support/factories.ts';
import { type SignedIn, signInHubLead, signInNationalAdmin } from './support/hub-factories.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

/**
 * Lost updates (issue 11): two hub staff edit the same record at once. The second save, made from the
 * version both loaded, is refused with a page showing what the other person saved and what this person
 * tried to save, their input kept, and a way to save it again on top of the latest version.
 */
const dateFields = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

/** The version an edit form carries (its hidden `version` field). */
const versionOn = (html: string) => {
  const match = /name="version" value="(\d+)"/.exec(html);
  if (!match) throw new Error('the form carries no version');
  return match[1]!;
};
const csrfOn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

/** The row of the comparison for one field: what the other person saved, then what you tried to save. */
const comparison = (html: string, field: string) => {
  const row = new RegExp(`data-testid="stale-${field}"[\\s\\S]*?</tr>`).exec(html)?.[0];
  if (!row) throw new Error(`no comparison row for ${field}`);
  const theirs = /data-testid="theirs">([\s\S]*?)</.exec(row)?.[1]?.trim();
  const yours = /data-testid="yours">([\s\S]*?)</.exec(row)?.[1]?.trim();
  return { theirs, yours, differs: row.includes('data-testid="differs"') };
};

describe('lost updates: a stale edit is refused with both versions', () => {
  let t: TestContext;
  let hub: Awaited<ReturnType<typeof makeHub>>;
  let first: SignedIn;
  let second: SignedIn;

  beforeAll(async () => {
    t = await createTestApp();
    hub = await makeHub(t.db, { slug: 'central', name: 'Central Maths Hub' });
    first = await signInHubLead(t.app, t.db, hub.id);
    second = await signInHubLead(t.app, t.db, hub.id);
  });
  afterAll(() => t.close());

  it('an activity: the second save from the same version is refused, shown field by field, and can be re-applied', async () => {
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      title: 'Work Group A',
      status: 'planned',
    });
    const edit = paths.activity.edit(activity.id);
    const fields = {
      title: 'Work Group A',
      status: 'planned',
      ...dateFields('startsOn', activity.startsOn!),
      ...dateFields('endsOn', activity.endsOn!),
    };

    const firstForm = (await first.client.get(edit)).body;
    const secondForm = (await second.client.get(edit)).body;
    expect(versionOn(firstForm)).toBe(versionOn(secondForm));

    const saved = await first.client.post(edit, {
      ...fields,
      title: 'Work Group A (renamed)',
      version: versionOn(firstForm),
      _csrf: csrfOn(firstForm),
    });
    expect(saved.statusCode).toBe(303);

    const stale = await second.client.post(edit, {
      ...fields,
      title: 'Work Group A for Year 5',
      ...dateFields('endsOn', '2024-06-28'),
      version: versionOn(secondForm),
      _csrf: csrfOn(secondForm),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this activity');
    expect(comparison(stale.body, 'title')).toEqual({
      theirs: 'Work Group A (renamed)',
      yours: 'Work Group A for Year 5',
      differs: true,
    });
    expect(comparison(stale.body, 'endsOn')).toMatchObject({ yours: '28 June 2024', differs: true });
    expect(comparison(stale.body, 'status')).toEqual({ theirs: 'Planned', yours: 'Planned', differs: false });
    // The other person's save stands; nothing of the stale save was written.
    const [kept] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, activity.id));
    expect(kept!.title).toBe('Work Group A (renamed)');
    expect(kept!.endsOn).toBe(activity.endsOn);

    // The refused page keeps the input in the form, now made from the latest version: saving it again
    // puts this person's change on top, deliberately.
    expect(stale.body).toContain('value="Work Group A for Year 5"');
    expect(versionOn(stale.body)).toBe(String(kept!.version));
    expect(Number(versionOn(stale.body))).toBeGreaterThan(Number(versionOn(secondForm)));
    const reapplied = await second.client.post(edit, {
      ...fields,
      title: 'Work Group A for Year 5',
      ...dateFields('endsOn', '2024-06-28'),
      version: versionOn(stale.body),
      _csrf: csrfOn(stale.body),
    });
    expect(reapplied.statusCode).toBe(303);
    const [after] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, activity.id));
    expect(after).toMatchObject({ title: 'Work Group A for Year 5', endsOn: '2024-06-28' });
    expect(after!.version).toBe(kept!.version + 1);

    // A form without a version (made before versions, or by hand) is not saved blindly.
    const blind = await first.client.post(edit, { ...fields, title: 'Blind save', _csrf: csrfOn(firstForm) });
    expect(blind.statusCode).toBe(303);
    const [unchanged] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, activity.id));
    expect(unchanged!.title).toBe('Work Group A for Year 5');
  });

  it('an event: the organiser’s second save from the same version is refused with both versions', async () => {
    const invited = await makePerson(t.db, [], { email: 'stale.edit.teacher@example.org' });
    const event = await makeEvent(t.db, { hubId: hub.id, title: 'Launch meeting', invite: [invited.id] });
    const edit = paths.events.edit(event.id);
    const day = dayFromToday(60);
    const fields = {
      hub: 'central',
      title: 'Launch meeting',
      format: 'online',
      platform: 'Zoom',
      connectUrl: 'https://zoom.example/j/123456',
      ...dateFields('day', day),
      startTime: '11:00',
      endTime: '13:00',
      capacity: '30',
      waitingPriority: 'joined_first',
      inviteEmails: invited.email,
    };

    const firstForm = (await first.client.get(edit)).body;
    const secondForm = (await second.client.get(edit)).body;
    const saved = await first.client.post(edit, {
      ...fields,
      capacity: '40',
      version: versionOn(firstForm),
      _csrf: csrfOn(firstForm),
    });
    expect(saved.statusCode).toBe(303);

    const stale = await second.client.post(edit, {
      ...fields,
      title: 'Launch meeting (moved online room)',
      connectUrl: 'https://zoom.example/j/999',
      version: versionOn(secondForm),
      _csrf: csrfOn(secondForm),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this event');
    expect(comparison(stale.body, 'capacity')).toEqual({ theirs: '40', yours: '30', differs: true });
    expect(comparison(stale.body, 'title')).toEqual({
      theirs: 'Launch meeting',
      yours: 'Launch meeting (moved online room)',
      differs: true,
    });
    expect(comparison(stale.body, 'connectUrl')).toMatchObject({
      theirs: 'https://zoom.example/j/123456',
      yours: 'https://zoom.example/j/999',
    });
    const [kept] = await t.db.select().from(programmeEvents).where(eq(programmeEvents.id, event.id));
    expect(kept).toMatchObject({ title: 'Launch meeting', capacity: 40 });
    expect(stale.body).toContain('value="Launch meeting (moved online room)"');

    // Re-applied on top of the latest version: this person chooses the capacity too.
    const reapplied = await second.client.post(edit, {
      ...fields,
      title: 'Launch meeting (moved online room)',
      connectUrl: 'https://zoom.example/j/999',
      capacity: '40',
      version: versionOn(stale.body),
      _csrf: csrfOn(stale.body),
    });
    expect(reapplied.statusCode).toBe(303);
    const [after] = await t.db.select().from(programmeEvents).where(eq(programmeEvents.id, event.id));
    expect(after).toMatchObject({
      title: 'Launch meeting (moved online room)',
      connectUrl: 'https://zoom.example/j/999',
      capacity: 40,
    });
  });

  it('an NCP in the catalogue editor: a stale save is refused with both versions, the input kept', async () => {
    const admins = [await signInNationalAdmin(t.app, t.db), await signInNationalAdmin(t.app, t.db)];
    const ncp = await makeNcp(t.db, { title: 'Mastery readiness', phases: ['primary'] });
    const edit = paths.catalogue.editNcp('2023-24', ncp.code);
    const fields = { ...ncpFormValues({ ...ncp, rules: parseRules(ncp.rules) }) };
    const [firstForm, secondForm] = [
      (await admins[0]!.client.get(edit)).body,
      (await admins[1]!.client.get(edit)).body,
    ];

    const saved = await admins[0]!.client.post(edit, {
      ...fields,
      title: 'Mastery readiness (renamed)',
      version: versionOn(firstForm),
      _csrf: csrfOn(firstForm),
    });
    expect(saved.statusCode).toBe(303);
    const stale = await admins[1]!.client.post(edit, {
      ...fields,
      phases: ['primary', 'secondary'],
      summary: 'Schools prepare for Teaching for Mastery.',
      version: versionOn(secondForm),
      _csrf: csrfOn(secondForm),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this NCP');
    expect(comparison(stale.body, 'title')).toEqual({
      theirs: 'Mastery readiness (renamed)',
      yours: 'Mastery readiness',
      differs: true,
    });
    expect(comparison(stale.body, 'phases')).toMatchObject({
      theirs: 'Primary',
      yours: 'Primary, Secondary',
    });
    expect(comparison(stale.body, 'summary')).toMatchObject({
      yours: 'Schools prepare for Teaching for Mastery.',
    });
    expect(stale.body).toContain('Schools prepare for Teaching for Mastery.</textarea>');
    const [kept] = await t.db.select().from(ncps).where(eq(ncps.id, ncp.id));
    expect(kept).toMatchObject({ title: 'Mastery readiness (renamed)', phases: ['primary'] });

    const reapplied = await admins[1]!.client.post(edit, {
      ...fields,
      title: 'Mastery readiness (renamed)',
      phases: ['primary', 'secondary'],
      version: versionOn(stale.body),
      _csrf: csrfOn(stale.body),
    });
    expect(reapplied.statusCode).toBe(303);
    const [after] = await t.db.select().from(ncps).where(eq(ncps.id, ncp.id));
    expect(after).toMatchObject({ title: 'Mastery readiness (renamed)', phases: ['primary', 'secondary'] });
  });

  it('a hub’s details on the national team’s page: a stale save is refused with both versions', async () => {
    const admins = [await signInNationalAdmin(t.app, t.db), await signInNationalAdmin(t.app, t.db)];
    const target = await makeHub(t.db, { slug: 'north-east', name: 'North East Maths Hub' });
    const edit = paths.admin.hub(target.id);
    const fields = {
      name: 'North East Maths Hub',
      nameStatus: 'confirmed',
      leadSchoolName: '',
      leadSchoolUrn: '',
      contactEmail: '',
      contactPhone: '',
      website: '',
    };
    const [firstForm, secondForm] = [
      (await admins[0]!.client.get(edit)).body,
      (await admins[1]!.client.get(edit)).body,
    ];
    const saved = await admins[0]!.client.post(edit, {
      ...fields,
      contactEmail: 'hub@north-east.example.org',
      version: versionOn(firstForm),
      _csrf: csrfOn(firstForm),
    });
    expect(saved.statusCode).toBe(303);
    const stale = await admins[1]!.client.post(edit, {
      ...fields,
      website: 'https://north-east.example.org',
      version: versionOn(secondForm),
      _csrf: csrfOn(secondForm),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this hub');
    expect(comparison(stale.body, 'contactEmail')).toEqual({
      theirs: 'hub@north-east.example.org',
      yours: '(blank)',
      differs: true,
    });
    expect(comparison(stale.body, 'website')).toMatchObject({ yours: 'https://north-east.example.org' });
    expect(stale.body).toContain('value="https://north-east.example.org"');
    const [kept] = await t.db.select().from(hubs).where(eq(hubs.id, target.id));
    expect(kept).toMatchObject({ contactEmail: 'hub@north-east.example.org', website: null });

    const reapplied = await admins[1]!.client.post(edit, {
      ...fields,
      contactEmail: 'hub@north-east.example.org',
      website: 'https://north-east.example.org',
      version: versionOn(stale.body),
      _csrf: csrfOn(stale.body),
    });
    expect(reapplied.statusCode).toBe(303);
    const [after] = await t.db.select().from(hubs).where(eq(hubs.id, target.id));
    expect(after).toMatchObject({
      contactEmail: 'hub@north-east.example.org',
      website: 'https://north-east.example.org',
    });
  });

  it('a local authority’s name and region: a stale save is refused with both versions', async () => {
    const admins = [await signInNationalAdmin(t.app, t.db), await signInNationalAdmin(t.app, t.db)];
    await makeLocalAuthority(t.db, {
      code: '935',
      name: 'Suffolk',
      regionCode: 'E12000006',
      regionName: 'East of England',
    });
    const edit = paths.admin.localAuthority('935');
    const [firstForm, secondForm] = [
      (await admins[0]!.client.get(edit)).body,
      (await admins[1]!.client.get(edit)).body,
    ];
    const saved = await admins[0]!.client.post(edit, {
      name: 'Suffolk County Council',
      regionCode: 'E12000006',
      version: versionOn(firstForm),
      _csrf: csrfOn(firstForm),
    });
    expect(saved.statusCode).toBe(303);
    const stale = await admins[1]!.client.post(edit, {
      name: 'Suffolk',
      regionCode: 'E12000008',
      version: versionOn(secondForm),
      _csrf: csrfOn(secondForm),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this local authority');
    expect(comparison(stale.body, 'name')).toEqual({
      theirs: 'Suffolk County Council',
      yours: 'Suffolk',
      differs: true,
    });
    expect(comparison(stale.body, 'regionCode')).toEqual({
      theirs: 'East of England',
      yours: 'South East',
      differs: true,
    });
    const [kept] = await t.db.select().from(localAuthorities).where(eq(localAuthorities.code, '935'));
    expect(kept).toMatchObject({ name: 'Suffolk County Council', regionCode: 'E12000006' });
    expect(versionOn(stale.body)).toBe(String(kept!.version));
  });

  it('an NCP’s grant rules, even before it has any: a stale save is refused with both versions', async () => {
    const admins = [await signInNationalAdmin(t.app, t.db), await signInNationalAdmin(t.app, t.db)];
    const ncp = await makeNcp(t.db);
    const edit = paths.funding.editRules('2023-24', ncp.code);
    const rules = (pence: number) =>
      JSON.stringify([{ kind: 'unit_grant', label: 'Unit grant', amountPence: pence, source: 'maths_hub' }]);
    const [firstForm, secondForm] = [
      (await admins[0]!.client.get(edit)).body,
      (await admins[1]!.client.get(edit)).body,
    ];
    const saved = await admins[0]!.client.post(edit, {
      rules: rules(500_000),
      version: versionOn(firstForm),
      _csrf: csrfOn(firstForm),
    });
    expect(saved.statusCode).toBe(303);
    const stale = await admins[1]!.client.post(edit, {
      rules: rules(420_000),
      version: versionOn(secondForm),
      _csrf: csrfOn(secondForm),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed these grant rules');
    const row = comparison(stale.body, 'rules');
    expect(row.differs).toBe(true);
    expect(row.theirs).toContain('500000');
    expect(row.yours).toContain('420000');
    const [kept] = await t.db
      .select()
      .from(grantRuleSets)
      .where(and(eq(grantRuleSets.yearCode, '2023/24'), eq(grantRuleSets.ncpCode, ncp.code)));
    expect(kept!.rules).toEqual(JSON.parse(rules(500_000)));

    const reapplied = await admins[1]!.client.post(edit, {
      rules: rules(420_000),
      version: versionOn(stale.body),
      _csrf: csrfOn(stale.body),
    });
    expect(reapplied.statusCode).toBe(303);
    const [after] = await t.db.select().from(grantRuleSets).where(eq(grantRuleSets.id, kept!.id));
    expect(after!.rules).toEqual(JSON.parse(rules(420_000)));
  });

  it('the API: an activity is read with its version (ETag) and changed only with a matching If-Match', async () => {
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, status: 'planned' });
    const { token } = await createApiToken(t.db, systemActor('test'), {
      personId: first.personId,
      name: 'api',
    });
    const other = await signInHubLead(t.app, t.db, (await makeHub(t.db, { slug: 'elsewhere' })).id);
    const { token: otherToken } = await createApiToken(t.db, systemActor('test'), {
      personId: other.personId,
      name: 'api',
    });
    const url = paths.api.activity(activity.id);
    const call = (method: 'GET' | 'PATCH', headers: Record<string, string> = {}, payload?: object) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, payload });

    const read = await call('GET');
    expect(read.statusCode).toBe(200);
    expect(read.json().version).toBe(activity.version);
    expect(read.headers.etag).toBe(`"${activity.version}"`);

    // Without the version read, nothing is changed blindly.
    const blind = await call('PATCH', {}, { title: 'Blind' });
    expect(blind.statusCode).toBe(428);
    // Another hub's activity is not found, whatever the version.
    const elsewhere = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { authorization: `Bearer ${otherToken}`, 'if-match': read.headers.etag as string },
      payload: { title: 'Taken over' },
    });
    expect(elsewhere.statusCode).toBe(404);

    // A page saves first; the API's change from the version it read is refused and changes nothing.
    const form = (await second.client.get(paths.activity.edit(activity.id))).body;
    await second.client.post(paths.activity.edit(activity.id), {
      title: 'Renamed on the page',
      status: 'planned',
      ...dateFields('startsOn', activity.startsOn!),
      ...dateFields('endsOn', activity.endsOn!),
      version: versionOn(form),
      _csrf: csrfOn(form),
    });
    const stale = await call('PATCH', { 'if-match': read.headers.etag as string }, { status: 'running' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ status: 412, version: activity.version + 1 });
    const [kept] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, activity.id));
    expect(kept).toMatchObject({ title: 'Renamed on the page', status: 'planned' });

    // From the latest version it is applied; the answer carries the new version.
    const fresh = await call('GET');
    const done = await call('PATCH', { 'if-match': fresh.headers.etag as string }, { status: 'running' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ title: 'Renamed on the page', status: 'running' });
    expect(done.headers.etag).toBe(`"${done.json().version}"`);
    expect(done.json().version).toBe(fresh.json().version + 1);
    // Wrong input is a 422 with the problems by field, as on the page.
    const wrong = await call('PATCH', { 'if-match': done.headers.etag as string }, { endsOn: '2001-01-01' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].field).toBe('endsOn');

    // The API's documentation describes the change with its If-Match header.
    const docs = (await t.app.inject({ method: 'GET', url: `${paths.api.docs}/json` })).json();
    const patch = docs.paths['/api/v1/activities/{id}'].patch;
    expect(patch.parameters.map((p: { in: string; name: string }) => `${p.in} ${p.name}`)).toContain(
      'header if-match',
    );
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '412', '428']));
  });

  it('two saves from the same version at the same moment: one is saved, the other refused', async () => {
    const ncp = await makeNcp(t.db);
    for (let round = 0; round < 5; round++) {
      const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, status: 'planned' });
      const edit = paths.activity.edit(activity.id);
      const forms = [(await first.client.get(edit)).body, (await second.client.get(edit)).body];
      const clients = [first.client, second.client];
      const answers = await Promise.all(
        forms.map((form, i) =>
          clients[i]!.post(edit, {
            title: `Saved by ${i + 1}`,
            status: 'planned',
            ...dateFields('startsOn', activity.startsOn!),
            ...dateFields('endsOn', activity.endsOn!),
            version: versionOn(form),
            _csrf: csrfOn(form),
          }),
        ),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([303, 409]);
      const winner = answers.findIndex((a) => a.statusCode === 303);
      const [row] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, activity.id));
      expect(row).toMatchObject({ title: `Saved by ${winner + 1}`, version: activity.version + 1 });
    }
  });

  it('the version rises with every change to what the form edits, by any writer, and not with counters', async () => {
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id });
    await t.db.execute(sql`UPDATE hub_activities SET title = 'Imported title' WHERE id = ${activity.id}`);
    const [imported] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, activity.id));
    expect(imported!.version).toBe(activity.version + 1);

    const event = await makeEvent(t.db, { hubId: hub.id });
    await t.db.execute(
      sql`UPDATE programme_events SET confirmed_count = confirmed_count + 1 WHERE id = ${event.id}`,
    );
    const [counted] = await t.db.select().from(programmeEvents).where(eq(programmeEvents.id, event.id));
    expect(counted!.version).toBe(event.version);
  });

  it('updateAtVersion writes only at the expected version, and raises it', async () => {
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id });
    const raised = await updateAtVersion(t.db, hubActivities, activity.id, activity.version, {
      title: 'One',
    });
    expect(raised).toBe(activity.version + 1);
    await expect(
      updateAtVersion(t.db, hubActivities, activity.id, activity.version, { title: 'Two' }),
    ).rejects.toBeInstanceOf(StaleEditError);
    const [row] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, activity.id));
    expect(row).toMatchObject({ title: 'One', version: activity.version + 1 });
  });
});
