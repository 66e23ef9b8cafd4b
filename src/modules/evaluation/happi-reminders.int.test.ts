import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMailTo, mailCount } from '../../../test/support/auth-helpers.ts';
import { addLead, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { sendHappiReminders } from './happi-reminders.ts';
import { happiDeadlines, noticeFor } from './happi-rules.ts';
import { happiForms, happiReminders } from './happi-schema.ts';
import { happiToDos } from './happi-to-dos.ts';

/** The daily reminders of HAPPI deadlines: due within 14 days, then once overdue, never twice. */
describe('HAPPI deadline reminders', () => {
  let t: TestContext;
  let leadEmail: string;
  let leadId: number;
  let activityId: number;
  let submittedId: number;
  let cancelledId: number;

  beforeAll(async () => {
    t = await createTestApp();
    const hub = await makeHub(t.db, { slug: 'remind-hub', name: 'Reminder Maths Hub' });
    const ncp = await makeNcp(t.db, { yearCode: '2023/24' });
    const lead = await makePerson(t.db, [{ role: 'llme', hubId: hub.id }], { givenName: 'Rita' });
    leadEmail = lead.email;
    leadId = lead.id;
    const make = async (title: string, status?: string) => {
      const a = await makeActivity(t.db, {
        hubId: hub.id,
        ncpId: ncp.id,
        yearCode: '2023/24',
        title,
        status,
      });
      await addLead(t.db, a.id, lead.id);
      return a.id;
    };
    activityId = await make('Reasoning WG');
    submittedId = await make('Submitted WG');
    cancelledId = await make('Cancelled WG', 'cancelled');
    await t.db.insert(happiForms).values({
      activityId: submittedId,
      hubId: hub.id,
      yearCode: '2023/24',
      status: 'submitted',
      planSubmittedAt: new Date('2023-10-01T10:00:00Z'),
    });
  });
  afterAll(() => t.close());

  const remindersOf = (id: number) =>
    t.db.select().from(happiReminders).where(eq(happiReminders.activityId, id));

  it('sets the deadlines of a year in one place, with a notice window', () => {
    expect(happiDeadlines('2023/24')).toEqual({ plan: '2023-10-31', impact: '2024-07-15' });
    expect(noticeFor('2023-10-31', '2023-10-16')).toBeNull();
    expect(noticeFor('2023-10-31', '2023-10-17')).toBe('due_soon');
    expect(noticeFor('2023-10-31', '2023-10-31')).toBe('due_soon');
    expect(noticeFor('2023-10-31', '2023-11-01')).toBe('overdue');
    expect(noticeFor('2023-10-31', '2023-12-01')).toBeNull();
  });

  it('puts a form due soon on its lead’s to-do list, by the same rule', async () => {
    const lead = { personId: leadId, roles: [] } as unknown as Parameters<typeof happiToDos>[1];
    expect(await happiToDos(t.db, lead, '2023-09-20')).toEqual([]);
    expect(await happiToDos(t.db, lead, '2023-10-20')).toEqual([
      {
        kind: 'happi_to_write',
        count: 1,
        text: 'HAPPI form to write',
        href: `/activities/${activityId}/happi`,
      },
    ]);
  });

  it('sends nothing before the reminder window', async () => {
    const mails = await mailCount(t.db, leadEmail);
    expect(await sendHappiReminders(t.db, t.services, { today: '2023-09-20' })).toEqual({
      reminders: 0,
      emails: 0,
    });
    expect(await mailCount(t.db, leadEmail)).toBe(mails);
  });

  it('reminds the leads of a plan due within 14 days once, then once when it is overdue', async () => {
    const before = await mailCount(t.db, leadEmail);
    const sent = await sendHappiReminders(t.db, t.services, { today: '2023-10-20' });
    // Only the activity whose plan is still to be submitted (not the submitted one, not the cancelled one).
    expect(sent).toEqual({ reminders: 1, emails: 1 });
    expect(await mailCount(t.db, leadEmail)).toBe(before + 1);
    const mail = await latestMailTo(t.db, leadEmail);
    expect(mail?.subject).toBe('The HAPPI plan of Reasoning WG is due on 31 October 2023');
    expect(mail?.textBody).toContain('Dear Rita');
    expect(await remindersOf(activityId)).toMatchObject([
      { section: 'plan', notice: 'due_soon', dueOn: '2023-10-31', recipients: 1 },
    ]);
    expect(await remindersOf(submittedId)).toEqual([]);
    expect(await remindersOf(cancelledId)).toEqual([]);

    // The next day: the same deadline is not reminded twice.
    expect(await sendHappiReminders(t.db, t.services, { today: '2023-10-21' })).toEqual({
      reminders: 0,
      emails: 0,
    });

    // Overdue: one more, once.
    expect(await sendHappiReminders(t.db, t.services, { today: '2023-11-02' })).toEqual({
      reminders: 1,
      emails: 1,
    });
    expect((await latestMailTo(t.db, leadEmail))?.subject).toBe('The HAPPI plan of Reasoning WG is overdue');
    expect(await sendHappiReminders(t.db, t.services, { today: '2023-11-03' })).toEqual({
      reminders: 0,
      emails: 0,
    });
    expect(await mailCount(t.db, leadEmail)).toBe(before + 2);

    const logged = await t.db.select().from(eventLog).where(eq(eventLog.action, 'happi.reminder_sent'));
    expect(logged).toHaveLength(2);
    expect(logged[0]!.actorPersonId).toBeNull();
  });

  it('reminds of the impact section in July, including the form whose plan was submitted', async () => {
    const sent = await sendHappiReminders(t.db, t.services, { today: '2024-07-05' });
    expect(sent).toEqual({ reminders: 2, emails: 2 });
    expect((await remindersOf(submittedId)).map((r) => r.section)).toEqual(['impact']);
  });
});
