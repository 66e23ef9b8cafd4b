import { sql } from 'drizzle-orm';
import { type Actor, recordEvent, systemActor } from '../../platform/audit.ts';
import type { Database, Executor } from '../../platform/database.ts';
import { academicYearCode, academicYearOf, formatDate, todayInEngland } from '../../platform/dates.ts';
import type { Mailer } from '../../platform/mail.ts';
import { activityLeads, hubActivities } from '../activities/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { people } from '../people/schema.ts';
import { happiDeadlines, noticeFor } from './happi-rules.ts';
import { type HappiSection, happiForms, happiReminders } from './happi-schema.ts';

/**
 * The daily reminders of HAPPI deadlines (happi-jobs.ts runs this): for each activity of the year (not
 * cancelled) whose plan or impact is still to be submitted, its leads are emailed through the outbox
 * when the deadline is within 14 days, and once more when it has passed (in the 30 days after). Each
 * reminder is a `happi_reminders` row (unique per activity, section, notice and deadline), written
 * with its emails in one transaction, so a reminder is never sent twice for the same deadline.
 */

const outstandingSql: Record<HappiSection, ReturnType<typeof sql>> = {
  plan: sql`(f.id IS NULL OR (f.section = 'plan' AND f.status <> 'submitted'))`,
  impact: sql`(f.id IS NULL OR NOT (f.section = 'impact' AND f.status IN ('submitted', 'accepted')))`,
};

export interface RemindersSent {
  /** Reminders written (one per activity and deadline), and the emails queued for them. */
  reminders: number;
  emails: number;
}

export async function sendHappiReminders(
  db: Database,
  deps: { mailer: Mailer },
  options: { today?: string; actor?: Actor } = {},
): Promise<RemindersSent> {
  const today = options.today ?? todayInEngland();
  const actor = options.actor ?? systemActor('HAPPI reminders');
  const thisYear = academicYearOf(today);
  const years = [academicYearCode(Number(thisYear.slice(0, 4)) - 1), thisYear];
  const sent: RemindersSent = { reminders: 0, emails: 0 };
  for (const yearCode of years) {
    const deadlines = happiDeadlines(yearCode);
    for (const section of ['plan', 'impact'] as const) {
      const dueOn = deadlines[section];
      const notice = noticeFor(dueOn, today);
      if (!notice) continue;
      const due = await db.execute<{ activityId: number }>(sql`
        SELECT a.id AS "activityId" FROM ${hubActivities} a
        LEFT JOIN ${happiForms} f ON f.activity_id = a.id
        WHERE a.year_code = ${yearCode} AND a.status <> 'cancelled' AND ${outstandingSql[section]}
          AND EXISTS (SELECT 1 FROM ${activityLeads} l WHERE l.activity_id = a.id)
          AND NOT EXISTS (SELECT 1 FROM ${happiReminders} r WHERE r.activity_id = a.id
            AND r.section = ${section} AND r.notice = ${notice} AND r.due_on = ${dueOn})
        ORDER BY a.id`);
      for (const { activityId } of due.rows) {
        const emails = await remind(db, deps, actor, { activityId, section, notice, dueOn });
        if (emails !== null) {
          sent.reminders += 1;
          sent.emails += emails;
        }
      }
    }
  }
  if (sent.emails) deps.mailer.kick();
  return sent;
}

/** One activity's reminder and its emails, in one transaction; null if it had been sent already. */
async function remind(
  db: Database,
  deps: { mailer: Mailer },
  actor: Actor,
  r: { activityId: number; section: HappiSection; notice: 'due_soon' | 'overdue'; dueOn: string },
): Promise<number | null> {
  return db.transaction(async (tx: Executor) => {
    const [made] = await tx
      .insert(happiReminders)
      .values(r)
      .onConflictDoNothing()
      .returning({ id: happiReminders.id });
    if (!made) return null;
    const leads = await tx.execute<{
      email: string;
      givenName: string;
      title: string;
      hubName: string;
      hubId: number;
    }>(sql`
      SELECT p.email, p.given_name AS "givenName", a.title, h.name AS "hubName", h.id AS "hubId"
      FROM ${activityLeads} l
      JOIN ${people} p ON p.id = l.person_id
      JOIN ${hubActivities} a ON a.id = l.activity_id
      JOIN ${hubs} h ON h.id = a.hub_id
      WHERE l.activity_id = ${r.activityId} AND p.erased_at IS NULL
      ORDER BY p.id`);
    const what = r.section === 'plan' ? 'plan' : 'impact section';
    for (const lead of leads.rows) {
      await deps.mailer.queue(tx, {
        to: lead.email,
        subject:
          r.notice === 'overdue'
            ? `The HAPPI ${what} of ${lead.title} is overdue`
            : `The HAPPI ${what} of ${lead.title} is due on ${formatDate(r.dueOn)}`,
        text: [
          `Dear ${lead.givenName},`,
          '',
          r.notice === 'overdue'
            ? `The HAPPI (Hub Activity Plan, Progress and Impact) ${what} of ${lead.title} was due on ${formatDate(r.dueOn)} and has not been submitted yet.`
            : `The HAPPI (Hub Activity Plan, Progress and Impact) ${what} of ${lead.title} is due on ${formatDate(r.dueOn)}.`,
          '',
          'Sign in to the Maths Hubs Platform and open the form from My activities (HAPPI form), then submit it to your hub for review.',
          '',
          lead.hubName,
        ].join('\n'),
      });
    }
    await tx
      .update(happiReminders)
      .set({ recipients: leads.rows.length })
      .where(sql`${happiReminders.id} = ${made.id}`);
    await recordEvent(tx, actor, {
      action: 'happi.reminder_sent',
      subjectType: 'hub_activity',
      subjectId: r.activityId,
      hubId: leads.rows[0]?.hubId ?? null,
      changes: { section: r.section, notice: r.notice, dueOn: r.dueOn, recipients: leads.rows.length },
    });
    return leads.rows.length;
  });
}
