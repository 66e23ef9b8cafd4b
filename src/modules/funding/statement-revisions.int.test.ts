import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSchool, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makeSchool } from '../../../test/support/factories.ts';
import { type SignedIn, signInHubLead, signInNationalAdmin } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { hubActivities } from '../activities/schema.ts';
import { loadCatalogue } from '../catalogue/load-catalogue.ts';
import { ncps } from '../catalogue/schema.ts';
import { shippedCatalogue } from '../catalogue/shipped-catalogues.ts';
import { schoolCriteria } from '../journeys/schema.ts';
import { mergePeople } from '../registration/merge-people.ts';
import { registerParticipant } from '../registration/register-participant.ts';
import { closeStatement } from './close-statement.ts';
import { loadGrantRules } from './load-grant-rules.ts';
import { refreshStatements } from './refresh-statements.ts';
import { fundingClaims, grantStatementLines, grantStatementRevisions, grantStatements } from './schema.ts';
import { shippedRules } from './shipped-rules.ts';

const year = '2019/20';

describe('statements revised when the activity changes, in the same transaction', () => {
  let t: TestContext;
  let hub: Awaited<ReturnType<typeof makeHub>>;
  let otherHub: Awaited<ReturnType<typeof makeHub>>;
  let lead: SignedIn;
  let admin: SignedIn;
  let readinessId: number;
  const urns: number[] = [];
  const ncpId = async (code: string) =>
    (
      await t.db
        .select()
        .from(ncps)
        .where(and(eq(ncps.yearCode, year), eq(ncps.code, code)))
    )[0]!.id;

  /** The hub's statements for the year, each with its latest revision and that revision's lines. */
  async function stored(hubId = hub.id) {
    const statements = await t.db
      .select()
      .from(grantStatements)
      .where(and(eq(grantStatements.hubId, hubId), eq(grantStatements.yearCode, year)))
      .orderBy(asc(grantStatements.number));
    const out = [];
    for (const s of statements) {
      const revisions = await t.db
        .select()
        .from(grantStatementRevisions)
        .where(eq(grantStatementRevisions.statementId, s.id))
        .orderBy(desc(grantStatementRevisions.revision));
      const lines = revisions[0]
        ? await t.db
            .select()
            .from(grantStatementLines)
            .where(eq(grantStatementLines.revisionId, revisions[0].id))
            .orderBy(asc(grantStatementLines.id))
        : [];
      out.push({ statement: s, revisions, latest: revisions[0], lines });
    }
    return out;
  }

  /** The latest event with this action about this subject. */
  async function lastEvent(action: string, subjectType: string, subjectId: number) {
    const [row] = await t.db
      .select()
      .from(eventLog)
      .where(
        and(
          eq(eventLog.action, action),
          eq(eventLog.subjectType, subjectType),
          eq(eventLog.subjectId, String(subjectId)),
        ),
      )
      .orderBy(desc(eventLog.id))
      .limit(1);
    return row;
  }

  const show = () => paths.activity.show(readinessId);
  const addViaPage = (urn: number) =>
    lead.client.submit(paths.activity.schools(readinessId), { action: 'add', urn: String(urn) }, show());

  beforeAll(async () => {
    t = await createTestApp();
    await loadCatalogue(t.db, systemActor('test'), shippedCatalogue('2019/20'));
    await loadGrantRules(t.db, systemActor('test'), shippedRules('2019/20'));
    await makeLocalAuthority(t.db, { code: '330', name: 'Birmingham' });
    hub = await makeHub(t.db, { slug: 'central', name: 'Central Maths Hub' });
    otherHub = await makeHub(t.db, { slug: 'other', name: 'Other Maths Hub' });
    for (let i = 0; i < 10; i++) urns.push((await makeSchool(t.db, { laCode: '330' })).urn);
    // Mastery Readiness takes schools that meet one of its criteria: the hub has recorded one for each.
    await t.db
      .insert(schoolCriteria)
      .values(urns.map((urn) => ({ schoolUrn: urn, criterionCode: 'needs-maths-leadership-support' })));
    lead = await signInHubLead(t.app, t.db, hub.id);
    admin = await signInNationalAdmin(t.app, t.db);
    // A Mastery Readiness Work Group (£14,150 for seven schools ± £1,000) of six schools, made directly
    // in the tables, so that no statement exists until the first change through the application.
    readinessId = (
      await makeActivity(t.db, {
        hubId: hub.id,
        ncpId: await ncpId('NCP 19-11'),
        yearCode: year,
        title: 'Mastery Readiness 1',
      })
    ).id;
    for (const urn of urns.slice(0, 6)) await addSchool(t.db, readinessId, urn);
  });
  afterAll(() => t.close());

  it('a school added on the activity page revises the statement with the new amount, without viewing it', async () => {
    expect(await stored()).toEqual([]);
    const added = await addViaPage(urns[6]!);
    expect(added.statusCode).toBe(303);
    const [first] = await stored();
    expect(first!.statement).toMatchObject({ number: 1, status: 'open' });
    expect(first!.revisions).toHaveLength(1);
    expect(first!.latest!.totalPence).toBe(1_415_000);
    expect(first!.lines.map((l) => [l.activityId, l.amountPence, l.counts])).toEqual([
      [readinessId, 1_415_000, { schools: 7 }],
    ]);
    // In the same transaction as the change: the same moment, and the event names who made it.
    const joined = await lastEvent('activity.school_added', 'hub_activity', readinessId);
    const revised = await lastEvent('funding.statement_revised', 'grant_statement', first!.statement.id);
    expect(first!.latest!.recordedAt).toEqual(joined!.occurredAt);
    expect(revised).toMatchObject({
      hubId: hub.id,
      actorPersonId: lead.personId,
      occurredAt: joined!.occurredAt,
    });
    expect(revised!.changes).toMatchObject({
      year,
      statement: 1,
      revision: 1,
      totalPence: [null, 1_415_000],
    });
  });

  it('a school withdrawn on the page revises it again; the history keeps what was stated when', async () => {
    await lead.client.submit(
      paths.activity.schools(readinessId),
      { action: 'withdraw', urn: String(urns[6]) },
      show(),
    );
    const [first] = await stored();
    expect(first!.revisions.map((r) => r.totalPence)).toEqual([1_315_000, 1_415_000]);
    const withdrawn = await lastEvent('activity.school_withdrawn', 'hub_activity', readinessId);
    expect(first!.latest!.recordedAt).toEqual(withdrawn!.occurredAt);
    // Viewing the statement afterwards adds nothing: it was already up to date.
    const page = await lead.client.get(`${paths.funding.statement}?year=2019-20`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('£13,150');
    expect((await stored())[0]!.revisions).toHaveLength(2);
  });

  it('after a statement is closed, a school joining appears at once as an adjustment on the next', async () => {
    await closeStatement(t.db, systemActor('national team'), { hubId: hub.id, yearCode: year });
    const closedBefore = (await stored())[0]!;
    expect(closedBefore.statement.status).toBe('closed');
    await addViaPage(urns[6]!);
    const [closed, open] = await stored();
    // The closed statement is as it was.
    expect(closed!.revisions).toEqual(closedBefore.revisions);
    expect(closed!.lines).toEqual(closedBefore.lines);
    expect(open!.statement).toMatchObject({ number: 2, status: 'open' });
    expect(open!.lines.map((l) => [l.activityId, l.isAdjustment, l.statedPence, l.amountPence])).toEqual([
      [readinessId, true, 1_315_000, 100_000],
    ]);
    expect(open!.latest!.totalPence).toBe(100_000);
    const joined = await lastEvent('activity.school_added', 'hub_activity', readinessId);
    const revised = await lastEvent('funding.statement_revised', 'grant_statement', open!.statement.id);
    expect(open!.latest!.recordedAt).toEqual(joined!.occurredAt);
    expect(revised).toMatchObject({ actorPersonId: lead.personId, occurredAt: joined!.occurredAt });
    expect(revised!.changes).toMatchObject({ statement: 2, totalPence: [expect.anything(), 100_000] });
  });

  it('cancelling the activity on its edit page states a negative adjustment at once', async () => {
    const edit = paths.activity.edit(readinessId);
    const [activity] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, readinessId));
    const date = (name: string, iso: string) => {
      const [y, m, d] = iso.split('-');
      return {
        [`${name}-day`]: String(Number(d)),
        [`${name}-month`]: String(Number(m)),
        [`${name}-year`]: y!,
      };
    };
    const done = await lead.client.submit(edit, {
      title: activity!.title,
      status: 'cancelled',
      ...date('startsOn', activity!.startsOn!),
      ...date('endsOn', activity!.endsOn!),
    });
    expect(done.statusCode).toBe(303);
    const [, open] = await stored();
    expect(open!.lines.map((l) => [l.isAdjustment, l.statedPence, l.amountPence])).toEqual([
      [true, 1_315_000, -1_315_000],
    ]);
    const cancelled = await lastEvent('activity.cancelled', 'hub_activity', readinessId);
    expect(open!.latest!.recordedAt).toEqual(cancelled!.occurredAt);
  });

  it('an approved claim is on the statement when it is approved', async () => {
    const [claim] = await t.db
      .insert(fundingClaims)
      .values({
        hubId: hub.id,
        yearCode: year,
        ncpCode: 'NCP 19-06',
        kind: 'day_rate',
        role: 'pct',
        claimantName: 'Alex Example',
        days: 2,
        ratePence: 40_000,
        amountPence: 80_000,
        description: '2 PCT days',
      })
      .returning();
    const url = paths.funding.claim(claim!.id);
    expect((await admin.client.submit(url, { action: 'approve' }, url)).statusCode).toBe(303);
    const [, open] = await stored();
    expect(open!.lines.find((l) => l.claimId === claim!.id)?.amountPence).toBe(80_000);
    const approved = await lastEvent('funding.claim_approved', 'funding_claim', claim!.id);
    expect(open!.latest!.recordedAt).toEqual(approved!.occurredAt);
  });

  it('an activity planned on the hub page is on the statement at once, with its grant', async () => {
    const formUrl = `${paths.myHub.newActivity}?year=2019-20`;
    const done = await lead.client.submit(
      paths.myHub.newActivity,
      {
        year: '2019-20',
        ncpId: String(await ncpId('NCP 19-12')),
        kind: 'work_group',
        title: 'Planned Work Group',
        'startsOn-day': '10',
        'startsOn-month': '10',
        'startsOn-year': '2019',
        'endsOn-day': '10',
        'endsOn-month': '6',
        'endsOn-year': '2020',
      },
      formUrl,
    );
    expect(done.statusCode).toBe(303);
    const [planned] = await t.db
      .select()
      .from(hubActivities)
      .where(eq(hubActivities.title, 'Planned Work Group'));
    const [, open] = await stored();
    expect(open!.lines.find((l) => l.activityId === planned!.id)).toMatchObject({
      isAdjustment: false,
      amountPence: 420_000,
    });
    const event = await lastEvent('activity.planned', 'hub_activity', planned!.id);
    expect(open!.latest!.recordedAt).toEqual(event!.occurredAt);
  });

  it('a participant registered on a programme paid per participant is on the statement at once', async () => {
    const sponsorship = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: await ncpId('NCP 19-05'),
      yearCode: year,
      kind: 'programme_cohort',
      title: 'Sponsored applicants',
    });
    /** A class teacher applying for the sponsored programme, as the registration page does it. */
    const apply = (
      email: string,
      givenName: string,
      familyName: string,
      schoolUrn: number,
      yearGroup: string,
    ) =>
      registerParticipant(
        t.db,
        systemActor('test'),
        {
          activityId: sponsorship.id,
          person: { email, givenName, familyName },
          schoolUrn,
          roleInSchool: 'Class teacher',
          yearGroups: [yearGroup],
          mentorName: null,
          mentorEmail: null,
        },
        { mailer: t.services.mailer },
      );
    const registered = await apply('applicant@example.org', 'Ada', 'Applicant', urns[8]!, 'Year 5');
    const [, open] = await stored();
    expect(
      open!.lines
        .filter((l) => l.activityId === sponsorship.id && l.payee === 'school')
        .map((l) => [l.amountPence, l.counts]),
    ).toEqual([[80_000, { participants: 1, days: 4 }]]);
    const event = await lastEvent('enrolment.registered', 'enrolment', registered.enrolmentId);
    expect(open!.latest!.recordedAt).toEqual(event!.occurredAt);

    // The same teacher registered again under another email: two participants, until they are merged.
    const duplicate = await apply('ada.applicant@example.org', 'Ada', 'Applicant', urns[8]!, 'Year 5');
    const sponsored = async () =>
      (await stored())[1]!.lines.find((l) => l.activityId === sponsorship.id && l.payee === 'school')!
        .amountPence;
    expect(await sponsored()).toBe(160_000);
    await mergePeople(t.db, systemActor('test'), {
      keepPersonId: registered.personId,
      mergePersonId: duplicate.personId,
    });
    expect(await sponsored()).toBe(80_000);
    const merged = await lastEvent('person.merged', 'person', registered.personId);
    expect((await stored())[1]!.latest!.recordedAt).toEqual(merged!.occurredAt);

    // Another participant, then withdrawn by the hub on the activity's page: off the statement at once.
    const second = await apply('bea@example.org', 'Bea', 'Second', urns[9]!, 'Year 3');
    expect(await sponsored()).toBe(160_000);
    const withdrawn = await lead.client.submit(
      paths.activity.participants(sponsorship.id),
      { enrolmentId: String(second.enrolmentId) },
      paths.activity.show(sponsorship.id),
    );
    expect(withdrawn.headers.location).toBe(paths.activity.show(sponsorship.id));
    expect(await sponsored()).toBe(80_000);
    const left = await lastEvent('enrolment.withdrawn', 'enrolment', second.enrolmentId);
    expect((await stored())[1]!.latest!.recordedAt).toEqual(left!.occurredAt);
  });

  it('a year without the hub’s activities points to the latest year that has some', async () => {
    const page = await lead.client.get(`${paths.funding.statement}?year=2021-22`);
    expect(page.body).toContain('data-testid="no-lines"');
    expect(page.body).toContain('The latest year with the hub’s activities is 2019/20');
    expect(page.body).toContain(`href="${paths.funding.statement}?year=2019-20"`);
    const withLines = await lead.client.get(`${paths.funding.statement}?year=2019-20`);
    expect(withLines.body).not.toContain('data-testid="latest-year"');
  });

  it('a change to an activity whose NCP (or year) has no grant rules stores nothing', async () => {
    const ncp = await makeNcp(t.db, { code: '23-24-SKTM', title: 'SKTM', type: 'programme' });
    const unruled = await makeActivity(t.db, { hubId: otherHub.id, ncpId: ncp.id, yearCode: '2023/24' });
    const other = await signInHubLead(t.app, t.db, otherHub.id);
    const url = paths.activity.schools(unruled.id);
    await other.client.submit(url, { action: 'add', urn: String(urns[9]) }, paths.activity.show(unruled.id));
    const [count] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(grantStatements)
      .where(eq(grantStatements.hubId, otherHub.id));
    expect(count!.n).toBe(0);
  });

  it('refreshes every affected hub of a year in one go (for imports), once', async () => {
    // Rows written straight to the tables, as a bulk import does.
    const imported = await makeActivity(t.db, {
      hubId: otherHub.id,
      ncpId: await ncpId('NCP 19-12'),
      yearCode: year,
      title: 'Imported Work Group',
    });
    const first = await t.db.transaction((tx) => refreshStatements(tx, systemActor('import'), year));
    expect(first).toEqual({ hubs: 2, revised: 1 });
    const [otherStatement] = await stored(otherHub.id);
    expect(otherStatement!.lines.map((l) => [l.activityId, l.amountPence])).toEqual([[imported.id, 420_000]]);
    expect(await t.db.transaction((tx) => refreshStatements(tx, systemActor('import'), year))).toEqual({
      hubs: 2,
      revised: 0,
    });
    // A year without rules: nothing to do.
    expect(await t.db.transaction((tx) => refreshStatements(tx, systemActor('import'), '2023/24'))).toEqual({
      hubs: 0,
      revised: 0,
    });
  });
});
