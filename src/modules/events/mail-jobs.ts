import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Database, Executor } from '../../platform/database.ts';
import { todayInEngland } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import type { Queue } from '../../platform/queue.ts';
import type { Services } from '../../platform/services.ts';
import { bankHolidaySet } from './bank-holidays.ts';
import { digestMail, eventMail, type MailEvent } from './mail-texts.ts';
import { queueNotifications } from './queue-notification.ts';
import { eligiblePeople } from './save-event.ts';
import type { NotificationKind } from './schema.ts';
import { addDays, workingDaysBefore } from './working-days.ts';

/**
 * Event emails through pg-boss queues in PostgreSQL. The use cases write `event_notifications` rows
 * in their transactions (what to tell whom, held for a digest if the person chose one); `dispatch`
 * writes each one not yet sent as an email in the outbox (now, when a change kicks it, and every
 * minute as a backstop), and the platform's mail queue sends it with retries (platform/mail-queue.ts,
 * the one email road). Reminders run every morning, and the daily digest at 7am, in England.
 */
export const queues = {
  dispatch: 'event-mail-dispatch',
  reminders: 'event-reminders',
  digest: 'event-mail-digest',
} as const;

/** At most one kick a second: under a burst of confirmations each would otherwise be a statement of its own. */
const KICK_EVERY_MS = 1000;
const kicks = new WeakMap<PgBoss, { due: ReturnType<typeof setTimeout> | null; last: number }>();

/**
 * Asks the worker (if this process runs the queue) to send what is pending now rather than within a
 * minute. Kicks close together are one: the first is sent at once (on the next turn of the event loop),
 * later ones within the second after it wait for the second's end, and a kick already due covers them.
 * The emails themselves are already queued, in the transaction of the change; a kick only wakes the worker.
 */
export function kickMailQueue(queue: Queue): void {
  const boss = queue.running();
  if (!boss) return;
  const kick = kicks.get(boss) ?? { due: null, last: 0 };
  kicks.set(boss, kick);
  if (kick.due) return;
  kick.due = setTimeout(
    () => {
      kick.due = null;
      kick.last = Date.now();
      boss.send(queues.dispatch, {}, { singletonKey: 'kick' }).catch(() => {
        // The minute's schedule sends it anyway (also when the queue stopped meanwhile).
      });
    },
    Math.max(0, kick.last + KICK_EVERY_MS - Date.now()),
  );
  kick.due.unref();
}

interface NotificationRow {
  id: number;
  kind: NotificationKind;
  email: string;
  name: string;
  event: MailEvent;
}

async function loadNotifications(db: Executor, where: ReturnType<typeof sql>): Promise<NotificationRow[]> {
  const { rows } = await db.execute<Record<string, unknown>>(sql`
    SELECT n.id, n.kind, n.person_id, p.email, p.given_name || ' ' || p.family_name AS name,
           e.id AS event_id, e.title, e.format, e.starts_at, e.confirm_by::text AS confirm_by, e.venue, e.platform
    FROM event_notifications n JOIN people p ON p.id = n.person_id JOIN programme_events e ON e.id = n.event_id
    WHERE ${where} ORDER BY n.person_id, n.id`);
  return rows.map((r) => ({
    id: r.id as number,
    kind: r.kind as NotificationKind,
    email: r.email as string,
    name: r.name as string,
    personId: r.person_id as number,
    event: {
      id: r.event_id as number,
      title: r.title as string,
      format: r.format as MailEvent['format'],
      startsAt: new Date(r.starts_at as string),
      confirmBy: r.confirm_by as string,
      venue: (r.venue as string | null) ?? null,
      platform: (r.platform as string | null) ?? null,
    },
  }));
}

/**
 * Writes pending single event emails to the outbox, the email road (platform/mail-queue.ts sends them
 * with retries): in one transaction, each notification is marked sent (`sent_at`: handed to the
 * outbox) and its email is written. Returns how many were written.
 */
export async function moveNotificationsToOutbox(services: Services, limit = 500): Promise<number> {
  const moved = await services.db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ id: number }>(sql`
      UPDATE event_notifications SET sent_at = now(), queued_at = now() WHERE id IN (
        SELECT id FROM event_notifications WHERE sent_at IS NULL AND NOT digest
        ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING id`);
    if (!rows.length) return 0;
    const ids = sql.join(
      rows.map((r) => sql`${r.id}`),
      sql`, `,
    );
    const notifications = await loadNotifications(tx, sql`n.id IN (${ids})`);
    for (const n of notifications) {
      const url = `${services.config.PUBLIC_URL}${paths.events.show(n.event.id)}`;
      await services.mailer.queue(tx, { to: n.email, ...eventMail(n.kind, n.event, n.name, url) });
    }
    return notifications.length;
  });
  if (moved) services.mailer.kick();
  return moved;
}

