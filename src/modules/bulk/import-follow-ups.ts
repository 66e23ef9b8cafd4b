import { and, eq, inArray } from 'drizzle-orm';
import type pg from 'pg';
import type { Actor } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import type { OutgoingMail } from '../../platform/mail.ts';
import { deliveryChanged } from '../activities/delivery-changed.ts';
import { enrolments } from '../activities/schema.ts';
import type { ParticipationLevel, TfmStage } from '../catalogue/schema.ts';
import { commitmentLines, commitmentOf } from '../registration/commitment.ts';
import { enrolContinuingParticipants } from '../registration/enrol-continuing-participants.ts';
import { findNextPhase, pathwayLines } from '../registration/pathway.ts';
import { registerBothYears } from '../registration/register-both-years.ts';
import { mentorMailFor } from '../registration/registration-mail.ts';
import type { DeliveryKind } from './formats.ts';

/** What an import does beyond its rows, as the pages do: counts for its result, mails to send after commit. */
export interface FollowUps {
  alsoAdded: Record<string, number>;
  mails: OutgoingMail[];
}

/**
 * As planning a group on the page does: each NEW activity (still planned or running) of an NCP that a
 * two-phase programme names as its second phase enrols everyone who registered for both years on the
 * first (in this transaction, with events). One query finds those few activities; the others are left.
 */
async function enrolContinuing(
  client: pg.PoolClient,
  tx: Executor,
  actor: Actor,
  newActivityIds: number[],
): Promise<FollowUps> {
  const { rows } = await client.query<{
    id: number;
    hub_id: number;
    year_code: string;
    title: string;
    starts_on: string | null;
    ends_on: string | null;
    code: string;
    ncp_title: string;
    participation: ParticipationLevel;
    hub_name: string;
  }>(
    `SELECT a.id, a.hub_id, a.year_code, a.title, a.starts_on::text, a.ends_on::text, n.code, n.title AS ncp_title,
            n.participation, h.name AS hub_name
     FROM hub_activities a JOIN ncps n ON n.id = a.ncp_id JOIN hubs h ON h.id = a.hub_id
     WHERE a.id = ANY($1::int[]) AND a.status IN ('planned', 'running')
       -- Named by a first phase as written, or by last year's first phase with last year's prefix
       -- (NCP22-28a names NCP22-28b; its participants go on to NCP23-28b: registration/pathway.ts).
       AND EXISTS (SELECT 1 FROM ncps first_phase
                   WHERE regexp_replace(first_phase.next_ncp_code, '^NCP\\d{2}-', '') = regexp_replace(n.code, '^NCP\\d{2}-', ''))
     ORDER BY a.id`,
    [newActivityIds],
  );
  const mails: OutgoingMail[] = [];
  let enrolled = 0;
  for (const a of rows) {
    const done = await enrolContinuingParticipants(
      tx,
      actor,
      {
        id: a.id,
        hubId: a.hub_id,
        yearCode: a.year_code,
        title: a.title,
        startsOn: a.starts_on,
        endsOn: a.ends_on,
      },
      { code: a.code, title: a.ncp_title, participation: a.participation },
      { name: a.hub_name },
    );
    enrolled += done.enrolled.length;
    mails.push(...done.mails);
  }
  return { alsoAdded: { continuingEnrolments: enrolled }, mails };
}

/**
 * As registering on the page does, for NEW enrolments marked "Both years": each is registered for the
 * next phase too (enrolled on the hub's group of it next year, or the intent recorded until the hub plans
 * one), with events, and the next phase's grant statement follows. Returns who is enrolled or intended,
 * for the mentors' emails.
 */
