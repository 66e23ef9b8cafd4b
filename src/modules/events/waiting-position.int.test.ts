import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../../test/support/event-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';

describe('the waiting list tells people their position', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('joining says the position, the event page keeps saying it, and it moves up when a place frees', async () => {
    const hub = await makeHub(t.db, { slug: 'central' });
    const people: { person: { id: number }; client: Awaited<ReturnType<typeof signedInClient>> }[] = [];
    for (let i = 0; i < 4; i++) {
      const person = await makePerson(t.db);
      people.push({ person, client: await signedInClient(t.app, t.db, person.id) });
    }
    const event = await makeEvent(t.db, {
      hubId: hub.id,
      capacity: 1,
      invite: people.map((p) => p.person.id),
    });
    const show = paths.events.show(event.id);
    const joined: string[] = [];
    for (const p of people) {
      const answer = await p.client.submit(paths.events.confirm(event.id), {}, show);
      expect(answer.statusCode).toBe(303);
      joined.push((await p.client.get(show)).body);
    }
    expect(joined[0]).toContain('Your place is confirmed');
    expect(joined[0]).not.toContain('data-testid="waiting-position"');
    expect(joined[1]).toContain('you are on the waiting list, number 1');
    expect(joined[2]).toContain('you are on the waiting list, number 2');
    expect(joined[3]).toContain('you are on the waiting list, number 3');
    const position = async (i: number) =>
      /data-testid="waiting-position">You are number (\d+) on the waiting list/.exec(
        (await people[i]!.client.get(show)).body,
      )?.[1];
    expect(await position(3)).toBe('3');
    // The confirmed person cancels: the first waiting gets the place, the others move up.
    await people[0]!.client.submit(
      paths.events.cancelPlace(event.id),
      {},
      paths.events.cancelPlace(event.id),
    );
    expect(await position(1)).toBeUndefined();
    expect(await position(2)).toBe('1');
    expect(await position(3)).toBe('2');
  });
});
