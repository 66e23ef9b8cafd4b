import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCrowd } from '../../../test/support/event-crowd.ts';
import { givePlace, makeEvent } from '../../../test/support/event-factories.ts';
import { makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';

/**
 * Hundreds of people confirm the last places of an event at the same moment, over HTTP to the real
 * app listening on a port, on real PostgreSQL: no event is over-filled and no confirmation is lost.
 */
describe('confirming the last places at once', () => {
  let t: TestContext;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  const post = (url: string, token: string) =>
    fetch(`${base}${url}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });

  const placesOf = async (eventId: number) => {
    const { rows } = await t.db.$client.query<{ person_id: number; status: string }>(
      'SELECT person_id, status FROM event_places WHERE event_id = $1',
      [eventId],
    );
    const { rows: event } = await t.db.$client.query<{ confirmed_count: number; capacity: number }>(
      'SELECT confirmed_count, capacity FROM programme_events WHERE id = $1',
      [eventId],
    );
    return { rows, counter: event[0]!.confirmed_count, capacity: event[0]!.capacity };
  };

  it('300 people confirm the last 5 of 30 places: 5 get them, 295 wait, none lost', async () => {
    const event = await makeEvent(t.db, { capacity: 30 });
    for (let i = 0; i < 25; i++) await givePlace(t.db, event.id, (await makePerson(t.db)).id);
    const crowd = await makeCrowd(t.db, 300, [event.id]);
    const responses = await Promise.all(crowd.map((c) => post(paths.api.confirmEvent(event.id), c.token)));
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ place: string }>));
    expect(responses.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(bodies.filter((b) => b.place === 'confirmed')).toHaveLength(5);
    expect(bodies.filter((b) => b.place === 'waiting')).toHaveLength(295);

    const { rows, counter, capacity } = await placesOf(event.id);
    const seated = rows.filter((r) => r.status === 'confirmed');
    expect(seated).toHaveLength(capacity);
    expect(counter).toBe(capacity);
    // Every one of the crowd has exactly one place: confirmed or waiting, as their response said.
    const mine = new Map(rows.map((r) => [r.person_id, r.status]));
    expect(crowd.map((c) => mine.get(c.personId))).toEqual(bodies.map((b) => b.place));
    expect(rows).toHaveLength(325);
  });

  it('cancellations and confirmations racing: freed places go to the waiting list, never over capacity', async () => {
    const event = await makeEvent(t.db, { capacity: 10 });
    const crowd = await makeCrowd(t.db, 200, [event.id]);
    // The first 10 take the places, one at a time; the other 190 race for them.
    for (const c of crowd.slice(0, 10))
      expect((await post(paths.api.confirmEvent(event.id), c.token)).status).toBe(200);
    const racing = await Promise.all([
      ...crowd.slice(10).map((c) => post(paths.api.confirmEvent(event.id), c.token)),
      ...crowd.slice(0, 6).map((c) => post(paths.api.cancelEventPlace(event.id), c.token)),
      // Asking twice at once gives one place, not two.
      ...crowd.slice(150).map((c) => post(paths.api.confirmEvent(event.id), c.token)),
    ]);
    expect(racing.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const { rows, counter } = await placesOf(event.id);
    expect(rows).toHaveLength(200);
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(10);
    expect(counter).toBe(10);
    expect(rows.filter((r) => r.status === 'cancelled')).toHaveLength(6);
    expect(rows.filter((r) => r.status === 'waiting')).toHaveLength(184);
  });
});
