import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { hubActivities } from '../activities/schema.ts';
import { yearSlug } from './journey-rules.ts';

// A school's next step links to the hub's offer, filtered to the step's NCPs, with "Register interest"
// (and "Register" where the hub allows it) for each: on "our school" and on the hub's journey page.
describe('a school’s next step links to the hub’s offer', () => {
  let t: TestContext;
  const year = academicYearOf(todayInEngland());
  let urn: number;
  let hubId: number;
  let devCode: string;
  let openId: number;
  let closedId: number;
  let otherId: number;

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '392', name: 'Kirklees' });
    const hub = await makeHub(t.db, { slug: 'pennine', name: 'Pennine Maths Hub' }, [{ laCode: '392' }]);
    hubId = hub.id;
    urn = (await makeSchool(t.db, { laCode: '392', phase: 'primary', name: 'Hillside Primary School' })).urn;
    const dev = await makeNcp(t.db, {
      yearCode: year,
      title: 'Primary Teaching for Mastery Development Work Groups',
      completesTfmStage: 'development',
      phases: ['primary'],
    });
    devCode = dev.code;
    const embedding = await makeNcp(t.db, {
      yearCode: year,
      title: 'Primary Teaching for Mastery Embedding Work Groups',
      completesTfmStage: 'embedding',
    });
    const make = async (ncpId: number, title: string) =>
      (await makeActivity(t.db, { hubId: hub.id, ncpId, yearCode: year, status: 'planned', title })).id;
    openId = await make(dev.id, 'Development Work Group North');
    closedId = await make(dev.id, 'Development Work Group South');
    otherId = await make(embedding.id, 'Embedding Work Group');
    await t.db
      .update(hubActivities)
      .set({ openForDirectRegistration: true })
      .where(eq(hubActivities.id, openId));
  });
  afterAll(() => t.close());

  it('on our school’s journey: the offer for the step, and how to join each of its activities', async () => {
    const contact = await makePerson(t.db, [{ role: 'school_contact', hubId, schoolUrn: urn }]);
    const client = await signedInClient(t.app, t.db, contact.id);
    const page = await client.get(paths.my.school);
    expect(page.statusCode).toBe(200);
    const offerHref = `${paths.hubOffer('pennine')}?year=${yearSlug(year)}&amp;ncp=${devCode}`;
    expect(page.body).toContain(`href="${offerHref}"`);
    expect(page.body).toContain(`href="${paths.registerInterest}?activity=${openId}"`);
    expect(page.body).toContain(`href="${paths.activity.signUp(openId)}"`);
    expect(page.body).toContain(`href="${paths.registerInterest}?activity=${closedId}"`);
    expect(page.body).not.toContain(`href="${paths.activity.signUp(closedId)}"`);
    // Not the Embedding group: that is not this school's next step.
    expect(page.body).not.toContain(`?activity=${otherId}"`);

    // The offer, filtered to the step's NCP: its groups, with Register interest and Register.
    const offer = await client.get(offerHref.replace('&amp;', '&'));
    expect(offer.statusCode).toBe(200);
    expect(offer.body).toContain(`data-testid="register-interest-${openId}"`);
    expect(offer.body).toContain(`data-testid="register-${openId}"`);
    expect(offer.body).toContain(`data-testid="register-interest-${closedId}"`);
    expect(offer.body).not.toContain(`data-testid="offer-activity-${otherId}"`);
  });

  it('on the hub’s page of the school’s journey too', async () => {
    const lead = await makePerson(t.db, [{ role: 'hub_leadership', hubId }]);
    const page = await (await signedInClient(t.app, t.db, lead.id)).get(paths.myHub.school(urn));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="next-step-links"');
    expect(page.body).toContain(`href="${paths.registerInterest}?activity=${openId}"`);
    expect(page.body).toContain(`href="${paths.activity.signUp(openId)}"`);
  });

  it('offers Register only to those who may register: a national analyst sees the way to register interest', async () => {
    const analyst = await makePerson(t.db, [{ role: 'national_analyst' }]);
    const client = await signedInClient(t.app, t.db, analyst.id);
    const page = await client.get(paths.myHub.school(urn));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="${paths.registerInterest}?activity=${openId}"`);
    // Registering would refuse them, so the page does not offer it.
    expect((await client.get(paths.activity.signUp(openId))).statusCode).toBe(403);
    expect(page.body).not.toContain(`href="${paths.activity.signUp(openId)}"`);
  });
});
