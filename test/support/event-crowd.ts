import { randomBytes } from 'node:crypto';
import { newApiToken } from '../../src/modules/auth/api-tokens.ts';
import type { Database } from '../../src/platform/database.ts';
import { sha256 } from '../../src/platform/tokens.ts';

/**
 * `count` people, each with an API token (made in bulk: a benchmark or concurrency test needs
 * hundreds), invited to the given events. Returns their ids and bearer tokens.
 */
export async function makeCrowd(
  db: Database,
  count: number,
  eventIds: number[],
): Promise<{ personId: number; token: string }[]> {
  const tag = randomBytes(4).toString('hex');
  const { rows } = await db.$client.query<{ id: number }>(
    `INSERT INTO people (email, given_name, family_name)
     SELECT 'crowd-' || $1 || '-' || n || '@example.org', 'Crowd', 'Member ' || n FROM generate_series(1, $2) n
     RETURNING id`,
    [tag, count],
  );
  const crowd = rows.map((r) => ({ personId: r.id, token: newApiToken() }));
  await db.$client.query(
    `INSERT INTO api_tokens (person_id, name, token_hash)
     SELECT unnest($1::int[]), 'crowd', unnest($2::text[])`,
    [crowd.map((c) => c.personId), crowd.map((c) => sha256(c.token))],
  );
  for (const eventId of eventIds) {
    await db.$client.query(
      `INSERT INTO event_targets (event_id, kind, person_id) SELECT $1, 'person', unnest($2::int[])`,
      [eventId, crowd.map((c) => c.personId)],
    );
  }
  return crowd;
}
