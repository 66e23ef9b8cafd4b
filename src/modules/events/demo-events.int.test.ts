import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { loadDemoEvents } from './demo-events.ts';
import { listMyEvents } from './list-my-events.ts';

describe('the demonstration events', () => {
  let t: TestContext;
  let llmeId: number;

  beforeAll(async () => {
    t = await createTestApp();
    const hub = await makeHub(t.db, { name: 'Test Coast Maths Hub' });
    for (let i = 0; i < 50; i++) {
      const p = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }]);
      llmeId = p.id;
    }
    await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
  });
  afterAll(() => t.close());

  it('creates national workshops and every hub’s events, with places within capacity, some past with attendance', async () => {
    const summary = await t.db.transaction((tx) => loadDemoEvents(tx));
    expect(summary.events).toBe(4 + 3);
    const { rows } = await t.db.$client.query<{
      over: number;
      past: number;
      attended: number;
      counter_wrong: number;
    }>(`
      SELECT (SELECT count(*)::int FROM programme_events e WHERE (SELECT count(*) FROM event_places p WHERE p.event_id = e.id AND p.status IN ('confirmed','attended','absent')) > e.capacity) AS over,
             (SELECT count(*)::int FROM programme_events WHERE ends_at < now()) AS past,
             (SELECT count(*)::int FROM event_places WHERE status = 'attended') AS attended,
             (SELECT count(*)::int FROM programme_events e WHERE confirmed_count <> (SELECT count(*) FROM event_places p WHERE p.event_id = e.id AND p.status IN ('confirmed','attended','absent'))) AS counter_wrong`);
    expect(rows[0]).toMatchObject({ over: 0, counter_wrong: 0 });
    expect(rows[0]!.attended).toBeGreaterThan(0);
    // The national conference is open to every LLME.
    const eligible = await listMyEvents(t.db, llmeId, 'eligible');
    expect(eligible.some((e) => e.title === 'LLME national conference')).toBe(true);
  });
});
