import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, addSchool, enrol, makeActivity } from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../../../test/support/factories.ts';
import { eventsAbout } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { activitySchools, hubActivities } from '../activities/schema.ts';
import { loadCatalogue } from '../catalogue/load-catalogue.ts';
import { ncps } from '../catalogue/schema.ts';
import { shippedCatalogue } from '../catalogue/shipped-catalogues.ts';
import { activityFacts } from './activity-facts.ts';
import { closeStatement } from './close-statement.ts';
import { computeGrant, totalOf } from './compute-grant.ts';
import { loadGrantRules } from './load-grant-rules.ts';
import { nationalFunding } from './national-funding.ts';
import { rulesForYear } from './rules-for-year.ts';
import {
  activityFundingRoles,
  grantStatementLines,
  grantStatementRevisions,
  grantStatements,
} from './schema.ts';
import { shippedRules } from './shipped-rules.ts';
import { syncStatement } from './sync-statement.ts';

const year = '2019/20';

describe('grant statements from a whole year of activity records', () => {
  let t: TestContext;
  let hub: Awaited<ReturnType<typeof makeHub>>;
  let otherHub: Awaited<ReturnType<typeof makeHub>>;
  const urns: number[] = [];
  const ids: Record<string, number> = {};
  const ncpId = async (code: string) =>
    (
      await t.db
        .select()
        .from(ncps)
        .where(and(eq(ncps.yearCode, year), eq(ncps.code, code)))
    )[0]!.id;

  beforeAll(async () => {
    t = await createTestApp();
    await loadCatalogue(t.db, systemActor('test'), shippedCatalogue('2019/20'));
    const loaded = await loadGrantRules(t.db, systemActor('test'), shippedRules('2019/20'));
    expect(loaded).toMatchObject({ added: 25, changed: 0 });
    await makeLocalAuthority(t.db, { code: '330', name: 'Birmingham' });
    hub = await makeHub(t.db, { slug: 'central', name: 'Central Maths Hub' });
    otherHub = await makeHub(t.db, { slug: 'other', name: 'Other Maths Hub' });
    for (let i = 0; i < 12; i++) urns.push((await makeSchool(t.db, { laCode: '330' })).urn);
    const make = async (
      key: string,
      code: string,
      kind: 'work_group' | 'programme_cohort' | 'community' = 'work_group',
    ) => {
      ids[key] = (
        await makeActivity(t.db, {
          hubId: hub.id,
          ncpId: await ncpId(code),
          yearCode: year,
          kind,
          title: key,
        })
      ).id;
    };
    // A Primary TfM Development Work Group of seven schools (one of them withdrawn: six count).
    await make('TfM Development 1', 'NCP 19-09');
    for (const urn of urns.slice(0, 6)) await addSchool(t.db, ids['TfM Development 1']!, urn);
    await addSchool(t.db, ids['TfM Development 1']!, urns[6]!, 'withdrawn');
    // A Mastery Readiness Work Group of seven schools.
    await make('Mastery Readiness 1', 'NCP 19-11');
    for (const urn of urns.slice(0, 7)) await addSchool(t.db, ids['Mastery Readiness 1']!, urn);
    // A Level 3 Work Group (co-funded by the AMSP), a Years 5–8 Work Group of four teachers (below 5).
    await make('Core Maths 1', 'NCP 19-21');
    await make('Years 5-8 1', 'NCP 19-18');
    for (let i = 0; i < 4; i++) {
      const p = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
      await enrol(t.db, { activityId: ids['Years 5-8 1']!, personId: p.id });
    }
    // Two SKTM programmes of 16 and 13 participants (average 14.5: below 15).
    for (const [key, n] of [
      ['SKTM 1', 16],
      ['SKTM 2', 13],
    ] as const) {
      await make(key, 'NCP 19-24', 'programme_cohort');
      for (let i = 0; i < n; i++) {
        const p = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
        await enrol(t.db, { activityId: ids[key]!, personId: p.id });
      }
    }
    // The LLME community, the China exchange (hosting), a secondary TfM Work Group with its specialist.
    await make('LLME community', 'NCP 19-07', 'community');
    await make('Exchange', 'NCP 19-02', 'programme_cohort');
    await t.db.insert(activityFundingRoles).values({ activityId: ids.Exchange!, role: 'secondary_hosting' });
    await make('Secondary TfM 1', 'NCP 19-15');
    await addSchool(t.db, ids['Secondary TfM 1']!, urns[8]!);
    await addSchool(t.db, ids['Secondary TfM 1']!, urns[9]!);
    const specialist = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }]);
    await addLead(t.db, ids['Secondary TfM 1']!, specialist.id);
    // A cancelled Work Group earns nothing; the other hub's activity is not on this hub's statement.
    await make('Cancelled', 'NCP 19-12');
    await t.db.update(hubActivities).set({ status: 'cancelled' }).where(eq(hubActivities.id, ids.Cancelled!));
    await makeActivity(t.db, { hubId: otherHub.id, ncpId: await ncpId('NCP 19-12'), yearCode: year });
  });
  afterAll(() => t.close());

  it('states every line exactly, traceable to its activity, NCP rule and counts, with the total', async () => {
    const statement = await syncStatement(t.db, hub.id, year);
    const byTitle = (title: string) => statement.lines.filter((l) => l.activityTitle === title);
    expect(byTitle('TfM Development 1')).toEqual([
      expect.objectContaining({
        ncpCode: 'NCP 19-09',
        ruleKind: 'variable_by_schools',
        source: 'maths_hub',
        amountPence: 1_575_000, // £17,800 − £2,050 for six schools
        counts: { schools: 6 },
        explanation: '£17,800 for 7 schools, − £2,050 × 1 school',
        activityId: ids['TfM Development 1'],
      }),
    ]);
    expect(byTitle('TfM Development 1')[0]!.items!.map((i) => i.amountPence)).toEqual([
      210_000, 630_000, 120_000, 600_000, 15_000,
    ]);
    expect(byTitle('Mastery Readiness 1').map((l) => l.amountPence)).toEqual([1_415_000]);
    expect(byTitle('Core Maths 1').map((l) => [l.source, l.amountPence])).toEqual([
      ['maths_hub', 210_000],
      ['amsp', 210_000],
    ]);
    expect(byTitle('Years 5-8 1').map((l) => l.amountPence)).toEqual([420_000]);
    expect(byTitle('SKTM 1').map((l) => l.amountPence)).toEqual([350_000]);
    expect(byTitle('LLME community').map((l) => l.amountPence)).toEqual([350_000]);
    expect(byTitle('Exchange').map((l) => [l.source, l.amountPence])).toEqual([['dfe', 600_000]]);
    // Section J of 19-15: the Work Group grant, the Specialist's payment and each school's release, apart.
    expect(byTitle('Secondary TfM 1').map((l) => [l.ruleKind, l.payee, l.amountPence, l.counts])).toEqual([
      ['unit_grant', 'hub', 925_000, {}],
      ['per_head_payment', 'hub', 525_000, { leads: 1 }],
      ['per_head_payment', 'school', 400_000, { schools: 2 }],
    ]);
    expect(byTitle('Cancelled')).toEqual([]);
    const expected =
      1_575_000 +
      1_415_000 +
      420_000 +
      420_000 +
      2 * 350_000 +
      350_000 +
      600_000 +
      925_000 +
      525_000 +
      400_000;
    expect(statement.totalPence).toBe(expected);
    expect(totalOf(statement.lines)).toBe(expected);
    // The checks that are not money.
    expect(statement.checks.filter((c) => c.met === false).map((c) => c.message)).toEqual([
      '“LLME community” has 0 participants; the specification expects at least 30',
      '“Years 5-8 1” has 4 participants; the specification expects at least 5',
      '“Core Maths 1” has 0 participants; the specification expects at least 5',
      'An average of 14.5 participants on 2 programmes; the specification expects at least 15',
    ]);
    expect(statement.checks.some((c) => c.ruleKind === 'no_charging' && c.met === null)).toBe(true);
    expect(statement.statements).toEqual([
      expect.objectContaining({
        number: 1,
        status: 'open',
        totalPence: expected,
        revisions: [expect.objectContaining({ revision: 1 })],
      }),
    ]);
  });

  it('computes the same from the records as the statement states, and the national totals agree', async () => {
    const computed = computeGrant(
      await activityFacts(t.db, { yearCode: year, hubId: hub.id }),
      await rulesForYear(t.db, year),
    );
    const statement = await syncStatement(t.db, hub.id, year);
    expect(totalOf(computed.lines)).toBe(statement.totalPence);
    const national = await nationalFunding(t.db, year);
    expect(national.hubs.find((h) => h.slug === 'central')!.totalPence).toBe(statement.totalPence);
    expect(national.hubs.find((h) => h.slug === 'other')!.totalPence).toBe(420_000);
    expect(national.amspOwesPence).toBe(210_000);
    expect(national.totalPence).toBe(statement.totalPence + 420_000);
    expect(national.bySource.dfe).toBe(600_000);
  });

  it('does not store a new revision when nothing changed, and does when a school joins', async () => {
    const before = await syncStatement(t.db, hub.id, year);
    const again = await syncStatement(t.db, hub.id, year);
    expect(again.statements[0]!.revisions).toHaveLength(before.statements[0]!.revisions.length);
    await addSchool(t.db, ids['Mastery Readiness 1']!, urns[7]!);
    const after = await syncStatement(t.db, hub.id, year);
    expect(after.statements[0]!.revisions).toHaveLength(before.statements[0]!.revisions.length + 1);
    expect(after.totalPence - before.totalPence).toBe(100_000);
    // The history keeps what was stated when.
    expect(after.statements[0]!.revisions.map((r) => r.totalPence)).toEqual([
      before.totalPence,
      after.totalPence,
    ]);
    const [event] = await eventsAbout(t.db, 'grant_statement', after.statements[0]!.id);
    expect(event).toMatchObject({ action: 'funding.statement_revised', hubId: hub.id });
  });

  it('closes a statement for its period; a later change is an adjustment on the next, never a rewrite', async () => {
    const closed = await closeStatement(t.db, systemActor('national team'), {
      hubId: hub.id,
      yearCode: year,
    });
    const first = closed.statements[0]!;
    expect(first.status).toBe('closed');
    expect(closed.statements[1]).toMatchObject({ number: 2, status: 'open', totalPence: 0 });
    const frozenTotal = first.totalPence;
    const frozenRevisions = await t.db
      .select()
      .from(grantStatementRevisions)
      .where(eq(grantStatementRevisions.statementId, first.id));
    const frozenLines = await t.db
      .select()
      .from(grantStatementLines)
      .where(eq(grantStatementLines.revisionId, frozenRevisions.at(-1)!.id));

    // A school joins the TfM Development Work Group; the SKTM 2 cohort is cancelled.
    await addSchool(t.db, ids['TfM Development 1']!, urns[10]!);
    await t.db.update(hubActivities).set({ status: 'cancelled' }).where(eq(hubActivities.id, ids['SKTM 2']!));
    const after = await syncStatement(t.db, hub.id, year);
    expect(after.statements[0]).toMatchObject({ status: 'closed', totalPence: frozenTotal });
    const second = after.lines.filter((l) => l.statementNumber === 2);
    expect(second.map((l) => [l.activityTitle, l.isAdjustment, l.statedPence, l.amountPence])).toEqual([
      ['TfM Development 1', true, 1_575_000, 205_000],
      ['SKTM 2', true, 350_000, -350_000],
    ]);
    expect(second[0]!.explanation).toBe('Adjustment: £15,750 stated, now £17,800 (£17,800 for 7 schools)');
    expect(after.statements[1]!.totalPence).toBe(205_000 - 350_000);
    expect(after.totalPence).toBe(frozenTotal - 145_000);
    // The closed statement's revisions and lines are exactly as they were.
    expect(
      await t.db
        .select()
        .from(grantStatementRevisions)
        .where(eq(grantStatementRevisions.statementId, first.id)),
    ).toEqual(frozenRevisions);
    expect(
      await t.db
        .select()
        .from(grantStatementLines)
        .where(eq(grantStatementLines.revisionId, frozenRevisions.at(-1)!.id)),
    ).toEqual(frozenLines);

    // The school leaves again: the adjustment goes away, the closed statement still stands.
    await t.db
      .update(activitySchools)
      .set({ status: 'withdrawn' })
      .where(
        and(
          eq(activitySchools.activityId, ids['TfM Development 1']!),
          eq(activitySchools.schoolUrn, urns[10]!),
        ),
      );
    const back = await syncStatement(t.db, hub.id, year);
    expect(back.lines.filter((l) => l.statementNumber === 2).map((l) => l.activityTitle)).toEqual(['SKTM 2']);
    // The year's total always equals what the records earn now.
    const computed = computeGrant(
      await activityFacts(t.db, { yearCode: year, hubId: hub.id }),
      await rulesForYear(t.db, year),
    );
    expect(back.totalPence).toBe(totalOf(computed.lines));
  });

  it('the database refuses to rewrite a closed statement, its revisions or its lines', async () => {
    const statement = await syncStatement(t.db, hub.id, year);
    const closedId = statement.statements[0]!.id;
    const [revision] = await t.db
      .select()
      .from(grantStatementRevisions)
      .where(eq(grantStatementRevisions.statementId, closedId));
    await expect(
      t.db
        .update(grantStatementLines)
        .set({ amountPence: 1 })
        .where(eq(grantStatementLines.revisionId, revision!.id)),
    ).rejects.toThrow();
    await expect(
      t.db.delete(grantStatementLines).where(eq(grantStatementLines.revisionId, revision!.id)),
    ).rejects.toThrow();
    await expect(
      t.db.insert(grantStatementRevisions).values({ statementId: closedId, revision: 99, totalPence: 0 }),
    ).rejects.toThrow();
    await expect(
      t.db.update(grantStatements).set({ status: 'open' }).where(eq(grantStatements.id, closedId)),
    ).rejects.toThrow();
  });

  it('a closed statement cannot be closed twice', async () => {
    await expect(
      closeStatement(t.db, systemActor('test'), { hubId: hub.id, yearCode: year, statementNumber: 1 }),
    ).rejects.toThrow('already closed');
  });
});
