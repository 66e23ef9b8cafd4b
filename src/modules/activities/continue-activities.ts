import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import { type Database, type Executor, readsAtOnce } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Mailer, OutgoingMail } from '../../platform/mail.ts';
import { codeForYear } from '../catalogue/catalogue-file.ts';
import { catalogueStatus } from '../catalogue/publication.ts';
import { ncps, ncpTypeNames } from '../catalogue/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { enrolContinuingParticipants } from '../registration/enrol-continuing-participants.ts';
import { continuedMails, type LeadNotCarried, leadsToCarry } from './continue-carry.ts';
import { deliveryChanged } from './delivery-changed.ts';
import { kindsForNcpType } from './plan-activity.ts';
import { type ActivityKind, activityLeads, activitySchools, enrolments, hubActivities } from './schema.ts';

/** Why an activity of last year goes on into the next. */
export type ContinuesAs = 'sustaining' | 'community' | 'second_year';
export const continuesAsNames: Record<ContinuesAs, string> = {
  sustaining: 'Sustaining (permanent)',
  community: 'Community (more than a year)',
  second_year: 'Second year of a two-year programme',
};

/** One of last year's activities that continues, with the NCP it continues under (if the catalogue has it). */
export interface ContinuingRow {
  id: number;
  title: string;
  kind: ActivityKind;
  ncpCode: string;
  continuesAs: ContinuesAs;
  schools: number;
  participants: number;
  /** The NCP of the new year it continues under; null when the new catalogue has none that fits. */
  target: { id: number; code: string; title: string } | null;
  /** Why it does not continue (no matching NCP), in words; null when it does. */
  reason: string | null;
  /** The activity it was already copied to, if it was. */
  copiedTo: { id: number; title: string } | null;
  /** Its leads who would not be carried (no longer LLMEs of the hub), with why. */
  leadsNotCarried: LeadNotCarried[];
}

