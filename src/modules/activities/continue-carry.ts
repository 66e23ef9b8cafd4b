/** Who is carried forward when a hub continues last year's activities (continue-activities.ts), and what they are told. */
import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { OutgoingMail } from '../../platform/mail.ts';
import { people } from '../people/schema.ts';
import { commitmentLines, commitmentOf } from '../registration/commitment.ts';
import { normaliseEmail } from '../registration/rules.ts';
import { leadCheck } from './add-activity-lead.ts';
import { activityLeads } from './schema.ts';

/** A lead of last year's activity who is not carried into the new year, and why. */
export interface LeadNotCarried {
  personId: number;
  name: string;
  reason: string;
}

/** The leads of each of last year's activities: those carried, and those who are not (with why). */
export interface LeadsToCarry {
  carried: { personId: number; title: string }[];
  notCarried: LeadNotCarried[];
}

/**
 * Sorts the leads of last year's activities: a lead is carried only while they are an LLME of the hub
 * today (the check adding a lead makes, `leadCheck`: an active LLME role for the hub, not merged into
 * another record). Someone whose LLME role has ended (or who is no longer anyone's) is not carried, with
 * the reason; the hub adds a lead to the new activity on its page.
 */
export async function leadsToCarry(
  tx: Executor,
  hub: { id: number; name: string },
  activityIds: readonly number[],
): Promise<Map<number, LeadsToCarry>> {
  const out = new Map<number, LeadsToCarry>(activityIds.map((id) => [id, { carried: [], notCarried: [] }]));
  if (!activityIds.length) return out;
  const leads = await tx
    .select({
      activityId: activityLeads.activityId,
      personId: activityLeads.personId,
      title: activityLeads.title,
      givenName: people.givenName,
      familyName: people.familyName,
    })
    .from(activityLeads)
    .innerJoin(people, eq(people.id, activityLeads.personId))
    .where(inArray(activityLeads.activityId, [...activityIds]))
    .orderBy(activityLeads.id);
  const isLlme = new Map<number, boolean>();
  for (const lead of leads) {
    if (!isLlme.has(lead.personId)) {
      // The role only: the new NCP's accreditation rules are checked when a lead is added on the page.
      const { llme } = await leadCheck(tx, { personId: lead.personId, hubId: hub.id, ncpRules: {} });
      isLlme.set(lead.personId, llme !== null);
    }
    const sorted = out.get(lead.activityId)!;
    if (isLlme.get(lead.personId)) sorted.carried.push({ personId: lead.personId, title: lead.title });
    else {
      sorted.notCarried.push({
        personId: lead.personId,
        name: `${lead.givenName} ${lead.familyName}`,
        reason: `no longer an LLME of ${hub.name}`,
      });
    }
  }
  return out;
}

/**
 * The email to each participant carried into the new year's activity (a Sustaining group, a community,
 * or a second year for those who had not registered for both years): where they continue, their
 * commitment, and that they tell the hub if they will not. Queued in the copy's transaction.
 */
export async function continuedMails(
  tx: Executor,
  input: {
    activity: { id: number; title: string; yearCode: string };
    ncp: { code: string; title: string };
    hub: { name: string };
    personIds: readonly number[];
  },
): Promise<OutgoingMail[]> {
  if (!input.personIds.length) return [];
  const recipients = await tx
    .select({ email: people.email, givenName: people.givenName })
    .from(people)
    .where(inArray(people.id, [...input.personIds]));
  const commitment = await commitmentOf(tx, { activityId: input.activity.id });
  const { activity, hub, ncp } = input;
  return recipients.map((r) => ({
    to: normaliseEmail(r.email),
    subject: `You continue in ${activity.title} in ${activity.yearCode}`,
    text: [
      `Dear ${r.givenName},`,
      '',
      `${hub.name} has carried ${activity.title} forward into ${activity.yearCode}, part of ${ncp.title} (${ncp.code}). You took part in it last year, so you continue in it. The hub will tell you its dates and sessions.`,
      '',
      'Your commitment',
      '',
      ...commitmentLines(commitment),
      '',
      'If you will not take part this year, tell your hub. You can see your programmes and pathway when you sign in, under My programmes.',
      '',
      hub.name,
    ].join('\n'),
  }));
}
