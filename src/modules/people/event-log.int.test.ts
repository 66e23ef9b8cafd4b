import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { recordEvent, systemActor } from '../../platform/audit.ts';
import { paths } from '../../platform/paths.ts';

describe('the event log', () => {
  let t: TestContext;
  let hubA: Awaited<ReturnType<typeof makeHub>>;
  let hubB: Awaited<ReturnType<typeof makeHub>>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp();
    hubA = await makeHub(t.db, { name: 'Alpha Maths Hub' });
    hubB = await makeHub(t.db, { name: 'Beta Maths Hub' });
    ids.admin = (await makePerson(t.db, [{ role: 'national_admin' }])).id;
    ids.analyst = (await makePerson(t.db, [{ role: 'national_analyst' }])).id;
    ids.leadA = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId: hubA.id, title: 'Maths Hub Lead' }])
    ).id;
    ids.llmeA = (await makePerson(t.db, [{ role: 'llme', hubId: hubA.id }])).id;
    const actor = systemActor('test');
    await recordEvent(t.db, actor, {
      action: 'activity.created',
      subjectType: 'activity',
      subjectId: 'alpha-1',
      hubId: hubA.id,
      reason: 'Alpha reason',
    });
    await recordEvent(t.db, actor, {
      action: 'activity.created',
      subjectType: 'activity',
      subjectId: 'beta-1',
      hubId: hubB.id,
      reason: 'Beta reason',
    });
    await recordEvent(t.db, actor, {
      action: 'hub.renamed',
      subjectType: 'hub',
      subjectId: 'national-1',
      reason: 'National reason',
      changes: { name: ['Old', '=cmd()'] },
    });
  });
  afterAll(() => t.close());

  const page = async (who: string, query = '') =>
    (await signedInClient(t.app, t.db, ids[who]!)).get(`${paths.admin.eventLog}${query}`);

  it('shows national staff every event, newest first, with who, what, when and why', async () => {
    for (const who of ['admin', 'analyst']) {
      const response = await page(who);
      expect(response.statusCode).toBe(200);
      const body = response.body;
      expect(body).toContain('Alpha reason');
      expect(body).toContain('Beta reason');
      expect(body.indexOf('National reason')).toBeLessThan(body.indexOf('Alpha reason'));
      expect(body).toContain('Alpha Maths Hub');
      expect(body).toContain('test');
    }
  });

  it('shows hub leadership only their hub’s events', async () => {
    const body = (await page('leadA')).body;
    expect(body).toContain('Alpha reason');
    expect(body).not.toContain('Beta reason');
    expect(body).not.toContain('National reason');
    expect(body).not.toContain('hub.renamed');
    const csv = await page('leadA', '?format=csv');
    expect(csv.body).toContain('Alpha reason');
    expect(csv.body).not.toContain('Beta reason');
  });

  it('is closed to LLMEs and to people not signed in', async () => {
    expect((await page('llmeA')).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: paths.admin.eventLog });
    expect(anonymous.statusCode).toBe(302);
  });

  it('filters by action and subject type', async () => {
    const byAction = (await page('admin', '?action=hub.renamed')).body;
    expect(byAction).toContain('National reason');
    expect(byAction).not.toContain('Alpha reason');
    const bySubject = (await page('admin', '?subjectType=activity')).body;
    expect(bySubject).toContain('Alpha reason');
    expect(bySubject).not.toContain('National reason');
  });

  it('exports CSV, defusing formulas', async () => {
    const response = await page('admin', '?format=csv&subjectType=hub');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toMatch(
      /attachment; filename="event-log-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = response.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'occurred_at,actor,actor_person_id,action,subject_type,subject_id,hub,reason,changes',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('hub.renamed');
    expect(lines[1]).toContain('National reason');
  });

  it('pages through many events', async () => {
    for (let i = 0; i < 60; i++) {
      await recordEvent(t.db, systemActor('bulk'), {
        action: 'bulk.made',
        subjectType: 'thing',
        subjectId: i,
      });
    }
    const first = (await page('admin', '?action=bulk.made')).body;
    expect(first).toContain('60 events');
    expect(first).toContain('govuk-pagination');
    const second = (await page('admin', '?action=bulk.made&page=2')).body;
    expect(second.match(/data-testid="event-\d+"/g)).toHaveLength(10);
  });
});
