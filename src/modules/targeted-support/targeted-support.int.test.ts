import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { type SignedIn, signInHubLead, signInNationalAnalyst } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { personActor, systemActor } from '../../platform/audit.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { workbook } from '../../platform/exports.ts';
import { paths } from '../../platform/paths.ts';
import { activitySchools } from '../activities/schema.ts';
import { recordVisit } from '../evaluation/record-visit.ts';
import { loadGrantRules } from '../funding/load-grant-rules.ts';
import { readStatementIn } from '../funding/read-statement.ts';
import { annualFigures } from '../reporting/annual-figures.ts';
import { tsPartnerships, tsPlanItems, tsReferrals } from './schema.ts';

/** Targeted Support in Mathematics (issue 16): a referral, an Intensive partnership, its plan, its handover. */
describe('Targeted Support', () => {
  let t: TestContext;
  let hubLead: SignedIn;
  let otherHubLead: SignedIn;
  let hubId: number;
  let laCode: string;
  let otherLaCode: string;
  let ispId: number;
  let otherIspId: number;
  let wgLeadId: number;
  let workGroupId: number;
  let tsNcpCode: string;
  const year = academicYearOf(todayInEngland());

  beforeAll(async () => {
    t = await createTestApp();
    laCode = (await makeLocalAuthority(t.db, { name: 'Supportshire' })).code;
    const hub = await makeHub(t.db, { slug: 'ts-hub', name: 'Support Maths Hub' }, [{ laCode }]);
    otherLaCode = (await makeLocalAuthority(t.db, { name: 'Elsewhereshire' })).code;
    const other = await makeHub(t.db, { slug: 'ts-other-hub', name: 'Other Maths Hub' }, [
      { laCode: otherLaCode },
    ]);
    hubId = hub.id;
    hubLead = await signInHubLead(t.app, t.db, hub.id);
    otherHubLead = await signInHubLead(t.app, t.db, other.id);
    const isp = [
      { role: 'llme' as const, hubId, title: 'Mastery Specialist' },
      { role: 'intensive_support_partner' as const, hubId, title: 'Intensive Support Partner' },
    ];
    ispId = (await makePerson(t.db, isp, { givenName: 'Isla', familyName: 'Partner' })).id;
    otherIspId = (await makePerson(t.db, isp, { givenName: 'Otto', familyName: 'Partner' })).id;
    wgLeadId = (await makePerson(t.db, [{ role: 'llme', hubId, title: 'Work Group Lead' }])).id;
    tsNcpCode = (
      await makeNcp(t.db, { yearCode: year, title: 'Targeted Support in Maths', type: 'intensive_support' })
    ).code;
    const dev = await makeNcp(t.db, { yearCode: year, title: 'Primary TfM Development Work Groups' });
    workGroupId = (
      await makeActivity(t.db, { hubId, ncpId: dev.id, yearCode: year, title: 'Development WG 1' })
    ).id;
    await addLead(t.db, workGroupId, wgLeadId);
  });
  afterAll(() => t.close());

  async function refer(name: string) {
    const school = await makeSchool(t.db, { laCode, name });
    const response = await hubLead.client.submit(
      paths.targetedSupport.refer,
      { urn: String(school.urn), barriers: 'Leadership capacity', source: 'cold_spots' },
      `${paths.targetedSupport.refer}?school=${school.urn}&from=cold_spots`,
    );
    expect(response.statusCode, response.body).toBe(303);
    const [referral] = await t.db.select().from(tsReferrals).where(eq(tsReferrals.schoolUrn, school.urn));
    return { school, referral: referral! };
  }

  it('refers a school, accepts it as Intensive, takes the plan through its phases and hands it over', async () => {
    const { school, referral } = await refer('Acorn Primary School');
    expect(referral).toMatchObject({ hubId, status: 'waiting', source: 'cold_spots', yearCode: year });
    // A second referral of the school in the year is refused.
    const again = await hubLead.client.submit(paths.targetedSupport.refer, {
      urn: String(school.urn),
      barriers: 'Again',
    });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(paths.targetedSupport.refer);
    const toDo = await hubLead.client.get(paths.dashboard);
    expect(toDo.body).toContain('Targeted Support referral to decide');
    const list = await hubLead.client.get(paths.targetedSupport.home);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Acorn Primary School');

    const page = paths.targetedSupport.referral(referral.id);
    const missing = await hubLead.client.submit(page, { decision: 'intensive' });
    expect(missing.headers.location).toBe(page);
    const decided = await hubLead.client.submit(page, {
      decision: 'intensive',
      ispPersonId: String(ispId),
      ispCredentials: 'Accredited Mastery Specialist',
      schoolLeaders: 'Head teacher, maths lead',
    });
    expect(decided.statusCode, decided.body).toBe(303);
    const [p] = await t.db.select().from(tsPartnerships).where(eq(tsPartnerships.referralId, referral.id));
    expect(p).toMatchObject({ phase: 'explore', ispPersonId: ispId, schoolUrn: school.urn });
    expect(decided.headers.location).toBe(paths.targetedSupport.partnership(p!.id));

    // The ISP works on the plan; another ISP and another hub do not see it.
    const isp = await signedInClient(t.app, t.db, ispId);
    const shown = await isp.get(paths.targetedSupport.partnership(p!.id));
    expect(shown.statusCode).toBe(200);
    expect(
      (await (await signedInClient(t.app, t.db, otherIspId)).get(paths.targetedSupport.partnership(p!.id)))
        .statusCode,
    ).toBe(404);
    expect((await otherHubLead.client.get(paths.targetedSupport.partnership(p!.id))).statusCode).toBe(404);
    const mine = await isp.get(paths.targetedSupport.home);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Acorn Primary School');
    const otherMine = await (await signedInClient(t.app, t.db, otherIspId)).get(paths.targetedSupport.home);
    expect(otherMine.body).not.toContain('Acorn Primary School');

    const partnershipUrl = paths.targetedSupport.partnership(p!.id);
    const item = await isp.submit(
      paths.targetedSupport.planItems(p!.id),
      {
        kind: 'action',
        description: 'Audit of fluency',
        owner: 'Maths lead',
        'dueOn-day': '1',
        'dueOn-month': '3',
        'dueOn-year': year.slice(0, 2) + year.slice(5),
      },
      partnershipUrl,
    );
    expect(item.statusCode, item.body).toBe(303);
    expect(await t.db.select().from(tsPlanItems).where(eq(tsPlanItems.partnershipId, p!.id))).toHaveLength(1);
    for (const from of ['explore', 'plan', 'deliver']) {
      const moved = await isp.submit(paths.targetedSupport.phase(p!.id), { from }, partnershipUrl);
      expect(moved.statusCode).toBe(303);
    }
    const [sustained] = await t.db.select().from(tsPartnerships).where(eq(tsPartnerships.id, p!.id));
    expect(sustained!.phase).toBe('sustain');

    // A visit through the evaluation module's use case, on the partnership's activity.
    await recordVisit(t.db, personActor(ispId), {
      activityId: p!.activityId,
      schoolUrn: school.urn,
      visitedOn: todayInEngland(),
      visitorIds: [ispId],
      yearGroups: ['Year 2'],
      classesSeen: null,
      focus: 'Leadership of maths',
      notes: null,
      actions: [],
      removedActionIds: [],
    });
    expect((await isp.get(partnershipUrl)).body).toContain('Leadership of maths');

    // The ISP does not hand over; the hub's leadership do.
    expect((await isp.get(paths.targetedSupport.handover(p!.id))).statusCode).toBe(404);
    const handedOver = await hubLead.client.submit(paths.targetedSupport.handover(p!.id), {
      activityId: String(workGroupId),
      transitionNotes: 'Leaders now plan fluency sessions together',
    });
    expect(handedOver.statusCode, handedOver.body).toBe(303);
    const [joined] = await t.db
      .select()
      .from(activitySchools)
      .where(eq(activitySchools.activityId, workGroupId));
    expect(joined?.schoolUrn).toBe(school.urn);
    // The Work Group's lead reads the transition notes on the school's journey.
    const wgLead = await signedInClient(t.app, t.db, wgLeadId);
    const journey = await wgLead.get(paths.myHub.school(school.urn));
    expect(journey.statusCode, journey.body.slice(0, 3000)).toBe(200);
    expect(journey.body).toContain('Leaders now plan fluency sessions together');
    expect(journey.body).toContain('data-testid="targeted-support-stage"');
  });

  it('declines a referral only with a reason, and accepts one as Enhanced', async () => {
    const { referral } = await refer('Birch Primary School');
    const page = paths.targetedSupport.referral(referral.id);
    const noReason = await hubLead.client.submit(page, { decision: 'declined' });
    expect(noReason.headers.location).toBe(page);
    expect(
      (await hubLead.client.submit(page, { decision: 'declined', note: 'Already improving' })).statusCode,
    ).toBe(303);
    const { referral: enhanced } = await refer('Cedar Primary School');
    expect((await otherHubLead.client.get(paths.targetedSupport.referral(enhanced.id))).statusCode).toBe(404);
    await hubLead.client.submit(paths.targetedSupport.referral(enhanced.id), { decision: 'enhanced' });
    const rows = await t.db.select().from(tsReferrals);
    expect(rows.find((r) => r.id === referral.id)).toMatchObject({
      status: 'declined',
      decisionNote: 'Already improving',
    });
    expect(rows.find((r) => r.id === enhanced.id)).toMatchObject({ status: 'enhanced' });
  });

  it('counts the partnerships that took place in the annual report, not the referrals', async () => {
    const [figures] = await annualFigures(t.db, { fromYear: year, toYear: year, hubId });
    // Acorn (moved on) has a partnership; Birch (declined) and Cedar (Enhanced) were only referred.
    expect(figures!.targetedSupportSchools).toBe(1);
  });

  it('imports a referral list all or nothing, reporting every bad row with its line', async () => {
    const dogwood = await makeSchool(t.db, { laCode, name: 'Dogwood Primary School' });
    const elm = await makeSchool(t.db, { laCode, name: 'Elm Primary School' });
    const elsewhere = await makeSchool(t.db, { laCode: otherLaCode, name: 'Faraway Primary School' });
    const acorn = (await t.db.select().from(tsReferrals)).find((r) => r.source === 'cold_spots')!;
    const before = (await t.db.select().from(tsReferrals)).length;
    const bad = [
      'URN,Barriers',
      `${dogwood.urn},Staffing`,
      'abc,Leadership',
      `${elm.urn},`,
      `${elsewhere.urn},Attainment`,
      `${acorn.schoolUrn},Again`,
      `${dogwood.urn},Twice`,
      '999999999,Unknown',
    ].join('\r\n');
    const refused = await hubLead.client.upload(
      paths.targetedSupport.importReferrals,
      {},
      {
        name: 'referrals.csv',
        bytes: Buffer.from(bad),
      },
    );
    expect(refused.statusCode).toBe(422);
    const lines = [
      ...refused.body.matchAll(/<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)<\/td>/g),
    ].map((m) => Number(m[1]));
    expect(lines).toEqual([3, 4, 5, 6, 7, 8]);
    expect(refused.body).toContain('is not a number');
    expect(refused.body).toContain('Faraway Primary School is not in your hub’s area');
    expect(refused.body).toContain('already been referred');
    expect(refused.body).toContain('is also on line 2');
    expect((await t.db.select().from(tsReferrals)).length).toBe(before);

    const good = ['School URN,Barriers identified', `${dogwood.urn},Staffing`, `${elm.urn},Leadership`].join(
      '\n',
    );
    const imported = await hubLead.client.upload(
      paths.targetedSupport.importReferrals,
      {},
      {
        name: 'referrals.csv',
        bytes: Buffer.from(good),
      },
    );
    expect(imported.statusCode).toBe(303);
    const after = await t.db.select().from(tsReferrals);
    expect(after.length).toBe(before + 2);
    expect(
      after
        .filter((r) => r.source === 'import')
        .map((r) => r.schoolUrn)
        .sort(),
    ).toEqual([dogwood.urn, elm.urn].sort());
  });

  it('funds the release time of a partnership on the hub’s statement, by the year’s grant rules', async () => {
    await loadGrantRules(t.db, systemActor('test'), {
      year,
      source: 'test',
      ncps: [
        {
          code: tsNcpCode,
          rules: [
            {
              kind: 'unit_grant',
              label: 'Release time for each partnership',
              amountPence: 120_000,
              source: 'dfe',
            },
          ],
        },
      ],
    });
    const [p] = await t.db.select().from(tsPartnerships);
    const statement = await readStatementIn(t.db, hubId, year);
    const line = statement.lines.find((l) => l.activityId === p!.activityId);
    expect(line?.amountPence).toBe(120_000);
  });

  it('reads an Excel list too, refusing it whole with the row of each problem', async () => {
    const before = (await t.db.select().from(tsReferrals)).length;
    const book = await workbook([
      {
        name: 'Referrals',
        columns: [
          { header: 'URN', value: (r: { urn: string; barriers: string }) => r.urn },
          { header: 'Barriers', value: (r: { urn: string; barriers: string }) => r.barriers },
        ],
        rows: [
          {
            urn: String((await makeSchool(t.db, { laCode, name: 'Hazel Primary School' })).urn),
            barriers: 'Staffing',
          },
          { urn: '123456789', barriers: 'Unknown school' },
        ],
      },
    ]);
    const refused = await hubLead.client.upload(
      paths.targetedSupport.importReferrals,
      {},
      {
        name: 'referrals.xlsx',
        bytes: book,
      },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('There is no school with URN 123456789');
    expect(refused.body).toMatch(/<td class="govuk-table__cell govuk-table__cell--numeric">3<\/td>/);
    expect((await t.db.select().from(tsReferrals)).length).toBe(before);
  });

  it('lists every hub for the national team, and downloads as Excel', async () => {
    const analyst = await signInNationalAnalyst(t.app, t.db);
    const page = await analyst.client.get(paths.targetedSupport.home);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Acorn Primary School');
    expect(page.body).toContain('in every hub you can see');
    expect(page.body).not.toContain('data-testid="refer-link"');
    const xlsx = await analyst.client.get(`${paths.targetedSupport.home}?list=referrals&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    // Analysts read; they do not refer or decide. A referral the list links to opens, without the decision.
    expect((await analyst.client.get(paths.targetedSupport.refer)).statusCode).toBe(403);
    const linked = /href="(\/targeted-support\/referrals\/\d+)"/.exec(page.body)![1]!;
    const referral = await analyst.client.get(linked);
    expect(referral.statusCode).toBe(200);
    expect(referral.body).toContain('<title>Referral: ');
    expect(referral.body).not.toContain('data-testid="decide-form"');
    // (Deciding stays hub leadership's and national administrators': the authorisation table test.)
  });

  it('gives the lists as CSV', async () => {
    const csv = await hubLead.client.get(`${paths.targetedSupport.home}?list=moved-on&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Acorn Primary School');
    expect(csv.body).toContain('Development WG 1');
  });
});
