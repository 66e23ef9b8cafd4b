import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { people } from './schema.ts';

/** The search page's link choosing a school, as a browser would follow it. */
function chooseLink(html: string, urn: number): string {
  const match = new RegExp(`href="([^"]*)" data-testid="choose-${urn}"`).exec(html);
  if (!match) throw new Error(`No link choosing ${urn}`);
  return match[1]!.replaceAll('&amp;', '&');
}

describe('choosing a school by name on a person’s page, without JavaScript', () => {
  let t: TestContext;
  let hubId: number;
  let teacherId: number;
  let leaderId: number;

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    await makeLocalAuthority(t.db, { code: '380', name: 'Bradford' });
    hubId = (await makeHub(t.db, { name: 'Leeds Maths Hub' }, [{ laCode: '383' }])).id;
    await makeHub(t.db, { name: 'Bradford Maths Hub' }, [{ laCode: '380' }]);
    await makeSchool(t.db, {
      urn: 108001,
      laCode: '383',
      name: 'Oak Lane Primary School',
      postcode: 'LS7 1AA',
    });
    await makeSchool(t.db, {
      urn: 108002,
      laCode: '383',
      name: 'Beech Grove Primary School',
      postcode: 'LS8 2BB',
    });
    await makeSchool(t.db, { urn: 108003, laCode: '380', name: 'Beech Hill Academy', postcode: 'BD3 3CC' });
    leaderId = (await makePerson(t.db, [{ role: 'hub_leadership', hubId }])).id;
    teacherId = (
      await makePerson(t.db, [{ role: 'participant', hubId }], { givenName: 'Tom', schoolUrn: 108001 })
    ).id;
  });
  afterAll(() => t.close());

  it('finds the school by name and comes back to the form with it chosen', async () => {
    const lead = await signedInClient(t.app, t.db, leaderId);
    const formUrl = paths.admin.personSchool(teacherId);
    const form = await lead.get(formUrl);
    // The picker's search box and button belong to the search form, which goes to the search page.
    expect(form.body).toContain(`<form id="schoolUrn-search" method="get" action="${paths.schoolSearch}"`);
    expect(form.body).toContain('form="schoolUrn-search"');
    expect(form.body).toContain(`name="returnTo" value="${formUrl}"`);
    expect(form.body).toContain(`name="hub" value="${hubId}"`);
    const results = await lead.get(
      `${paths.schoolSearch}?q=beech+grove&returnTo=${encodeURIComponent(formUrl)}&field=schoolUrn&hub=${hubId}`,
    );
    expect(results.body).toContain('1 school matches');
    const back = chooseLink(results.body, 108002);
    expect(back).toBe(`${formUrl}?schoolUrn=108002`);
    const chosen = await lead.get(back);
    expect(chosen.body).toContain('Beech Grove Primary School, Testington, LS8 2BB (URN 108002)');
    expect(chosen.body).toContain('value="108002"');
    expect(chosen.body).not.toContain('outside-area-warning');
    const done = await lead.submit(formUrl, { schoolUrn: '108002', reason: '' }, back);
    expect(done.statusCode).toBe(303);
    const [row] = await t.db.select().from(people).where(eq(people.id, teacherId));
    expect(row?.schoolUrn).toBe(108002);
  });

  it('warns of a school outside the hub’s area and asks why; the reason is logged with the change', async () => {
    const lead = await signedInClient(t.app, t.db, leaderId);
    const formUrl = paths.admin.personSchool(teacherId);
    const results = await lead.get(
      `${paths.schoolSearch}?q=beech&returnTo=${encodeURIComponent(formUrl)}&hub=${hubId}`,
    );
    expect(results.body).toContain('data-testid="outside-area-108003"');
    expect(results.body).toContain('Outside Leeds Maths Hub’s area');
    const back = `${formUrl}?schoolUrn=108003`;
    const chosen = await lead.get(back);
    expect(chosen.body).toContain('data-testid="outside-area-warning"');
    expect(chosen.body).toContain(
      'This school is outside Leeds Maths Hub’s area (it is in Bradford Maths Hub’s area)',
    );

    const refused = await lead.submit(formUrl, { schoolUrn: '108003', reason: '' }, back);
    expect(refused.headers.location).toBe(back);
    const again = await lead.get(back);
    expect(again.body).toContain('govuk-error-summary');
    expect(again.body).toContain(
      'Beech Hill Academy is outside your hub’s area: give the reason for the change',
    );
    expect(again.body).toContain('value="108003"');
    let [row] = await t.db.select().from(people).where(eq(people.id, teacherId));
    expect(row?.schoolUrn).toBe(108002);

    const done = await lead.submit(
      formUrl,
      { schoolUrn: '108003', reason: 'Leads maths across both trusts' },
      back,
    );
    expect(done.statusCode).toBe(303);
    [row] = await t.db.select().from(people).where(eq(people.id, teacherId));
    expect(row?.schoolUrn).toBe(108003);
    const [event] = await t.db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.action, 'person.school_changed'), eq(eventLog.subjectId, String(teacherId))))
      .orderBy(eventLog.id)
      .offset(1);
    expect(event).toMatchObject({
      reason: 'Leads maths across both trusts',
      changes: { schoolUrn: [108002, 108003], outsideHubArea: [null, true] },
    });
  });
});
