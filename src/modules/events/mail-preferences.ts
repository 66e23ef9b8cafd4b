import { eq, sql } from 'drizzle-orm';
import { actorOf, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import type { Principal } from '../../platform/principal.ts';
import { eventMailPreferences } from './schema.ts';

/** True when the person gets event emails as one daily digest. */
export async function mailPreference(db: Executor, personId: number): Promise<boolean> {
  const [row] = await db
    .select()
    .from(eventMailPreferences)
    .where(eq(eventMailPreferences.personId, personId));
  return row?.dailyDigest ?? false;
}

export async function setMailPreference(
  tx: Executor,
  principal: Principal,
  dailyDigest: boolean,
): Promise<void> {
  await tx
    .insert(eventMailPreferences)
    .values({ personId: principal.personId, dailyDigest })
    .onConflictDoUpdate({ target: eventMailPreferences.personId, set: { dailyDigest } });
  // Emails already waiting follow the new choice.
  await tx.execute(
    sql`UPDATE event_notifications SET digest = ${dailyDigest}
      WHERE person_id = ${principal.personId} AND sent_at IS NULL`,
  );
  await recordEvent(tx, actorOf(principal), {
    action: 'event_emails.preference_set',
    subjectType: 'person',
    subjectId: principal.personId,
    changes: { dailyDigest },
  });
}
