import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { type MailQueue, startMailQueue } from '../../platform/mail-queue.ts';
import { outbox } from '../../platform/mail-schema.ts';
import { paths } from '../../platform/paths.ts';
import { enrolments } from '../activities/schema.ts';
import { type EventMailWorker, startEventMailWorker } from '../events/mail-jobs.ts';
import { people } from '../people/schema.ts';

interface Received {
  to: string[];
  data: string;
}

/**
 * The email road (docs/adr/0006): a registration's email is an outbox row written in the
 * registration's transaction and sent by the queue. A mail server that refuses does not turn a saved
 * registration into an error page; the email goes once the server takes mail again.
 */
describe('registration emails go through the queue', () => {
  const received: Received[] = [];
  let refusing = true;
  let server: SMTPServer;
  let t: TestContext;
  let worker: EventMailWorker;
  let queue: MailQueue;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        if (!refusing) return callback();
        const busy = new Error('Mailbox unavailable, try again later') as Error & { responseCode: number };
        busy.responseCode = 451;
        return callback(busy);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
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
    queue = await startMailQueue(worker.boss, t.db, t.services.mailer, {
      retryDelaySeconds: 1,
      pollingIntervalSeconds: 0.5,
    });
  }, 60_000);
  afterAll(async () => {
    await queue?.stop();
    await worker?.stop();
    await t?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const waitFor = async <T>(
    check: () => Promise<T | undefined> | T | undefined,
    seconds = 40,
  ): Promise<T> => {
    const until = Date.now() + seconds * 1000;
    for (;;) {
      const found = await check();
      if (found) return found;
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('registering succeeds while the mail server refuses, and the email goes once when it comes back', async () => {
    const la = await makeLocalAuthority(t.db);
    const hub = await makeHub(t.db, {}, [{ laCode: la.code }]);
    const school = await makeSchool(t.db, { laCode: la.code });
    const leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
    const ncp = await makeNcp(t.db, { type: 'programme' });
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      kind: 'programme_cohort',
      title: 'Queued mail cohort',
    });
    const client = await signedInClient(t.app, t.db, leader.id);
    const email = 'queued.teacher@example.org';
    const response = await client.submit(paths.activity.signUp(activity.id), {
      form: 'participant',
      email,
      givenName: 'Amira',
      familyName: 'Khan',
      schoolUrn: String(school.urn),
      roleInSchool: 'Class teacher',
      yearGroups: ['Year 3'],
    });
    expect(response.statusCode).toBe(303);
    const [person] = await t.db.select().from(people).where(eq(people.email, email));
    expect(person).toBeDefined();
    expect(await t.db.select().from(enrolments).where(eq(enrolments.personId, person!.id))).toHaveLength(1);

    // The email is in the outbox, not sent: the server refuses it, and the queue keeps trying.
    const [pending] = await t.db.select().from(outbox).where(eq(outbox.toAddress, email));
    expect(pending).toMatchObject({ transport: 'smtp', sentAt: null });
    expect(pending!.subject).toContain('Queued mail cohort');
    await waitFor(async () => {
      const [row] = await t.db.select().from(outbox).where(eq(outbox.id, pending!.id));
      return row!.attempts >= 1 && row!.error ? row : undefined;
    });
    expect(received.filter((m) => m.to.includes(email))).toHaveLength(0);
    expect((await client.get(paths.outbox)).body).toContain('Waiting to be sent');

    // The server comes back: the retry delivers the email, once.
    refusing = false;
    const sent = await waitFor(async () => {
      const [row] = await t.db.select().from(outbox).where(eq(outbox.id, pending!.id));
      return row!.sentAt ? row : undefined;
    });
    expect(sent.messageId).toBeTruthy();
    await new Promise((r) => setTimeout(r, 2500));
    const delivered = received.filter((m) => m.to.includes(email));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.data).toContain('Queued mail cohort');
    expect(await t.db.select().from(outbox).where(eq(outbox.toAddress, email))).toHaveLength(1);
  }, 90_000);

  it('a mail queued in a transaction that rolls back is never sent', async () => {
    refusing = false;
    const email = 'rolled.back@example.org';
    await expect(
      t.db.transaction(async (tx) => {
        await t.services.mailer.queue(tx, { to: email, subject: 'Never', text: 'Never sent' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    t.services.mailer.kick();
    await new Promise((r) => setTimeout(r, 2500));
    expect(await t.db.select().from(outbox).where(eq(outbox.toAddress, email))).toHaveLength(0);
    expect(received.filter((m) => m.to.includes(email))).toHaveLength(0);
  }, 30_000);

  it('sends a burst of emails without waiting a polling interval after each', async () => {
    refusing = false;
    const burst = 60;
    await t.db.transaction(async (tx) => {
      for (let i = 1; i <= burst; i++)
        await t.services.mailer.queue(tx, {
          to: `burst.${i}@example.org`,
          subject: `Burst ${i}`,
          text: 'Hello',
        });
    });
    const started = Date.now();
    t.services.mailer.kick();
    await waitFor(() => received.filter((m) => m.to[0]!.startsWith('burst.')).length >= burst || undefined);
    // One email a fetch took the polling interval (0.5 s here) for each: 30 s for these 60.
    expect(Date.now() - started).toBeLessThan(10_000);
    const rows = await t.db.select().from(outbox);
    const burstRows = rows.filter((r) => r.toAddress.startsWith('burst.'));
    expect(burstRows.every((r) => r.sentAt !== null && r.attempts === 1)).toBe(true);
    expect(received.filter((m) => m.to[0]!.startsWith('burst.'))).toHaveLength(burst);
  }, 60_000);
});
