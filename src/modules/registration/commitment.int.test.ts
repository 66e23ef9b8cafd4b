import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMailTo } from '../../../test/support/auth-helpers.ts';
import { makeActivity, makeNcp, makeSession } from '../../../test/support/delivery-factories.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { enrolments } from '../activities/schema.ts';
import { people } from '../people/schema.ts';
import { commitmentOf, commitmentText } from './commitment.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

describe('the commitment told to a participant and their mentor', () => {
  it('is the same text, with both years, in the email, on the programme page and in the mentor’s email', async () => {
    const la = await makeLocalAuthority(t.db);
    const hub = await makeHub(t.db, {}, [{ laCode: la.code }]);
    const school = await makeSchool(t.db, { laCode: la.code });
    const leader = await makePerson(t.db, [{ role: 'hub_leadership', hubId: hub.id }]);
    const suffix = Math.random().toString(36).slice(2, 6);
    const phase2Ncp = await makeNcp(t.db, {
      yearCode: '2024/25',
      code: `NCP24-29b-${suffix}`,
      title: 'Specialist Knowledge for Teaching Mathematics: Secondary Early Career Teachers – Phase 2',
      type: 'programme',
      sections: { models: 'Three twilight sessions across the year.' },
    });
    const phase1Ncp = await makeNcp(t.db, {
      code: `NCP23-29a-${suffix}`,
      title: 'Specialist Knowledge for Teaching Mathematics: Secondary Early Career Teachers – Phase 1',
      type: 'programme',
      participation: 'required',
      nextNcpCode: phase2Ncp.code,
      sections: { models: 'Four half-day sessions with gap tasks between them.' },
    });
    const phase1 = await makeActivity(t.db, { hubId: hub.id, ncpId: phase1Ncp.id, kind: 'programme_cohort' });
    await makeSession(t.db, { activityId: phase1.id, startsAt: '2023-10-12T16:00:00Z', kind: 'workshop' });
    await makeSession(t.db, { activityId: phase1.id, startsAt: '2023-11-16T16:00:00Z', kind: 'workshop' });
    await makeSession(t.db, {
      activityId: phase1.id,
      startsAt: '2024-02-01T09:00:00Z',
      kind: 'school_visit',
    });

    const email = `ect.${suffix}@example.org`;
    const mentorEmail = `mentor.${suffix}@example.org`;
    const client = await signedInClient(t.app, t.db, leader.id);
    const response = await client.submit(paths.activity.signUp(phase1.id), {
      form: 'participant',
      email,
      givenName: 'Noor',
      familyName: 'Hussain',
      schoolUrn: String(school.urn),
      roleInSchool: 'Early career teacher',
      yearGroups: ['Year 7'],
      mentorName: 'Lee Grant',
      mentorEmail,
    });
    expect(response.statusCode).toBe(303);

    const commitment = await commitmentOf(t.db, { activityId: phase1.id });
    const forParticipant = commitmentText(commitment, 'participant');
    const forMentor = commitmentText(commitment, 'mentor');
    expect(commitment.summary).toEqual(forParticipant);
    // Both years, the number and kind of sessions, and the specification's model; not "required participation".
    expect(forParticipant).toEqual([
      'This programme runs over two years. You commit to both.',
      `Year 1, 2023/24: ${phase1Ncp.title} (${phase1Ncp.code}, Programme). 3 sessions: 2 × Workshop, 1 × School visit.`,
      'How it runs: Four half-day sessions with gap tasks between them.',
      `Year 2, 2024/25: ${phase2Ncp.title} (${phase2Ncp.code}, Programme). The hub has not set up its group yet: it will send you the sessions.`,
      'How it runs: Three twilight sessions across the year.',
    ]);
    expect(forMentor[0]).toBe('This programme runs over two years. They commit to both.');
    expect(forMentor.slice(1, 3)).toEqual(forParticipant.slice(1, 3));

    const mail = await latestMailTo(t.db, email);
    for (const line of forParticipant) expect(mail?.textBody).toContain(line);
    expect(mail?.textBody).not.toContain('every session is required');
    const mentorMail = await latestMailTo(t.db, mentorEmail);
    for (const line of forMentor) expect(mentorMail?.textBody).toContain(line);

    const [person] = await t.db.select().from(people).where(eq(people.email, email));
    const [enrolment] = await t.db.select().from(enrolments).where(eq(enrolments.personId, person!.id));
    const participant = await signedInClient(t.app, t.db, person!.id);
    const page = await participant.get(paths.my.programme(enrolment!.id));
    expect(page.statusCode).toBe(200);
    for (const line of forParticipant) expect(page.body).toContain(escapeHtml(line));
  });
});
