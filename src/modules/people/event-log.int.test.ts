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
import { personActor, recordEvent, systemActor } from '../../platform/audit.ts';
import { paths } from '../../platform/paths.ts';

describe('the event log', () => {
  let t: TestContext;
  let hubA: Awaited<ReturnType<typeof makeHub>>;
  let hubB: Awaited<ReturnType<typeof makeHub>>;
  let school: Awaited<ReturnType<typeof makeSchool>>;
  let activityA: Awaited<ReturnType<typeof makeActivity>>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp();
    hubA = await makeHub(t.db, { name: 'Alpha Maths Hub' });
    hubB = await makeHub(t.db, { name: 'Beta Maths Hub' });
    const la = await makeLocalAuthority(t.db);
    school = await makeSchool(t.db, { laCode: la.code, name: 'Acorndale Primary School' });
    const ncp = await makeNcp(t.db);
    activityA = await makeActivity(t.db, { hubId: hubA.id, ncpId: ncp.id, title: 'Developing Mastery WG 3' });
    const activityB = await makeActivity(t.db, { hubId: hubB.id, ncpId: ncp.id, title: 'Beta Work Group' });
    ids.admin = (await makePerson(t.db, [{ role: 'national_admin' }])).id;
    ids.analyst = (await makePerson(t.db, [{ role: 'national_analyst' }])).id;
    ids.leadA = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId: hubA.id, title: 'Maths Hub Lead' }], {
        givenName: 'Sam',
        familyName: 'Patel',
      })
    ).id;
    ids.llmeA = (await makePerson(t.db, [{ role: 'llme', hubId: hubA.id }])).id;
    ids.teacher = (await makePerson(t.db, [], { givenName: 'Jo', familyName: 'Teacher' })).id;
    await recordEvent(t.db, personActor(ids.leadA), {
      action: 'activity.school_withdrawn',
      subjectType: 'hub_activity',
      subjectId: activityA.id,
      hubId: hubA.id,
      reason: 'moved away',
      changes: { schoolUrn: school.urn, status: ['registered', 'withdrawn'] },
    });
    await recordEvent(t.db, systemActor(), {
      action: 'enrolment.withdrawn',
      subjectType: 'enrolment',
      subjectId: 77,
      hubId: hubB.id,
      reason: 'Beta reason',
      changes: { activityId: activityB.id, personId: ids.teacher, status: ['registered', 'withdrawn'] },
    });
    await recordEvent(t.db, systemActor(), {
      action: 'hub.updated',
      subjectType: 'hub',
      subjectId: hubA.id,
      reason: 'National reason',
      changes: { name: ['Old', '=cmd()'] },
    });
  });
  afterAll(() => t.close());

  const page = async (who: string, query = '') =>
    (await signedInClient(t.app, t.db, ids[who]!)).get(`${paths.admin.eventLog}${query}`);

  it('shows national staff every event as a sentence a person can read, newest first, with links', async () => {
    for (const who of ['admin', 'analyst']) {
      const response = await page(who);
      expect(response.statusCode).toBe(200);
      const body = response.body;
      expect(body).toContain(
        `<a class="govuk-link" href="${paths.admin.person(ids.leadA!)}">Sam Patel</a> withdrew ` +
          `<a class="govuk-link" href="${paths.school(school.urn)}">Acorndale Primary School</a> from ` +
          `<a class="govuk-link" href="${paths.activity.show(activityA.id)}">Developing Mastery WG 3</a>: moved away`,
      );
      expect(body).toContain('Beta reason');
      expect(body).toContain('The platform');
      expect(body.indexOf('National reason')).toBeLessThan(body.indexOf('moved away'));
      expect(body).toContain('Alpha Maths Hub');
      expect(body).toContain('Activities: school withdrawn');
    }
  });

  it('shows the recorded data only on demand, in a details component', async () => {
    const body = (await page('admin', '?action=activity.school_withdrawn')).body;
    const details = body.indexOf('Show the recorded data');
    expect(details).toBeGreaterThan(0);
    const recorded = body.indexOf('&quot;schoolUrn&quot;');
    expect(recorded).toBeGreaterThan(details);
    expect(body.slice(body.lastIndexOf('<details', recorded), recorded)).toContain('govuk-details');
  });

  it('shows hub leadership only their hub’s events', async () => {
    const body = (await page('leadA')).body;
    expect(body).toContain('moved away');
    expect(body).not.toContain('Beta reason');
    expect(body).not.toContain('National reason');
    const csv = await page('leadA', '?format=csv');
    expect(csv.body).toContain('moved away');
    expect(csv.body).not.toContain('Beta reason');
    // Asking for another hub's record by id finds nothing: its existence is not disclosed.
    const other = (await page('leadA', '?subjectType=enrolment&subjectId=77')).body;
    expect(other).toContain('data-testid="no-events"');
  });

  it('is closed to LLMEs and to people not signed in', async () => {
    expect((await page('llmeA')).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: paths.admin.eventLog });
    expect(anonymous.statusCode).toBe(302);
  });

  it('filters by action, by record and by person', async () => {
    const byAction = (await page('admin', '?action=hub.updated')).body;
    expect(byAction).toContain('National reason');
    expect(byAction).not.toContain('moved away');
    expect(byAction).toContain('<option value="hub.updated" selected>Hubs: changed</option>');
    // A hub is linked to its own page, which everyone may open, not to the national team's admin page.
    expect(byAction).toContain(`href="${paths.hub(hubA.slug)}"`);
    expect(byAction).not.toContain(`href="${paths.admin.hub(hubA.id)}"`);

    const byRecord = (await page('admin', `?subjectType=hub_activity&subjectId=${activityA.id}`)).body;
    expect(byRecord).toContain('moved away');
    expect(byRecord).not.toContain('National reason');
    expect(byRecord).toContain('1 event<');

    // A person: the changes they made (Sam Patel) and the changes about them (Jo Teacher, named by id).
    const madeBy = (await page('admin', `?personId=${ids.leadA}`)).body;
    expect(madeBy).toContain('moved away');
    expect(madeBy).not.toContain('Beta reason');
    const about = (await page('admin', `?personId=${ids.teacher}`)).body;
    expect(about).toContain('Beta reason');
    expect(about).not.toContain('moved away');
  });

  it('links a row to the log of its record alone', async () => {
    const body = (await page('admin', '?action=activity.school_withdrawn')).body;
    expect(body).toContain(
      `href="${paths.admin.eventLog}?subjectType=hub_activity&amp;subjectId=${activityA.id}" data-testid="event-record-log"`,
    );
  });

  it('exports CSV with the sentences, defusing formulas', async () => {
    const response = await page('admin', '?format=csv&subjectType=hub');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toMatch(
      /attachment; filename="event-log-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = response.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'occurred_at,actor,actor_person_id,action,subject_type,subject_id,hub,reason,changes,sentence',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('hub.updated');
    expect(lines[1]).toContain('The platform changed the details of Alpha Maths Hub: National reason');
  });

  it('pages through many events', async () => {
    for (let i = 0; i < 60; i++) {
      await recordEvent(t.db, systemActor('bulk'), {
        action: 'bank_holidays.added',
        subjectType: 'bank_holidays',
        subjectId: `2030-01-${String((i % 28) + 1).padStart(2, '0')}`,
        changes: { title: `Day ${i}` },
      });
    }
    const first = (await page('admin', '?action=bank_holidays.added')).body;
    expect(first).toContain('60 events');
    expect(first).toContain('govuk-pagination');
    const second = (await page('admin', '?action=bank_holidays.added&page=2')).body;
    expect(second.match(/data-testid="event-\d+"/g)).toHaveLength(10);
  });

  it('links a person’s page to the log filtered by them', async () => {
    const body = (await (await signedInClient(t.app, t.db, ids.admin!)).get(paths.admin.person(ids.teacher!)))
      .body;
    expect(body).toContain(`href="${paths.admin.eventLog}?personId=${ids.teacher}"`);
    expect(body).toContain('See the event log for this person');
  });
});
