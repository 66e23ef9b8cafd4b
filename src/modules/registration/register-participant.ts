import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database, Executor } from '../../platform/database.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { HubScope } from '../../platform/hub-scope.ts';
import type { Mailer, OutgoingMail } from '../../platform/mail.ts';
import { paths } from '../../platform/paths.ts';
import { deliveryChanged } from '../activities/delivery-changed.ts';
import { activitySchools, enrolments } from '../activities/schema.ts';
import { ensureRole, insertPerson } from '../people/add-people.ts';
import { hubInvitationMail, matchEmail } from '../people/find-by-email.ts';
import { people } from '../people/schema.ts';
import { schools } from '../schools/schema.ts';
import { isOpenForRegistration, loadActivity } from './load-activity.ts';
import {
  CONTINUATION_INTENDED,
  commitmentLines,
  commitmentOf,
  findNextPhase,
  pathwayLines,
  pathwayOf,
} from './pathway.ts';
import { isEctProgramme, normaliseEmail } from './rules.ts';

export interface RegisterParticipantInput {
  activityId: number;
  /** An existing person (registering themself), or someone found by email or created. */
  person: { personId: number } | { email: string; givenName: string | null; familyName: string | null };
  schoolUrn: number;
  roleInSchool: string;
  yearGroups: string[];
  mentorName: string | null;
  mentorEmail: string | null;
  /**
   * Whose people the registering principal may see (`peopleScope`), when they register someone by
   * email: someone with the email outside it is not registered but invited (`find-by-email.ts`).
   */
  scope?: HubScope;
}

/** What hub leadership are told after registering a new email, or one that is someone's elsewhere. */
export const registeredOrInvitedText = (email: string) =>
  `${email}: if they are new to the platform, they are registered and we have emailed them their commitment and pathway; if they already have an account, we have emailed them an invitation to register instead`;

/** The email was someone's outside the registering hub's scope: nothing changed, and they were invited. */
export interface RegisterParticipantInvited {
  invited: true;
}

export interface RegisterParticipantResult {
  invited?: false;
  enrolmentId: number;
  personId: number;
  personCreated: boolean;
  /** The next phase's enrolment, when a two-phase programme registered both years. */
  nextEnrolmentId: number | null;
  continuationIntended: boolean;
}

/** Adds the school to the activity's schools if it is not there yet (with an event). */
export async function ensureActivitySchool(
  tx: Executor,
  actor: Actor,
  activity: { id: number; hubId: number },
  schoolUrn: number,
): Promise<boolean> {
  const inserted = await tx
    .insert(activitySchools)
    .values({ activityId: activity.id, schoolUrn })
    .onConflictDoNothing()
    .returning({ id: activitySchools.id });
  if (inserted.length) {
    await recordEvent(tx, actor, {
      action: 'activity_school.registered',
      subjectType: 'hub_activity',
      subjectId: activity.id,
      hubId: activity.hubId,
      changes: { schoolUrn },
    });
  }
  return inserted.length > 0;
}

/** An enrolment's details, carried over to the next phase of a two-phase programme. */
export interface EnrolmentDetails {
  schoolUrn: number | null;
  roleInSchool: string | null;
  yearGroups: string[];
  mentorName: string | null;
  mentorEmail: string | null;
}

/** An enrolment's details as the event log keeps them: not the mentor's name or email address. */
export const loggedDetails = ({ mentorName, mentorEmail, ...kept }: EnrolmentDetails) => ({
  ...kept,
  mentorGiven: mentorName !== null || mentorEmail !== null,
});

/**
 * The second year of a two-phase programme, registered with the first (seed 000): if the hub has a group
 * of the next phase in the next year, the person is enrolled on it (their enrolment continuing this one,
 * with the same details), or an enrolment they have there is linked to this one; if not, the intent is
 * recorded (event `enrolment.continuation_intended`) and the hub enrols them when it plans that group.
 * Nothing for an NCP that names no next phase. Used by registration on the page and the API, and by the
 * enrolments import ("Both years").
 */
