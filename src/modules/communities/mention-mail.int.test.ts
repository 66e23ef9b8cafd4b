import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { type MailQueue, startMailQueue } from '../../platform/mail-queue.ts';
import { paths } from '../../platform/paths.ts';
import { type EventMailWorker, startEventMailWorker } from '../events/mail-jobs.ts';
import { publishDueMessages } from './messages.ts';

interface Received {
  to: string[];
  data: string;
}

/**
 * Mentions by email (issue 18): someone @mentioned whose level for the thread (or else the space) is
 * "all" or "mentions only" is emailed when the message goes out (posted now, posted from a draft, or
 * posted at 8am by the job), through the outbox and the real mail queue; "none" is told nothing, and
 * nobody is told of their own mention.
 */
describe('communities: mentions are emailed through the queue', () => {
  const received: Received[] = [];
  let server: SMTPServer;
  let t: TestContext;
  let worker: EventMailWorker;
  let queue: MailQueue;
  let space = '';
  const person: Record<string, number> = {};
  const client = async (name: string) => signedInClient(t.app, t.db, person[name]!);

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
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
    const yearCode = academicYearOf(todayInEngland());
    const hub = await makeHub(t.db, { slug: 'mention-hub', name: 'Mention Maths Hub' });
    const ncp = await makeNcp(t.db, { yearCode, code: 'NCP26-09', title: 'Primary TfM Work Groups' });
    for (const name of ['lee.ames', 'nia.cole', 'olu.bell', 'tam.dee']) {
      const [given, family] = name.split('.') as [string, string];
      person[given] = (
        await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], {
          givenName: given[0]!.toUpperCase() + given.slice(1),
          familyName: family,
          email: `${name}@example.org`,
        })
      ).id;
      const activity = await makeActivity(t.db, {
        hubId: hub.id,
        ncpId: ncp.id,
        yearCode,
        title: `WG ${name}`,
      });
      await addLead(t.db, activity.id, person[given]!);
    }
    space = `ncp-${ncp.id}`;
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
  const mailsTo = (address: string) => received.filter((m) => m.to.includes(address));

  it('emails those mentioned at "all" or "mentions only" when the message is posted; "none" and the author get nothing', async () => {
    // Nia: mentions only in the space; Olu: every message (no choice made); Tam: nothing.
    await (await client('nia')).submit(
      paths.communities.spaceNotifications(space),
      { level: 'mentions' },
      paths.communities.space(space),
    );
    await (await client('tam')).submit(
      paths.communities.spaceNotifications(space),
      { level: 'none' },
      paths.communities.space(space),
    );
    const lee = await client('lee');
    const posted = await lee.submit(
      paths.communities.threads(space),
      {
        title: 'Reasoning in Year 3',
        body: 'What do you think, @nia.cole, @olu.bell and @tam.dee? (And me, @lee.ames.)',
        when: 'now',
      },
      paths.communities.space(space),
    );
    expect(posted.statusCode).toBe(303);
    const nia = await waitFor(() => mailsTo('nia.cole@example.org')[0]);
    expect(nia.data).toContain('Reasoning in Year 3');
    expect(nia.data).toContain('mentioned you');
    await waitFor(() => mailsTo('olu.bell@example.org')[0]);
    // The queue has sent everything written: nothing for Tam (none) or Lee (their own message).
    await waitFor(async () => {
      const { rows } = await t.db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`,
      );
      return rows[0]!.n === 0 || undefined;
    });
    const { rows: written } = await t.db.execute<{ to_address: string }>(
      sql`SELECT to_address FROM outbox ORDER BY id`,
    );
    expect(written.map((r) => r.to_address).sort()).toEqual(['nia.cole@example.org', 'olu.bell@example.org']);
    expect(mailsTo('tam.dee@example.org')).toEqual([]);
    expect(mailsTo('lee.ames@example.org')).toEqual([]);
  });

  it('emails a thread’s mention when a draft is posted or the job posts at 8am, by the thread’s own level', async () => {
    const lee = await client('lee');
    const threadId = (await t.db.execute<{ id: number }>(sql`SELECT max(id) AS id FROM community_threads`))
      .rows[0]!.id;
    const threadUrl = paths.communities.thread(threadId);
    // Olu unsubscribes from the thread; Tam chooses mentions in it (over the space's "none").
    await (await client('olu')).submit(
      paths.communities.threadNotifications(threadId),
      { level: 'none' },
      threadUrl,
    );
    await (await client('tam')).submit(
      paths.communities.threadNotifications(threadId),
      { level: 'mentions' },
      threadUrl,
    );
    const before = received.length;
    const draft = await lee.submit(
      paths.communities.replies(threadId),
      { body: 'A draft for @tam.dee and @olu.bell', when: 'draft' },
      threadUrl,
    );
    expect(draft.statusCode).toBe(303);
    const morning = await lee.submit(
      paths.communities.replies(threadId),
      { body: 'At 8am, @tam.dee', when: 'morning' },
      threadUrl,
    );
    expect(morning.statusCode).toBe(303);
    // Nothing goes out while they wait.
    expect((await t.db.execute(sql`SELECT 1 FROM outbox WHERE to_address LIKE 'tam%'`)).rows).toHaveLength(0);
    const { rows } = await t.db.execute<{ id: number; is_draft: boolean }>(
      sql`SELECT id, is_draft FROM community_messages WHERE published_at IS NULL ORDER BY id`,
    );
    const draftId = rows.find((r) => r.is_draft)!.id;
    // The draft, posted: Tam is told; Olu (unsubscribed from the thread) is not.
    await lee.submit(paths.communities.postNow(draftId), {}, threadUrl);
    const tamDraft = await waitFor(() => mailsTo('tam.dee@example.org')[0]);
    expect(tamDraft.data).toContain('A draft for');
    // The 8am message, posted by the job.
    await t.db.execute(sql`UPDATE community_messages SET scheduled_for = now() - interval '1 minute'
      WHERE published_at IS NULL AND NOT is_draft`);
    expect(await publishDueMessages(t.db, systemActor('test'), t.services)).toBe(1);
    const tamMorning = await waitFor(() => mailsTo('tam.dee@example.org')[1]);
    expect(tamMorning.data).toContain('At 8am');
    expect(received.slice(before).filter((m) => m.to.includes('olu.bell@example.org'))).toEqual([]);
  });
  it('emails someone newly mentioned by an edit, once; those mentioned before the edit are not told again', async () => {
    const lee = await client('lee');
    const posted = await lee.submit(
      paths.communities.threads(space),
      { title: 'Bar models in Year 5', body: 'First thoughts, @nia.cole?', when: 'now' },
      paths.communities.space(space),
    );
    expect(posted.statusCode).toBe(303);
    await waitFor(() => mailsTo('nia.cole@example.org').find((m) => m.data.includes('Bar models')));
    const { rows } = await t.db.execute<{ id: number }>(sql`
      SELECT m.id FROM community_messages m JOIN community_threads th ON th.id = m.thread_id
      WHERE th.title = 'Bar models in Year 5'`);
    const messageId = rows[0]!.id;
    const edited = await lee.submit(paths.communities.editMessage(messageId), {
      title: 'Bar models in Year 5',
      body: 'First thoughts, @nia.cole? And @olu.bell, you used them last year.',
    });
    expect(edited.statusCode).toBe(303);
    const olu = await waitFor(() =>
      mailsTo('olu.bell@example.org').find((m) => m.data.includes('Bar models')),
    );
    expect(olu.data).toContain('you used them last year');
    // Everything written has gone: Nia was told once (on posting), not again on the edit.
    await waitFor(async () => {
      const { rows: unsent } = await t.db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`,
      );
      return unsent[0]!.n === 0 || undefined;
    });
    const { rows: written } = await t.db.execute<{ to_address: string }>(
      sql`SELECT to_address FROM outbox WHERE subject LIKE '%Bar models%' ORDER BY to_address`,
    );
    expect(written.map((r) => r.to_address)).toEqual(['nia.cole@example.org', 'olu.bell@example.org']);
    // A second edit that mentions the same people tells no one.
    await lee.submit(paths.communities.editMessage(messageId), {
      title: 'Bar models in Year 5',
      body: 'First thoughts, @nia.cole? And @olu.bell, you used them in 2025.',
    });
    const { rows: again } = await t.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM outbox WHERE subject LIKE '%Bar models%'`,
    );
    expect(again[0]!.n).toBe(2);
  });
});
