import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMailTo } from '../../../test/support/auth-helpers.ts';
import { TestClient } from '../../../test/support/client.ts';
import { makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { REDACTED } from '../../platform/mail.ts';
import { paths } from '../../platform/paths.ts';

interface Received {
  from: string;
  to: string[];
  data: string;
}

describe('sending sign-in codes through a real SMTP server', () => {
  const received: Received[] = [];
  let server: SMTPServer;
  let t: TestContext;

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
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
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
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('delivers the code by SMTP and keeps only a redacted copy in the outbox', async () => {
    const person = await makePerson(t.db);
    const client = new TestClient(t.app);
    const response = await client.submit(paths.signIn, { email: person.email });
    expect(response.statusCode).toBe(303);

    expect(received).toHaveLength(1);
    const message = received[0]!;
    expect(message.to).toEqual([person.email]);
    expect(message.from).toBe('no-reply@mathshubs.example');
    expect(message.data).toContain('Subject: Your sign-in code for the Maths Hubs Platform');
    const code = /sign-in code is (\d{6})/.exec(message.data)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    const stored = await latestMailTo(t.db, person.email);
    expect(stored).toMatchObject({ transport: 'smtp', error: null });
    expect(stored?.sentAt).not.toBeNull();
    expect(stored?.textBody).toContain(REDACTED);
    expect(stored?.textBody).not.toContain(code);

    const done = await client.submit(paths.signInCode, { code: code! });
    expect(done.headers.location).toBe(paths.dashboard);
  });
});