/**
 * Queues the reminders of a day: to eligible people who have not confirmed, while confirmation
 * closes within two working days; and to confirmed people, the day before the event. Each reminder
 * goes once (its dedupe key).
 */
export async function queueReminders(
  db: Database,
  today = todayInEngland(),
): Promise<{ deadline: number; dayBefore: number }> {
  return db.transaction(async (tx) => {
    const holidays = await bankHolidaySet(tx);
    // Deadlines from today to two working days ahead.
    let horizon = today;
    for (let i = 0; i < 2; i++) {
      horizon = addDays(horizon, 1);
      while (workingDaysBefore(addDays(horizon, 1), 1, holidays) !== horizon) horizon = addDays(horizon, 1);
    }
    const { rows: closing } = await tx.execute<{ id: number }>(sql`
      SELECT id FROM programme_events WHERE status = 'scheduled' AND confirm_by BETWEEN ${today}::date AND ${horizon}::date`);
    let deadline = 0;
    for (const e of closing) {
      const { rows: placed } = await tx.execute<{ person_id: number }>(
        sql`SELECT person_id FROM event_places WHERE event_id = ${e.id} AND status <> 'cancelled'`,
      );
      const hasPlace = new Set(placed.map((p) => p.person_id));
      const unconfirmed = (await eligiblePeople(tx, e.id)).filter((p) => !hasPlace.has(p));
      deadline += await queueNotifications(tx, e.id, 'deadline_reminder', unconfirmed, true);
    }
    const tomorrow = addDays(today, 1);
    const { rows: soon } = await tx.execute<{ id: number; person_id: number }>(sql`
      SELECT e.id, p.person_id FROM programme_events e JOIN event_places p ON p.event_id = e.id AND p.status = 'confirmed'
      WHERE e.status = 'scheduled' AND (e.starts_at AT TIME ZONE 'Europe/London')::date = ${tomorrow}::date`);
    let dayBefore = 0;
    const byEvent = new Map<number, number[]>();
    for (const r of soon) byEvent.set(r.id, [...(byEvent.get(r.id) ?? []), r.person_id]);
    for (const [eventId, personIds] of byEvent) {
      dayBefore += await queueNotifications(tx, eventId, 'day_before_reminder', personIds, true);
    }
    return { deadline, dayBefore };
  });
}

/** Writes one email to each person who chose a digest, with all their pending event emails (to the outbox, in one transaction). */
export async function sendDigests(services: Services): Promise<number> {
  const people = await services.db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ id: number }>(sql`
      UPDATE event_notifications SET sent_at = now(), queued_at = now()
      WHERE sent_at IS NULL AND digest RETURNING id`);
    if (!rows.length) return 0;
    const ids = sql.join(
      rows.map((r) => sql`${r.id}`),
      sql`, `,
    );
    const pending = await loadNotifications(tx, sql`n.id IN (${ids})`);
    const byPerson = new Map<string, NotificationRow[]>();
    for (const n of pending) byPerson.set(n.email, [...(byPerson.get(n.email) ?? []), n]);
    for (const [email, items] of byPerson) {
      const mail = digestMail(
        items[0]!.name,
        items.map((i) => ({
          kind: i.kind,
          event: i.event,
          url: `${services.config.PUBLIC_URL}${paths.events.show(i.event.id)}`,
        })),
      );
      await services.mailer.queue(tx, { to: email, ...mail });
    }
    return byPerson.size;
  });
  if (people) services.mailer.kick();
  return people;
}

export interface EventMailWorker {
  boss: PgBoss;
  stop(): Promise<void>;
}

/** Starts the queues' worker in this process (the web server starts one). */
export async function startEventMailWorker(
  services: Services,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<EventMailWorker> {
  const boss = await services.queue.start();
  await boss.createQueue(queues.dispatch, { policy: 'short' });
  await boss.createQueue(queues.reminders, { retryLimit: 3 });
  await boss.createQueue(queues.digest, { retryLimit: 3 });
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  await boss.work(queues.dispatch, polling, async () => {
    while ((await moveNotificationsToOutbox(services)) > 0) {
      // Until none is pending.
    }
  });
  await boss.work(queues.reminders, polling, async () => {
    await queueReminders(services.db);
  });
  await boss.work(queues.digest, polling, async () => {
    await sendDigests(services);
  });
  await boss.schedule(queues.dispatch, '* * * * *', {}, { tz: 'Europe/London' });
  await boss.schedule(queues.reminders, '0 6 * * *', {}, { tz: 'Europe/London' });
  await boss.schedule(queues.digest, '0 7 * * *', {}, { tz: 'Europe/London' });
  return {
    boss,
    async stop() {
      for (const name of Object.values(queues)) await boss.offWork(name);
    },
  };
}
