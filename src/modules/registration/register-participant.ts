import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { HubScope } from '../../platform/hub-scope.ts';
import type { Mailer } from '../../platform/mail.ts';
import { isHubLeadershipOf, type Principal } from '../../platform/principal.ts';
import { deliveryChanged } from '../activities/delivery-changed.ts';
import { enrolments } from '../activities/schema.ts';
import { requireSchoolEligible, schoolEligibilityProblems } from '../journeys/admit-school.ts';
import { participantPrerequisites } from '../journeys/school-eligibility.ts';
import { ensureRole } from '../people/add-people.ts';
import { people } from '../people/schema.ts';
import { isOutsideHubArea, outOfAreaReasonOf } from '../schools/out-of-area.ts';
import { schools } from '../schools/schema.ts';
import { commitmentLines, commitmentOf } from './commitment.ts';
import { findOrCreateRegistrant, type Registrant } from './find-or-create-registrant.ts';
import { isOpenForRegistration, loadActivity } from './load-activity.ts';
import { pathwayLines, pathwayOf } from './pathway.ts';
import { ensureActivitySchool, loggedDetails, registerBothYears } from './register-both-years.ts';
import { mentorMailFor, registeredMailFor } from './registration-mail.ts';
import { isEctProgramme, normaliseEmail } from './rules.ts';

export interface RegisterParticipantInput {
  activityId: number;
  /** An existing person (registering themself), or someone found by email or created. */
  person: Registrant;
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
  /**
   * A school contact registering a teacher: the schools they are the contact for. Someone with the email
   * whose school is one of these is found (the contact's own teacher); anyone else with it is invited.
   */
  schoolContactOf?: readonly number[];
  /** Who registers (only the hub's leadership may admit a school that does not meet the rules). */
  by?: Principal | null;
  /** Hub leadership's reason for admitting anyway a school that does not meet the project's rules. */
  justification?: string | null;
  /** Hub leadership's reason for registering someone with a school outside the hub's area (required then). */
  outOfAreaReason?: string | null;
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

/**
 * Registers a person on an activity with their school, role in school and year groups taught (and
 * their mentor, for an ECT programme); for the first phase of a two-phase programme, registers the
 * second phase too (or records the intent when the hub has no group for it yet). Gives them the
 * participant role in the hub and records the school on the activity, then emails them their
 * commitment and pathway (queued in the same transaction). All changes in one transaction, with events.
 */
/** Why someone cannot register themself on an activity the hub has not opened for direct registration. */
export const directRegistrationClosed = (hubName: string) =>
  `${hubName} registers people on this activity itself: register your interest and the hub will register you`;

export async function registerParticipant(
  db: Executor,
  actor: Actor,
  input: RegisterParticipantInput & { scope: HubScope },
  deps: { mailer: Mailer; publicUrl?: string },
): Promise<RegisterParticipantResult | RegisterParticipantInvited>;
/** Without a scope (registering oneself, trusted callers) no one is "elsewhere": always registered. */
export async function registerParticipant(
  db: Executor,
  actor: Actor,
  input: Omit<RegisterParticipantInput, 'scope'>,
  deps: { mailer: Mailer; publicUrl?: string },
): Promise<RegisterParticipantResult>;
export async function registerParticipant(
  db: Executor,
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
    // People register themselves (and school contacts their teachers) only where the hub allows it; elsewhere
    // they register interest and the hub registers them (issue 13). The hub's leadership register anyone.
    if (input.by && !isHubLeadershipOf(input.by, hub.id) && !activity.openForDirectRegistration) {
      throw new ValidationError([{ field: 'form', message: directRegistrationClosed(hub.name) }]);
    }
    const [school] = await tx
      .select({ urn: schools.urn, name: schools.name })
      .from(schools)
      .where(eq(schools.urn, input.schoolUrn));
    if (!school)
      problems.push({ field: 'schoolUrn', message: `There is no school with URN ${input.schoolUrn}` });
    // A school not yet in the activity joins it with its teacher: it must meet the NCP's rules, or be
    // admitted anyway by the hub's leadership with their reason (journeys/admit-school.ts, after the
    // form's other checks, so nothing is recorded for a refused form).
    const ineligible = school
      ? await schoolEligibilityProblems(tx, {
          activityId: activity.id,
          ncpId: ncp.id,
          schoolUrn: school.urn,
          schoolName: school.name,
          field: 'schoolUrn',
        })
      : [];
    const mayAdmit = !!input.by && isHubLeadershipOf(input.by, hub.id);
    const justification = input.justification?.trim() || null;
    const admitAnyway = ineligible.length > 0 && mayAdmit && !!justification;
    if (ineligible.length && !admitAnyway) {
      problems.push(...ineligible);
      if (mayAdmit)
        problems.push({
          field: 'justification',
          message: `To admit ${school!.name} anyway, give your reason for admitting it`,
        });
    }
    // Hub leadership registering someone with a school outside the hub's area say why (in the event log);
    // people registering themselves or their school's teachers do not.
    const outside = mayAdmit && !!school && (await isOutsideHubArea(tx, hub.id, school.urn));
    const outOfArea = outOfAreaReasonOf(outside, school?.name ?? '', input.outOfAreaReason);
    if (outOfArea.problem) problems.push(outOfArea.problem);
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
    const registrant = await findOrCreateRegistrant(tx, actor, {
      person: input.person,
      scope: input.scope,
      schoolContactOf: input.schoolContactOf,
      schoolUrn: input.schoolUrn,
      activity,
      ncp,
      hub,
      problems,
      publicUrl: deps.publicUrl,
    });
    if (registrant.kind === 'elsewhere') {
      await deps.mailer.queue(tx, registrant.invitation);
      return { kind: 'invited' as const };
    }
    const { personId, personCreated } = registrant;
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
    // What the NCP asks of the participant first (ECT Phase 2 after Phase 1).
    for (const reason of await participantPrerequisites(tx, { ncpId: ncp.id, personId }))
      problems.push({ field: 'personId' in input.person ? 'form' : 'email', message: reason });
    if (problems.length) throw new ValidationError(problems);
    if (admitAnyway)
      await requireSchoolEligible(tx, actor, {
        activityId: activity.id,
        ncpId: ncp.id,
        hubId: hub.id,
        schoolUrn: school!.urn,
        schoolName: school!.name,
        field: 'schoolUrn',
        justification,
        by: input.by,
      });

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
      reason: outOfArea.reason ?? undefined,
      changes: {
        activityId: activity.id,
        personId,
        ...loggedDetails(details),
        ...(outOfArea.reason ? { outsideHubArea: true } : {}),
      },
    });
    await ensureActivitySchool(tx, actor, activity, input.schoolUrn, outOfArea.reason);

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
    const commitment = await commitmentOf(tx, { activityId: activity.id });
    const pathway = await pathwayOf(tx, { id: enrolmentId, personId }, activity, ncp);
    const mail = registeredMailFor({
      person: person!,
      activity,
      ncp,
      hub,
      commitment: commitmentLines(commitment),
      pathway: pathway.lines,
      mentorName: details.mentorName,
      mentorEmail: details.mentorEmail,
    });
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
