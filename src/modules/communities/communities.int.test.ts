import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, enrol, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { systemActor } from '../../platform/audit.ts';
import { academicYearCode, academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { enrolments } from '../activities/schema.ts';
import { sendCommunityDigest } from './digest.ts';
import { communityQueues, startCommunityJobs } from './jobs.ts';
import { publishDueMessages } from './messages.ts';
import { whatsNew } from './reads.ts';
import { communityMessages, communityThreads } from './schema.ts';
import { ensureSpaceRow, recountSpaces, spaceMemberCount } from './spaces.ts';

/** Communities (issue 18): membership from the records, messages, notifications, the digest, scheduled posts. */
describe('communities', () => {
  let t: TestContext;
  const yearCode = academicYearOf(todayInEngland());
  const nextYear = academicYearCode(Number(yearCode.slice(0, 4)) + 1);
  let hub: Awaited<ReturnType<typeof makeHub>>;
  let otherHub: Awaited<ReturnType<typeof makeHub>>;
  let ncpId = 0;
  let nextNcpId = 0;
  let activityId = 0;
  let otherActivityId = 0;
  const person: Record<string, number> = {};
  const client = async (name: string) => signedInClient(t.app, t.db, person[name]!);

  const outboxTo = async (personId: number) => {
    const { rows } = await t.db.execute<{ subject: string; text_body: string }>(sql`
      SELECT o.subject, o.text_body FROM outbox o JOIN people p ON lower(p.email) = lower(o.to_address)
      WHERE p.id = ${personId} ORDER BY o.id`);
    return rows;
  };
  const latestMessage = async () => {
    const [m] = await t.db
      .select()
      .from(communityMessages)
      .orderBy(sql`${communityMessages.id} DESC`)
      .limit(1);
    return m!;
  };

  beforeAll(async () => {
    t = await createTestApp();
    hub = await makeHub(t.db, { slug: 'comm-hub', name: 'Community Maths Hub' });
    otherHub = await makeHub(t.db, { slug: 'comm-other-hub', name: 'Other Maths Hub' });
    person.lead = (
      await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], { givenName: 'Lee', familyName: 'Ames' })
    ).id;
    person.otherLead = (
      await makePerson(t.db, [{ role: 'llme', hubId: otherHub.id }], { givenName: 'Olu', familyName: 'Bell' })
    ).id;
    person.newLead = (
      await makePerson(t.db, [{ role: 'llme', hubId: otherHub.id }], {
        givenName: 'Nia',
        familyName: 'Cole',
        email: 'nia.cole@example.org',
      })
    ).id;
    person.admin = (
      await makePerson(t.db, [{ role: 'national_admin' }], {
        givenName: 'Ada',
        familyName: 'Admin',
        email: 'ada.admin@example.org',
      })
    ).id;
    person.participant = (await makePerson(t.db, [{ role: 'participant', hubId: hub.id }])).id;
    person.outsider = (await makePerson(t.db, [{ role: 'participant', hubId: hub.id }])).id;
    const ncp = await makeNcp(t.db, { yearCode, code: 'NCP26-09', title: 'Primary TfM Work Groups' });
    const next = await makeNcp(t.db, {
      yearCode: nextYear,
      code: 'NCP27-09',
      title: 'Primary TfM Work Groups',
    });
    ncpId = ncp.id;
    nextNcpId = next.id;
    const a1 = await makeActivity(t.db, { hubId: hub.id, ncpId, yearCode, title: 'WG Leeds 1' });
    const a2 = await makeActivity(t.db, { hubId: otherHub.id, ncpId, yearCode, title: 'WG Bradford 1' });
    const a3 = await makeActivity(t.db, { hubId: otherHub.id, ncpId: next.id, yearCode: nextYear });
    const other = await makeActivity(t.db, { hubId: hub.id, ncpId, yearCode, title: 'WG Leeds 2' });
    activityId = a1.id;
    otherActivityId = other.id;
    await addLead(t.db, a1.id, person.lead!);
    await addLead(t.db, a2.id, person.otherLead!);
    await addLead(t.db, a3.id, person.otherLead!);
    await enrol(t.db, { activityId: a1.id, personId: person.participant! });
    await enrol(t.db, { activityId: other.id, personId: person.outsider! });
  });
  afterAll(() => t?.close());

  it('puts people in spaces from the records: the NCP’s (by year), their hub’s, an activity’s once opened', async () => {
    const lead = await client('lead');
    const list = await lead.get(paths.communities.home);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`data-testid="space-ncp-${ncpId}"`);
    expect(list.body).toContain(`data-testid="space-hub-${hub.id}"`);
    expect((await lead.get(paths.communities.space(`ncp-${ncpId}`))).statusCode).toBe(200);
    expect((await lead.get(paths.communities.space(`hub-${hub.id}`))).statusCode).toBe(200);
    expect((await lead.get(paths.communities.space(`hub-${otherHub.id}`))).statusCode).toBe(404);
    // Next year's NCP space: they lead nothing under it, so it is not theirs; the other lead's it is.
    expect((await lead.get(paths.communities.space(`ncp-${nextNcpId}`))).statusCode).toBe(404);
    expect(
      (await (await client('otherLead')).get(paths.communities.space(`ncp-${nextNcpId}`))).statusCode,
    ).toBe(200);
    // A new lead joins the NCP's space with nobody adding them.
    const newLead = await client('newLead');
    expect((await newLead.get(paths.communities.space(`ncp-${ncpId}`))).statusCode).toBe(404);
    await addLead(t.db, otherActivityId, person.newLead!);
    expect((await newLead.get(paths.communities.space(`ncp-${ncpId}`))).statusCode).toBe(200);
    // The activity's space: not there until its lead opens it (a participant cannot open it).
    const participant = await client('participant');
    expect((await participant.get(paths.communities.space(`activity-${activityId}`))).statusCode).toBe(404);
    const refused = await participant.submit(
      paths.communities.openActivity(activityId),
      {},
      '/account/password',
    );
    expect(refused.statusCode).toBe(404);
    // The activity's page offers its lead to open the space.
    expect((await lead.get(paths.activity.show(activityId))).body).toContain(
      'data-testid="open-activity-space"',
    );
    const opened = await lead.submit(
      paths.communities.openActivity(activityId),
      {},
      paths.activity.show(activityId),
    );
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(paths.communities.space(`activity-${activityId}`));
    expect((await participant.get(paths.communities.space(`activity-${activityId}`))).statusCode).toBe(200);
    expect((await lead.get(paths.activity.show(activityId))).body).toContain('data-testid="activity-space"');
    const outsider = await client('outsider');
    expect((await outsider.get(paths.communities.space(`activity-${activityId}`))).statusCode).toBe(404);
    // GET pages never made a space's row: only the opening did.
    const { rows } = await t.db.execute<{ kind: string }>(sql`SELECT kind FROM community_spaces`);
    expect(rows.map((r) => r.kind)).toEqual(['activity']);
  });

  it('shows HTML as text, refuses an empty or too long message with the text kept, and hides a space from non-members', async () => {
    const lead = await client('lead');
    const space = paths.communities.space(`activity-${activityId}`);
    const empty = await lead.submit(
      paths.communities.threads(`activity-${activityId}`),
      { title: 'Hello', body: '', when: 'now' },
      space,
    );
    expect(empty.statusCode).toBe(303);
    const back = await lead.get(space);
    expect(back.body).toContain('There is a problem');
    expect(back.body).toContain('Enter your message');
    expect(back.body).toContain('value="Hello"');
    const long = 'x'.repeat(5001);
    await lead.submit(
      paths.communities.threads(`activity-${activityId}`),
      { title: 'Long', body: long, when: 'now' },
      space,
    );
    const again = await lead.get(space);
    expect(again.body).toContain('5,000 characters or fewer');
    expect(again.body).toContain(long);

    const posted = await lead.submit(
      paths.communities.threads(`activity-${activityId}`),
      { title: 'Our first session', body: '<script>alert(1)</script> <b>bold</b>', when: 'now' },
      space,
    );
    expect(posted.statusCode).toBe(303);
    const threadUrl = posted.headers.location as string;
    const participant = await client('participant');
    const page = await participant.get(threadUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
    const message = await latestMessage();
    // Someone of another activity: the thread, the message's pages and its actions are not found.
    const outsider = await client('outsider');
    expect((await outsider.get(threadUrl)).statusCode).toBe(404);
    expect((await outsider.get(paths.communities.editMessage(message.id))).statusCode).toBe(404);
    expect(
      (await outsider.submit(paths.communities.boost(message.id), {}, '/account/password')).statusCode,
    ).toBe(404);
    // A withdrawn participant leaves the space.
    await t.db
      .update(enrolments)
      .set({ status: 'withdrawn' })
      .where(eq(enrolments.personId, person.participant!));
    expect((await participant.get(threadUrl)).statusCode).toBe(404);
    expect((await participant.get(space)).statusCode).toBe(404);
    await t.db
      .update(enrolments)
      .set({ status: 'registered' })
      .where(eq(enrolments.personId, person.participant!));
  });

  it('edits within the time allowed, deletes leaving a trace, boosts without telling anyone', async () => {
    const lead = await client('lead');
    const other = await client('otherLead');
    const space = `ncp-${ncpId}`;
    const posted = await lead.submit(
      paths.communities.threads(space),
      { title: 'Reasoning in Year 3', body: 'How do you start?', when: 'now' },
      paths.communities.space(space),
    );
    const threadUrl = posted.headers.location as string;
    const question = await latestMessage();
    const edited = await lead.submit(paths.communities.editMessage(question.id), {
      title: 'Reasoning in Year 3',
      body: 'How do you start reasoning?',
    });
    expect(edited.statusCode).toBe(303);
    expect((await latestMessage()).body).toBe('How do you start reasoning?');
    // Someone else in the space cannot edit it (they know it is there: forbidden, not "not found").
    expect((await other.get(paths.communities.editMessage(question.id))).statusCode).toBe(403);
    // After the time allowed, the edit is refused and the text stays.
    await t.db.execute(
      sql`UPDATE community_messages SET published_at = now() - interval '20 minutes' WHERE id = ${question.id}`,
    );
    const late = await lead.post(paths.communities.editMessage(question.id), {
      body: 'Changed too late',
      _csrf: await lead.csrfFrom(threadUrl),
    });
    expect(late.statusCode).toBe(303);
    expect((await lead.get(paths.communities.editMessage(question.id))).body).toContain(
      'edited only in the 15 minutes',
    );
    expect((await latestMessage()).body).toBe('How do you start reasoning?');

    const outboxBefore = (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM outbox`))
      .rows[0]!.n;
    const replied = await other.submit(
      paths.communities.replies(question.threadId),
      { body: 'With a number talk', when: 'now' },
      threadUrl,
    );
    expect(replied.statusCode).toBe(303);
    const reply = await latestMessage();
    const boosted = await other.submit(paths.communities.boost(question.id), {}, threadUrl);
    expect(boosted.statusCode).toBe(303);
    expect((await lead.get(threadUrl)).body).toMatch(
      new RegExp(`data-testid="boosts-${question.id}">1 boost<`),
    );
    // A boost is no message: no email, and the thread is not new again for its author.
    expect((await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM outbox`)).rows[0]!.n).toBe(
      outboxBefore,
    );
    // The question's author marks the reply as the answer; a lead (national administrator) pins it.
    await lead.submit(paths.communities.answer(reply.id), {}, threadUrl);
    expect((await lead.get(threadUrl)).body).toContain(`data-testid="answer-${reply.id}"`);
    expect(
      (await other.submit(paths.communities.pin(question.threadId), { pinned: 'yes' }, threadUrl)).statusCode,
    ).toBe(404);
    const admin = await client('admin');
    expect(
      (await admin.submit(paths.communities.pin(question.threadId), { pinned: 'yes' }, threadUrl)).statusCode,
    ).toBe(303);
    const [thread] = await t.db
      .select()
      .from(communityThreads)
      .where(eq(communityThreads.id, question.threadId));
    expect(thread!.pinnedAt).not.toBeNull();
    // Deleting leaves a trace.
    await other.submit(paths.communities.deleteMessage(reply.id), {}, threadUrl);
    const after = await lead.get(threadUrl);
    expect(after.body).toContain(`data-testid="deleted-${reply.id}"`);
    expect(after.body).toContain('This message was deleted by Olu Bell');
    expect(after.body).not.toContain('With a number talk');
  });

  it('posts at 8am only through the job, never when the thread is shown', async () => {
    const lead = await client('lead');
    const other = await client('otherLead');
    const space = `ncp-${ncpId}`;
    const posted = await lead.submit(
      paths.communities.threads(space),
      { title: 'Early thought', body: 'For the morning', when: 'morning' },
      paths.communities.space(space),
    );
    const threadUrl = posted.headers.location as string;
    const message = await latestMessage();
    expect(message.publishedAt).toBeNull();
    expect(message.scheduledFor).not.toBeNull();
    expect((await other.get(threadUrl)).statusCode).toBe(404);
    await t.db.execute(
      sql`UPDATE community_messages SET scheduled_for = now() - interval '1 minute' WHERE id = ${message.id}`,
    );
    expect((await lead.get(threadUrl)).statusCode).toBe(200);
    expect((await other.get(threadUrl)).statusCode).toBe(404);
    expect((await latestMessage()).publishedAt).toBeNull();
    expect(await publishDueMessages(t.db, systemActor('test'), t.services)).toBe(1);
    expect((await other.get(threadUrl)).body).toContain('For the morning');
  });

  it('sends the 7am digest by notification levels: all, mentions only, none; once a day', async () => {
    const lead = await client('lead');
    const space = `ncp-${ncpId}`;
    const newLead = await client('newLead');
    const other = await client('otherLead');
    // Nia: mentions only; Olu: nothing from this space.
    await newLead.submit(
      paths.communities.spaceNotifications(space),
      { level: 'mentions' },
      paths.communities.space(space),
    );
    await other.submit(
      paths.communities.spaceNotifications(space),
      { level: 'none' },
      paths.communities.space(space),
    );
    await lead.submit(
      paths.communities.threads(space),
      { title: 'Mentioning Nia', body: 'What do you think, @nia.cole?', when: 'now' },
      paths.communities.space(space),
    );
    await lead.submit(
      paths.communities.threads(space),
      { title: 'Asking Ada', body: 'Could you look at this, @ada.admin?', when: 'now' },
      paths.communities.space(space),
    );
    // Corrected within the time allowed: the mention stays one she was emailed of.
    const asking = await latestMessage();
    expect(
      (
        await lead.submit(paths.communities.editMessage(asking.id), {
          title: 'Asking Ada',
          body: 'Could you look at this today, @ada.admin?',
        })
      ).statusCode,
    ).toBe(303);
    // The mentioned are emailed at once.
    const niaBefore = await outboxTo(person.newLead!);
    expect(niaBefore.map((m) => m.subject)).toEqual(['Lee Ames mentioned you in “Mentioning Nia”']);
    const adminBefore = (await outboxTo(person.admin!)).length;
    const { people } = await sendCommunityDigest(t.db, systemActor('test'), t.services, {
      now: new Date(Date.now() + 1000),
    });
    expect(people).toBeGreaterThan(0);
    // The digest does not tell them again of a message a mention email already brought them: Nia (mentions
    // only) has nothing more; Ada (every message) has the rest but not the thread she was emailed of.
    expect(await outboxTo(person.newLead!)).toEqual(niaBefore);
    expect(await outboxTo(person.otherLead!)).toEqual([]);
    const adminMails = await outboxTo(person.admin!);
    expect(adminMails.map((m) => m.subject)).toContain('Lee Ames mentioned you in “Asking Ada”');
    const admin = adminMails[adminMails.length - 1]!;
    expect(adminMails.length).toBe(adminBefore + 1);
    expect(admin.subject).toMatch(/^Your communities: /);
    expect(admin.text_body).toContain('Reasoning in Year 3');
    expect(admin.text_body).toContain('Mentioning Nia');
    expect(admin.text_body).not.toContain('Asking Ada');
    expect(admin.text_body).toContain(`${paths.communities.thread('')}`);
    // Own messages are not sent back to their author.
    const own = await outboxTo(person.lead!);
    for (const mail of own) expect(mail.text_body).not.toContain('Mentioning Nia');
    // Once a day.
    expect(
      (await sendCommunityDigest(t.db, systemActor('test'), t.services, { now: new Date(Date.now() + 2000) }))
        .people,
    ).toBe(0);
  });

  it('shows what is new and finds messages by words, author and space, only in one’s own spaces', async () => {
    const admin = await client('admin');
    const news = await admin.get(paths.communities.whatsNew);
    expect(news.body).toContain('Mentioning Nia');
    const found = await admin.get(`${paths.communities.search}?q=reasoning`);
    expect(found.body).toContain('Reasoning in Year 3');
    const byAuthor = await admin.get(`${paths.communities.search}?author=Ames&space=ncp-${ncpId}`);
    expect(byAuthor.body).toContain('Mentioning Nia');
    // The activity's thread is not in the admin's spaces.
    expect((await admin.get(`${paths.communities.search}?q=bold`)).body).not.toContain('Our first session');
    expect((await (await client('lead')).get(`${paths.communities.search}?q=bold`)).body).toContain(
      'Our first session',
    );
  });

  it('keeps a space’s documents with every version; only members open them, by their address too', async () => {
    const lead = await client('lead');
    const space = `ncp-${ncpId}`;
    const uploaded = await lead.upload(
      paths.communities.documents(space),
      { title: 'Question prompts' },
      { name: 'prompts.pdf', bytes: Buffer.from('%PDF-1.4\nfirst\n') },
    );
    expect(uploaded.statusCode).toBe(303);
    const documentUrl = uploaded.headers.location as string;
    const other = await client('otherLead');
    const second = await other.upload(
      documentUrl,
      { note: 'With answers' },
      { name: 'prompts-2.pdf', bytes: Buffer.from('%PDF-1.4\nsecond\n') },
    );
    expect(second.statusCode).toBe(303);
    const page = await lead.get(documentUrl);
    expect(page.body).toContain('data-testid="version-1"');
    expect(page.body).toContain('data-testid="version-2"');
    const first = /href="([^"]+)" data-testid="version-1"/.exec(page.body)![1]!;
    const download = await lead.get(first);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.toString()).toContain('first');
    // Someone of another activity: not the list, the document or the file by its address.
    const outsider = await client('outsider');
    expect((await outsider.get(paths.communities.documents(space))).statusCode).toBe(404);
    expect((await outsider.get(documentUrl)).statusCode).toBe(404);
    expect((await outsider.get(first)).statusCode).toBe(404);
    // Attached to a question: shown in the thread; a document of another space is refused.
    const documentId = Number(documentUrl.split('/').pop());
    const asked = await lead.submit(
      paths.communities.threads(space),
      { title: 'With the prompts', body: 'See the prompts', when: 'now', document: String(documentId) },
      paths.communities.space(space),
    );
    const asking = await lead.get(asked.headers.location as string);
    expect(asking.body).toContain(`href="${documentUrl}"`);
    const hubSpace = `hub-${hub.id}`;
    await lead.submit(
      paths.communities.threads(hubSpace),
      { title: 'Borrowed', body: 'Another space’s file', when: 'now', document: String(documentId) },
      paths.communities.space(hubSpace),
    );
    expect((await lead.get(paths.communities.space(hubSpace))).body).toContain(
      'Choose one of this space’s documents',
    );
    // Another space's address for the same document: not found.
    expect((await lead.get(documentUrl.replace(space, `hub-${hub.id}`))).statusCode).toBe(404);
  });
  it('counts a space’s members on its front page and lists them on a page of their own: 100 a page, sorted by name or role', async () => {
    const space = `ncp-${ncpId}`;
    // 120 guests, straight into the records (a lead adds them by email address one at a time).
    await t.db.execute(sql`
      INSERT INTO people (email, given_name, family_name)
      SELECT 'guest' || g || '@example.org', 'Guest', 'Zed ' || lpad(g::text, 3, '0') FROM generate_series(1, 120) g`);
    await t.db.execute(sql`
      INSERT INTO community_guests (space_id, person_id)
      SELECT s.id, p.id FROM community_spaces s, people p
      WHERE s.kind = 'ncp' AND s.ref_id = ${ncpId} AND p.email LIKE 'guest%@example.org'`);
    const guest = async (n: number) =>
      (
        await t.db.execute<{ id: number }>(
          sql`SELECT id FROM people WHERE email = ${`guest${n}@example.org`}`,
        )
      ).rows[0]!.id;
    const admin = await client('admin');
    const membersUrl = paths.communities.members(space);
    // The front page counts them and links to their page; it lists none.
    const front = await admin.get(paths.communities.space(space));
    expect(front.body).toMatch(/data-testid="member-count">\s*124 members/);
    expect(front.body).toContain(`href="${membersUrl}"`);
    expect(front.body).not.toMatch(/data-testid="member-\d+"/);
    const shown = (body: string) =>
      [...body.matchAll(/data-testid="member-(\d+)"/g)].map((m) => Number(m[1]));
    // By name (family name, then given name), 100 a page.
    const first = await admin.get(membersUrl);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('124 members');
    const firstPage = shown(first.body);
    expect(firstPage).toHaveLength(100);
    expect(firstPage.slice(0, 5)).toEqual([
      person.admin,
      person.lead,
      person.otherLead,
      person.newLead,
      await guest(1),
    ]);
    expect(first.body).toContain(`href="${membersUrl}?sort=name&amp;order=asc&amp;page=2"`);
    const second = shown((await admin.get(`${membersUrl}?sort=name&order=asc&page=2`)).body);
    expect(second).toHaveLength(24);
    expect(second[23]).toBe(await guest(120));
    expect(shown((await admin.get(`${membersUrl}?sort=name&order=desc`)).body)[0]).toBe(await guest(120));
    // By role: leads of the space first, then the members from the records, then guests; reversed.
    const byRole = shown((await admin.get(`${membersUrl}?sort=role&order=asc`)).body);
    expect(byRole.slice(0, 5)).toEqual([
      person.admin,
      person.lead,
      person.otherLead,
      person.newLead,
      await guest(1),
    ]);
    const byRoleReversed = shown((await admin.get(`${membersUrl}?sort=role&order=desc`)).body);
    expect(byRoleReversed[0]).toBe(await guest(1));
    // Nonsense in the address: the first page by name.
    expect(shown((await admin.get(`${membersUrl}?sort=evil&order=sideways&page=x`)).body)).toEqual(firstPage);
    // A lead removes a guest from the members' page and comes back to it.
    const page = await admin.get(membersUrl);
    expect(page.body).toContain(`action="${paths.communities.removeGuest(space, await guest(1))}"`);
    const removed = await admin.submit(paths.communities.removeGuest(space, await guest(1)), {}, membersUrl);
    expect(removed.statusCode).toBe(303);
    expect(removed.headers.location).toBe(membersUrl);
    expect((await admin.get(paths.communities.space(space))).body).toMatch(
      /data-testid="member-count">\s*123 members/,
    );
    // A member who does not lead sees no remove buttons; someone not in the space: not found.
    expect((await client('otherLead').then((c) => c.get(membersUrl))).body).not.toContain('/remove"');
    expect((await (await client('outsider')).get(membersUrl)).statusCode).toBe(404);
  });
  it('keeps each written space’s number of members: a write marks it, the job recounts it, and until then it is counted from the records', async () => {
    const ref = (key: string) => {
      const [kind, id] = key.split('-') as ['ncp' | 'hub' | 'activity', string];
      return { kind, refId: Number(id) };
    };
    const kept = async (key: string) => {
      const { kind, refId } = ref(key);
      const { rows } = await t.db.execute<{ members: number; day: string; marks: number }>(sql`
        SELECT c.members, c.day::text,
          (SELECT count(*)::int FROM community_member_count_marks m WHERE m.kind = c.kind AND m.ref_id = c.ref_id) AS marks
        FROM community_member_counts c WHERE c.kind = ${kind} AND c.ref_id = ${refId}`);
      return rows[0] ?? null;
    };
    const live = async (key: string) => {
      const { kind, refId } = ref(key);
      const { rows } = await t.db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM community_space_members(${kind}, ${refId})`,
      );
      return rows[0]!.n;
    };
    const ncpSpace = `ncp-${ncpId}`;
    const activitySpace = `activity-${activityId}`;
    const hubSpace = `hub-${hub.id}`;
    const spaces = [ncpSpace, activitySpace, hubSpace];
    /** After a write: the spaces it touched are marked, what is shown is right all the same, and the job's recount agrees with the records. */
    const afterWrite = async (touched: string[]) => {
      for (const key of touched) expect((await kept(key))?.marks, key).toBeGreaterThan(0);
      for (const key of spaces) expect(await spaceMemberCount(t.db, ref(key)), key).toBe(await live(key));
      expect(await recountSpaces(t.db)).toBeGreaterThanOrEqual(touched.length);
      for (const key of spaces)
        expect(await kept(key), key).toMatchObject({ members: await live(key), marks: 0 });
    };
    await recountSpaces(t.db);
    for (const key of spaces)
      expect(await kept(key), key).toMatchObject({ members: await live(key), marks: 0 });
    // A new lead of an activity under the NCP (and of the hub).
    const before = (await kept(ncpSpace))!.members;
    const newcomer = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }]);
    await recountSpaces(t.db);
    await addLead(t.db, activityId, newcomer.id);
    expect(await spaceMemberCount(t.db, ref(ncpSpace))).toBe(before + 1);
    await afterWrite([ncpSpace, activitySpace, hubSpace]);
    // A participant enrolled, then withdrawn: the activity's space.
    const learner = await makePerson(t.db, [{ role: 'participant', hubId: hub.id }]);
    await enrol(t.db, { activityId, personId: learner.id });
    await afterWrite([activitySpace]);
    await t.db.update(enrolments).set({ status: 'withdrawn' }).where(eq(enrolments.personId, learner.id));
    await afterWrite([activitySpace]);
    // The other activity cancelled (its lead Nia leaves the NCP's space), then running again.
    await t.db.execute(sql`UPDATE hub_activities SET status = 'cancelled' WHERE id = ${otherActivityId}`);
    await afterWrite([ncpSpace, hubSpace]);
    await t.db.execute(sql`UPDATE hub_activities SET status = 'running' WHERE id = ${otherActivityId}`);
    await afterWrite([ncpSpace, hubSpace]);
    // Someone disabled; a hub role ended.
    await t.db.execute(sql`UPDATE people SET disabled_at = now() WHERE id = ${newcomer.id}`);
    await afterWrite(spaces);
    await t.db.execute(
      sql`UPDATE role_assignments SET ends_on = current_date WHERE person_id = ${person.lead}`,
    );
    await afterWrite([hubSpace]);
    // A count made on another day is not used (roles begin and end with the calendar) until recounted.
    const admin = await client('admin');
    const shownCount = async () =>
      Number(
        /data-testid="member-count">\s*([\d,]+) member/
          .exec((await admin.get(paths.communities.space(ncpSpace))).body)![1]!
          .replace(',', ''),
      );
    expect(await shownCount()).toBe(await live(ncpSpace));
    await t.db.execute(sql`UPDATE community_member_counts SET day = day - 1, members = 999`);
    expect(await shownCount()).toBe(await live(ncpSpace));
    expect(await recountSpaces(t.db)).toBeGreaterThanOrEqual(3);
    expect((await kept(ncpSpace))!.day).toBe(
      (await t.db.execute<{ d: string }>(sql`SELECT current_date::text AS d`)).rows[0]!.d,
    );
    expect(await shownCount()).toBe(await live(ncpSpace));
    expect(await recountSpaces(t.db)).toBe(0);
  });
  it('recounts marked spaces every minute as a pg-boss job', async () => {
    await startCommunityJobs(t.services);
    const boss = await t.services.queue.start();
    const schedules = await boss.getSchedules(communityQueues.memberCounts);
    expect(schedules.map((x) => [x.name, x.cron, x.timezone])).toEqual([
      [communityQueues.memberCounts, '* * * * *', 'Europe/London'],
    ]);
    const marks = async () =>
      (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM community_member_count_marks`))
        .rows[0]!.n;
    await t.db.execute(sql`UPDATE role_assignments SET ends_on = NULL WHERE person_id = ${person.lead}`);
    expect(await marks()).toBeGreaterThan(0);
    await boss.send(communityQueues.memberCounts, {});
    const until = Date.now() + 30_000;
    while ((await marks()) > 0) {
      if (Date.now() > until) throw new Error('the member counts job did not run');
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 60_000);
  it('shows a thread as new when others wrote in it, however many threads only have the person’s own later messages', async () => {
    // Olu leads a Work Group of the NCP: its space is one of theirs.
    const spaceId = await ensureSpaceRow(t.db, { kind: 'ncp', refId: ncpId }, null);
    const me = person.otherLead!;
    // Lee's question from two days ago, which Olu has not read.
    await t.db.execute(sql`
      WITH th AS (
        INSERT INTO community_threads (space_id, title, author_person_id, created_at, published_at, last_message_at)
        VALUES (${spaceId}, 'Lee asks about bar models', ${person.lead!}, now() - interval '2 days',
                now() - interval '2 days', now() - interval '2 days') RETURNING id)
      INSERT INTO community_messages (thread_id, author_person_id, body, created_at, published_at)
      SELECT id, ${person.lead!}, 'Who has tried bar models in Year 2?', now() - interval '2 days', now() - interval '2 days' FROM th`);
    // 100 later threads whose latest messages are Olu's own, posted at 8am after Olu last read them.
    await t.db.execute(sql`
      WITH th AS (
        INSERT INTO community_threads (space_id, title, author_person_id, created_at, published_at, last_message_at)
        SELECT ${spaceId}, 'Olu’s note ' || n, ${me}, now() - interval '1 day', now() - interval '1 day', now() - interval '1 day'
        FROM generate_series(1, 100) n RETURNING id),
      msg AS (
        INSERT INTO community_messages (thread_id, author_person_id, body, created_at, published_at)
        SELECT id, ${me}, 'A note for the morning', now() - interval '1 day', now() - interval '1 day' FROM th)
      INSERT INTO community_reads (person_id, thread_id, last_read_message_id, read_at)
      SELECT ${me}, id, 0, now() - interval '3 days' FROM th`);
    const news = await whatsNew(t.db, { personId: me });
    expect(news.map((n) => n.title)).toContain('Lee asks about bar models');
    expect(news.some((n) => n.title.startsWith('Olu’s note'))).toBe(false);
    const page = await (await client('otherLead')).get(paths.communities.whatsNew);
    expect(page.body).toContain('Lee asks about bar models');
  });
});
