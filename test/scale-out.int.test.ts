import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/modules/auth/sessions.ts';
import { academicYearOf, todayInEngland } from '../src/platform/dates.ts';
import { SESSION_COOKIE } from '../src/platform/http.ts';
import { paths } from '../src/platform/paths.ts';
import { addLead, makeActivity, makeNcp } from './support/delivery-factories.ts';
import { makeHub, makePerson } from './support/factories.ts';
import { startFlags } from './support/start-flags.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

/**
 * Scale-out, proven (issue 17): the platform's answer to outgrowing one machine is many stateless app
 * processes over one PostgreSQL. Two real server processes (`src/server.ts`, as `npm start` runs it) on
 * one database: a session signed in on one is valid on the other; a change made through one is seen at
 * once on a kept page of the other (each keeps its own pages, under the database's record versions);
 * and queued email goes out exactly once, though both run the mail queue.
 */
const root = path.resolve(import.meta.dirname, '..');
/** One secret for every process: it signs the session cookie, so any process can check it. */
const secret = 'scale-out-test-secret-of-at-least-32-characters';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server process as `npm start` runs it, on the given database; resolves once it listens. */
function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...startFlags, 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Maths Hubs Platform running at')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`The server stopped (${code}): ${output.slice(-2000)}`)));
  });
}

/** A browser-like client of one server: its cookies, and forms read off its pages. */
class HttpClient {
  readonly cookies = new Map<string, string>();
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }

  #cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  #keep(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }

  async get(url: string): Promise<{ status: number; body: string; kept: string | null }> {
    const response = await fetch(`${this.base}${url}`, {
      headers: { cookie: this.#cookieHeader() },
      redirect: 'manual',
    });
    this.#keep(response);
    return {
      status: response.status,
      body: await response.text(),
      kept: response.headers.get('x-page-cache'),
    };
  }

  /** Fills the first form on `formUrl` as it stands (inputs and checked radios), with `changes`, and posts it. */
  async submit(formUrl: string, changes: Record<string, string>): Promise<number> {
    const page = await this.get(formUrl);
    const form = /<form\b[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/.exec(page.body);
    if (!form) throw new Error(`No form on ${formUrl}`);
    const action = /action="([^"]*)"/.exec(form[0])?.[1] ?? formUrl;
    const fields = new URLSearchParams();
    for (const input of form[1]!.matchAll(/<input\b[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      const type = /type="([^"]+)"/.exec(input[0])?.[1] ?? 'text';
      if (!name || ((type === 'radio' || type === 'checkbox') && !/\bchecked\b/.test(input[0]))) continue;
      fields.set(name, value.replaceAll('&amp;', '&'));
    }
    for (const [k, v] of Object.entries(changes)) fields.set(k, v);
    const response = await fetch(`${this.base}${action.replaceAll('&amp;', '&')}`, {
      method: 'POST',
      body: fields,
      headers: {
        cookie: this.#cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
        referer: `${this.base}${formUrl}`,
        origin: this.base,
      },
      redirect: 'manual',
    });
    this.#keep(response);
    return response.status;
  }
}

const queuedMail = 30;

describe('two app processes over one database', () => {
  let t: TestContext;
  const servers: ChildProcess[] = [];
  const received: { to: string; subject: string }[] = [];
  let smtp: SMTPServer;
  let a: HttpClient;
  let b: HttpClient;
  let activityId: number;
  let email: string;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const data = Buffer.concat(chunks).toString('utf8');
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            subject: /^Subject: (.*)$/m.exec(data)?.[1] ?? '',
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const smtpUrl = `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true&secure=false`;
    t = await createTestApp({}, { SMTP_URL: smtpUrl, SESSION_SECRET: secret });
    // Records to show: a hub (so the servers load no demo data), its lead, an activity of this year.
    const year = academicYearOf(todayInEngland());
    const hub = await makeHub(t.db, { slug: 'scale-hub', name: 'Scale Maths Hub' });
    const lead = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }], {
      givenName: 'Sasha',
      familyName: 'Scale',
    });
    email = lead.email;
    const ncp = await makeNcp(t.db, { yearCode: year });
    activityId = (
      await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: year, title: 'Before WG' })
    ).id;
    await addLead(t.db, activityId, lead.id);
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: t.services.config.DATABASE_URL,
      SESSION_SECRET: secret,
      SMTP_URL: smtpUrl,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    // Email queued before the processes start: each dispatches what is pending as it starts, at once.
    await t.db.execute(sql`
      INSERT INTO outbox (to_address, subject, text_body, transport)
      SELECT ${email}, 'Queued message ' || n, 'Body ' || n, 'smtp' FROM generate_series(1, ${queuedMail}) n`);
    const ports = [await freePort(), await freePort()];
    for (const port of ports) servers.push(await startServer({ ...env, PORT: String(port) }));
    // One session, signed in once (as the sign-in page does), carried to both processes.
    const token = await createSession(t.db, lead.id);
    const cookie = encodeURIComponent(t.app.signCookie(token));
    a = new HttpClient(`http://127.0.0.1:${ports[0]}`);
    b = new HttpClient(`http://127.0.0.1:${ports[1]}`);
    for (const client of [a, b]) client.cookies.set(SESSION_COOKIE, cookie);
  }, 180_000);

  afterAll(async () => {
    for (const server of servers) {
      const stopped = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await stopped;
    }
    await t?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('takes a session signed in on one as valid on the other', async () => {
    for (const client of [a, b]) {
      const page = await client.get(paths.dashboard);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Sasha Scale');
    }
  });

  it('shows a change made through one at once on a kept page of the other', async () => {
    const list = `${paths.myHub.activities}?hub=scale-hub`;
    const first = await a.get(list);
    expect(first.status).toBe(200);
    expect(first.body).toContain('Before WG');
    const again = await a.get(list);
    expect([again.kept, again.body.includes('Before WG')]).toEqual(['hit', true]); // kept by process A
    expect(await b.submit(paths.activity.edit(activityId), { title: 'After WG' })).toBe(303);
    const after = await a.get(list);
    expect(after.kept).toBe('miss');
    expect(after.body).toContain('After WG');
    expect(after.body).not.toContain('Before WG');
  });

  it('sends each queued email exactly once, though both processes run the mail queue', async () => {
    const count = queuedMail;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const { rows } = await t.db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM outbox WHERE subject LIKE 'Queued message %' AND sent_at IS NOT NULL`,
      );
      if (rows[0]!.n === count) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // A moment more, for any second delivery to show itself.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const queued = received.filter((m) => m.subject.startsWith('Queued message '));
    expect(queued).toHaveLength(count);
    expect(new Set(queued.map((m) => m.subject)).size).toBe(count);
    const { rows } = await t.db.execute<{ attempts: number }>(
      sql`SELECT attempts FROM outbox WHERE subject LIKE 'Queued message %'`,
    );
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  }, 120_000);
});
