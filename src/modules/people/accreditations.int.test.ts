import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, makePerson } from '../../../test/support/factories.ts';
import { csv, signInHubLead, signInNationalAdmin } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { auditActions, personRef } from '../../platform/audit-actions.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { accreditationKindOf, awardDate } from './record-accreditations.ts';
import { accreditations } from './schema.ts';

describe('recording accreditations through the API', () => {
  let t: TestContext;
  let adminToken: string;
  let analystToken: string;
  let ada: Awaited<ReturnType<typeof makePerson>>;
  const post = (token: string, body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/accreditations',
      headers: { authorization: `Bearer ${token}` },
      payload: body as Record<string, unknown>,
    });

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    const analyst = await makePerson(t.db, [{ role: 'national_analyst' }]);
    adminToken = (await createApiToken(t.db, systemActor('test'), { personId: admin.id, name: 'awards' }))
      .token;
    analystToken = (await createApiToken(t.db, systemActor('test'), { personId: analyst.id, name: 'read' }))
      .token;
    ada = await makePerson(t.db, [], { email: 'ada.lovelace@example.org' });
  });
  afterAll(() => t.close());

  it('records a list all or nothing: a problem anywhere is a 422 with each problem, and nothing is written', async () => {
    const refused = await post(adminToken, {
      accreditations: [
        { email: 'ada.lovelace@example.org', accreditation: 'secondary Mastery Specialist', cohort: '7' },
        { email: 'nobody@example.org', accreditation: 'PD Lead' },
        { email: 'ada.lovelace@example.org', accreditation: 'PD Lead', awarded_on: '2024-02-30' },
      ],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems).toEqual([
      { line: 2, message: 'No one on the platform has the email nobody@example.org: add them first' },
      { line: 3, message: 'awarded_on: 2024-02-30 is not a date like 2024-01-08 or 08/01/2024' },
    ]);
    expect(await t.db.select().from(accreditations).where(eq(accreditations.personId, ada.id))).toEqual([]);
  });

  it('records them, each with an event that reads as a sentence; the same again is unchanged', async () => {
    const body = {
      accreditations: [
        { email: 'Ada.Lovelace@example.org', accreditation: 'secondary_mastery_specialist', cohort: '7' },
        { email: 'ada.lovelace@example.org', accreditation: 'PD Lead', awarded_on: '2024-01-08' },
      ],
    };
    const res = await post(adminToken, body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect((await post(adminToken, body)).json()).toEqual({ added: 0, updated: 0, unchanged: 2 });
    const rows = await t.db
      .select({
        kind: accreditations.kind,
        cohort: accreditations.cohort,
        awardedOn: accreditations.awardedOn,
      })
      .from(accreditations)
      .where(eq(accreditations.personId, ada.id));
    expect(rows.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      { kind: 'pd_lead', cohort: null, awardedOn: '2024-01-08' },
      { kind: 'secondary_mastery_specialist', cohort: '7', awardedOn: null },
    ]);
    const events = await t.db
      .select()
      .from(eventLog)
      .where(eq(eventLog.action, 'person.accreditation_recorded'));
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.subjectType === 'person' && e.subjectId === String(ada.id))).toBe(true);
    const words = auditActions['person.accreditation_recorded']
      .sentence({
        actor: personRef(1),
        subjectId: String(ada.id),
        hubId: null,
        changes: { kind: 'pd_lead', cohort: '3', awardedOn: '2024-01-08' },
      })
      .map((p) => (typeof p === 'string' ? p : '[someone]'))
      .join('');
    expect(words).toBe(
      '[someone] recorded that [someone] is an accredited PD Lead (cohort 3), awarded 8 January 2024',
    );
  });

  it('is for national administrators only', async () => {
    const res = await post(analystToken, {
      accreditations: [{ email: 'ada.lovelace@example.org', accreditation: 'pd_lead' }],
    });
    expect(res.statusCode).toBe(403);
  });

  it('reads accreditations by their codes or the names people use, and dates two ways', () => {
    expect(accreditationKindOf('accredited primary Mastery Specialist')).toBe('mastery_specialist');
    expect(accreditationKindOf('Post-16 Mastery Specialist')).toBe('post_16_mastery_specialist');
    expect(accreditationKindOf('work-group-lead')).toBe('work_group_lead');
    expect(accreditationKindOf('Wizard')).toBeNull();
    expect([
      awardDate('08/01/2024'),
      awardDate('2024-01-08'),
      awardDate('31/02/2024'),
      awardDate('8 Jan'),
    ]).toEqual(['2024-01-08', '2024-01-08', null, null]);
  });
});

