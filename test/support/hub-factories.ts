import { readFileSync } from 'node:fs';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createSession } from '../../src/modules/auth/sessions.ts';
import { eventLog } from '../../src/platform/audit-schema.ts';
import type { Database } from '../../src/platform/database.ts';
import { SESSION_COOKIE } from '../../src/platform/http.ts';
import { projectRoot } from '../../src/platform/views.ts';
import type { TestClient } from './client.ts';
import { makePerson, signedInClient } from './factories.ts';

/** A file of the project's reference/ folder, as the national team would import it. */
export const referenceFile = (name: string) =>
  readFileSync(path.join(projectRoot, 'reference', name), 'utf8');

/** A CSV file from lines (the header first), with CRLF line ends as Excel writes them. */
export const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** A signed-in client, with the person's email and their label in the event log (by id only). */
export type SignedIn = { client: TestClient; personId: number; email: string; actorLabel: string };

async function signedInAs(
  app: FastifyInstance,
  db: Database,
  roles: Parameters<typeof makePerson>[1],
): Promise<SignedIn> {
  const person = await makePerson(db, roles);
  return {
    client: await signedInClient(app, db, person.id),
    personId: person.id,
    email: person.email,
    actorLabel: `person:${person.id}`,
  };
}

export const signInNationalAdmin = (app: FastifyInstance, db: Database) =>
  signedInAs(app, db, [{ role: 'national_admin' }]);

export const signInNationalAnalyst = (app: FastifyInstance, db: Database) =>
  signedInAs(app, db, [{ role: 'national_analyst' }]);

export const signInHubLead = (app: FastifyInstance, db: Database, hubId: number) =>
  signedInAs(app, db, [{ role: 'hub_leadership', hubId, title: 'Maths Hub Lead' }]);

/**
 * Gives `to` a valid CSRF token, from the form page as a national administrator sees it: someone who
 * sees no form can then post, to show that their access, not the CSRF check, stops them.
 */
export async function csrfFor(
  app: FastifyInstance,
  db: Database,
  formUrl: string,
  to: TestClient,
): Promise<string> {
  const admin = await makePerson(db, [{ role: 'national_admin' }]);
  const session = app.signCookie(await createSession(db, admin.id));
  const page = await app.inject({
    method: 'GET',
    url: formUrl,
    headers: { cookie: `${SESSION_COOKIE}=${encodeURIComponent(session)}` },
  });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const cookie = page.cookies.find((c) => c.name === 'mh_csrf');
  if (!token || !cookie) throw new Error(`No CSRF token on ${formUrl} (status ${page.statusCode})`);
  to.setCookie('mh_csrf', cookie.value);
  return token;
}

/** The most recent events about a subject, newest first. */
export async function eventsAbout(db: Database, subjectType: string, subjectId: string | number) {
  const rows = await db
    .select()
    .from(eventLog)
    .where(eq(eventLog.subjectType, subjectType))
    .orderBy(desc(eventLog.id));
  return rows.filter((e) => e.subjectId === String(subjectId));
}
