import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMailTo } from '../../../test/support/auth-helpers.ts';
import {
  addLead,
  addSchool,
  enrol,
  makeActivity,
  makeNcp,
} from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../../../test/support/factories.ts';
import { type SignedIn, signInHubLead } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { recordEvent, systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { copyCatalogueForward } from '../catalogue/copy-catalogue-forward.ts';
import { CONTINUATION_INTENDED } from '../registration/pathway.ts';
import { activityLeads, activitySchools, enrolments, hubActivities } from './schema.ts';

describe('copying last year’s continuing activities into a new year', () => {
  let t: TestContext;
  let lead: SignedIn;
  let otherLead: SignedIn;
  let hubId: number;
  const ids: Record<string, number> = {};
  const enrolmentIds: Record<string, number> = {};
  const urns: number[] = [];
  let llmeId = 0;
  let intentEmail = '';
  const susEmails: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' }, [
      { laCode: '383' },
    ]);
    const otherHub = await makeHub(t.db, { slug: 'other-hub' });
    hubId = hub.id;
    lead = await signInHubLead(t.app, t.db, hub.id);
    otherLead = await signInHubLead(t.app, t.db, otherHub.id);
    for (let i = 0; i < 3; i++) urns.push((await makeSchool(t.db, { laCode: '383' })).urn);
    llmeId = (await makePerson(t.db, [{ role: 'llme', hubId: hub.id }])).id;

    // 2025/26: last year's catalogue; 2026/27 copied from it, then one NCP taken out.
    const y = '2025/26';
    const sustaining = await makeNcp(t.db, {
      yearCode: y,
      code: 'NCP25-12',
      completesTfmStage: 'sustaining',
    });
    const gone = await makeNcp(t.db, { yearCode: y, code: 'NCP25-13', completesTfmStage: 'sustaining' });
    const community = await makeNcp(t.db, { yearCode: y, code: 'NCP25-20', type: 'community' });
    const ectOne = await makeNcp(t.db, {
      yearCode: y,
      code: 'NCP25-28a',
      type: 'programme',
      nextNcpCode: 'NCP25-28b',
    });
    await makeNcp(t.db, { yearCode: y, code: 'NCP25-28b', type: 'programme' });
    const development = await makeNcp(t.db, {
      yearCode: y,
      code: 'NCP25-09',
      completesTfmStage: 'development',
    });
    await copyCatalogueForward(t.db, systemActor('test'), { from: y, to: '2026/27' });
    await copyCatalogueForward(t.db, systemActor('test'), { from: y, to: '2027/28' }).catch(() => null);

    const make = async (key: string, ncpId: number, kind = 'work_group', status = 'completed') => {
      const a = await makeActivity(t.db, {
        hubId: hub.id,
        ncpId,
        yearCode: y,
        kind: kind as 'work_group',
        status,
        title: `${key} group`,
      });
      ids[key] = a.id;
      return a;
    };
    const sus = await make('sustaining', sustaining.id);
    await t.db.update(hubActivities).set({ reference: 'SUS-1' }).where(eq(hubActivities.id, sus.id));
    await addLead(t.db, sus.id, llmeId, 'Work Group Lead');
    // A second lead whose LLME role for the hub has ended since: not carried.
    const former = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], {
      givenName: 'Fran',
      familyName: 'Former',
    });
    await t.db.execute(
      sql`update role_assignments set ends_on = '2020-01-01' where person_id = ${former.id}`,
    );
    await addLead(t.db, sus.id, former.id, 'Assistant lead');
    await addSchool(t.db, sus.id, urns[0]!);
    await addSchool(t.db, sus.id, urns[1]!, 'withdrawn');
    for (const [key, status] of [
      ['a', 'completed'],
      ['b', 'registered'],
      ['c', 'withdrawn'],
    ] as const) {
      const person = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
      susEmails[key] = person.email;
      enrolmentIds[`sus-${key}`] = (
        await enrol(t.db, { activityId: sus.id, personId: person.id, schoolUrn: urns[0]!, status })
      ).id;
    }
    await make('gone', gone.id);
    const com = await make('community', community.id, 'community', 'running');
    await enrol(t.db, { activityId: com.id, personId: llmeId, schoolUrn: null });
    const ect = await make('ect', ectOne.id, 'programme_cohort');
    await addSchool(t.db, ect.id, urns[2]!);
    for (const key of ['intends', 'other']) {
      const person = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
      if (key === 'intends') intentEmail = person.email;
      enrolmentIds[`ect-${key}`] = (
        await enrol(t.db, { activityId: ect.id, personId: person.id, schoolUrn: urns[2]! })
      ).id;
    }
    // One registered for both years: enrolled (and emailed) as planning the second year would.
    await t.db.transaction((tx) =>
      recordEvent(tx, systemActor('test'), {
        action: CONTINUATION_INTENDED,
        subjectType: 'enrolment',
        subjectId: enrolmentIds['ect-intends']!,
        hubId: hub.id,
        changes: { nextNcpCode: 'NCP26-28b', nextYearCode: '2026/27', personId: 0 },
      }),
    );
    await make('development', development.id);
    await make('cancelled', sustaining.id, 'work_group', 'cancelled');
    await makeActivity(t.db, {
      hubId: otherHub.id,
      ncpId: sustaining.id,
      yearCode: y,
      title: 'Their Sustaining group',
    });
    // The 2026/27 catalogue has no NCP26-13; it was published when we publish it below.
    await t.db.execute(sql`delete from ncps where code = 'NCP26-13'`);
  });
  afterAll(() => t.close());

  const pageUrl = `${paths.myHub.continueActivities}?year=2026-27`;

  it('says so while the new year’s catalogue is a draft, and refuses to copy', async () => {
    const page = await lead.client.get(pageUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The 2026/27 catalogue has not been published yet');
    expect(page.body).not.toContain('data-testid="continue-form"');
    const list = await lead.client.get(`${paths.myHub.activities}?year=2026-27`);
    expect(list.body).not.toContain('data-testid="continue-activities"');
    await t.db.execute(sql`update catalogue_years set published_at = now() where year_code = '2026/27'`);
  });

  it('lists last year’s continuing activities with the NCP they continue under, or why not', async () => {
    const list = await lead.client.get(`${paths.myHub.activities}?year=2026-27`);
    expect(list.body).toContain(`href="${paths.myHub.continueActivities}?year=2026-27"`);
    const page = await lead.client.get(pageUrl);
    expect(page.body).toContain('data-testid="continue-form"');
    const rows = [...page.body.matchAll(/data-testid="continuing-(\d+)"/g)].map((m) => Number(m[1]));
    expect(rows.sort()).toEqual([ids.sustaining, ids.gone, ids.community, ids.ect].sort());
    expect(page.body).toContain('NCP26-12');
    expect(page.body).toContain('NCP26-28b');
    expect(page.body).toContain('The 2026/27 catalogue has no NCP26-13');
    expect(page.body).toMatch(new RegExp(`value="${ids.sustaining}" checked`));
    // Before copying, the page says which lead would not be carried, and why.
    const row = new RegExp(`data-testid="continuing-${ids.sustaining}"[\\s\\S]*?</tr>`).exec(page.body)![0];
    expect(row).toMatch(
      /Not carried as a lead:\s+Fran Former, no longer an LLME of West Yorkshire Maths Hub\./,
    );
  });

  it('refuses none ticked, with the error on the page', async () => {
    const none = await lead.client.submit(paths.myHub.continueActivities, { year: '2026-27' }, pageUrl);
    expect(none.statusCode).toBe(303);
    const back = await lead.client.get(none.headers.location as string);
    expect(back.body).toContain('Choose the activities to continue');
  });

  it('copies the ticked ones in one step: leads, schools and participants carried, second years continued', async () => {
    const done = await lead.client.submit(
      paths.myHub.continueActivities,
      { year: '2026-27', activityIds: [ids.sustaining, ids.community, ids.ect].map(String) },
      pageUrl,
    );
    expect(done.statusCode).toBe(303);
    const flash = await lead.client.get(done.headers.location as string);
    expect(flash.body).toContain('3 activities have been copied into 2026/27');
    expect(flash.body).toContain(
      'Not carried as a lead: Fran Former (sustaining group): no longer an LLME of West Yorkshire Maths Hub',
    );

    const created = await t.db.select().from(hubActivities).where(eq(hubActivities.yearCode, '2026/27'));
    expect(created).toHaveLength(3);
    const sus = created.find((a) => a.continuesActivityId === ids.sustaining)!;
    expect(sus).toMatchObject({
      hubId,
      title: 'sustaining group',
      kind: 'work_group',
      status: 'planned',
      startsOn: null,
      endsOn: null,
      reference: 'SUS-1',
    });
    expect(
      await t.db
        .select({ p: activityLeads.personId, t: activityLeads.title })
        .from(activityLeads)
        .where(eq(activityLeads.activityId, sus.id)),
    ).toEqual([{ p: llmeId, t: 'Work Group Lead' }]);
    expect(
      await t.db
        .select({ urn: activitySchools.schoolUrn, status: activitySchools.status })
        .from(activitySchools)
        .where(eq(activitySchools.activityId, sus.id)),
    ).toEqual([{ urn: urns[0], status: 'registered' }]);
    const susPeople = await t.db.select().from(enrolments).where(eq(enrolments.activityId, sus.id));
    expect(susPeople).toHaveLength(2); // not the one who withdrew
    expect(susPeople.every((e) => e.status === 'registered' && e.continuesEnrolmentId === null)).toBe(true);
    // Those carried are told, through the mail queue; the one who withdrew is not.
    for (const key of ['a', 'b']) {
      const mail = await latestMailTo(t.db, susEmails[key]!);
      expect(mail?.subject).toBe('You continue in sustaining group in 2026/27');
      expect(mail?.textBody).toContain(
        'West Yorkshire Maths Hub has carried sustaining group forward into 2026/27',
      );
    }
    expect(await latestMailTo(t.db, susEmails.c!)).toBeFalsy();

    const com = created.find((a) => a.continuesActivityId === ids.community)!;
    expect(com.kind).toBe('community');
    expect(await t.db.select().from(enrolments).where(eq(enrolments.activityId, com.id))).toHaveLength(1);

    const ect = created.find((a) => a.continuesActivityId === ids.ect)!;
    const ectPeople = await t.db.select().from(enrolments).where(eq(enrolments.activityId, ect.id));
    expect(ectPeople.map((e) => e.continuesEnrolmentId).sort()).toEqual(
      [enrolmentIds['ect-intends'], enrolmentIds['ect-other']].sort(),
    );
    expect((await latestMailTo(t.db, intentEmail))?.subject).toBe('You are enrolled on ect group');

    const logged = await t.db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.action, 'activity.continued'), eq(eventLog.hubId, hubId)));
    expect(logged.map((e) => Number(e.subjectId)).sort()).toEqual(created.map((a) => a.id).sort());
    expect(logged.find((e) => Number(e.subjectId) === sus.id)!.changes).toMatchObject({
      fromActivityId: ids.sustaining,
      ncp: 'NCP26-12',
      schools: 1,
      participants: 2,
      leadsNotCarried: [expect.any(Number)],
    });
  });

  it('copies nothing twice: the page says so, the API copies nothing the second time', async () => {
    const page = await lead.client.get(pageUrl);
    expect(page.body).toMatch(
      /Copied<\/strong> <a class="govuk-link" href="\/activities\/\d+">sustaining group/,
    );
    const { token } = await createApiToken(t.db, systemActor('test'), {
      personId: lead.personId,
      name: 'hub system',
    });
    const call = (slug: string, payload: object, bearer = token) =>
      t.app.inject({
        method: 'POST',
        url: paths.api.continueActivities(slug),
        headers: { authorization: `Bearer ${bearer}` },
        payload,
      });
    const again = await call('west-yorkshire', {
      year: '2026-27',
      activityIds: [ids.sustaining, ids.community, ids.ect],
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ year: '2026/27', created: [], alreadyCopied: 3 });
    expect(await t.db.select().from(hubActivities).where(eq(hubActivities.yearCode, '2026/27'))).toHaveLength(
      3,
    );

    // An id that is not a continuing activity of last year is refused, whole.
    const wrong = await call('west-yorkshire', { year: '2026-27', activityIds: [ids.development] });
    expect(wrong.statusCode).toBe(422);
    // Into a year whose catalogue is a draft: refused.
    const draft = await call('west-yorkshire', { year: '2027-28' });
    expect(draft.statusCode).toBe(422);
    expect(draft.body).toContain('has not been published yet');
  });

  it('another hub’s leadership cannot see or copy this hub’s activities', async () => {
    const { token } = await createApiToken(t.db, systemActor('test'), {
      personId: otherLead.personId,
      name: 'x',
    });
    const api = await t.app.inject({
      method: 'POST',
      url: paths.api.continueActivities('west-yorkshire'),
      headers: { authorization: `Bearer ${token}` },
      payload: { year: '2026-27' },
    });
    expect(api.statusCode).toBe(404);
    expect((await otherLead.client.get(`${pageUrl}&hub=west-yorkshire`)).statusCode).toBe(404);
    // Their own page lists only their own activity.
    const own = await otherLead.client.get(pageUrl);
    expect(own.body).not.toContain('sustaining group');
  });
});
