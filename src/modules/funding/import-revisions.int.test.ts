import { and, asc, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHub, makeLocalAuthority, makeSchool } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import type { DeliveryKind } from '../bulk/formats.ts';
import { importDelivery } from '../bulk/import-delivery.ts';
import { loadCatalogue } from '../catalogue/load-catalogue.ts';
import { shippedCatalogue } from '../catalogue/shipped-catalogues.ts';
import { schoolCriteria } from '../journeys/schema.ts';
import { loadGrantRules } from './load-grant-rules.ts';
import { grantStatementRevisions, grantStatements } from './schema.ts';
import { shippedRules } from './shipped-rules.ts';

const year = '2019/20';
const actor = systemActor('cli:test');

describe('a bulk import of delivery revises the hubs’ grant statements in its own transaction', () => {
  let t: TestContext;
  let hubId: number;
  const urns: number[] = [];

  const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`);
  const run = (kind: DeliveryKind, lines: string[]) =>
    importDelivery(
      t.db,
      actor,
      { scope: { allHubs: true }, kind, file: { fileName: `${kind}.csv`, bytes: csv(lines) } },
      { mailer: t.services.mailer },
    );
  const revisions = async () => {
    const [statement] = await t.db
      .select()
      .from(grantStatements)
      .where(and(eq(grantStatements.hubId, hubId), eq(grantStatements.yearCode, year)));
    if (!statement) return [];
    return t.db
      .select()
      .from(grantStatementRevisions)
      .where(eq(grantStatementRevisions.statementId, statement.id))
      .orderBy(asc(grantStatementRevisions.revision));
  };
  const lastImportEvent = async (kind: DeliveryKind) =>
    (
      await t.db
        .select()
        .from(eventLog)
        .where(eq(eventLog.action, `delivery.${kind}_imported`))
        .orderBy(desc(eventLog.id))
        .limit(1)
    )[0]!;

  beforeAll(async () => {
    t = await createTestApp();
    await loadCatalogue(t.db, systemActor('test'), shippedCatalogue(year));
    await loadGrantRules(t.db, systemActor('test'), shippedRules(year));
    await makeLocalAuthority(t.db, { code: '330', name: 'Birmingham' });
    hubId = (await makeHub(t.db, { slug: 'central', name: 'Central Maths Hub' })).id;
    for (let i = 0; i < 7; i++) urns.push((await makeSchool(t.db, { laCode: '330' })).urn);
    // Mastery Readiness takes schools that meet one of its criteria: the hub has recorded one for each.
    await t.db
      .insert(schoolCriteria)
      .values(urns.map((urn) => ({ schoolUrn: urn, criterionCode: 'needs-maths-leadership-support' })));
  });
  afterAll(() => t.close());

  it('states a new Work Group, then its seven schools, at the moment of each import', async () => {
    expect(await revisions()).toEqual([]);
    await run('activities', [
      'Hub,Year,NCP,Reference,Kind,Title,Status',
      `central,${year},NCP 19-11,MR-1,Work Group,Mastery Readiness 1,running`,
    ]);
    const afterActivities = await revisions();
    expect(afterActivities).toHaveLength(1);
    expect(afterActivities[0]!.recordedAt).toEqual((await lastImportEvent('activities')).occurredAt);

    // Seven teachers from seven schools: the schools are recorded as taking part, and Mastery Readiness
    // pays £14,150 for a Work Group of seven schools (seed 003, section J of 19-11).
    await run('enrolments', [
      'Hub,Year,Activity reference,Email,Given name,Family name,School URN',
      ...urns.map((urn, i) => `central,${year},MR-1,teacher${i}@school.example,Sam,Teacher${i},${urn}`),
    ]);
    const afterEnrolments = await revisions();
    expect(afterEnrolments).toHaveLength(2);
    expect(afterEnrolments[1]!.totalPence).toBe(1_415_000);
    expect(afterEnrolments[1]!.recordedAt).toEqual((await lastImportEvent('enrolments')).occurredAt);
  });

  it('stores no revision when the same file is imported again, or for attendance', async () => {
    await run('enrolments', [
      'Hub,Year,Activity reference,Email,Given name,Family name,School URN',
      ...urns.map((urn, i) => `central,${year},MR-1,teacher${i}@school.example,Sam,Teacher${i},${urn}`),
    ]);
    await run('attendance', [
      'Hub,Year,Activity reference,Session date,Email,Status',
      `central,${year},MR-1,2019-10-10,teacher0@school.example,present`,
    ]);
    expect(await revisions()).toHaveLength(2);
  });
});