export async function registerBothYears(
  tx: Executor,
  actor: Actor,
  input: {
    enrolmentId: number;
    personId: number;
    activity: { id: number; hubId: number; yearCode: string };
    nextNcpCode: string | null;
    details: EnrolmentDetails;
    /** The next phase, if already found for this activity (an import registers many at once). */
    next?: Awaited<ReturnType<typeof findNextPhase>>;
  },
): Promise<{
  next: Awaited<ReturnType<typeof findNextPhase>>;
  nextEnrolmentId: number | null;
  continuationIntended: boolean;
}> {
  const { enrolmentId, personId, activity, details } = input;
  const hubId = activity.hubId;
  let nextEnrolmentId: number | null = null;
  let continuationIntended = false;
  const next =
    input.next !== undefined
      ? input.next
      : await findNextPhase(tx, { hubId, yearCode: activity.yearCode, nextNcpCode: input.nextNcpCode });
  if (next?.activity) {
    const [existing] = await tx
      .select({ id: enrolments.id, continues: enrolments.continuesEnrolmentId })
      .from(enrolments)
      .where(and(eq(enrolments.activityId, next.activity.id), eq(enrolments.personId, personId)));
    if (existing) {
      nextEnrolmentId = existing.id;
      if (existing.continues === null) {
        await tx
          .update(enrolments)
          .set({ continuesEnrolmentId: enrolmentId })
          .where(eq(enrolments.id, existing.id));
      }
    } else {
      const [second] = await tx
        .insert(enrolments)
        .values({ activityId: next.activity.id, personId, ...details, continuesEnrolmentId: enrolmentId })
        .returning({ id: enrolments.id });
      nextEnrolmentId = second!.id;
      await recordEvent(tx, actor, {
        action: 'enrolment.registered',
        subjectType: 'enrolment',
        subjectId: nextEnrolmentId,
        hubId,
        changes: {
          activityId: next.activity.id,
          personId,
          continuesEnrolmentId: enrolmentId,
          ...loggedDetails(details),
        },
      });
      if (details.schoolUrn !== null) {
        await ensureActivitySchool(tx, actor, { id: next.activity.id, hubId }, details.schoolUrn);
      }
    }
  } else if (next) {
    continuationIntended = true;
    await recordEvent(tx, actor, {
      action: CONTINUATION_INTENDED,
      subjectType: 'enrolment',
      subjectId: enrolmentId,
      hubId,
      changes: { nextNcpCode: next.code, nextYearCode: next.yearCode, personId },
    });
  }
  return { next, nextEnrolmentId, continuationIntended };
}

/**
 * Registers a person on an activity with their school, role in school and year groups taught (and
 * their mentor, for an ECT programme); for the first phase of a two-phase programme, registers the
 * second phase too (or records the intent when the hub has no group for it yet). Gives them the
 * participant role in the hub and records the school on the activity, then emails them their
 * commitment and pathway (queued in the same transaction). All changes in one transaction, with events.
 */
