import { and, eq, inArray, notExists, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import type { Executor } from '../../platform/database.ts';
import { formatDate } from '../../platform/dates.ts';
import type { OutgoingMail } from '../../platform/mail.ts';
import { enrolments, hubActivities } from '../activities/schema.ts';
import type { ParticipationLevel } from '../catalogue/schema.ts';
import { people } from '../people/schema.ts';
import { commitmentLines, commitmentOf } from './commitment.ts';
import { CONTINUATION_INTENDED, ncpCodeInYear } from './pathway.ts';
import { ensureActivitySchool, loggedDetails } from './register-both-years.ts';
import { normaliseEmail, previousAcademicYear } from './rules.ts';

export interface ContinuingActivity {
  id: number;
  hubId: number;
  yearCode: string;
  title: string;
  startsOn: string | null;
  endsOn: string | null;
}

export interface ContinuingResult {
  enrolled: { enrolmentId: number; personId: number; continuesEnrolmentId: number }[];
  /** One email to each person enrolled, to send once the transaction has committed. */
  mails: OutgoingMail[];
}

/**
 * Enrols on a newly planned group of a programme's second phase (SKTM ECT Phase 2) everyone who, on
 * the first phase, registered for both years when the hub had no group for it yet (the intent recorded
 * as `enrolment.continuation_intended` for this hub, NCP code and year). Their first-phase details
 * (school, role, year groups, mentor) carry over and the new enrolment continues the first. Withdrawn
 * (or deferred) first-phase enrolments, and people already continuing or already on this group, are left alone. The
 * seed evaluation (000) found under 25% moved on to Phase 2: this keeps the ones who said they would.
 */
export async function enrolContinuingParticipants(
  tx: Executor,
  actor: Actor,
  activity: ContinuingActivity,
  ncp: { code: string; title: string; participation: ParticipationLevel },
  hub: { name: string },
): Promise<ContinuingResult> {
  const firstPhase = alias(hubActivities, 'first_phase');
  const continuing = alias(enrolments, 'continuing');
  const intents = await tx
    .selectDistinctOn([enrolments.personId], {
      enrolment: enrolments,
      firstPhaseTitle: firstPhase.title,
      email: people.email,
      givenName: people.givenName,
    })
    .from(eventLog)
    .innerJoin(enrolments, eq(sql`${enrolments.id}::text`, eventLog.subjectId))
    .innerJoin(firstPhase, eq(firstPhase.id, enrolments.activityId))
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(
      and(
        eq(eventLog.action, CONTINUATION_INTENDED),
        eq(eventLog.subjectType, 'enrolment'),
        eq(eventLog.hubId, activity.hubId),
        // The intent names next year's code (pathway.ts `findNextPhase`); one recorded before that fix
        // named the first phase's year's code (NCP22-28b for a 2023/24 NCP23-28b group).
        inArray(sql<string>`${eventLog.changes}->>'nextNcpCode'`, [
          ...new Set([ncp.code, ncpCodeInYear(ncp.code, previousAcademicYear(activity.yearCode))]),
        ]),
        eq(sql`${eventLog.changes}->>'nextYearCode'`, activity.yearCode),
        // Only a participant still taking part goes on: not one who withdrew or deferred.
        notInArray(enrolments.status, ['withdrawn', 'deferred']),
        notExists(
          tx
            .select({ id: continuing.id })
            .from(continuing)
            .where(
              sql`${continuing.continuesEnrolmentId} = ${enrolments.id} or (${continuing.activityId} = ${activity.id} and ${continuing.personId} = ${enrolments.personId})`,
            ),
        ),
      ),
    )
    .orderBy(enrolments.personId, enrolments.id);

  const result: ContinuingResult = { enrolled: [], mails: [] };
  if (!intents.length) return result;
  const commitment = await commitmentOf(tx, { activityId: activity.id });
  const dates =
    activity.startsOn && activity.endsOn
      ? `It runs from ${formatDate(activity.startsOn)} to ${formatDate(activity.endsOn)}.`
      : null;
  for (const { enrolment: first, firstPhaseTitle, email, givenName } of intents) {
    const details = {
      schoolUrn: first.schoolUrn,
      roleInSchool: first.roleInSchool,
      yearGroups: first.yearGroups,
      mentorName: first.mentorName,
      mentorEmail: first.mentorEmail,
    };
    const [second] = await tx
      .insert(enrolments)
      .values({
        activityId: activity.id,
        personId: first.personId,
        ...details,
        continuesEnrolmentId: first.id,
      })
      .returning({ id: enrolments.id });
    await recordEvent(tx, actor, {
      action: 'enrolment.registered',
      subjectType: 'enrolment',
      subjectId: second!.id,
      hubId: activity.hubId,
      reason: 'Registered for both years on the first phase: enrolled when the hub planned this group',
      changes: {
        activityId: activity.id,
        personId: first.personId,
        continuesEnrolmentId: first.id,
        ...loggedDetails(details),
      },
    });
    if (details.schoolUrn !== null) {
      await ensureActivitySchool(tx, actor, { id: activity.id, hubId: activity.hubId }, details.schoolUrn);
    }
    result.enrolled.push({
      enrolmentId: second!.id,
      personId: first.personId,
      continuesEnrolmentId: first.id,
    });
    result.mails.push({
      to: normaliseEmail(email),
      subject: `You are enrolled on ${activity.title}`,
      text: [
        `Dear ${givenName},`,
        '',
        `When you registered for ${firstPhaseTitle}, you registered for both years. ${hub.name} has now set up its ${activity.yearCode} group, ${activity.title}, part of ${ncp.title} (${ncp.code}), and you are enrolled on it.`,
        ...(dates ? ['', dates] : []),
        '',
        'Your commitment',
        '',
        ...commitmentLines(commitment),
        '',
        'If you can no longer take part, tell your hub. You can see your programmes and pathway when you sign in, under My programmes.',
        '',
        hub.name,
      ].join('\n'),
    });
  }
  return result;
}
