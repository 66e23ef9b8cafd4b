import { and, eq, isNull } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Mailer } from '../../platform/mail.ts';
import { ncps } from '../catalogue/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { people } from '../people/schema.ts';
import { schools } from '../schools/schema.ts';
import { isOpenForRegistration, loadActivity } from './load-activity.ts';
import { isEctProgramme, normaliseEmail } from './rules.ts';
import { interests } from './schema.ts';

export interface RegisterInterestInput {
  personId: number;
  /** An activity of the hub's offer, or an NCP the hub may run (with the hub). */
  subject: { activityId: number } | { hubId: number; ncpId: number };
  schoolUrn: number;
  roleInSchool: string;
  yearGroups: string[];
  mentorName: string | null;
  mentorEmail: string | null;
  note: string | null;
}

/**
 * Records a person's interest in a hub's activity (or in an NCP the hub offers) with their school and
 * what registering them would need, for the hub to turn into a registration; tells them by email and
 * logs it. One open interest per person and activity (or NCP at a hub).
 */
export async function registerInterest(
  db: Executor,
  actor: Actor,
  input: RegisterInterestInput,
  deps: { mailer: Mailer },
): Promise<{ interestId: number }> {
  const result = await db.transaction(async (tx) => {
    let hub: { id: number; name: string };
    let ncp: { id: number; code: string; title: string };
    let activity: { id: number; title: string } | null = null;
    if ('activityId' in input.subject) {
      const loaded = await loadActivity(tx, input.subject.activityId);
      if (!isOpenForRegistration(loaded.activity.status)) {
        throw new ValidationError([
          {
            field: 'form',
            message: `This activity is ${loaded.activity.status}: it no longer takes interest`,
          },
        ]);
      }
      hub = loaded.hub;
      ncp = loaded.ncp;
      activity = loaded.activity;
    } else {
      const [h] = await tx
        .select({ id: hubs.id, name: hubs.name })
        .from(hubs)
        .where(eq(hubs.id, input.subject.hubId));
      const [n] = await tx
        .select({ id: ncps.id, code: ncps.code, title: ncps.title })
        .from(ncps)
        .where(eq(ncps.id, input.subject.ncpId));
      if (!h || !n) throw new NotFoundError('There is no such Maths Hub or project');
      hub = h;
      ncp = n;
    }
    const problems: { field: string; message: string }[] = [];
    const [school] = await tx
      .select({ urn: schools.urn, name: schools.name })
      .from(schools)
      .where(eq(schools.urn, input.schoolUrn));
    if (!school)
      problems.push({ field: 'schoolUrn', message: `There is no school with URN ${input.schoolUrn}` });
    if (activity && isEctProgramme(ncp) && (!input.mentorName || !input.mentorEmail)) {
      problems.push({
        field: input.mentorName ? 'mentorEmail' : 'mentorName',
        message: 'Enter the name and email address of the early career teacher’s mentor',
      });
    }
    const [already] = await tx
      .select({ id: interests.id })
      .from(interests)
      .where(
        and(
          eq(interests.personId, input.personId),
          eq(interests.status, 'open'),
          activity
            ? eq(interests.activityId, activity.id)
            : and(isNull(interests.activityId), eq(interests.hubId, hub.id), eq(interests.ncpId, ncp.id)),
        ),
      );
    if (already) problems.push({ field: 'form', message: 'You have already registered interest in this' });
    if (problems.length) throw new ValidationError(problems);

    const [row] = await tx
      .insert(interests)
      .values({
        activityId: activity?.id ?? null,
        ncpId: ncp.id,
        hubId: hub.id,
        personId: input.personId,
        schoolUrn: input.schoolUrn,
        roleInSchool: input.roleInSchool,
        yearGroups: input.yearGroups,
        mentorName: input.mentorName,
        mentorEmail: input.mentorEmail ? normaliseEmail(input.mentorEmail) : null,
        note: input.note,
      })
      .returning({ id: interests.id });
    await recordEvent(tx, actor, {
      action: 'interest.registered',
      subjectType: 'interest',
      subjectId: row!.id,
      hubId: hub.id,
      changes: {
        personId: input.personId,
        activityId: activity?.id ?? null,
        ncpId: ncp.id,
        ncpCode: ncp.code,
        schoolUrn: input.schoolUrn,
      },
    });
    const [person] = await tx
      .select({ email: people.email, givenName: people.givenName })
      .from(people)
      .where(eq(people.id, input.personId));
    const what = activity ? `${activity.title} (${ncp.title}, ${ncp.code})` : `${ncp.title} (${ncp.code})`;
    await deps.mailer.queue(tx, {
      to: person!.email,
      subject: `Your interest in ${activity?.title ?? ncp.title}`,
      text: [
        `Dear ${person!.givenName},`,
        '',
        `We have told ${hub.name} that you are interested in ${what}, with ${school!.name}.`,
        '',
        'You are not registered yet: the hub will register you, or be in touch, and we will email you your commitment when you are registered.',
        '',
        hub.name,
      ].join('\n'),
    });
    return { interestId: row!.id };
  });
  deps.mailer.kick();
  return result;
}

/** What an interest form is about: an activity (with its NCP and hub), or an NCP at a hub. */
export async function interestSubjectOf(
  db: Executor,
  query: { activityId?: number; hubSlug?: string; ncpId?: number },
) {
  if (query.activityId) {
    const { activity, ncp, hub } = await loadActivity(db, query.activityId);
    return { activity, ncp, hub };
  }
  if (!query.hubSlug || !query.ncpId) throw new NotFoundError('Choose an activity or a project');
  const [hub] = await db
    .select({ id: hubs.id, name: hubs.name, slug: hubs.slug })
    .from(hubs)
    .where(eq(hubs.slug, query.hubSlug));
  const [ncp] = await db
    .select({
      id: ncps.id,
      code: ncps.code,
      title: ncps.title,
      participation: ncps.participation,
      nextNcpCode: ncps.nextNcpCode,
      completesTfmStage: ncps.completesTfmStage,
    })
    .from(ncps)
    .where(eq(ncps.id, query.ncpId));
  if (!hub || !ncp) throw new NotFoundError('There is no such Maths Hub or project');
  return { activity: null, ncp, hub };
}