/** The academic year before `2024/25`: `2023/24`. */
export function yearBefore(yearCode: string): string {
  const start = Number(yearCode.slice(0, 4)) - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/**
 * A hub's activities of the year before `yearCode` that continue into it: Sustaining Work Groups
 * (Sustaining is permanent), communities, and first years of two-year programmes (their NCP names its
 * next phase). Each with the NCP of the new catalogue it continues under: the same NCP renumbered for
 * the year (`NCP23-12` → `NCP24-12`), or the next phase's (`NCP23-28a` → `NCP24-28b`); a row whose NCP
 * the new catalogue does not have is shown with the reason. Cancelled activities do not continue.
 */
export async function continuingActivities(
  db: Executor,
  hubId: number,
  yearCode: string,
): Promise<ContinuingRow[]> {
  const fromYear = yearBefore(yearCode);
  const sources = await db
    .select({
      id: hubActivities.id,
      title: hubActivities.title,
      kind: hubActivities.kind,
      ncpCode: ncps.code,
      completesTfmStage: ncps.completesTfmStage,
      nextNcpCode: ncps.nextNcpCode,
      schools:
        sql<number>`(select count(*) from ${activitySchools} s where s.activity_id = ${hubActivities.id} and s.status <> 'withdrawn')`.mapWith(
          Number,
        ),
      participants:
        sql<number>`(select count(*) from ${enrolments} e where e.activity_id = ${hubActivities.id} and e.status <> 'withdrawn')`.mapWith(
          Number,
        ),
    })
    .from(hubActivities)
    .innerJoin(ncps, eq(ncps.id, hubActivities.ncpId))
    .where(
      and(
        eq(hubActivities.hubId, hubId),
        eq(hubActivities.yearCode, fromYear),
        ne(hubActivities.status, 'cancelled'),
        or(
          eq(ncps.completesTfmStage, 'sustaining'),
          eq(hubActivities.kind, 'community'),
          sql`${ncps.nextNcpCode} is not null`,
        ),
      ),
    )
    .orderBy(asc(ncps.code), asc(hubActivities.title));
  if (!sources.length) return [];
  const [hub] = await db.select({ id: hubs.id, name: hubs.name }).from(hubs).where(eq(hubs.id, hubId));
  const leads = await leadsToCarry(
    db,
    hub!,
    sources.map((s) => s.id),
  );
  const [targets, copies] = await readsAtOnce(db, [
    () =>
      db
        .select({ id: ncps.id, code: ncps.code, title: ncps.title, type: ncps.type })
        .from(ncps)
        .where(eq(ncps.yearCode, yearCode)),
    () =>
      db
        .select({ id: hubActivities.id, title: hubActivities.title, from: hubActivities.continuesActivityId })
        .from(hubActivities)
        .where(
          inArray(
            hubActivities.continuesActivityId,
            sources.map((s) => s.id),
          ),
        ),
  ]);
  return sources.map((s) => {
    const continuesAs: ContinuesAs = s.nextNcpCode
      ? 'second_year'
      : s.completesTfmStage === 'sustaining'
        ? 'sustaining'
        : 'community';
    const code = codeForYear(s.nextNcpCode ?? s.ncpCode, fromYear, yearCode);
    const found = targets.find((n) => n.code === code);
    let reason: string | null = null;
    if (!found) reason = `The ${yearCode} catalogue has no ${code}`;
    else if (!kindsForNcpType[found.type].includes(s.kind))
      reason = `${code} is a ${ncpTypeNames[found.type]} project in ${yearCode}: plan it afresh`;
    const copy = copies.find((c) => c.from === s.id);
    return {
      id: s.id,
      title: s.title,
      kind: s.kind,
      ncpCode: s.ncpCode,
      continuesAs,
      schools: s.schools,
      participants: s.participants,
      target: found && !reason ? { id: found.id, code: found.code, title: found.title } : null,
      reason,
      copiedTo: copy ? { id: copy.id, title: copy.title } : null,
      leadsNotCarried: leads.get(s.id)?.notCarried ?? [],
    };
  });
}

export interface ContinueResult {
  yearCode: string;
  created: {
    id: number;
    fromActivityId: number;
    title: string;
    schools: number;
    participants: number;
    /** Last year's leads not carried (no longer LLMEs of the hub), with why. */
    leadsNotCarried: LeadNotCarried[];
  }[];
  /** Chosen activities already copied forward before (nothing is copied twice). */
  alreadyCopied: number;
}

/**
 * Copies a hub's continuing activities of last year into `yearCode` in one step (one transaction): each
 * chosen activity (all that continue when `activityIds` is not given) becomes a planned activity of the
 * new year under its NCP there, with its title, kind and leads, no dates yet, its reference if still free
 * in the new year, its schools (registered again) and its participants who had not withdrawn. A lead is
 * carried only while still an LLME of the hub (continue-carry.ts); the others are listed with why. A
 * second year of a two-year programme enrols those who registered for both years (as planning its group
 * does, with their emails), then the first year's other participants, each continuing their first-year
 * enrolment. Every participant carried otherwise is emailed where they continue (through the mail queue,
 * queued in the transaction). An activity already copied is skipped, so running it again copies nothing. The new year's
 * catalogue must be published. One `activity.continued` event per new activity; funding follows.
 */
export async function continueActivities(
  db: Database,
  actor: Actor,
  input: { hubId: number; yearCode: string; activityIds?: readonly number[] | undefined },
  deps: { mailer: Mailer },
): Promise<ContinueResult> {
  const result = await db.transaction(async (tx) => {
    const [hub] = await tx.select().from(hubs).where(eq(hubs.id, input.hubId));
    if (!hub) throw new NotFoundError('There is no such hub');
    const { status } = await catalogueStatus(tx, input.yearCode);
    if (status !== 'published') {
      throw new ValidationError([
        {
          field: 'activityIds',
          message: `The ${input.yearCode} catalogue has not been published yet: you can copy activities into it once the NCETM publishes it`,
        },
      ]);
    }
    const rows = await continuingActivities(tx, hub.id, input.yearCode);
    if (input.activityIds && !input.activityIds.length) {
      throw new ValidationError([{ field: 'activityIds', message: 'Choose the activities to continue' }]);
    }
    const unknown = (input.activityIds ?? []).filter((id) => !rows.some((r) => r.id === id));
    if (unknown.length) {
      throw new ValidationError([
        {
          field: 'activityIds',
          message: `Activity ${unknown.join(', ')} is not one of last year’s continuing activities of ${hub.name}`,
        },
      ]);
    }
    const chosen = rows.filter((r) => !input.activityIds || input.activityIds.includes(r.id));
    const out: ContinueResult = { yearCode: input.yearCode, created: [], alreadyCopied: 0 };
    const mails: OutgoingMail[] = [];
    for (const row of chosen) {
      if (!row.target) continue;
      if (row.copiedTo) {
        out.alreadyCopied++;
        continue;
      }
      const created = await copyOne(tx, actor, hub, row, row.target, input.yearCode, mails);
      if (created) out.created.push(created);
      else out.alreadyCopied++;
    }
    for (const mail of mails) await deps.mailer.queue(tx, mail);
    // The new activities' grants (and their schools') on the hub's statement, as of now.
    await deliveryChanged(
      tx,
      actor,
      out.created.map((c) => c.id),
    );
    return out;
  });
  deps.mailer.kick();
  return result;
}

async function copyOne(
  tx: Executor,
  actor: Actor,
  hub: typeof hubs.$inferSelect,
  row: ContinuingRow,
  target: { id: number; code: string; title: string },
  yearCode: string,
  mails: OutgoingMail[],
): Promise<ContinueResult['created'][number] | null> {
  const [source] = await tx.select().from(hubActivities).where(eq(hubActivities.id, row.id));
  if (!source) return null;
  const referenceTaken =
    source.reference !== null &&
    (
      await tx
        .select({ id: hubActivities.id })
        .from(hubActivities)
        .where(
          and(
            eq(hubActivities.hubId, hub.id),
            eq(hubActivities.yearCode, yearCode),
            eq(hubActivities.reference, source.reference),
          ),
        )
    ).length > 0;
  const [activity] = await tx
    .insert(hubActivities)
    .values({
      hubId: hub.id,
      ncpId: target.id,
      yearCode,
      kind: source.kind,
      title: source.title,
      status: 'planned',
      startsOn: null,
      endsOn: null,
      reference: referenceTaken ? null : source.reference,
      continuesActivityId: source.id,
    })
    .onConflictDoNothing({ target: hubActivities.continuesActivityId })
    .returning({ id: hubActivities.id });
  // Copied meanwhile by someone else: nothing to do.
  if (!activity) return null;
  // Only leads who are still LLMEs of the hub; the others are reported (the hub adds a lead on the page).
  const leads = (await leadsToCarry(tx, hub, [source.id])).get(source.id)!;
  if (leads.carried.length) {
    await tx
      .insert(activityLeads)
      .values(leads.carried.map((l) => ({ activityId: activity.id, personId: l.personId, title: l.title })));
  }
  const schools = await tx
    .select({ schoolUrn: activitySchools.schoolUrn })
    .from(activitySchools)
    .where(and(eq(activitySchools.activityId, source.id), ne(activitySchools.status, 'withdrawn')));
  if (schools.length) {
    await tx
      .insert(activitySchools)
      .values(
        schools.map((s) => ({
          activityId: activity.id,
          schoolUrn: s.schoolUrn,
          status: 'registered' as const,
        })),
      )
      .onConflictDoNothing();
  }
  const secondYear = row.continuesAs === 'second_year';
  if (secondYear) {
    // Those who registered for both years first (the same step as planning a second-year group).
    const [ncp] = await tx.select().from(ncps).where(eq(ncps.id, target.id));
    const continuing = await enrolContinuingParticipants(
      tx,
      actor,
      { id: activity.id, hubId: hub.id, yearCode, title: source.title, startsOn: null, endsOn: null },
      ncp!,
      hub,
    );
    mails.push(...continuing.mails);
  }
  // The other participants who had not withdrawn; a second year continues their first-year enrolment
  // (unless it is continued already, on another group).
  const carried = await tx
    .select()
    .from(enrolments)
    .where(
      and(
        eq(enrolments.activityId, source.id),
        ne(enrolments.status, 'withdrawn'),
        sql`not exists (select 1 from ${enrolments} e2 where e2.activity_id = ${activity.id} and e2.person_id = ${enrolments.personId})`,
        secondYear
          ? sql`not exists (select 1 from ${enrolments} e3 where e3.continues_enrolment_id = ${enrolments.id})`
          : sql`true`,
      ),
    );
  if (carried.length) {
    await tx.insert(enrolments).values(
      carried.map((e) => ({
        activityId: activity.id,
        personId: e.personId,
        schoolUrn: e.schoolUrn,
        roleInSchool: e.roleInSchool,
        yearGroups: e.yearGroups,
        mentorName: e.mentorName,
        mentorEmail: e.mentorEmail,
        continuesEnrolmentId: secondYear ? e.id : null,
      })),
    );
    // Each is told where they continue (those enrolled for both years above have had their own email).
    mails.push(
      ...(await continuedMails(tx, {
        activity: { id: activity.id, title: source.title, yearCode },
        ncp: target,
        hub,
        personIds: carried.map((e) => e.personId),
      })),
    );
  }
  const [counts] = await tx
    .select({
      schools:
        sql<number>`(select count(*) from ${activitySchools} s where s.activity_id = ${activity.id})`.mapWith(
          Number,
        ),
      participants:
        sql<number>`(select count(*) from ${enrolments} e where e.activity_id = ${activity.id})`.mapWith(
          Number,
        ),
    })
    .from(hubActivities)
    .where(eq(hubActivities.id, activity.id));
  await recordEvent(tx, actor, {
    action: 'activity.continued',
    subjectType: 'hub_activity',
    subjectId: activity.id,
    hubId: hub.id,
    changes: {
      fromActivityId: source.id,
      yearCode,
      ncp: target.code,
      schools: counts!.schools,
      participants: counts!.participants,
      ...(leads.notCarried.length ? { leadsNotCarried: leads.notCarried.map((l) => l.personId) } : {}),
    },
  });
  return {
    id: activity.id,
    fromActivityId: source.id,
    title: source.title,
    schools: counts!.schools,
    participants: counts!.participants,
    leadsNotCarried: leads.notCarried,
  };
}
