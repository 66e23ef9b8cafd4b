import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSchool, makeActivity } from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makeSchool } from '../../../test/support/factories.ts';
import {
  csrfFor,
  eventsAbout,
  type SignedIn,
  signInHubLead,
  signInNationalAdmin,
  signInNationalAnalyst,
} from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { paths } from '../../platform/paths.ts';
import { projectRoot } from '../../platform/views.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { loadCatalogue } from '../catalogue/load-catalogue.ts';
import { ncps } from '../catalogue/schema.ts';
import { shippedCatalogue } from '../catalogue/shipped-catalogues.ts';
import { loadGrantRules } from './load-grant-rules.ts';
import { fundingClaims, grantRuleSets } from './schema.ts';
import { shippedRules } from './shipped-rules.ts';

const year = '2019/20';

describe('funding pages, claims and the API', () => {
  let t: TestContext;
  let hub: Awaited<ReturnType<typeof makeHub>>;
  let lead: SignedIn;
  let otherLead: SignedIn;
  let admin: SignedIn;
  let analyst: SignedIn;
  let claimId: number;
  const statementUrl = `${paths.funding.statement}?year=2019-20`;
  const rulesUrl = paths.funding.editRules('2019-20', 'NCP 19-12');

  beforeAll(async () => {
    t = await createTestApp();
    await loadCatalogue(t.db, systemActor('test'), shippedCatalogue('2019/20'));
    await loadGrantRules(t.db, systemActor('test'), shippedRules('2019/20'));
    await makeLocalAuthority(t.db, { code: '330', name: 'Birmingham' });
    hub = await makeHub(t.db, { slug: 'central', name: 'Central Maths Hub' });
    const other = await makeHub(t.db, { slug: 'other', name: 'Other Maths Hub' });
    const [ncp] = await t.db
      .select()
      .from(ncps)
      .where(and(eq(ncps.yearCode, year), eq(ncps.code, 'NCP 19-11')));
    const wg = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp!.id,
      yearCode: year,
      title: 'Readiness WG 1',
    });
    for (let i = 0; i < 6; i++) await addSchool(t.db, wg.id, (await makeSchool(t.db, { laCode: '330' })).urn);
    lead = await signInHubLead(t.app, t.db, hub.id);
    otherLead = await signInHubLead(t.app, t.db, other.id);
    admin = await signInNationalAdmin(t.app, t.db);
    analyst = await signInNationalAnalyst(t.app, t.db);
  });
  afterAll(() => t.close());

  it('hub leadership see their statement: Mastery Readiness with six schools is £13,150', async () => {
    const page = await lead.client.get(statementUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Readiness WG 1');
    expect(page.body).toContain('£13,150');
    expect(page.body).toContain('£14,150 for 7 schools, − £1,000 × 1 school');
    expect(page.body).toContain('data-testid="statement-total"><strong>£13,150</strong>');
    const csv = await lead.client.get(`${statementUrl}&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Readiness WG 1');
    expect(csv.body).toContain('1315000');
    const xlsx = await lead.client.get(`${statementUrl}&format=xlsx`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    // Another hub's leadership cannot choose this hub.
    expect((await otherLead.client.get(`${statementUrl}&hub=central`)).statusCode).toBe(404);
    expect((await otherLead.client.get(statementUrl)).body).not.toContain('Readiness WG 1');
  });

  it('refuses a claim with problems, keeping the input, then takes a PCT day-rate claim at £400 a day', async () => {
    const formUrl = `${paths.funding.newClaim}?year=2019-20`;
    const form = await lead.client.get(formUrl);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('NCP 19-06');
    const wrong = await lead.client.submit(
      paths.funding.newClaim,
      {
        year: '2019-20',
        ncpCode: 'NCP 19-06',
        kind: 'day_rate',
        claimantName: 'Sam Carter',
        days: 'three',
        description: '',
      },
      formUrl,
    );
    expect(wrong.statusCode).toBe(303);
    const again = await lead.client.get(wrong.headers.location as string);
    expect(again.body).toContain('There is a problem');
    expect(again.body).toContain('Enter the number of days, like 3');
    expect(again.body).toContain('Describe what the claim is for');
    expect(again.body).toContain('value="Sam Carter"');
    // Travel is not claimable for 19-12.
    const travel = await lead.client.submit(
      paths.funding.newClaim,
      {
        year: '2019-20',
        ncpCode: 'NCP 19-12',
        kind: 'travel',
        claimantName: 'Sam',
        amount: '10',
        description: 'x',
      },
      formUrl,
    );
    expect(travel.statusCode).toBe(303);
    expect((await lead.client.get(travel.headers.location as string)).body).toContain(
      'Travel cannot be claimed for NCP 19-12',
    );

    const done = await lead.client.submit(
      paths.funding.newClaim,
      {
        year: '2019-20',
        ncpCode: 'NCP 19-06',
        kind: 'day_rate',
        role: 'pct',
        claimantName: 'Sam Carter',
        days: '3',
        description: 'PCT planning days',
      },
      formUrl,
    );
    expect(done.statusCode).toBe(303);
    const [claim] = await t.db.select().from(fundingClaims).where(eq(fundingClaims.hubId, hub.id));
    expect(claim).toMatchObject({
      status: 'submitted',
      amountPence: 120_000,
      ratePence: 40_000,
      days: 3,
      role: 'pct',
    });
    claimId = claim!.id;
    const [event] = await eventsAbout(t.db, 'funding_claim', claimId);
    expect(event).toMatchObject({
      action: 'funding.claim_submitted',
      hubId: hub.id,
      actorLabel: lead.actorLabel,
    });
    const list = await lead.client.get(`${paths.funding.claims}?year=2019-20`);
    expect(list.body).toContain(`data-testid="claim-${claimId}"`);
    expect(list.body).toContain('£1,200');
    // A national administrator cannot submit a hub's claim (hub leadership do).
    expect((await admin.client.get(formUrl)).statusCode).toBe(403);
  });

  it('the national team rejects only with a reason, approves and pays; each step in the event log', async () => {
    const url = paths.funding.claim(claimId);
    const page = await admin.client.get(url);
    expect(page.body).toContain('Approve');
    const noReason = await admin.client.submit(url, { action: 'reject' }, url);
    expect(noReason.statusCode).toBe(303);
    expect((await admin.client.get(url)).body).toContain('Give the reason for rejecting the claim');
    // Paying before approving is refused: back to the claim with the reason (handleForm maps the conflict).
    const early = await admin.client.submit(url, { action: 'pay' }, url);
    expect(early.statusCode).toBe(303);
    expect(early.headers.location).toBe(url);
    const refusedPage = (await admin.client.get(url)).body;
    expect(refusedPage).toContain('There is a problem');
    expect(refusedPage).toContain('A claim that is submitted cannot be paid');
    // An analyst may read but not decide.
    expect((await analyst.client.get(url)).statusCode).toBe(200);
    expect(
      (
        await analyst.client.post(url, {
          action: 'approve',
          _csrf: await csrfFor(t.app, t.db, url, analyst.client),
        })
      ).statusCode,
    ).toBe(403);
    expect((await admin.client.submit(url, { action: 'approve' }, url)).statusCode).toBe(303);
    expect((await admin.client.submit(url, { action: 'pay' }, url)).statusCode).toBe(303);
    const [claim] = await t.db.select().from(fundingClaims).where(eq(fundingClaims.id, claimId));
    expect(claim!.status).toBe('paid');
    const history = (await eventsAbout(t.db, 'funding_claim', claimId)).map((e) => e.action).reverse();
    expect(history).toEqual(['funding.claim_submitted', 'funding.claim_approved', 'funding.claim_paid']);
    // The paid claim is on the hub's statement as money from the MHNF.
    const statement = await lead.client.get(statementUrl);
    expect(statement.body).toContain('data-testid="statement-total"><strong>£14,350</strong>');
    // Another hub's leadership cannot see the claim.
    expect((await otherLead.client.get(url)).statusCode).toBe(404);
  });

  it('a rejected claim keeps its reason and cannot be approved afterwards', async () => {
    await lead.client.submit(
      paths.funding.newClaim,
      {
        year: '2019-20',
        ncpCode: 'NCP 19-20',
        kind: 'travel',
        claimantName: 'Ali Khan',
        amount: '42.50',
        description: 'Train to the National Workshop',
      },
      `${paths.funding.newClaim}?year=2019-20`,
    );
    const [travel] = await t.db.select().from(fundingClaims).where(eq(fundingClaims.ncpCode, 'NCP 19-20'));
    expect(travel!.amountPence).toBe(4_250);
    const url = paths.funding.claim(travel!.id);
    await admin.client.submit(url, { action: 'reject', reason: 'No receipt attached' }, url);
    const [after] = await t.db.select().from(fundingClaims).where(eq(fundingClaims.id, travel!.id));
    expect(after).toMatchObject({ status: 'rejected', reason: 'No receipt attached' });
    const late = await admin.client.submit(url, { action: 'approve' }, rulesUrl);
    expect(late.statusCode).toBe(303);
    expect((await admin.client.get(url)).body).toContain('A claim that is rejected cannot be approved');
    const [event] = await eventsAbout(t.db, 'funding_claim', travel!.id);
    expect(event).toMatchObject({ action: 'funding.claim_rejected', reason: 'No receipt attached' });
    const national = await admin.client.get(`${paths.funding.allClaims}?year=2019-20&status=rejected`);
    expect(national.body).toContain('No receipt attached');
  });

  it('the national page totals every hub, by NCP and source, and exports', async () => {
    const page = await analyst.client.get(`${paths.funding.national}?year=2019-20`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="national-total"><strong>£14,350</strong>');
    expect(page.body).toContain('data-testid="amsp-owes"><strong>£0</strong>');
    const csv = await analyst.client.get(`${paths.funding.national}?year=2019-20&format=csv&table=ncps`);
    expect(csv.body).toContain('NCP 19-11');
    const byTotal = await analyst.client.get(`${paths.funding.national}?year=2019-20&sort=total&order=desc`);
    expect(byTotal.body.indexOf('data-testid="hub-central"')).toBeLessThan(
      byTotal.body.indexOf('data-testid="hub-other"'),
    );
    const byName = await analyst.client.get(`${paths.funding.national}?year=2019-20&sort=name&order=desc`);
    expect(byName.body.indexOf('data-testid="hub-other"')).toBeLessThan(
      byName.body.indexOf('data-testid="hub-central"'),
    );
    expect(byName.body).toContain('aria-sort="descending"');
    // Claims sort by amount, either way.
    const ids = async (order: string) =>
      [
        ...(
          await analyst.client.get(`${paths.funding.allClaims}?year=2019-20&sort=amount&order=${order}`)
        ).body.matchAll(/data-testid="claim-(\d+)"/g),
      ].map((m) => Number(m[1]));
    const ascending = await ids('asc');
    expect(ascending).toHaveLength(2);
    expect(await ids('desc')).toEqual([...ascending].reverse());
    expect(ascending[1]).toBe(claimId); // £1,200 after £42.50
    expect((await lead.client.get(paths.funding.national)).statusCode).toBe(403);
  });

  it('the API gives the statement as {hub, year, lines, total_pence}, scoped to the hub', async () => {
    const { token } = await createApiToken(t.db, systemActor('test'), {
      personId: lead.personId,
      name: 'test',
    });
    const response = await t.app.inject({
      method: 'GET',
      url: paths.api.hubFunding('central', '2019-20'),
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ hub: 'central', year: '2019/20', total_pence: 1_435_000 });
    expect(body.lines).toEqual([
      expect.objectContaining({
        activity: 'Readiness WG 1',
        ncp: 'NCP 19-11',
        source: 'maths_hub',
        amount_pence: 1_315_000,
      }),
      expect.objectContaining({ ncp: 'NCP 19-06', source: 'mhnf', amount_pence: 120_000, claim_id: claimId }),
    ]);
    const mhnf = await t.app.inject({
      method: 'GET',
      url: `${paths.api.hubFunding('central', '2019-20')}?source=mhnf`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(mhnf.json()).toMatchObject({
      total_pence: 120_000,
      lines: [expect.objectContaining({ source: 'mhnf' })],
    });
    const docs = await t.app.inject({ method: 'GET', url: `${paths.api.docs}/json` });
    expect(Object.keys(docs.json().paths)).toContain('/api/v1/hubs/{slug}/funding/{year}');
    const other = await createApiToken(t.db, systemActor('test'), {
      personId: otherLead.personId,
      name: 'test',
    });
    const refused = await t.app.inject({
      method: 'GET',
      url: paths.api.hubFunding('central', '2019-20'),
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(refused.statusCode).toBe(404);
  });

  it('the national team edits rules with validation (error summary, input kept) and the statement follows', async () => {
    const editUrl = paths.funding.editRules('2019-20', 'NCP 19-11');
    const form = await admin.client.get(editUrl);
    expect(form.body).toContain('variable_by_schools');
    const bad = '[{"kind":"unit_grant","label":"x","amountPence":-5,"source":"maths_hub"}]';
    const refused = await admin.client.submit(editUrl, { rules: bad }, editUrl);
    expect(refused.statusCode).toBe(303);
    const again = await admin.client.get(editUrl);
    expect(again.body).toContain('There is a problem');
    expect(again.body).toContain('Rule 1 (amountPence): Amounts cannot be negative');
    expect(again.body).toContain('amountPence&quot;:-5');
    const notJson = await admin.client.submit(editUrl, { rules: '[{' }, editUrl);
    expect((await admin.client.get(notJson.headers.location as string)).body).toContain(
      'The rules are not valid JSON',
    );
    // Rules longer than a kept field (500 characters) are shown again at once, whole, with the errors.
    const long = `[{"kind":"unit_grant","label":"${'Long label '.repeat(60)}end","amountPence":-5,"source":"maths_hub"}]`;
    const shownAgain = await admin.client.submit(editUrl, { rules: long }, editUrl);
    expect(shownAgain.statusCode).toBe(400);
    expect(shownAgain.body).toContain('Rule 1 (amountPence): Amounts cannot be negative');
    expect(shownAgain.body).toContain('Long label end');

    const good = '[{"kind":"unit_grant","label":"Unit grant","amountPence":500000,"source":"maths_hub"}]';
    expect((await admin.client.submit(editUrl, { rules: good }, editUrl)).statusCode).toBe(303);
    const [set] = await t.db
      .select()
      .from(grantRuleSets)
      .where(and(eq(grantRuleSets.yearCode, year), eq(grantRuleSets.ncpCode, 'NCP 19-11')));
    expect(set!.rules).toEqual(JSON.parse(good));
    const [event] = await eventsAbout(t.db, 'grant_rule_set', set!.id);
    expect(event).toMatchObject({ action: 'funding.rules_updated', actorLabel: admin.actorLabel });
    expect((await lead.client.get(statementUrl)).body).toContain(
      'data-testid="statement-total"><strong>£6,200</strong>',
    );
    expect((await lead.client.get(editUrl)).statusCode).toBe(403);
    expect((await analyst.client.get(paths.funding.rules('2019-20'))).body).toContain('NCP 19-09');
  });

  it('the national team closes a statement from the page; hub leadership cannot', async () => {
    expect(
      (
        await lead.client.submit(
          paths.funding.close,
          { hub: 'central', year: '2019-20' },
          `${paths.funding.newClaim}?year=2019-20`,
        )
      ).statusCode,
    ).toBe(403);
    const closed = await admin.client.submit(
      paths.funding.close,
      { hub: 'central', year: '2019-20', statement: '1' },
      `${statementUrl}&hub=central`,
    );
    expect(closed.statusCode).toBe(303);
    const page = await admin.client.get(`${statementUrl}&hub=central`);
    expect(page.body).toContain('Statement 1 is closed at £6,200');
    expect(page.body).toContain('Close statement 2 for its period');
    // Each revision can be opened: what was stated when (the first showed Mastery Readiness at £13,150).
    const first = /href="([^"]+revision=\d+)#revision" data-testid="revision-1-1"/
      .exec(page.body)![1]!
      .replace(/&amp;/g, '&');
    const revision = await admin.client.get(first);
    expect(revision.body).toContain('data-testid="revision-lines"');
    expect(revision.body).toContain('£14,150 for 7 schools, − £1,000 × 1 school');
    expect(
      (
        await otherLead.client.get(
          `${paths.funding.statement}?year=2019-20&revision=${/revision=(\d+)/.exec(first)![1]}`,
        )
      ).statusCode,
    ).toBe(404);
  });

  it('the CLI prints the statement as JSON: {hub, year, lines: [{activity, ncp, source, amount_pence}], total_pence}', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        path.join(projectRoot, 'bin/mathshubs.js'),
        'funding',
        'statement',
        '--hub',
        'central',
        '--year',
        '2019/20',
        '--format',
        'json',
      ],
      {
        env: { ...process.env, DATABASE_URL: t.services.config.DATABASE_URL, NODE_ENV: 'test' },
        cwd: projectRoot,
      },
    );
    const printed = JSON.parse(stdout);
    expect(Object.keys(printed)).toEqual(['hub', 'year', 'lines', 'total_pence']);
    expect(printed).toMatchObject({ hub: 'central', year: '2019/20' });
    expect(printed.total_pence).toBe(
      printed.lines.reduce((s: number, l: { amount_pence: number }) => s + l.amount_pence, 0),
    );
    expect(printed.lines[0]).toMatchObject({
      activity: 'Readiness WG 1',
      ncp: 'NCP 19-11',
      source: 'maths_hub',
    });
    // The same as the API gives.
    const { token } = await createApiToken(t.db, systemActor('test'), {
      personId: admin.personId,
      name: 'cli',
    });
    const api = await t.app.inject({
      method: 'GET',
      url: paths.api.hubFunding('central', '2019-20'),
      headers: { authorization: `Bearer ${token}` },
    });
    expect(api.json()).toEqual(printed);
  }, 60_000);

  it('the national team records a hub’s role in the China exchange, and the grant for it is stated', async () => {
    const [exchange] = await t.db
      .select()
      .from(ncps)
      .where(and(eq(ncps.yearCode, year), eq(ncps.code, 'NCP 19-02')));
    const activity = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: exchange!.id,
      yearCode: year,
      kind: 'programme_cohort',
      title: 'Shanghai exchange',
    });
    const url = `${statementUrl}&hub=central`;
    const before = await admin.client.get(url);
    expect(before.body).toContain('Record the hub’s role for “Shanghai exchange”');
    expect(before.body).toContain(`data-testid="role-form-${activity.id}"`);
    const done = await admin.client.submit(
      paths.funding.role,
      { hub: 'central', year: '2019-20', activityId: String(activity.id), role: 'secondary_non_hosting' },
      url,
    );
    expect(done.statusCode).toBe(303);
    const after = await admin.client.get(url);
    expect(after.body).toContain('Secondary exchange (non-hosting): £3,300');
    const [event] = await eventsAbout(t.db, 'hub_activity', activity.id);
    expect(event).toMatchObject({ action: 'funding.role_recorded', hubId: hub.id });
  });
});