export async function registerParticipant(
  db: Database,
  actor: Actor,
  input: RegisterParticipantInput & { scope: HubScope },
  deps: { mailer: Mailer; publicUrl?: string },
): Promise<RegisterParticipantResult | RegisterParticipantInvited>;
/** Without a scope (registering oneself, trusted callers) no one is "elsewhere": always registered. */
export async function registerParticipant(
  db: Database,
  actor: Actor,
  input: Omit<RegisterParticipantInput, 'scope'>,
  deps: { mailer: Mailer; publicUrl?: string },
): Promise<RegisterParticipantResult>;
export async function registerParticipant(
  db: Database,
  actor: Actor,
  input: RegisterParticipantInput,
  deps: { mailer: Mailer; publicUrl?: string },
): Promise<RegisterParticipantResult | RegisterParticipantInvited> {
  const result = await db.transaction(async (tx) => {
    const { activity, ncp, hub } = await loadActivity(tx, input.activityId);
    const problems: { field: string; message: string }[] = [];
    if (!isOpenForRegistration(activity.status)) {
      throw new ValidationError([
        { field: 'form', message: `This activity is ${activity.status}: it no longer takes registrations` },
      ]);
    }
    const [school] = await tx
      .select({ urn: schools.urn, name: schools.name })
      .from(schools)
      .where(eq(schools.urn, input.schoolUrn));
    if (!school)
      problems.push({ field: 'schoolUrn', message: `There is no school with URN ${input.schoolUrn}` });
    if (isEctProgramme(ncp)) {
      if (!input.mentorName) {
        problems.push({
          field: 'mentorName',
          message: 'Enter the name of the early career teacher’s mentor',
        });
      }
      if (!input.mentorEmail) {
        problems.push({
          field: 'mentorEmail',
          message: 'Enter the email address of the early career teacher’s mentor',
        });
      }
    }

    // The person: themself, someone found by email (following a merge), or someone new.
    let personId: number;
    let personCreated = false;
    if ('personId' in input.person) {
      personId = input.person.personId;
    } else {
      const email = normaliseEmail(input.person.email);
      const match = await matchEmail(tx, input.scope ?? { kind: 'all' }, email);
      if (match.kind === 'elsewhere') {
        // Someone the hub may not see: they are invited to register themself, and nothing changes. The
        // form is checked as for someone new first, so that the answer does not say the email exists.
        if (!input.person.givenName) problems.push({ field: 'givenName', message: 'Enter their first name' });
        if (!input.person.familyName)
          problems.push({ field: 'familyName', message: 'Enter their last name' });
        if (problems.length) throw new ValidationError(problems);
        const url = `${deps.publicUrl ?? ''}${paths.activity.signUp(activity.id)}`;
        const invitation = hubInvitationMail({
          to: match.person.email,
          givenName: match.person.givenName,
          hubName: hub.name,
          what: `to register you for ${activity.title} (${ncp.title}, ${activity.yearCode})`,
          howToAccept: `If you would like to take part, sign in and register yourself at ${url}`,
        });
        await deps.mailer.queue(tx, invitation);
        return { kind: 'invited' as const };
      }
      if (match.kind === 'visible') personId = match.person.id;
      else {
        if (!input.person.givenName) problems.push({ field: 'givenName', message: 'Enter their first name' });
        if (!input.person.familyName)
          problems.push({ field: 'familyName', message: 'Enter their last name' });
        if (problems.length) throw new ValidationError(problems);
        personId = await insertPerson(
          tx,
          actor,
          {
            email,
            givenName: input.person.givenName!,
            familyName: input.person.familyName!,
            schoolUrn: input.schoolUrn,
          },
          { hubId: hub.id },
        );
        personCreated = true;
      }
    }
    const [already] = await tx
      .select({ id: enrolments.id, status: enrolments.status })
      .from(enrolments)
      .where(and(eq(enrolments.activityId, activity.id), eq(enrolments.personId, personId)));
    // A withdrawn participant may register again (the same enrolment, with its attendance, comes back).
    if (already && already.status !== 'withdrawn') {
      problems.push({
        field: 'personId' in input.person ? 'form' : 'email',
        message:
          'personId' in input.person
            ? 'You are already registered on this activity'
            : 'This person is already registered on this activity',
      });
    }
    if (problems.length) throw new ValidationError(problems);

    const details = {
      schoolUrn: input.schoolUrn,
      roleInSchool: input.roleInSchool,
      yearGroups: input.yearGroups,
      mentorName: input.mentorName,
      mentorEmail: input.mentorEmail ? normaliseEmail(input.mentorEmail) : null,
    };
    const [enrolment] = already
      ? await tx
          .update(enrolments)
          .set({ ...details, status: 'registered', registeredAt: sql`now()` })
          .where(eq(enrolments.id, already.id))
          .returning({ id: enrolments.id })
      : await tx
          .insert(enrolments)
          .values({ activityId: activity.id, personId, ...details })
          .returning({ id: enrolments.id });
    const enrolmentId = enrolment!.id;
    await recordEvent(tx, actor, {
      action: already ? 'enrolment.registered_again' : 'enrolment.registered',
      subjectType: 'enrolment',
      subjectId: enrolmentId,
      hubId: hub.id,
      changes: { activityId: activity.id, personId, ...loggedDetails(details) },
    });
    await ensureActivitySchool(tx, actor, activity, input.schoolUrn);

    // The participant role in the activity's hub, unless they hold it already.
    await ensureRole(tx, actor, { personId, role: 'participant', hubId: hub.id });
    // Keep a person without a school linked to the one they registered with.
    await tx
      .update(people)
      .set({ schoolUrn: input.schoolUrn })
      .where(and(eq(people.id, personId), isNull(people.schoolUrn)));

    // Two-phase programmes: register both years at once (seed 000: under 25% moved on to Phase 2).
    const both = await registerBothYears(tx, actor, {
      enrolmentId,
      personId,
      activity: { id: activity.id, hubId: hub.id, yearCode: activity.yearCode },
      nextNcpCode: ncp.nextNcpCode,
      details,
    });
    const { next, nextEnrolmentId, continuationIntended } = both;

    // The participant (and their school) on the hub's statements, for this activity and the next phase.
    await deliveryChanged(tx, actor, next?.activity ? [activity.id, next.activity.id] : [activity.id]);

    const [person] = await tx
      .select({ email: people.email, givenName: people.givenName, familyName: people.familyName })
      .from(people)
      .where(eq(people.id, personId));
    const commitment = await commitmentOf(tx, activity.id, ncp.participation);
    const pathway = await pathwayOf(tx, { id: enrolmentId, personId }, activity, ncp);
    const mail = {
      to: normaliseEmail(person!.email),
      subject: `You are registered for ${activity.title}`,
      text: [
        `Dear ${person!.givenName},`,
        '',
        `You are registered for ${activity.title}, run by ${hub.name} in ${activity.yearCode}. It is part of ${ncp.title} (${ncp.code}).`,
        '',
        'Your commitment',
        '',
        ...commitmentLines(commitment),
        '',
        'Your pathway: what comes next',
        '',
        ...pathway.lines,
        ...(details.mentorName ? ['', `Your mentor: ${details.mentorName} (${details.mentorEmail}).`] : []),
        '',
        'You can see your programmes, attendance and pathway when you sign in, under My programmes.',
        '',
        hub.name,
      ].join('\n'),
    };
    const mentorMail = details.mentorEmail
      ? mentorMailFor({
          mentor: { name: details.mentorName, email: details.mentorEmail },
          participantName: `${person!.givenName} ${person!.familyName}`,
          schoolName: school?.name ?? `URN ${input.schoolUrn}`,
          yearGroups: details.yearGroups,
          activity,
          ncp,
          hub,
          commitment: commitmentLines(commitment, 'mentor'),
          pathway: pathwayLines(pathway, ncp.completesTfmStage, 'mentor'),
        })
      : null;
    // The emails are outbox rows of this transaction, sent by the mail queue after the commit.
    await deps.mailer.queue(tx, mail);
    if (mentorMail) await deps.mailer.queue(tx, mentorMail);
    return {
      kind: 'registered' as const,
      enrolmentId,
      personId,
      personCreated,
      nextEnrolmentId,
      continuationIntended,
    };
  });
  deps.mailer.kick();
  if (result.kind === 'invited') return { invited: true };
  const { kind: _registered, ...out } = result;
  return out;
}

