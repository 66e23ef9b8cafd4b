import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createSession } from '../../src/modules/auth/sessions.ts';
import { hubAreas, hubs, localAuthorities } from '../../src/modules/hubs/schema.ts';
import { people, type Role, roleAssignments } from '../../src/modules/people/schema.ts';
import { schools } from '../../src/modules/schools/schema.ts';
import type { Database } from '../../src/platform/database.ts';
import { SESSION_COOKIE } from '../../src/platform/http.ts';
import { TestClient } from './client.ts';

let sequence = 0;
const next = () => ++sequence;

export async function makeLocalAuthority(
  db: Database,
  overrides: Partial<typeof localAuthorities.$inferInsert> = {},
) {
  const n = next();
  const [la] = await db
    .insert(localAuthorities)
    .values({
      code: String(700 + (n % 299)),
      name: `Testshire ${n}`,
      gssCode: `E06${String(n).padStart(6, '0')}`,
      regionCode: 'E12000003',
      regionName: 'Yorkshire and The Humber',
      entity: 'Unitary Authorities',
      ...overrides,
    })
    .returning();
  return la!;
}

export async function makeHub(
  db: Database,
  overrides: Partial<typeof hubs.$inferInsert> = {},
  areas: { laCode: string; districtCode?: string; districtName?: string; isDemonstration?: boolean }[] = [],
) {
  const n = next();
  const [hub] = await db
    .insert(hubs)
    .values({
      slug: `test-hub-${n}`,
      name: `Test ${n} Maths Hub`,
      leadSchoolName: `Lead School ${n}`,
      contactEmail: `hub${n}@example.org`,
      ...overrides,
    })
    .returning();
  for (const area of areas) await db.insert(hubAreas).values({ hubId: hub!.id, ...area });
  return hub!;
}

export async function makeSchool(
  db: Database,
  overrides: Partial<typeof schools.$inferInsert> & { laCode: string },
) {
  const n = next();
  const [school] = await db
    .insert(schools)
    .values({
      urn: 900000 + n,
      name: `Test Primary School ${n}`,
      typeName: 'Community school',
      typeGroupName: 'Local authority maintained schools',
      statusName: 'Open',
      isOpen: true,
      phaseOfEducation: 'Primary',
      phase: 'primary',
      isStateFunded: true,
      postcode: `TS${n % 10} ${n % 9}AB`,
      town: 'Testington',
      source: 'demo',
      ...overrides,
    })
    .returning();
  return school!;
}

export interface PersonRole {
  role: Role;
  hubId?: number;
  schoolUrn?: number;
  title?: string;
  /** An NCP role's NCP key ('09'); a local authority partner's LA code. */
  ncpKey?: string;
  laCode?: string;
}

export async function makePerson(
  db: Database,
  roles: PersonRole[] = [],
  overrides: Partial<typeof people.$inferInsert> = {},
) {
  const n = next();
  const [person] = await db
    .insert(people)
    .values({
      email: `person${n}-${randomBytes(3).toString('hex')}@example.org`,
      givenName: 'Test',
      familyName: `Person ${n}`,
      ...overrides,
    })
    .returning();
  for (const r of roles) {
    await db.insert(roleAssignments).values({
      personId: person!.id,
      role: r.role,
      hubId: r.hubId ?? null,
      schoolUrn: r.schoolUrn ?? null,
      ncpKey: r.ncpKey ?? null,
      laCode: r.laCode ?? null,
      title: r.title ?? null,
    });
  }
  return person!;
}

/** A client signed in as the person (a session made directly, as the sign-in flow would). */
export async function signedInClient(
  app: FastifyInstance,
  db: Database,
  personId: number,
): Promise<TestClient> {
  const client = new TestClient(app);
  const token = await createSession(db, personId);
  client.setCookie(SESSION_COOKIE, app.signCookie(token));
  return client;
}
