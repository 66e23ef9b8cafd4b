import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromToday, givePlace, makeEvent } from '../../../test/support/event-factories.ts';
import { makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { formatDate } from '../../platform/dates.ts';
import { type MailQueue, startMailQueue } from '../../platform/mail-queue.ts';
import {
  type EventMailWorker,
  kickMailQueue,
  queueReminders,
  sendDigests,
  startEventMailWorker,
} from './mail-jobs.ts';
import { requestPlace } from './places.ts';
import { queueNotifications } from './queue-notification.ts';
import { eventMailPreferences } from './schema.ts';

interface Received {
  to: string[];
  data: string;
}

/**
 * Event emails through the real pg-boss queues on PostgreSQL and a real SMTP server, which refuses
 * the first message it is given (as a busy server does): the send job is retried and the mail goes (platform/mail-queue.ts, the one email road).
 */
describe('event emails through the queue', () => {
  const received: Received[] = [];
  let refuseNext = 1;
  let server: SMTPServer;
  let t: TestContext;
  let worker: EventMailWorker;
  let mailQueue: MailQueue;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (refuseNext > 0) {
            refuseNext--;
            const busy = new Error('Try again later') as Error & { responseCode: number };
            busy.responseCode = 451;
            return callback(busy);
          }
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            data: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    t = await createTestApp({}, { SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true&secure=false` });
    worker = await startEventMailWorker(t.services, { pollingIntervalSeconds: 0.5 });
    mailQueue = await startMailQueue(worker.boss, t.db, t.services.mailer, {
      retryDelaySeconds: 1,
      pollingIntervalSeconds: 0.5,
    });
  }, 60_000);
  afterAll(async () => {
    await mailQueue.stop();
    await worker.stop();
    await t.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const waitFor = async <T>(
    check: () => Promise<T | undefined> | T | undefined,
    seconds = 30,
  ): Promise<T> => {
    const until = Date.now() + seconds * 1000;
    for (;;) {
      const found = await check();
      if (found) return found;
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('a confirmation email is queued in the transaction, retried after the SMTP server refuses it, and sent', async () => {
    const person = await makePerson(t.db);
    const event = await makeEvent(t.db, { title: 'Queued confirmation event', invite: [person.id] });
    await requestPlace(t.db, systemActor('test'), { eventId: event.id, personId: person.id });
    kickMailQueue(t.services.queue);
    const mail = await waitFor(() => received.find((m) => m.to.includes(person.email)));
    expect(refuseNext).toBe(0); // the first attempt was refused
    expect(mail.data).toContain('Subject: Your place is confirmed: Queued confirmation event');
    expect(mail.data).toContain(`Last day to confirm: ${formatDate(event.confirmBy)}`);
    const { rows } = await t.db.$client.query(
      'SELECT sent_at FROM event_notifications WHERE person_id = $1',
      [person.id],
    );
    expect(rows[0].sent_at).not.toBeNull();
    // One outbox row (the email road), sent on its second attempt.
    const outbox = await waitFor(async () => {
      const { rows } = await t.db.$client.query(
        'SELECT attempts, sent_at IS NOT NULL AS sent FROM outbox WHERE to_address = $1',
        [person.email],
      );
      return rows[0]?.sent ? rows : undefined;
    });
    expect(outbox).toEqual([{ attempts: 2, sent: true }]);
  }, 60_000);

  it('reminders: before the deadline to those not confirmed, the day before to those confirmed, once each', async () => {
    const waiting = await makePerson(t.db);
    const confirmed = await makePerson(t.db);
    const today = dayFromToday(0);
    const closing = await makeEvent(t.db, {
      confirmBy: today,
      invite: [waiting.id, confirmed.id],
      title: 'Closing today',
    });
    await givePlace(t.db, closing.id, confirmed.id);
    const tomorrow = await makeEvent(t.db, {
      startsAt: new Date(`${dayFromToday(1)}T12:00:00Z`),
      confirmBy: dayFromToday(-1),
      title: 'Tomorrow event',
    });
    await givePlace(t.db, tomorrow.id, confirmed.id);
    const first = await queueReminders(t.db, today);
    expect(first.deadline).toBeGreaterThanOrEqual(1);
    expect(first.dayBefore).toBeGreaterThanOrEqual(1);
    const again = await queueReminders(t.db, today);
    expect(again).toEqual({ deadline: 0, dayBefore: 0 });
    const { rows } = await t.db.$client.query(
      'SELECT person_id, kind, event_id FROM event_notifications WHERE event_id IN ($1, $2) ORDER BY id',
      [closing.id, tomorrow.id],
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { person_id: waiting.id, kind: 'deadline_reminder', event_id: closing.id },
        { person_id: confirmed.id, kind: 'day_before_reminder', event_id: tomorrow.id },
      ]),
    );
    expect(
      rows.find(
        (r: { person_id: number; kind: string }) =>
          r.person_id === confirmed.id && r.kind === 'deadline_reminder',
      ),
    ).toBeUndefined();
    kickMailQueue(t.services.queue);
    const reminder = await waitFor(() => received.find((m) => m.to.includes(waiting.email)));
    expect(reminder.data).toContain('Subject: Confirm by');
  }, 60_000);

  it('a person who chose a digest gets one email a day with all their updates', async () => {
    const person = await makePerson(t.db);
    await t.db.insert(eventMailPreferences).values({ personId: person.id, dailyDigest: true });
    const one = await makeEvent(t.db, { title: 'Digest event one' });
    const two = await makeEvent(t.db, { title: 'Digest event two' });
    await t.db.transaction(async (tx) => {
      await queueNotifications(tx, one.id, 'invitation', [person.id]);
      await queueNotifications(tx, two.id, 'invitation', [person.id]);
    });
    kickMailQueue(t.services.queue);
    await new Promise((r) => setTimeout(r, 1500));
    expect(received.filter((m) => m.to.includes(person.email))).toHaveLength(0); // held for the digest
    expect(await sendDigests(t.services)).toBeGreaterThanOrEqual(1);
    await waitFor(() => received.find((m) => m.to.includes(person.email)));
    await new Promise((r) => setTimeout(r, 1000));
    const digests = received.filter((m) => m.to.includes(person.email));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.data).toContain('Digest event one');
    expect(digests[0]!.data).toContain('Digest event two');
    expect(await sendDigests(t.services)).toBe(0);
  }, 60_000);
});
