import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { NotificationKind } from './schema.ts';

/**
 * Queues event emails in the transaction of the change: the worker (mail-jobs.ts) sends them, one by
 * one or in the person's daily digest. A `dedupeKey` already used queues nothing.
 */
export async function queueNotifications(
  tx: Executor,
  eventId: number,
  kind: NotificationKind,
  personIds: readonly number[],
  dedupe = false,
): Promise<number> {
  if (!personIds.length) return 0;
  const { rows } = await tx.execute<{ id: number }>(sql`
    INSERT INTO event_notifications (event_id, person_id, kind, dedupe_key, digest)
    SELECT ${eventId}, p.id, ${kind},
           CASE WHEN ${dedupe} THEN ${kind} || ':' || ${eventId} || ':' || p.id END,
           COALESCE((SELECT daily_digest FROM event_mail_preferences mp WHERE mp.person_id = p.id), false)
    FROM unnest(${`{${personIds.join(',')}}`}::int[]) AS p(id)
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`);
  return rows.length;
}
