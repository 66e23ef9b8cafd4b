import { describe, expect, it } from 'vitest';
import { actorOf, personActor, REMOVED_EMAIL, withoutEmailAddresses } from './audit.ts';

describe('the event log keeps people by id', () => {
  it('names a person as the author of a change by id only', () => {
    expect(personActor(12)).toEqual({ personId: 12, label: 'person:12' });
    expect(
      actorOf({ personId: 7, email: 'ada@example.org', displayName: 'Ada Lovelace' } as Parameters<
        typeof actorOf
      >[0]),
    ).toEqual({ personId: 7, label: 'person:7' });
  });

  it('removes email addresses from any text in change details, keeping everything else', () => {
    expect(
      withoutEmailAddresses({
        contactEmail: ['old@hub.example.org', 'New.Contact+hub@school.sch.uk'],
        note: 'Asked by jo.bell@example.org on the phone',
        count: 3,
        personId: 12,
        nested: { list: [{ email: 'a@b.co' }], none: null },
      }),
    ).toEqual({
      contactEmail: [REMOVED_EMAIL, REMOVED_EMAIL],
      note: `Asked by ${REMOVED_EMAIL} on the phone`,
      count: 3,
      personId: 12,
      nested: { list: [{ email: REMOVED_EMAIL }], none: null },
    });
    expect(withoutEmailAddresses('not an address: @home, a@b')).toBe('not an address: @home, a@b');
  });
});