/**
 * The email to an ECT's mentor: what the ECT committed to, the sessions and the pathway. The seed
 * evaluation (000) found that mentors did not know what their ECTs were doing, so could not follow up
 * the tasks between sessions; it recommends updating mentors with the CPD plan.
 */
export function mentorMailFor(input: {
  mentor: { name: string | null; email: string };
  participantName: string;
  schoolName: string;
  yearGroups: string[];
  activity: { title: string; yearCode: string };
  ncp: { code: string; title: string };
  hub: { name: string };
  commitment: string[];
  pathway: string[];
}): OutgoingMail {
  const { participantName: who, activity, ncp, hub } = input;
  return {
    to: normaliseEmail(input.mentor.email),
    subject: `${who} is registered for ${activity.title}: you are their mentor`,
    text: [
      `Dear ${input.mentor.name ?? 'mentor'},`,
      '',
      `${who} (${input.schoolName}) is registered for ${activity.title}, run by ${hub.name} in ${activity.yearCode}. It is part of ${ncp.title} (${ncp.code}). They named you as their mentor.`,
      '',
      'We are writing so that you know what they are doing, can talk with them about what they learn, and can give them the chance to follow up the tasks set between sessions.',
      ...(input.yearGroups.length ? ['', `Year groups they teach: ${input.yearGroups.join(', ')}.`] : []),
      '',
      'What they committed to',
      '',
      ...input.commitment,
      '',
      'Their pathway: what comes next',
      '',
      ...input.pathway,
      '',
      `If you have questions about the programme, reply to ${hub.name}.`,
      '',
      hub.name,
    ].join('\n'),
  };
}