async function registerBothYearsOf(
  client: pg.PoolClient,
  tx: Executor,
  actor: Actor,
  newEnrolmentIds: number[],
  bothYears: { activityId: number; personId: number }[],
): Promise<{ alsoAdded: Record<string, number>; intended: Set<number> }> {
  const wanted = new Set(bothYears.map((b) => `${b.activityId}\t${b.personId}`));
  const intended = new Set<number>();
  const enrolledNext = new Set<number>();
  if (wanted.size === 0) return { alsoAdded: { nextPhaseEnrolments: 0, nextPhaseIntents: 0 }, intended };
  const { rows } = await client.query<{
    id: number;
    activity_id: number;
    person_id: number;
    school_urn: number | null;
    role_in_school: string | null;
    year_groups: string[];
    mentor_name: string | null;
    mentor_email: string | null;
    hub_id: number;
    year_code: string;
    next_ncp_code: string | null;
  }>(
    `SELECT e.id, e.activity_id, e.person_id, e.school_urn, e.role_in_school, e.year_groups, e.mentor_name,
            e.mentor_email, a.hub_id, a.year_code, n.next_ncp_code
     FROM enrolments e JOIN hub_activities a ON a.id = e.activity_id JOIN ncps n ON n.id = a.ncp_id
     WHERE e.id = ANY($1::int[]) AND e.status <> 'withdrawn' ORDER BY e.id`,
    [newEnrolmentIds],
  );
  const nextActivities = new Set<number>();
  // Each activity's next phase is found once, however many of its participants registered for both years.
  const nextOf = new Map<number, Awaited<ReturnType<typeof findNextPhase>>>();
  for (const r of rows) {
    if (!wanted.has(`${r.activity_id}\t${r.person_id}`)) continue;
    if (!nextOf.has(r.activity_id)) {
      nextOf.set(
        r.activity_id,
        await findNextPhase(tx, { hubId: r.hub_id, yearCode: r.year_code, nextNcpCode: r.next_ncp_code }),
      );
    }
    const done = await registerBothYears(tx, actor, {
      next: nextOf.get(r.activity_id)!,
      enrolmentId: r.id,
      personId: r.person_id,
      activity: { id: r.activity_id, hubId: r.hub_id, yearCode: r.year_code },
      nextNcpCode: r.next_ncp_code,
      details: {
        schoolUrn: r.school_urn,
        roleInSchool: r.role_in_school,
        yearGroups: r.year_groups,
        mentorName: r.mentor_name,
        mentorEmail: r.mentor_email,
      },
    });
    if (done.next?.activity) {
      enrolledNext.add(r.id);
      nextActivities.add(done.next.activity.id);
    } else if (done.continuationIntended) intended.add(r.id);
  }
  await deliveryChanged(tx, actor, [...nextActivities]);
  return {
    alsoAdded: { nextPhaseEnrolments: enrolledNext.size, nextPhaseIntents: intended.size },
    intended,
  };
}

/**
 * As registering does: the mentor named on each NEW enrolment (still registered, not an imported record
 * of a completed or withdrawn one) is told what their ECT committed to and what comes next. One query
 * for the enrolments, then one for each distinct activity's sessions and next phase.
 */
