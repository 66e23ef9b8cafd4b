import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, enrol, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { givePlace, makeEvent } from '../../../test/support/event-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { makeInvitation, makeSurveyTemplate } from '../../../test/support/survey-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { sessions } from '../auth/schema.ts';
import {
  evaluationReportActions,
  evaluationReportCoauthors,
  evaluationReports,
  evaluationReportThemes,
} from '../evaluation/report-schema.ts';
import { schoolVisitActions, schoolVisits, schoolVisitVisitors } from '../evaluation/visit-schema.ts';
import {
  calendarFeeds,
  eventComments,
  eventMailPreferences,
  eventNotifications,
  eventPlaces,
  eventTargets,
} from '../events/schema.ts';
import {
  llmeCommunityAttendance,
  llmeCommunityLeads,
  llmeCommunityMeetings,
  programmeApplications,
} from '../llme/schema.ts';
import { accreditations, people, roleInvitations } from '../people/schema.ts';
import { personReferences } from '../privacy/person-references.ts';
import { mergePeople } from './merge-people.ts';
import { interests } from './schema.ts';

let t: TestContext;
let hub: { id: number };

beforeAll(async () => {
  t = await createTestApp();
  hub = await makeHub(t.db);
});
afterAll(() => t.close());

const placesOf = (personId: number) =>
  t.db.select().from(eventPlaces).where(eq(eventPlaces.personId, personId)).orderBy(eventPlaces.eventId);

/** Each event's count of confirmed places against the places that hold a seat. */
const counts = async (eventIds: number[]) => {
  const { rows } = await t.db.execute<{
    id: number;
    confirmed_count: number;
    seats: number;
    waiting: number;
  }>(sql`
    select e.id, e.confirmed_count,
      (select count(*)::int from event_places p where p.event_id = e.id and p.status in ('confirmed', 'attended', 'absent')) as seats,
      (select count(*)::int from event_places p where p.event_id = e.id and p.status = 'waiting') as waiting
    from programme_events e where e.id = any(${sql.param(eventIds)}::int[]) order by e.id`);
  return rows;
};

