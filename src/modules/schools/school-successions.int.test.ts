import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/database.ts';
import { makeLocalAuthority, makeSchool } from '../../../test/support/factories.ts';
import type { Database } from '../../platform/database.ts';
import { schoolLinks, schoolSuccessions } from './schema.ts';

/**
 * The current school of each URN is kept from the GIAS links by the writes (migration 0045), so the
 * journeys read a table instead of walking the links in every query: a link added, changed or removed
 * is followed at once, chains to their end.
 */
describe('school successions kept by the links', () => {
  let db: Database;
  let pool: import('pg').Pool;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop, pool } = await createTestDatabase());
    await makeLocalAuthority(db, { code: '383', name: 'Leeds' });
  });
  afterAll(() => drop());

  const successions = async () =>
    Object.fromEntries(
      (await db.select().from(schoolSuccessions)).map((s) => [s.urn, s.currentUrn] as [number, number]),
    );

  it('follows successor and predecessor links to the end of a chain, and a removed link at once', async () => {
    const [a, b, c] = [
      await makeSchool(db, { laCode: '383' }),
      await makeSchool(db, { laCode: '383' }),
      await makeSchool(db, { laCode: '383' }),
    ];
    expect(await successions()).toEqual({});
    // A → B written on A's record; B → C written on C's record (a predecessor link).
    await db
      .insert(schoolLinks)
      .values({ urn: a.urn, linkedUrn: b.urn, linkType: 'Successor', linkName: '' });
    expect(await successions()).toEqual({ [a.urn]: b.urn });
    await db
      .insert(schoolLinks)
      .values({ urn: c.urn, linkedUrn: b.urn, linkType: 'Predecessor', linkName: '' });
    expect(await successions()).toEqual({ [a.urn]: c.urn, [b.urn]: c.urn });
    // A link that is not a succession changes nothing.
    await db
      .insert(schoolLinks)
      .values({ urn: a.urn, linkedUrn: c.urn, linkType: 'Sixth Form Centre Link', linkName: '' });
    expect(await successions()).toEqual({ [a.urn]: c.urn, [b.urn]: c.urn });
    await db.delete(schoolLinks).where(eq(schoolLinks.urn, c.urn));
    expect(await successions()).toEqual({ [a.urn]: b.urn });
  });
  it('takes links written by two transactions at once (the second waits for the first)', async () => {
    const [d, e, f, g] = [
      await makeSchool(db, { laCode: '383' }),
      await makeSchool(db, { laCode: '383' }),
      await makeSchool(db, { laCode: '383' }),
      await makeSchool(db, { laCode: '383' }),
    ];
    const link = `INSERT INTO school_links (urn, linked_urn, link_type, link_name) VALUES ($1, $2, 'Successor', '')`;
    const [one, two] = [await pool.connect(), await pool.connect()];
    try {
      await one.query('BEGIN');
      await two.query('BEGIN');
      await one.query(link, [d.urn, e.urn]);
      const second = two.query(link, [f.urn, g.urn]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await one.query('COMMIT');
      await second;
      await two.query('COMMIT');
    } finally {
      one.release();
      two.release();
    }
    expect(await successions()).toMatchObject({ [d.urn]: e.urn, [f.urn]: g.urn });
  });
});