async function mentorMails(
  client: pg.PoolClient,
  tx: Executor,
  newEnrolmentIds: number[],
  intended: Set<number> = new Set(),
): Promise<FollowUps> {
  const { rows } = await client.query<{
    enrolment_id: number;
    person_id: number;
    year_groups: string[];
    mentor_name: string | null;
    mentor_email: string;
    participant_name: string;
    school_name: string | null;
    activity_id: number;
    hub_id: number;
    year_code: string;
    title: string;
    code: string;
    ncp_title: string;
    participation: ParticipationLevel;
    next_ncp_code: string | null;
    completes_tfm_stage: TfmStage | null;
    hub_name: string;
  }>(
    `SELECT e.id AS enrolment_id, e.person_id, e.year_groups, e.mentor_name, e.mentor_email, p.given_name || ' ' || p.family_name AS participant_name,
            s.name AS school_name, a.id AS activity_id, a.hub_id, a.year_code, a.title, n.code, n.title AS ncp_title,
            n.participation, n.next_ncp_code, n.completes_tfm_stage, h.name AS hub_name
     FROM enrolments e JOIN people p ON p.id = e.person_id LEFT JOIN schools s ON s.urn = coalesce(e.school_urn, p.school_urn)
       JOIN hub_activities a ON a.id = e.activity_id JOIN ncps n ON n.id = a.ncp_id JOIN hubs h ON h.id = a.hub_id
     WHERE e.id = ANY($1::int[]) AND e.mentor_email IS NOT NULL AND e.status = 'registered'
     ORDER BY e.id`,
    [newEnrolmentIds],
  );
  const perActivity = new Map<
    number,
    { commitment: string[]; next: Awaited<ReturnType<typeof findNextPhase>>; continuing: Set<number> }
  >();
  for (const r of rows) {
    if (perActivity.has(r.activity_id)) continue;
    const commitment = commitmentLines(await commitmentOf(tx, { activityId: r.activity_id }), 'mentor');
    const next = await findNextPhase(tx, {
      hubId: r.hub_id,
      yearCode: r.year_code,
      nextNcpCode: r.next_ncp_code,
    });
    // An ECT is registered for the next phase if enrolled on it, or intends it if the file said both years.
    const continuing = new Set<number>();
    if (next?.activity) {
      const people = rows.filter((x) => x.activity_id === r.activity_id).map((x) => x.person_id);
      const found = await tx
        .select({ personId: enrolments.personId })
        .from(enrolments)
        .where(and(eq(enrolments.activityId, next.activity.id), inArray(enrolments.personId, people)));
      for (const f of found) continuing.add(f.personId);
    }
    perActivity.set(r.activity_id, { commitment, next, continuing });
  }
  const mails = rows.map((r) => {
    const { commitment, next, continuing } = perActivity.get(r.activity_id)!;
    const status = next
      ? continuing.has(r.person_id)
        ? 'registered'
        : intended.has(r.enrolment_id)
          ? 'intended'
          : 'not-registered'
      : null;
    return mentorMailFor({
      mentor: { name: r.mentor_name, email: r.mentor_email },
      participantName: r.participant_name,
      schoolName: r.school_name ?? 'school not recorded',
      yearGroups: r.year_groups,
      activity: { title: r.title, yearCode: r.year_code },
      ncp: { code: r.code, title: r.ncp_title },
      hub: { name: r.hub_name },
      commitment,
      pathway: pathwayLines({ next, status }, r.completes_tfm_stage, 'mentor'),
    });
  });
  return { alsoAdded: { mentorsEmailed: mails.length }, mails };
}

/**
 * The follow-ups of an import in its transaction (`client`, and `tx` over it), given the ids of the
 * activities or enrolments it added: none for attendance, nor when it added nothing.
 */
export async function importFollowUps(
  client: pg.PoolClient,
  tx: Executor,
  actor: Actor,
  kind: DeliveryKind,
  addedIds: number[],
  bothYears: { activityId: number; personId: number }[] = [],
): Promise<FollowUps> {
  if (kind === 'activities') {
    if (addedIds.length === 0) return { alsoAdded: { continuingEnrolments: 0 }, mails: [] };
    return enrolContinuing(client, tx, actor, addedIds);
  }
  if (kind === 'enrolments') {
    if (addedIds.length === 0) {
      return { alsoAdded: { nextPhaseEnrolments: 0, nextPhaseIntents: 0, mentorsEmailed: 0 }, mails: [] };
    }
    // The next phase first, so that the mentors' emails say what the ECT is now registered for.
    const both = await registerBothYearsOf(client, tx, actor, addedIds, bothYears);
    const mentors = await mentorMails(client, tx, addedIds, both.intended);
    return { alsoAdded: { ...both.alsoAdded, ...mentors.alsoAdded }, mails: mentors.mails };
  }
  return { alsoAdded: {}, mails: [] };
}