describe('merging two people who both hold event places', () => {
  it('moves places, targets, notifications, feeds, preferences and comments to the kept person', async () => {
    const a = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName: 'Ada',
      familyName: 'Merged-Keep',
      email: 'ada.keep@example.org',
    });
    const b = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }], {
      givenName: 'Ada',
      familyName: 'Merged-Away',
      email: 'ada.away@example.org',
    });
    const others = await Promise.all(
      [1, 2, 3].map(() => makePerson(t.db, [{ role: 'participant', hubId: hub.id }])),
    );
    // onlyB: B alone holds a place. full: A waits behind another while B holds a place.
    // marked: A confirmed, B attended (marked). waitBoth: both wait, B joined first.
    const onlyB = await makeEvent(t.db, { hubId: hub.id, title: 'Only B', invite: [b.id] });
    const full = await makeEvent(t.db, { hubId: hub.id, title: 'Full', capacity: 2, invite: [a.id, b.id] });
    const marked = await makeEvent(t.db, { hubId: hub.id, title: 'Marked' });
    const waitBoth = await makeEvent(t.db, { hubId: hub.id, title: 'Wait both', capacity: 1 });
    const bOnly = await givePlace(t.db, onlyB.id, b.id);
    await givePlace(t.db, full.id, others[0]!.id);
    const bFull = await givePlace(t.db, full.id, b.id);
    const aFull = await givePlace(t.db, full.id, a.id, 'waiting');
    await t.db.update(eventPlaces).set({ dietary: 'Vegetarian' }).where(eq(eventPlaces.id, aFull.id));
    const aMarked = await givePlace(t.db, marked.id, a.id, 'confirmed');
    const bMarked = await givePlace(t.db, marked.id, b.id, 'attended');
    await t.db
      .update(eventPlaces)
      .set({ attendanceMarkedAt: new Date() })
      .where(eq(eventPlaces.id, bMarked.id));
    // Someone joined on A's connection at the marked event.
    const joiner = await givePlace(t.db, marked.id, others[1]!.id, 'attended');
    await t.db.update(eventPlaces).set({ joinedViaPlaceId: aMarked.id }).where(eq(eventPlaces.id, joiner.id));
    await givePlace(t.db, waitBoth.id, others[2]!.id);
    const bWait = await givePlace(t.db, waitBoth.id, b.id, 'waiting');
    await t.db
      .update(eventPlaces)
      .set({ requestedAt: new Date(Date.now() - 3600_000) })
      .where(eq(eventPlaces.id, bWait.id));
    const aWait = await givePlace(t.db, waitBoth.id, a.id, 'waiting');

    await t.db.insert(calendarFeeds).values({ personId: b.id, tokenHash: 'merge-test-feed-b' });
    await t.db.insert(eventMailPreferences).values({ personId: b.id, dailyDigest: true });
    await t.db.insert(eventNotifications).values([
      { eventId: onlyB.id, personId: b.id, kind: 'confirmation' },
      { eventId: full.id, personId: a.id, kind: 'waiting' },
      {
        eventId: onlyB.id,
        personId: b.id,
        kind: 'deadline_reminder',
        dedupeKey: `deadline_reminder:${onlyB.id}:${b.id}`,
      },
    ]);
    await t.db.insert(eventComments).values({ eventId: onlyB.id, personId: b.id, body: 'See you there' });

    // B also holds a row in every other column a merge moves or ends.
    const ncp = await makeNcp(t.db);
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id });
    await enrol(t.db, { activityId: activity.id, personId: b.id });
    await addLead(t.db, activity.id, b.id);
    // Evaluation: a survey invitation about the activity.
    const { template } = await makeSurveyTemplate(t.db, { ncpKey: 'merge' });
    await makeInvitation(t.db, {
      templateId: template.id,
      activityId: activity.id,
      hubId: hub.id,
      personId: b.id,
      yearCode: activity.yearCode,
    });
    await t.db.insert(accreditations).values({ personId: b.id, kind: 'pd_lead', cohort: '1' });
    await t.db.insert(roleInvitations).values({ personId: b.id, role: 'llme', hubId: hub.id });
    await t.db
      .insert(interests)
      .values({ personId: b.id, hubId: hub.id, activityId: activity.id, ncpId: activity.ncpId });
    // Evaluation reports: B co-wrote a report and owns one of its actions.
    const [report] = await t.db
      .insert(evaluationReports)
      .values({ hubId: hub.id, yearCode: activity.yearCode, title: 'A report' })
      .returning();
    const [theme] = await t.db
      .insert(evaluationReportThemes)
      .values({ reportId: report!.id, position: 0, finding: 'A finding' })
      .returning();
    await t.db.insert(evaluationReportCoauthors).values({ reportId: report!.id, personId: b.id });
    await t.db.insert(evaluationReportActions).values({
      reportId: report!.id,
      themeId: theme!.id,
      position: 0,
      implication: 'Do it',
      ownerPersonId: b.id,
    });
    // Visits (issue 15): B made a visit and owns an action agreed on it.
    const visitSchool = await makeSchool(t.db, { laCode: (await makeLocalAuthority(t.db)).code });
    const [visit] = await t.db
      .insert(schoolVisits)
      .values({
        activityId: activity.id,
        hubId: hub.id,
        schoolUrn: visitSchool.urn,
        visitedOn: '2023-11-15',
        focus: 'Fluency',
      })
      .returning();
    await t.db.insert(schoolVisitVisitors).values({ visitId: visit!.id, personId: b.id });
    await t.db.insert(schoolVisitActions).values({
      visitId: visit!.id,
      position: 1,
      description: 'Plan',
      ownerPersonId: b.id,
      dueOn: '2023-12-01',
    });
    // The LLME development programmes (issue 16): B applied for one.
    await t.db.insert(programmeApplications).values({
      personId: b.id,
      hubId: hub.id,
      programme: 'pd_lead',
      yearCode: activity.yearCode,
      statement: 'Why',
    });
    // The hub's LLME community: B was a lead and attended a meeting.
    await t.db
      .insert(llmeCommunityLeads)
      .values({ hubId: hub.id, yearCode: activity.yearCode, personId: b.id });
    const [meeting] = await t.db
      .insert(llmeCommunityMeetings)
      .values({ hubId: hub.id, yearCode: activity.yearCode, heldOn: '2023-11-20', title: 'Meeting' })
      .returning();
    await t.db.insert(llmeCommunityAttendance).values({ meetingId: meeting!.id, personId: b.id });
    // Communities: B started a thread in the hub's space, wrote and deleted, pinned, marked the answer,
    // boosted, read, chose notifications, was mentioned and was a guest who added a guest.
    await t.db.execute(sql`WITH s AS (
        INSERT INTO community_spaces (kind, ref_id) VALUES ('hub', ${hub.id}) RETURNING id
      ), th AS (
        INSERT INTO community_threads (space_id, title, author_person_id, published_at, pinned_at, pinned_by_person_id, answered_by_person_id)
        SELECT id, 'A thread', ${b.id}, now(), now(), ${b.id}, ${b.id} FROM s RETURNING id, space_id
      ), m AS (
        INSERT INTO community_messages (thread_id, author_person_id, body, published_at, deleted_at, deleted_by_person_id)
        SELECT id, ${b.id}, '', now(), now(), ${b.id} FROM th RETURNING id, thread_id
      ), bo AS (
        INSERT INTO community_boosts (message_id, person_id) SELECT id, ${b.id} FROM m
      ), r AS (
        INSERT INTO community_reads (person_id, thread_id, last_read_message_id) SELECT ${b.id}, thread_id, id FROM m
      ), su AS (
        INSERT INTO community_subscriptions (person_id, thread_id, level) SELECT ${b.id}, id, 'none' FROM th
      ), me AS (
        INSERT INTO community_mentions (message_id, person_id) SELECT id, ${b.id} FROM m
      )
      INSERT INTO community_guests (space_id, person_id, added_by_person_id) SELECT id, ${b.id}, ${b.id} FROM s`);
    const earlier = await makePerson(t.db, []);
    await t.db.update(people).set({ mergedIntoPersonId: b.id }).where(eq(people.id, earlier.id));
    await t.db.insert(sessions).values({
      id: 'merge-test-session-b',
      personId: b.id,
      csrfToken: 'x',
      expiresAt: new Date(Date.now() + 3600_000),
    });
    const refersToB = async (kinds: string[]) => {
      const out: Record<string, number> = {};
      for (const [ref, { merge }] of Object.entries(personReferences)) {
        if (!kinds.some((k) => k in merge)) continue;
        const [table, column] = ref.split('.');
        const { rows } = await t.db.execute<{ n: number }>(
          sql`select count(*)::int as n from ${sql.identifier(table!)} where ${sql.identifier(column!)} = ${b.id}`,
        );
        out[ref] = rows[0]!.n;
      }
      return out;
    };
    // Every column a merge moves or ends refers to B before it.
    expect(Object.entries(await refersToB(['move', 'end'])).filter(([, n]) => n === 0)).toEqual([]);

    // The confirmation page lists the places that will move.
    const admin = await makePerson(t.db, [{ role: 'national_admin' }]);
    const client = await signedInClient(t.app, t.db, admin.id);
    const preview = await client.get(`${paths.mergePeople}?keepPersonId=${a.id}&mergePersonId=${b.id}`);
    expect(preview.statusCode).toBe(200);
    const listed = preview.body.slice(preview.body.indexOf('data-testid="merge-places"'));
    expect(listed).toContain('Only B, ');
    expect(listed).toContain('(confirmed)</li>');
    expect(listed).toContain(`Marked, `);
    expect(listed).toContain(
      `(attended): record ${a.id} also has a place (confirmed); the better one is kept`,
    );

    const eventIds = [onlyB.id, full.id, marked.id, waitBoth.id];
    const before = await counts(eventIds);

    const summary = await mergePeople(t.db, systemActor('test'), { keepPersonId: a.id, mergePersonId: b.id });

    // Nothing is left on B but what person-references.ts deliberately leaves.
    expect(Object.entries(await refersToB(['move', 'end'])).filter(([, n]) => n > 0)).toEqual([]);
    expect(await placesOf(b.id)).toEqual([]);
    for (const table of [
      eventTargets,
      eventNotifications,
      eventComments,
      calendarFeeds,
      eventMailPreferences,
    ]) {
      expect(await t.db.select().from(table).where(eq(table.personId, b.id))).toEqual([]);
    }
    // One place per event, the better one kept.
    const kept = await placesOf(a.id);
    expect(kept.map((p) => [p.eventId, p.id, p.status])).toEqual([
      [onlyB.id, bOnly.id, 'confirmed'],
      [full.id, bFull.id, 'confirmed'],
      [marked.id, bMarked.id, 'attended'],
      [waitBoth.id, bWait.id, 'waiting'],
    ]);
    // Requirements of the removed place are not lost; the attendance mark stays.
    expect(kept.find((p) => p.id === bFull.id)!.dietary).toBe('Vegetarian');
    expect(kept.find((p) => p.id === bMarked.id)!.attendanceMarkedAt).toBeInstanceOf(Date);
    // The joiner now joined on the kept place; B's earlier place on the waiting list is kept.
    const [joined] = await t.db.select().from(eventPlaces).where(eq(eventPlaces.id, joiner.id));
    expect(joined!.joinedViaPlaceId).toBe(bMarked.id);
    expect(
      await t.db
        .select()
        .from(eventPlaces)
        .where(inArray(eventPlaces.id, [aFull.id, aMarked.id, aWait.id])),
    ).toEqual([]);

    // Counts: one person held two seats at `marked`, so it has one fewer; the others are unchanged.
    const after = await counts(eventIds);
    for (const row of after) expect(row.confirmed_count).toBe(row.seats);
    expect(after.map((r) => r.confirmed_count)).toEqual(
      before.map((r) => r.confirmed_count - (r.id === marked.id ? 1 : 0)),
    );
    expect(after.find((r) => r.id === full.id)!.waiting).toBe(0);
    expect(after.find((r) => r.id === waitBoth.id)!.waiting).toBe(1);

    // Targets: A is invited once to each event B was invited to.
    const targets = await t.db.select().from(eventTargets).where(eq(eventTargets.personId, a.id));
    expect(targets.map((x) => x.eventId).sort()).toEqual([onlyB.id, full.id].sort());
    const mails = await t.db.select().from(eventNotifications).where(eq(eventNotifications.personId, a.id));
    expect(mails).toHaveLength(3);
    // The reminder B was sent is not sent again to A.
    expect(mails.map((m) => m.dedupeKey)).toContain(`deadline_reminder:${onlyB.id}:${a.id}`);
    expect(await t.db.select().from(eventComments).where(eq(eventComments.personId, a.id))).toHaveLength(1);
    expect(await t.db.select().from(calendarFeeds).where(eq(calendarFeeds.personId, a.id))).toHaveLength(1);
    expect(
      await t.db.select().from(eventMailPreferences).where(eq(eventMailPreferences.personId, a.id)),
    ).toEqual([{ personId: a.id, dailyDigest: true }]);

    // The event log records the merge by id only.
    expect(summary.eventPlacesMoved).toEqual([bOnly.id]);
    const [logged] = await t.db.select().from(eventLog).where(eq(eventLog.action, 'person.merged'));
    expect(logged!.changes).toMatchObject({
      keptPersonId: a.id,
      mergedPersonId: b.id,
      eventPlacesMoved: [bOnly.id],
    });
    const text = JSON.stringify(logged);
    for (const word of ['Merged-Keep', 'Merged-Away', 'ada.keep', 'ada.away'])
      expect(text).not.toContain(word);
  });
});
