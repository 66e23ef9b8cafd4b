import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSchool, makeActivity, makeNcp, makeSession } from '../../../test/support/delivery-factories.ts';
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

let t: TestContext;
const thisYear = academicYearOf(todayInEngland());
const thisYearSlug = thisYear.replace('/', '-');
const start = Number(thisYear.slice(0, 4));

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function tableCounts() {
  const rows = await t.db.execute<{ n: number }>(
    sql`SELECT (SELECT count(*) FROM event_log) + (SELECT count(*) FROM interests) + (SELECT count(*) FROM outbox)::int AS n`,
  );
  return Number(rows.rows[0]!.n);
}

describe('the hub offer page', () => {
  it('shows the hub’s planned and running activities of this year by phase, with dates, commitment and places left', async () => {
    const la = await makeLocalAuthority(t.db);
    const hub = await makeHub(t.db, { name: 'Offer Test Maths Hub', slug: 'offer-test' }, [
      { laCode: la.code },
    ]);
    const primary = await makeNcp(t.db, {
      yearCode: thisYear,
      title: 'Primary Teaching for Mastery Development Work Group',
      phases: ['primary'],
      rules: { groupSize: { min: 6, max: 8, unit: 'schools' } },
      sections: { participants: 'Two teachers from each school new to Teaching for Mastery' },
    });
    const secondary = await makeNcp(t.db, {
      yearCode: thisYear,
      title: 'Secondary Mastery Specialists',
      phases: ['secondary'],
    });
    const cross = await makeNcp(t.db, {
      yearCode: thisYear,
      title: 'Cross-phase Community',
      phases: ['primary', 'secondary'],
    });
    const dev = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: primary.id,
      yearCode: thisYear,
      title: 'Development Work Group North',
      status: 'planned',
    });
    await makeSession(t.db, {
      activityId: dev.id,
      startsAt: `${start + 1}-01-08T15:30:00Z`,
      kind: 'workshop',
    });
    await makeSession(t.db, {
      activityId: dev.id,
      startsAt: `${start + 1}-06-10T15:30:00Z`,
      kind: 'workshop',
    });
    const s1 = await makeSchool(t.db, { laCode: la.code });
    const s2 = await makeSchool(t.db, { laCode: la.code });
    await addSchool(t.db, dev.id, s1.urn);
    await addSchool(t.db, dev.id, s2.urn);
    await addSchool(t.db, dev.id, (await makeSchool(t.db, { laCode: la.code })).urn, 'withdrawn');
    await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: secondary.id,
      yearCode: thisYear,
      title: 'Secondary Specialists cohort',
    });
    await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: cross.id,
      yearCode: thisYear,
      title: 'Cross-phase community',
    });
    await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: secondary.id,
      yearCode: thisYear,
      title: 'Cancelled group',
      status: 'cancelled',
    });

    const before = await tableCounts();
    const page = await t.app.inject({ method: 'GET', url: paths.hubOffer(hub.slug) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`What we offer in ${thisYear}`);
    const body = page.body;
    const at = (text: string) => body.indexOf(text);
    expect(at('data-testid="offer-phase-primary"')).toBeGreaterThan(0);
    expect(at('data-testid="offer-phase-secondary"')).toBeGreaterThan(
      at('data-testid="offer-phase-primary"'),
    );
    expect(at('data-testid="offer-phase-cross_phase"')).toBeGreaterThan(
      at('data-testid="offer-phase-secondary"'),
    );
    expect(at('Cross-phase community')).toBeGreaterThan(at('data-testid="offer-phase-cross_phase"'));
    expect(body).toContain('Development Work Group North');
    expect(body).toContain('Two teachers from each school new to Teaching for Mastery');
    expect(body).toContain(`8 January ${start + 1} to 10 June ${start + 1}`);
    expect(body).toContain('6 schools left');
    expect(body).toContain('Places available');
    expect(body).toContain('2 sessions: 2 × Workshop.');
    expect(body).not.toContain('Cancelled group');
    expect(body).toContain(`href="${paths.registerInterest}?activity=${dev.id}"`);
    // Direct registration only where the hub allows it.
    expect(body).not.toContain(`href="${paths.activity.signUp(dev.id)}"`);
    expect(await tableCounts()).toBe(before);

    await t.db.update(hubActivities).set({ openForDirectRegistration: true }).where(sql`id = ${dev.id}`);
    const open = await t.app.inject({ method: 'GET', url: paths.hubOffer(hub.slug) });
    expect(open.body).toContain(`href="${paths.activity.signUp(dev.id)}"`);

    // Another year: empty, with a way on; filtered to an NCP.
    const other = await t.app.inject({ method: 'GET', url: `${paths.hubOffer(hub.slug)}?year=2019-20` });
    expect(other.statusCode).toBe(200);
    expect(other.body).toContain('has not published any activities for 2019/20 yet');
    const filtered = await t.app.inject({
      method: 'GET',
      url: `${paths.hubOffer(hub.slug)}?year=${thisYearSlug}&ncp=${encodeURIComponent(secondary.code)}`,
    });
    expect(filtered.body).toContain('Secondary Specialists cohort');
    expect(filtered.body).not.toContain('Development Work Group North');

    // The catalogue's NCP page names the hubs running it, with Register and Register interest.
    const admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    const adminClient = await signedInClient(t.app, t.db, admin.id);
    const ncpPage = await adminClient.get(paths.catalogue.ncp(thisYearSlug, primary.code));
    expect(ncpPage.body).toContain('Hubs running this');
    expect(ncpPage.body).toContain(
      `href="${paths.hubOffer(hub.slug)}?year=${thisYearSlug}&amp;ncp=${encodeURIComponent(primary.code)}"`,
    );
    expect(ncpPage.body).toContain(`href="${paths.registerInterest}?hub=${hub.slug}&amp;ncp=${primary.id}"`);

    // Reachable from the hub's public page.
    const hubPage = await t.app.inject({ method: 'GET', url: paths.hub(hub.slug) });
    expect(hubPage.body).toContain(`href="${paths.hubOffer(hub.slug)}"`);
    // Another hub's slug that does not exist: 404.
    expect((await t.app.inject({ method: 'GET', url: paths.hubOffer('no-such-hub') })).statusCode).toBe(404);
  });

  it('tells a signed-in teacher their school and the activities they have registered interest in', async () => {
    const la = await makeLocalAuthority(t.db);
    const hub = await makeHub(t.db, {}, [{ laCode: la.code }]);
    const school = await makeSchool(t.db, { laCode: la.code, name: 'Acorndale Primary School' });
    const ncp = await makeNcp(t.db, { yearCode: thisYear });
    await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: thisYear });
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      schoolUrn: school.urn,
    });
    const client = await signedInClient(t.app, t.db, teacher.id);
    const secondaryOnly = await makeNcp(t.db, {
      yearCode: thisYear,
      phases: ['secondary'],
      title: 'Secondary only',
    });
    const refused = await makeActivity(t.db, { hubId: hub.id, ncpId: secondaryOnly.id, yearCode: thisYear });
    const page = await client.get(paths.hubOffer(hub.slug));
    expect(page.body).toContain('Eligibility is shown for your school, Acorndale Primary School');
    expect(page.body).toContain('Your school is eligible');
    const card = page.body.slice(page.body.indexOf(`offer-activity-${refused.id}`));
    expect(card).toMatch(/Your school is not eligible: [^<]*secondary schools/);
    const anonymous = await t.app.inject({ method: 'GET', url: paths.hubOffer(hub.slug) });
    expect(anonymous.body).toContain('Sign in</a> to see whether your school is eligible');
  });

  it('offers Register only to those who may register, so the button never leads to a refusal', async () => {
    const la = await makeLocalAuthority(t.db);
    const hub = await makeHub(t.db, {}, [{ laCode: la.code }]);
    const ncp = await makeNcp(t.db, { yearCode: thisYear });
    const open = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: thisYear,
      openForDirectRegistration: true,
    });
    const button = `data-testid="register-${open.id}"`;
    const teacher = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const partner = await makePerson(t.db, [{ role: 'la_partner', hubId: hub.id, laCode: la.code }]);
    const asTeacher = await signedInClient(t.app, t.db, teacher.id);
    expect((await asTeacher.get(paths.hubOffer(hub.slug))).body).toContain(button);
    expect((await asTeacher.get(paths.activity.signUp(open.id))).statusCode).toBe(200);
    // A local authority partner may not register anyone: no button, where it would have led to a 403.
    const asPartner = await signedInClient(t.app, t.db, partner.id);
    const page = await asPartner.get(paths.hubOffer(hub.slug));
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(button);
    expect(page.body).toContain(`data-testid="register-interest-${open.id}"`);
    expect((await asPartner.get(paths.activity.signUp(open.id))).statusCode).toBe(403);
    // Someone not signed in is shown it: it asks them to sign in first.
    const anonymous = await t.app.inject({ method: 'GET', url: paths.hubOffer(hub.slug) });
    expect(anonymous.body).toContain(button);
  });
});
