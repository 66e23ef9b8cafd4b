import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { makeEvent } from '../../../test/support/event-factories.ts';
import { makePerson } from '../../../test/support/factories.ts';
import { systemActor } from '../../platform/audit.ts';
import { academicYearOf } from '../../platform/dates.ts';
import { requestPlace } from './places.ts';
import { academicYearSql } from './take-place.ts';

/** The one-statement confirmation (take-place.ts) and the rules it must keep, on real PostgreSQL. */
describe('confirming in one statement', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());
  const actor = systemActor('test');

  it('works out an academic year as academicYearOf does, either side of 1 September', async () => {
    for (const day of ['2024-08-31', '2024-09-01', '2025-01-15', '2099-12-31', '2000-09-30']) {
      const { rows } = await db.db.execute<{ year: string }>(
        sql`SELECT ${academicYearSql(sql`${day}::date`)} AS year`,
      );
      expect(rows[0]!.year).toBe(academicYearOf(day));
    }
  });

  it('a person asking twice at once, with places free, gets one place and one seat', async () => {
    const event = await makeEvent(db.db, { capacity: 30 });
    const people = await Promise.all(Array.from({ length: 20 }, () => makePerson(db.db)));
    await db.db.execute(
      sql`INSERT INTO event_targets (event_id, kind, person_id)
          SELECT ${event.id}, 'person', unnest(${`{${people.map((p) => p.id).join(',')}}`}::int[])`,
    );
    const outcomes = await Promise.all(
      people.flatMap((p) =>
        [1, 2, 3].map(() => requestPlace(db.db, actor, { eventId: event.id, personId: p.id })),
      ),
    );
    expect(outcomes.filter((o) => o.changed)).toHaveLength(20);
    expect(outcomes.every((o) => o.status === 'confirmed')).toBe(true);
    const { rows } = await db.db.execute<{
      places: number;
      seats: number;
      logged: number;
      emails: number;
    }>(sql`
      SELECT (SELECT count(*)::int FROM event_places WHERE event_id = ${event.id}) AS places,
             (SELECT confirmed_count FROM programme_events WHERE id = ${event.id}) AS seats,
             (SELECT count(*)::int FROM event_log WHERE subject_id = ${String(event.id)}
                AND action = 'event.place_confirmed') AS logged,
             (SELECT count(*)::int FROM event_notifications WHERE event_id = ${event.id}) AS emails`);
    expect(rows[0]).toEqual({ places: 20, seats: 20, logged: 20, emails: 20 });
  });

  it('a cancelled place asked for again is taken again, logged with its status before', async () => {
    const event = await makeEvent(db.db, { capacity: 1 });
    const person = await makePerson(db.db);
    await db.db.execute(
      sql`INSERT INTO event_targets (event_id, kind, person_id) VALUES (${event.id}, 'person', ${person.id})`,
    );
    const { cancelPlace } = await import('./places.ts');
    await requestPlace(db.db, actor, { eventId: event.id, personId: person.id });
    await cancelPlace(db.db, actor, { eventId: event.id, personId: person.id });
    expect(await requestPlace(db.db, actor, { eventId: event.id, personId: person.id })).toEqual({
      status: 'confirmed',
      changed: true,
    });
    const { rows } = await db.db.execute<{ changes: { status: unknown } }>(sql`
      SELECT changes FROM event_log WHERE subject_id = ${String(event.id)} AND action = 'event.place_confirmed'
      ORDER BY id DESC LIMIT 1`);
    expect(rows[0]!.changes.status).toEqual(['cancelled', 'confirmed']);
  });

  it('refusals still give their reason, and a place already held is not changed', async () => {
    const event = await makeEvent(db.db, { capacity: 5 });
    const person = await makePerson(db.db);
    await expect(requestPlace(db.db, actor, { eventId: event.id, personId: person.id })).rejects.toThrow(
      'There is no such event',
    );
    await db.db.execute(
      sql`INSERT INTO event_targets (event_id, kind, person_id) VALUES (${event.id}, 'person', ${person.id})`,
    );
    await requestPlace(db.db, actor, { eventId: event.id, personId: person.id });
    expect(await requestPlace(db.db, actor, { eventId: event.id, personId: person.id })).toEqual({
      status: 'confirmed',
      changed: false,
    });
    await expect(
      requestPlace(db.db, actor, {
        eventId: event.id,
        personId: person.id,
        now: new Date('2100-01-01T00:00:00Z'),
      }),
    ).rejects.toThrow('The event has already started.');
  });
});
