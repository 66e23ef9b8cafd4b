import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrol, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { givePlace, makeEvent } from '../../../test/support/event-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, signedInClient } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { personActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { outbox } from '../../platform/mail-schema.ts';
import { paths } from '../../platform/paths.ts';
import { projectRoot } from '../../platform/views.ts';
import { enrolments } from '../activities/schema.ts';
import { apiTokens, rateLimitHits, sessions, signInCodes } from '../auth/schema.ts';
import { addDocumentVersion, createDocument, deleteDocument } from '../documents/documents.ts';
import { documents, documentVersions } from '../documents/schema.ts';
import { calendarFeeds, eventNotifications, eventPlaces } from '../events/schema.ts';
import { people } from '../people/schema.ts';
import { applyRetention, retentionDryRun, retentionRules } from './retention.ts';
import { RETENTION_CRON, retentionQueue, startRetentionWorker } from './retention-jobs.ts';

const DAY = 24 * 3600_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const YEAR = 365.25;

/**
 * The retention schedule on dated records: for each rule, records just past their time (which go)
 * and records within it (which stay). The same records are counted by the dry run, then applied.
 */
describe('the retention schedule', () => {
  let t: TestContext;
  const ids: Record<string, number> = {};
  let hubId = 0;

  async function datedRecords() {
    const la = await makeLocalAuthority(t.db);
    const hub = await makeHub(t.db, {}, [{ laCode: la.code }]);
    hubId = hub.id;
    const someone = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    ids.someone = someone.id;
    // Event requirements: a month after the event ends.
    const requirements = { dietary: 'Halal', access: 'Wheelchair', otherRequirements: 'Large print' };
    const longPast = await makeEvent(t.db, {
      startsAt: ago(40),
      endsAt: new Date(ago(40).getTime() + 3600_000),
      confirmBy: '2020-01-01',
    });
    const recent = await makeEvent(t.db, {
      startsAt: ago(20),
      endsAt: new Date(ago(20).getTime() + 3600_000),
      confirmBy: '2020-01-01',
    });
    const coming = await makeEvent(t.db);
    for (const [name, event] of Object.entries({ longPast, recent, coming })) {
      const place = await givePlace(t.db, event.id, someone.id);
      await t.db.update(eventPlaces).set(requirements).where(eq(eventPlaces.id, place.id));
      ids[`place-${name}`] = place.id;
    }
    // Sign-in codes: at once when used or expired.
    const code = (values: Partial<typeof signInCodes.$inferInsert>) =>
      t.db
        .insert(signInCodes)
        .values({ email: someone.email, codeHash: 'h', expiresAt: new Date(Date.now() + 600_000), ...values })
        .returning()
        .then((r) => r[0]!.id);
    ids.usedCode = await code({ usedAt: ago(0.001) });
    ids.expiredCode = await code({ expiresAt: ago(0.001) });
    ids.liveCode = await code({});
    // Sessions: when they expire.
    await t.db.insert(sessions).values([
      { id: 'expired-session', personId: someone.id, csrfToken: 'x', expiresAt: ago(0.01) },
      {
        id: 'live-session',
        personId: someone.id,
        csrfToken: 'x',
        expiresAt: new Date(Date.now() + 3600_000),
      },
    ]);
    // Rate limit hits: two days.
    await t.db.insert(rateLimitHits).values([
      { bucket: 'b', key: 'old-hit', occurredAt: ago(3) },
      { bucket: 'b', key: 'new-hit', occurredAt: ago(0.5) },
    ]);
    // Outbox: bodies after 90 days, rows after two years.
    const mail = (days: number, subject: string) =>
      t.db
        .insert(outbox)
        .values({
          toAddress: someone.email,
          subject,
          textBody: 'Dear someone',
          transport: 'test',
          createdAt: ago(days),
        })
        .returning()
        .then((r) => r[0]!.id);
    ids.mailNew = await mail(10, 'new');
    ids.mailOld = await mail(100, 'old');
    ids.mailAncient = await mail(3 * YEAR, 'ancient');
    // Event emails: a year after being sent.
    const notification = (sentAt: Date | null) =>
      t.db
        .insert(eventNotifications)
        .values({ eventId: coming.id, personId: someone.id, kind: 'invitation', createdAt: ago(800), sentAt })
        .returning()
        .then((r) => r[0]!.id);
    ids.sentLongAgo = await notification(ago(2 * YEAR));
    ids.sentLastWeek = await notification(ago(7));
    ids.unsent = await notification(null);
    // Revoked API tokens and calendar feeds: a year after being revoked.
    const token = (hash: string, revokedAt: Date | null) =>
      t.db
        .insert(apiTokens)
        .values({ personId: someone.id, name: hash, tokenHash: hash, revokedAt })
        .returning()
        .then((r) => r[0]!.id);
    ids.oldToken = await token('old-token', ago(2 * YEAR));
    ids.recentToken = await token('recent-token', ago(30));
    ids.activeToken = await token('active-token', null);
    const feed = (hash: string, revokedAt: Date | null) =>
      t.db
        .insert(calendarFeeds)
        .values({ personId: someone.id, tokenHash: hash, revokedAt })
        .returning()
        .then((r) => r[0]!.id);
    ids.oldFeed = await feed('old-feed', ago(2 * YEAR));
    ids.activeFeed = await feed('active-feed', null);
    // People: anonymised after six years without activity.
    const oldPerson = (roles: Parameters<typeof makePerson>[1] = []) =>
      makePerson(t.db, roles, { createdAt: ago(7 * YEAR), familyName: 'Longago' }).then((p) => p.id);
    ids.inactive = await oldPerson();
    ids.inactiveEndedRole = await oldPerson();
    await t.db.execute(
      sql`INSERT INTO role_assignments (person_id, role, hub_id, starts_on, ends_on) VALUES (${ids.inactiveEndedRole}, 'participant', ${hub.id}, '2017-09-01', '2018-08-31')`,
    );
    ids.signedInLastYear = await oldPerson();
    await t.db.insert(eventLog).values({
      occurredAt: ago(YEAR),
      actorPersonId: ids.signedInLastYear,
      actorLabel: 'x',
      action: 'person.signed_in',
      subjectType: 'person',
      subjectId: String(ids.signedInLastYear),
    });
    ids.enrolledRecently = await oldPerson();
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id });
    const enrolment = await enrol(t.db, { activityId: activity.id, personId: ids.enrolledRecently });
    await t.db
      .update(enrolments)
      .set({ registeredAt: ago(2 * YEAR) })
      .where(eq(enrolments.id, enrolment.id));
    ids.hubLead = await oldPerson([{ role: 'hub_leadership', hubId: hub.id }]);
    ids.alreadyErased = await oldPerson();
    await t.db
      .update(people)
      .set({ erasedAt: ago(YEAR) })
      .where(eq(people.id, ids.alreadyErased));
    // Deleted documents' files: erased 30 days after the document was deleted (each version's bytes).
    const store = t.services.documentStore;
    const actor = personActor(someone.id);
    const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF`);
    for (const [name, deletedDaysAgo] of [
      ['deletedLongAgo', 31],
      ['deletedRecently', 29],
      ['live', null],
    ] as const) {
      const owner = { ownerKind: 'community_space', ownerId: '1' };
      const file = (n: number) => ({ filename: `${name}-${n}.pdf`, bytes: pdf(`${name} ${n}`) });
      const { documentId } = await createDocument(t.db, actor, { ...owner, file: file(1) }, { store });
      await addDocumentVersion(t.db, actor, { documentId, file: file(2) }, { store });
      if (deletedDaysAgo !== null) {
        await deleteDocument(t.db, actor, { documentId });
        await t.db
          .update(documents)
          .set({ deletedAt: ago(deletedDaysAgo) })
          .where(eq(documents.id, documentId));
      }
      ids[`document-${name}`] = documentId;
    }
  }

  /** A document's versions with whether their bytes are still in the store. */
  const versionsOf = async (name: string) => {
    const rows = await t.db
      .select()
      .from(documentVersions)
      .where(eq(documentVersions.documentId, ids[`document-${name}`]!))
      .orderBy(documentVersions.number);
    return Promise.all(
      rows.map(async (v) => ({
        filename: v.filename,
        erased: v.bytesErasedAt !== null,
        stored: (await t.services.documentStore.get(v.blobKey)) !== null,
      })),
    );
  };

  beforeAll(async () => {
    t = await createTestApp();
    await datedRecords();
  });
  afterAll(() => t.close());

  const expected: Record<string, number> = {
    'event-requirements': 1,
    'sign-in-codes': 2,
    sessions: 1,
    'rate-limit-hits': 1,
    'outbox-bodies': 2,
    'outbox-rows': 1,
    'event-emails': 1,
    'revoked-secrets': 2,
    'inactive-people': 2,
    'deleted-document-files': 2,
  };

  it('has a rule for every kind of record in the written schedule, and the dry run counts what is due without changing it', async () => {
    expect(retentionRules.map((r) => r.id).sort()).toEqual(Object.keys(expected).sort());
    const outcomes = await retentionDryRun(t.db);
    expect(Object.fromEntries(outcomes.map((o) => [o.id, o.count]))).toEqual(expected);
    expect(await retentionDryRun(t.db)).toEqual(outcomes);
  });

  it('shows the dry run to the national team', async () => {
    const admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    const page = await (await signedInClient(t.app, t.db, admin.id)).get(paths.privacy.retention);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/data-testid="count-inactive-people">\s*2\s*</);
    expect(page.body).toMatch(/data-testid="count-sign-in-codes">\s*2\s*</);
    expect(page.body).toMatch(/data-testid="count-deleted-document-files">\s*2\s*</);
    expect(page.body).toContain('30 days after the document is deleted');
    const lead = await makePerson(t.db, [{ role: 'hub_leadership', hubId }]);
    expect((await (await signedInClient(t.app, t.db, lead.id)).get(paths.privacy.retention)).statusCode).toBe(
      403,
    );
  });

  it('prints the dry run from the command line and changes nothing', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(projectRoot, 'bin/mathshubs.js'), 'privacy', 'retention', '--dry-run'],
      {
        env: { ...process.env, DATABASE_URL: t.services.config.DATABASE_URL, NODE_ENV: 'test' },
        cwd: projectRoot,
      },
    );
    expect(stdout).toContain('inactive-people: 2 would be anonymised');
    expect(stdout).toContain('event-requirements: 1 would be cleared');
    expect(Object.fromEntries((await retentionDryRun(t.db)).map((o) => [o.id, o.count]))).toEqual(expected);
  });

  it('applies each rule to the records past their time, keeps the others, and logs each rule', async () => {
    const outcomes = await applyRetention(t.db, t.services);
    expect(Object.fromEntries(outcomes.map((o) => [o.id, o.count]))).toEqual(expected);
    const place = async (name: string) =>
      (
        await t.db
          .select()
          .from(eventPlaces)
          .where(eq(eventPlaces.id, ids[`place-${name}`]!))
      )[0]!;
    expect(await place('longPast')).toMatchObject({ dietary: null, access: null, otherRequirements: null });
    expect(await place('recent')).toMatchObject({ dietary: 'Halal', access: 'Wheelchair' });
    expect(await place('coming')).toMatchObject({ dietary: 'Halal' });
    const codes = (await t.db.select({ id: signInCodes.id }).from(signInCodes)).map((r) => r.id);
    expect(codes).toEqual([ids.liveCode]);
    expect(
      (await t.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.personId, ids.someone!))).map(
        (r) => r.id,
      ),
    ).toEqual(['live-session']);
    expect((await t.db.select({ key: rateLimitHits.key }).from(rateLimitHits)).map((r) => r.key)).toEqual([
      'new-hit',
    ]);
    const mails = await t.db.select().from(outbox).orderBy(outbox.id);
    expect(mails.map((m) => [m.subject, m.textBody])).toEqual([
      ['new', 'Dear someone'],
      ['old', ''],
    ]);
    const notifications = (await t.db.select({ id: eventNotifications.id }).from(eventNotifications)).map(
      (r) => r.id,
    );
    expect(notifications.sort()).toEqual([ids.sentLastWeek, ids.unsent].sort());
    expect((await t.db.select({ id: apiTokens.id }).from(apiTokens)).map((r) => r.id).sort()).toEqual(
      [ids.recentToken, ids.activeToken].sort(),
    );
    expect((await t.db.select({ id: calendarFeeds.id }).from(calendarFeeds)).map((r) => r.id)).toEqual([
      ids.activeFeed,
    ]);
    const person = async (key: string) =>
      (await t.db.select().from(people).where(eq(people.id, ids[key]!)))[0]!;
    for (const key of ['inactive', 'inactiveEndedRole']) {
      expect(await person(key)).toMatchObject({ givenName: 'Erased', familyName: 'person' });
    }
    for (const key of ['signedInLastYear', 'enrolledRecently', 'hubLead', 'alreadyErased', 'someone']) {
      expect((await person(key)).familyName, key).not.toBe('person');
    }
    const logged = await t.db.select().from(eventLog).where(eq(eventLog.action, 'retention.applied'));
    expect(Object.fromEntries(logged.map((e) => [e.subjectId, e.changes]))).toEqual({
      'event-requirements': { cleared: 1 },
      'sign-in-codes': { deleted: 2 },
      sessions: { deleted: 1 },
      'rate-limit-hits': { deleted: 1 },
      'outbox-bodies': { cleared: 2 },
      'outbox-rows': { deleted: 1 },
      'event-emails': { deleted: 1 },
      'revoked-secrets': { deleted: 2 },
      'deleted-document-files': { deleted: 2 },
    });
    // The files of the document deleted 31 days ago are gone from the store; its versions' records stay
    // and say so. The document deleted 29 days ago and the live one keep theirs.
    expect(await versionsOf('deletedLongAgo')).toEqual([
      { filename: 'deletedLongAgo-1.pdf', erased: true, stored: false },
      { filename: 'deletedLongAgo-2.pdf', erased: true, stored: false },
    ]);
    for (const name of ['deletedRecently', 'live'])
      expect((await versionsOf(name)).map((v) => [v.erased, v.stored])).toEqual([
        [false, true],
        [false, true],
      ]);
    const trace = await t.db
      .select()
      .from(eventLog)
      .where(
        sql`${eventLog.action} = 'document.deleted' AND ${eventLog.subjectId} = ${String(ids['document-deletedLongAgo'])}`,
      );
    expect(trace).toHaveLength(1);
    const erasures = await t.db.select().from(eventLog).where(eq(eventLog.action, 'person.erased'));
    expect(erasures.map((e) => Number(e.subjectId)).sort()).toEqual(
      [ids.inactive, ids.inactiveEndedRole].sort(),
    );
    // Nothing is due any more.
    expect((await retentionDryRun(t.db)).every((o) => o.count === 0)).toBe(true);
  });

  it('applies the schedule from the command line, as the person at the terminal', async () => {
    await t.db.insert(sessions).values({
      id: 'expired-for-cli',
      personId: ids.someone!,
      csrfToken: 'x',
      expiresAt: ago(1),
    });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(projectRoot, 'bin/mathshubs.js'), 'privacy', 'retention', '--apply'],
      {
        env: { ...process.env, DATABASE_URL: t.services.config.DATABASE_URL, NODE_ENV: 'test', USER: 'ops' },
        cwd: projectRoot,
      },
    );
    expect(stdout).toContain('sessions: 1 deleted');
    expect(stdout).toContain('inactive-people: 0 anonymised');
    expect(await t.db.select().from(sessions).where(eq(sessions.id, 'expired-for-cli'))).toEqual([]);
    const logged = await t.db.select().from(eventLog).where(eq(eventLog.action, 'retention.applied'));
    expect(logged.find((e) => e.subjectId === 'sessions' && e.actorLabel === 'cli:ops')).toBeTruthy();
  });

  it('runs every night as a pg-boss job', async () => {
    const worker = await startRetentionWorker(t.services, { pollingIntervalSeconds: 0.5 });
    try {
      const schedules = await worker.boss.getSchedules(retentionQueue);
      expect(schedules.map((s) => [s.name, s.cron, s.timezone])).toEqual([
        [retentionQueue, RETENTION_CRON, 'Europe/London'],
      ]);
      await t.db
        .insert(sessions)
        .values({ id: 'expired-again', personId: ids.someone!, csrfToken: 'x', expiresAt: ago(1) });
      await worker.boss.send(retentionQueue, {});
      const until = Date.now() + 30_000;
      for (;;) {
        const left = await t.db.select().from(sessions).where(eq(sessions.id, 'expired-again'));
        if (!left.length) break;
        if (Date.now() > until) throw new Error('the retention job did not run');
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
