import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { auditActions, personRef } from '../../platform/audit-actions.ts';
import { eventLog } from '../../platform/audit-schema.ts';
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
