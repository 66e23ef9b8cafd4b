import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, enrol, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson } from '../../../test/support/factories.ts';
import { makeSurveyTemplate, makeSurveyWindow } from '../../../test/support/survey-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { personActor } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { academicYearBounds, academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { deliveryChanged } from '../activities/delivery-changed.ts';
import { hubActivities } from '../activities/schema.ts';
import { updateActivity } from '../activities/update-activity.ts';
import { withdrawParticipant } from '../activities/withdraw-participant.ts';
import { activitySurveyCompletion } from './survey-completion.ts';
import { issueDueSurveys } from './survey-issue.ts';
import { remindDueSurveys } from './survey-reminders.ts';
import { surveyInvitations } from './survey-schema.ts';

/**
 * Surveys follow delivery: someone who no longer takes part in an activity (withdrawn, no longer its
 * lead, the activity cancelled) loses their unanswered invitation, so no reminder chases them and
 * completion does not count them; an answered one is kept; someone enrolled later is invited next.
 */
describe('surveys follow delivery changes', () => {
  let t: TestContext;
  const today = todayInEngland();
  const year = academicYearOf(today);
  const { startsOn, endsOn } = academicYearBounds(year);
  let hubId: number;
  let actor: ReturnType<typeof personActor>;
  const deps = () => ({ mailer: t.services.mailer, publicUrl: 'https://mathshubs.example' });
  const invitationsOf = (activityId: number) =>
    t.db.select().from(surveyInvitations).where(eq(surveyInvitations.activityId, activityId));

  beforeAll(async () => {
    t = await createTestApp();
    hubId = (await makeHub(t.db, { slug: 'follow-hub' })).id;
    actor = personActor((await makePerson(t.db, [{ role: 'hub_leadership', hubId }])).id);
    for (const kind of ['participant_early', 'llme_end_of_year'] as const)
      await makeSurveyWindow(t.db, { yearCode: year, kind, opensOn: startsOn, closesOn: endsOn });
    const ncp = await makeNcp(t.db, { yearCode: year, code: `NCP${year.slice(2, 4)}-61` });
    await makeSurveyTemplate(t.db, { ncpKey: '61', kind: 'participant_early' });
    await makeSurveyTemplate(t.db, { ncpKey: '61', kind: 'llme_end_of_year' });
    activity = await makeActivity(t.db, { hubId, ncpId: ncp.id, yearCode: year });
    other = await makeActivity(t.db, { hubId, ncpId: ncp.id, yearCode: year });
    for (let i = 0; i < 3; i++) {
      const person = await makePerson(t.db, [{ role: 'participant', hubId }]);
      enrolments.push({
        personId: person.id,
        id: (await enrol(t.db, { activityId: activity.id, personId: person.id })).id,
      });
    }
    leadId = (await makePerson(t.db, [{ role: 'llme', hubId }])).id;
    await addLead(t.db, activity.id, leadId);
    const otherPerson = await makePerson(t.db, [{ role: 'participant', hubId }]);
    await enrol(t.db, { activityId: other.id, personId: otherPerson.id });
    await issueDueSurveys(t.db, { today }, deps());
  });
  afterAll(() => t?.close());

  let activity: { id: number; hubId: number; yearCode: string };
  let other: { id: number; hubId: number; yearCode: string };
  const enrolments: { personId: number; id: number }[] = [];
  let leadId: number;

  it('withdraws a withdrawn participant’s unanswered invitation, keeps an answered one, and says so in the log', async () => {
    expect(await invitationsOf(activity.id)).toHaveLength(4); // three participants and the lead
    // The second participant answered.
    await t.db
      .update(surveyInvitations)
      .set({ submittedAt: new Date() })
      .where(
        and(
          eq(surveyInvitations.activityId, activity.id),
          eq(surveyInvitations.personId, enrolments[1]!.personId),
        ),
      );
    await withdrawParticipant(t.db, actor, { activityId: activity.id, enrolmentId: enrolments[0]!.id });
    await withdrawParticipant(t.db, actor, { activityId: activity.id, enrolmentId: enrolments[1]!.id });
    const left = await invitationsOf(activity.id);
    expect(left.map((i) => i.personId).sort()).toEqual(
      [enrolments[1]!.personId, enrolments[2]!.personId, leadId].sort(),
    );
    const logged = await t.db
      .select()
      .from(eventLog)
      .where(eq(eventLog.action, 'survey.invitations_withdrawn'));
    expect(logged).toHaveLength(1);
    expect(logged[0]!.actorPersonId).toBe(actor.personId);
    expect(logged[0]!.changes).toMatchObject({ personId: enrolments[0]!.personId, activityId: activity.id });
    // Completion counts those still invited: one answered of two participants.
    const completion = await activitySurveyCompletion(t.db, { activityId: activity.id });
    const early = completion.kinds.find((k) => k.kind === 'participant_early')!;
    expect([early.invited, early.answered]).toEqual([2, 1]);
    expect(completion.toChase.map((c) => c.personId).sort()).toEqual(
      [enrolments[2]!.personId, leadId].sort(),
    );
  });

  it('sends no reminder to someone who left, and invites someone enrolled later', async () => {
    await t.db.execute(sql`UPDATE survey_invitations SET issued_at = now() - interval '30 days'`);
    await remindDueSurveys(t.db, { today }, deps());
    const reminded = (await invitationsOf(activity.id))
      .filter((i) => i.remindedAt !== null)
      .map((i) => i.personId);
    expect(reminded).not.toContain(enrolments[0]!.personId);
    const late = await makePerson(t.db, [{ role: 'participant', hubId }]);
    await enrol(t.db, { activityId: activity.id, personId: late.id });
    await deliveryChanged(t.db, actor, [activity.id]);
    expect((await issueDueSurveys(t.db, { today }, deps())).invitations).toBe(1);
    expect((await invitationsOf(activity.id)).map((i) => i.personId)).toContain(late.id);
  });

  it('withdraws a lead’s invitation when they no longer lead, and every unanswered one when the activity is cancelled', async () => {
    await t.db.execute(
      sql`DELETE FROM activity_leads WHERE activity_id = ${activity.id} AND person_id = ${leadId}`,
    );
    await deliveryChanged(t.db, actor, [activity.id]);
    expect((await invitationsOf(activity.id)).map((i) => i.personId)).not.toContain(leadId);
    const [row] = await t.db.select().from(hubActivities).where(eq(hubActivities.id, other.id));
    await updateActivity(t.db, actor, {
      activityId: other.id,
      title: row!.title,
      status: 'cancelled',
      startsOn: row!.startsOn!,
      endsOn: row!.endsOn!,
      version: row!.version,
    });
    expect(await invitationsOf(other.id)).toEqual([]);
    // The answered invitation of the first activity is still there.
    expect((await invitationsOf(activity.id)).some((i) => i.submittedAt !== null)).toBe(true);
  });
});
