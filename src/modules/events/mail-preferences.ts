import { eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { eventMailPreferences } from './schema.ts';

/** True when the person gets event emails as one daily digest. */
export async function mailPreference(db: Executor, personId: number): Promise<boolean> {
  const [row] = await db
    .select()
    .from(eventMailPreferences)
    .where(eq(eventMailPreferences.personId, personId));
  return row?.dailyDigest ?? false;
}

/** Whether the person gets event emails one by one or as a daily digest; emails waiting follow it. */
export async function setMailPreference(
  db: Executor,
  actor: Actor,
  input: { personId: number; dailyDigest: boolean },
): Promise<void> {
  const { personId, dailyDigest } = input;
  await db.transaction(async (tx) => {
    await tx
      .insert(eventMailPreferences)
      .values({ personId, dailyDigest })
      .onConflictDoUpdate({ target: eventMailPreferences.personId, set: { dailyDigest } });
    // Emails already waiting follow the new choice.
    await tx.execute(
      sql`UPDATE event_notifications SET digest = ${dailyDigest}
        WHERE person_id = ${personId} AND sent_at IS NULL`,
    );
    await recordEvent(tx, actor, {
      action: 'event_emails.preference_set',
      subjectType: 'person',
      subjectId: personId,
      changes: { dailyDigest },
    });
  });
}