describe('accreditations on a person’s page and from an uploaded file', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('records one on the person’s page (national team), with a link to the evidence; hub leadership see them', async () => {
    const hub = await makeHub(t.db);
    const admin = await signInNationalAdmin(t.app, t.db);
    const hubLead = await signInHubLead(t.app, t.db, hub.id);
    const llme = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }]);
    const page = paths.admin.person(llme.id);
    expect((await admin.client.get(page)).body).toContain('data-testid="no-accreditations"');

    const wrong = await admin.client.submit(
      paths.admin.personAccreditations(llme.id),
      {
        kind: 'pd_lead',
        'awardedOn-day': '31',
        'awardedOn-month': '2',
        'awardedOn-year': '2024',
        evidenceUrl: 'javascript:alert(1)',
      },
      page,
    );
    expect(wrong.headers.location).toBe(`${page}#add-accreditation`);
    const again = (await admin.client.get(page)).body;
    expect(again).toContain('The date it was awarded must be a real date');
    expect(again).toContain('Enter a link starting https://');
    expect(await t.db.select().from(accreditations).where(eq(accreditations.personId, llme.id))).toEqual([]);

    const done = await admin.client.submit(
      paths.admin.personAccreditations(llme.id),
      {
        kind: 'pd_lead',
        cohort: '4',
        'awardedOn-day': '8',
        'awardedOn-month': '1',
        'awardedOn-year': '2024',
        evidenceUrl: 'https://example.org/evidence/pd-lead.pdf',
      },
      page,
    );
    expect(done.statusCode).toBe(303);
    const [row] = await t.db.select().from(accreditations).where(eq(accreditations.personId, llme.id));
    expect(row).toMatchObject({
      kind: 'pd_lead',
      cohort: '4',
      awardedOn: '2024-01-08',
      evidenceUrl: 'https://example.org/evidence/pd-lead.pdf',
    });
    const [event] = await t.db
      .select()
      .from(eventLog)
      .where(eq(eventLog.subjectId, String(llme.id)));
    expect(event).toMatchObject({ action: 'person.accreditation_recorded' });
    expect(JSON.stringify(event!.changes)).not.toContain('example.org');

    // Hub leadership see the accreditations, with the evidence link, but no form.
    const seen = (await hubLead.client.get(page)).body;
    expect(seen).toContain('data-testid="accreditation-pd_lead"');
    expect(seen).toContain('https://example.org/evidence/pd-lead.pdf');
    expect(seen).toContain('8 January 2024');
    expect(seen).not.toContain('add-accreditation-form');
    const refused = await hubLead.client.post(paths.admin.personAccreditations(llme.id), { kind: 'pd_lead' });
    expect(refused.statusCode).toBe(403);
  });

  it('imports a file on the upload page: every bad row by its line, nothing written; then the good file', async () => {
    const admin = await signInNationalAdmin(t.app, t.db);
    const a = await makePerson(t.db, [], { email: 'ann.upload@example.org' });
    const b = await makePerson(t.db, [], { email: 'bob.upload@example.org' });
    const bad = csv(
      'email,accreditation,cohort,awarded_on,evidence_url',
      'ann.upload@example.org,PD Lead,3,2024-01-08,https://example.org/e.pdf',
      'nobody.upload@example.org,PD Lead,,,',
      'bob.upload@example.org,Wizard,,,',
      'bob.upload@example.org,School Development Lead,,2024-02-30,',
      'bob.upload@example.org,School Development Lead,,,ftp://example.org/e.pdf',
    );
    const refused = await admin.client.upload(
      paths.admin.accreditationsImport,
      {},
      {
        name: 'awards.csv',
        bytes: Buffer.from(bad),
      },
    );
    expect(refused.statusCode).toBe(422);
    const lines = [...refused.body.matchAll(/govuk-table__cell--numeric">(\d+)</g)].map((m) => Number(m[1]));
    expect(lines).toEqual([3, 4, 5, 6]);
    expect(refused.body).toContain('Nothing was changed');
    expect(await t.db.select().from(accreditations).where(eq(accreditations.personId, a.id))).toEqual([]);

    const good = csv(
      'email,accreditation,cohort,awarded_on,evidence_url',
      'ann.upload@example.org,PD Lead,3,2024-01-08,https://example.org/e.pdf',
      'bob.upload@example.org,secondary Mastery Specialist,7,08/01/2023,',
    );
    const imported = await admin.client.upload(
      paths.admin.accreditationsImport,
      {},
      {
        name: 'awards.csv',
        bytes: Buffer.from(good),
      },
    );
    expect(imported.statusCode).toBe(200);
    expect(imported.body).toContain('2 added, 0 changed, 0 already recorded');
    const [ann] = await t.db.select().from(accreditations).where(eq(accreditations.personId, a.id));
    expect(ann).toMatchObject({ kind: 'pd_lead', evidenceUrl: 'https://example.org/e.pdf' });
    const [bob] = await t.db.select().from(accreditations).where(eq(accreditations.personId, b.id));
    expect(bob).toMatchObject({ kind: 'secondary_mastery_specialist', cohort: '7', awardedOn: '2023-01-08' });

    // The upload page is linked from the people list, for the national team only.
    expect((await admin.client.get(paths.admin.people)).body).toContain(paths.admin.accreditationsImport);
  });
});
