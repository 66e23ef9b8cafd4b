import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSchool, enrol, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { multipartBody } from '../../../test/support/multipart.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { SESSION_COOKIE } from '../../platform/http.ts';
import { paths } from '../../platform/paths.ts';
import { createSession } from '../auth/sessions.ts';
import { loadCatalogue } from '../catalogue/load-catalogue.ts';
import { ncps } from '../catalogue/schema.ts';
import { shippedCatalogue } from '../catalogue/shipped-catalogues.ts';
import { loadGrantRules } from '../funding/load-grant-rules.ts';
import { grantStatementLines, grantStatementRevisions, grantStatements } from '../funding/schema.ts';
import { shippedRules } from '../funding/shipped-rules.ts';
import { type DeliveryChange, deliveryChanged, onDeliveryChanged } from './delivery-changed.ts';
import { activitySchools, hubActivities } from './schema.ts';

/**
 * Every writer of delivery records calls `deliveryChanged` in its transaction (docs/ARCHITECTURE.md,
 * "Delivery changes"): a listener subscribed beside funding's sees each change made through the pages
 * and the imports, and funding's statements follow through the hook.
 */
describe('delivery changes, one hook', () => {
  let t: TestContext;
  let hub: { id: number };
  let la: { code: string };
  let lead: Awaited<ReturnType<typeof signedInClient>>;
  let leadId: number;
  let ncpId: number;
  let activityId: number;
  let urn: number;
  const seen: { personId: number | null; change: DeliveryChange; schools: number }[] = [];
  let unsubscribe: () => void;

  /** The changes the hook was told of while `act` ran. */
  async function changesDuring(act: () => Promise<unknown>) {
    const from = seen.length;
    await act();
    return seen.slice(from);
  }

  beforeAll(async () => {
    t = await createTestApp();
    la = await makeLocalAuthority(t.db);
    hub = await makeHub(t.db, { slug: 'example-maths-hub' }, [{ laCode: la.code }]);
    urn = (await makeSchool(t.db, { laCode: la.code })).urn;
    for (const u of [100001, 100002]) await makeSchool(t.db, { urn: u, laCode: la.code });
    ncpId = (await makeNcp(t.db, { code: 'NCP23-09' })).id;
    await makeNcp(t.db, { code: 'NCP23-21', type: 'programme' });
    await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], { email: 'lead.one@example.org' });
    leadId = (await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }])).id;
    lead = await signedInClient(t.app, t.db, leadId);
    activityId = (
      await makeActivity(t.db, {
        openForDirectRegistration: true,
        hubId: hub.id,
        ncpId,
        title: 'Hooked Work Group',
      })
    ).id;
    // Beside funding's: records what it is told, and what the change's transaction holds by then.
    unsubscribe = onDeliveryChanged('test: spy', async (tx, actor, change) => {
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(activitySchools)
        .where(eq(activitySchools.activityId, activityId));
      seen.push({ personId: actor.personId, change, schools: row!.n });
    });
  });
  afterAll(async () => {
    unsubscribe();
    await t.close();
  });

  const show = () => paths.activity.show(activityId);
  const once = (ids: number[]) => [{ activityIds: ids }];

  it('planning an activity, and editing it, on the pages', async () => {
    const planned = await changesDuring(() =>
      lead.submit(
        paths.myHub.newActivity,
        {
          year: '2023-24',
          ncpId: String(ncpId),
          kind: 'work_group',
          title: 'Planned through the page',
          'startsOn-day': '1',
          'startsOn-month': '10',
          'startsOn-year': '2023',
          'endsOn-day': '1',
          'endsOn-month': '6',
          'endsOn-year': '2024',
        },
        `${paths.myHub.newActivity}?year=2023-24`,
      ),
    );
    const [row] = await t.db
      .select()
      .from(hubActivities)
      .where(eq(hubActivities.title, 'Planned through the page'));
    expect(planned.map((s) => s.change)).toEqual(once([row!.id]));
    expect(planned[0]!.personId).toBe(leadId);

    const edited = await changesDuring(() =>
      lead.submit(paths.activity.edit(row!.id), {
        title: 'Planned through the page',
        status: 'cancelled',
        'startsOn-day': '1',
        'startsOn-month': '10',
        'startsOn-year': '2023',
        'endsOn-day': '1',
        'endsOn-month': '6',
        'endsOn-year': '2024',
      }),
    );
    expect(edited.map((s) => s.change)).toEqual(once([row!.id]));
  });

  it('a school added and withdrawn, a lead added, in the change’s transaction', async () => {
    const added = await changesDuring(() =>
      lead.submit(paths.activity.schools(activityId), { action: 'add', urn: String(urn) }, show()),
    );
    // The listener ran inside the change: it saw the school the change added.
    expect(added).toEqual([{ personId: leadId, change: { activityIds: [activityId] }, schools: 1 }]);
    const withdrawn = await changesDuring(() =>
      lead.submit(paths.activity.schools(activityId), { action: 'withdraw', urn: String(urn) }, show()),
    );
    expect(withdrawn.map((s) => s.change)).toEqual(once([activityId]));
    const llme = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }]);
    const led = await changesDuring(() =>
      lead.submit(
        paths.activity.leads(activityId),
        { personId: String(llme.id), leadTitle: 'Work Group Lead' },
        show(),
      ),
    );
    expect(led.map((s) => s.change)).toEqual(once([activityId]));
  });

  it('a participant registered and withdrawn, a school registered, two participants merged', async () => {
    const registered = await changesDuring(() =>
      lead.submit(paths.activity.signUp(activityId), {
        form: 'participant',
        email: 'hooked.participant@example.org',
        givenName: 'Hana',
        familyName: 'Hooked',
        schoolUrn: String(urn),
        roleInSchool: 'Class teacher',
        yearGroups: ['Year 3'],
        mentorName: '',
        mentorEmail: '',
      }),
    );
    expect(registered.map((s) => s.change)).toEqual(once([activityId]));

    const someone = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    const enrolment = await enrol(t.db, { activityId, personId: someone.id });
    const withdrawn = await changesDuring(() =>
      lead.submit(paths.activity.participants(activityId), { enrolmentId: String(enrolment.id) }, show()),
    );
    expect(withdrawn.map((s) => s.change)).toEqual(once([activityId]));

    const school = await makeSchool(t.db, { laCode: la.code });
    const contact = await makePerson(t.db, [
      { role: 'school_contact', schoolUrn: school.urn, hubId: hub.id },
    ]);
    const schoolSignedUp = await changesDuring(async () =>
      (await signedInClient(t.app, t.db, contact.id)).submit(paths.activity.signUp(activityId), {
        form: 'school',
        commitmentSchoolUrn: String(school.urn),
        commitmentStatement: 'Release time for two teachers.',
      }),
    );
    expect(schoolSignedUp.map((s) => s.change)).toEqual(once([activityId]));

    // The same teacher twice on the activity: merging them counts one participant.
    const [keep, merge] = [
      await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]),
      await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]),
    ];
    for (const p of [keep!, merge!]) await enrol(t.db, { activityId, personId: p.id });
    const admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    const preview = `${paths.mergePeople}?keepPersonId=${keep!.id}&mergePersonId=${merge!.id}`;
    const merged = await changesDuring(async () => {
      const done = await (await signedInClient(t.app, t.db, admin.id)).submit(
        paths.mergePeople,
        { keepPersonId: String(keep!.id), mergePersonId: String(merge!.id), confirm: 'yes' },
        preview,
      );
      expect(done.statusCode).toBe(303);
    });
    expect(merged.map((s) => s.change)).toEqual(once([activityId]));
  });

  it('the activities and enrolments imports tell the hook their hubs and year; attendance does not', async () => {
    const jar = new Map([[SESSION_COOKIE, t.app.signCookie(await createSession(t.db, leadId))]]);
    const cookie = () => [...jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    const keep = (response: LightMyRequestResponse) => {
      for (const c of response.cookies as { name: string; value: string }[]) {
        if (c.value) jar.set(c.name, c.value);
      }
      return response;
    };
    const upload = async (kind: string) => {
      const page = keep(
        await t.app.inject({ method: 'GET', url: paths.myHub.imports, headers: { cookie: cookie() } }),
      );
      const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(
        page.body,
      )?.[1];
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      const bytes = Buffer.from(
        await import('node:fs').then((fs) =>
          fs.readFileSync(new URL(`../../../test/fixtures/delivery/${kind}.csv`, import.meta.url)),
        ),
      );
      const { payload, contentType } = multipartBody({ _csrf: token!, kind }, { name: `${kind}.csv`, bytes });
      const done = keep(
        await t.app.inject({
          method: 'POST',
          url: action!.replaceAll('&amp;', '&'),
          payload,
          headers: { cookie: cookie(), 'content-type': contentType },
        }),
      );
      expect(done.body).toContain('data-testid="import-done"');
    };
    const hubYear = [{ yearCode: '2023/24', hubIds: [hub.id] }];
    expect((await changesDuring(() => upload('activities'))).map((s) => s.change)).toEqual(hubYear);
    expect((await changesDuring(() => upload('enrolments'))).map((s) => s.change)).toEqual(hubYear);
    // Registers are not delivery changes: nothing that follows delivery counts them.
    expect(await changesDuring(() => upload('attendance'))).toEqual([]);
  });

  it('an error in a listener rolls the change back', async () => {
    const school = await makeSchool(t.db, { laCode: la.code });
    const stop = onDeliveryChanged('test: failing', async () => {
      throw new Error('listener failed');
    });
    try {
      const refused = await lead.submit(
        paths.activity.schools(activityId),
        { action: 'add', urn: String(school.urn) },
        show(),
      );
      expect(refused.statusCode).toBe(500);
    } finally {
      stop();
    }
    const rows = await t.db
      .select()
      .from(activitySchools)
      .where(and(eq(activitySchools.activityId, activityId), eq(activitySchools.schoolUrn, school.urn)));
    expect(rows).toEqual([]);
  });

  it('funding follows through the hook: by activities, and by hubs and year', async () => {
    await loadCatalogue(t.db, systemActor('test'), shippedCatalogue('2019/20'));
    await loadGrantRules(t.db, systemActor('test'), shippedRules('2019/20'));
    const readiness = await t.db
      .select({ id: ncps.id })
      .from(ncps)
      .where(and(eq(ncps.yearCode, '2019/20'), eq(ncps.code, 'NCP 19-11')));
    const funded = await makeActivity(t.db, {
      openForDirectRegistration: true,
      hubId: hub.id,
      ncpId: readiness[0]!.id,
      yearCode: '2019/20',
    });
    for (let i = 0; i < 7; i++)
      await addSchool(t.db, funded.id, (await makeSchool(t.db, { laCode: la.code })).urn);
    /** The hub's 2019/20 statement total, and its line for the activity. */
    const stated = async () => {
      const rows = await t.db
        .select({ total: grantStatementRevisions.totalPence, amount: grantStatementLines.amountPence })
        .from(grantStatements)
        .innerJoin(grantStatementRevisions, eq(grantStatementRevisions.statementId, grantStatements.id))
        .innerJoin(grantStatementLines, eq(grantStatementLines.revisionId, grantStatementRevisions.id))
        .where(and(eq(grantStatements.hubId, hub.id), eq(grantStatements.yearCode, '2019/20')))
        .orderBy(sql`${grantStatementRevisions.revision} desc`);
      return rows[0] ?? null;
    };
    // Rows written straight to the tables: no statement until the hook is told.
    expect(await stated()).toBeNull();
    await t.db.transaction((tx) => deliveryChanged(tx, systemActor('test'), [funded.id]));
    expect(await stated()).toEqual({ total: 1_415_000, amount: 1_415_000 });

    await addSchool(t.db, funded.id, urn);
    await t.db.transaction((tx) =>
      deliveryChanged(tx, systemActor('test'), { yearCode: '2019/20', hubIds: [hub.id] }),
    );
    expect((await stated())!.total).toBeGreaterThan(1_415_000);
  });
});
