import { and, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { academicYearBounds, academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { type HubScope, inHubScope } from '../../platform/hub-scope.ts';
import type { Mailer } from '../../platform/mail.ts';
import type { Principal } from '../../platform/principal.ts';
import { addActivityLead } from '../activities/add-activity-lead.ts';
import { addActivitySchool } from '../activities/add-activity-school.ts';
import { planActivity } from '../activities/plan-activity.ts';
import { ncps } from '../catalogue/schema.ts';
import { hubOfSchool } from '../journeys/hub-area-schools.ts';
import { schools } from '../schools/schema.ts';
import { MAX_TEXT, type ReferralSource } from './rules.ts';
import { tsPartnerships, tsReferrals } from './schema.ts';

export interface ReferSchoolInput {
  urn: number;
  barriers: string;
  source: ReferralSource;
  /** The hubs the referrer may refer for (`hubScopeOf`): the school's hub must be one of them. */
  scope: HubScope;
  yearCode?: string;
}

/** The problems of one referral against the records (the form and the import share them). */
export async function referralProblems(
  tx: Executor,
  input: Omit<ReferSchoolInput, 'source'>,
  field = 'urn',
): Promise<{ problems: FieldError[]; hubId: number | null; schoolName: string | null }> {
  const problems: FieldError[] = [];
  const yearCode = input.yearCode ?? academicYearOf(todayInEngland());
  if (!input.barriers.trim())
    problems.push({ field: 'barriers', message: 'Enter the barriers identified at the school' });
  if (input.barriers.length > MAX_TEXT)
    problems.push({ field: 'barriers', message: 'Enter the barriers in 2,000 characters or fewer' });
  const [school] = await tx.select({ name: schools.name }).from(schools).where(eq(schools.urn, input.urn));
  if (!school) {
    problems.push({ field, message: `There is no school with URN ${input.urn}` });
    return { problems, hubId: null, schoolName: null };
  }
  const hubId = await hubOfSchool(tx, input.urn);
  if (hubId === null || !inHubScope(input.scope, hubId)) {
    problems.push({ field, message: `${school.name} is not in your hub’s area: its own hub refers it` });
    return { problems, hubId, schoolName: school.name };
  }
  const [open] = await tx
    .select({ status: tsReferrals.status })
    .from(tsReferrals)
    .where(
      and(
        eq(tsReferrals.schoolUrn, input.urn),
        eq(tsReferrals.yearCode, yearCode),
        sql`${tsReferrals.status} <> 'declined'`,
      ),
    );
  if (open)
    problems.push({
      field,
      message: `${school.name} has already been referred for Targeted Support in ${yearCode}`,
    });
  return { problems, hubId, schoolName: school.name };
}

/** Inserts a checked referral and its event-log entry. */
export async function insertReferral(
  tx: Executor,
  actor: Actor,
  row: { hubId: number; urn: number; yearCode: string; barriers: string; source: ReferralSource },
): Promise<number> {
  const [made] = await tx
    .insert(tsReferrals)
    .values({
      hubId: row.hubId,
      schoolUrn: row.urn,
      yearCode: row.yearCode,
      barriers: row.barriers,
      source: row.source,
      referredByPersonId: actor.personId,
    })
    .returning({ id: tsReferrals.id });
  await recordEvent(tx, actor, {
    action: 'ts_referral.made',
    subjectType: 'ts_referral',
    subjectId: made!.id,
    hubId: row.hubId,
    changes: { schoolUrn: row.urn, yearCode: row.yearCode, source: row.source },
  });
  return made!.id;
}

/**
 * Refers a school of the referrer's hubs for Targeted Support in the current academic year, with the
 * barriers identified. One referral of a school a year, unless the earlier one was declined.
 */
export async function referSchool(
  db: Executor,
  actor: Actor,
  input: ReferSchoolInput,
): Promise<{ referralId: number }> {
  return db.transaction(async (tx) => {
    const yearCode = input.yearCode ?? academicYearOf(todayInEngland());
    await tx.execute(sql`select pg_advisory_xact_lock(${0x74737266}, ${input.urn})`);
    const { problems, hubId } = await referralProblems(tx, { ...input, yearCode });
    if (problems.length) throw new ValidationError(problems);
    const referralId = await insertReferral(tx, actor, { ...input, hubId: hubId!, yearCode });
    return { referralId };
  });
}

export type Decision =
  | { decision: 'declined'; note: string }
  | { decision: 'enhanced'; note: string | null }
  | {
      decision: 'intensive';
      ispPersonId: number;
      ispCredentials: string;
      schoolLeaders: string;
    };

export interface DecideReferralInput {
  referralId: number;
  decision: Decision;
  /** Who decides (hub leadership may admit a school the NCP's rules would refuse). */
  by: Principal | null;
}

/**
 * Decides a waiting referral: declined with a reason, accepted as Enhanced (the school joins a standard
 * TfM Work Group with support for the barriers its leaders name, noted here), or accepted as Intensive:
 * a partnership starts in its explore phase, held by a hub activity of the year's Targeted Support NCP
 * (the school its one school, the ISP its lead), through the activities module's use cases so that
 * delivery changes (and the hub's grant statement) follow.
 */
export async function decideReferral(
  db: Executor,
  actor: Actor,
  input: DecideReferralInput,
  deps: { mailer: Mailer },
): Promise<{ partnershipId: number | null }> {
  return db.transaction(async (tx) => {
    const [referral] = await tx
      .select({ r: tsReferrals, schoolName: schools.name })
      .from(tsReferrals)
      .innerJoin(schools, eq(schools.urn, tsReferrals.schoolUrn))
      .where(eq(tsReferrals.id, input.referralId))
      .for('update', { of: tsReferrals });
    if (!referral) throw new NotFoundError('There is no such referral');
    const r = referral.r;
    if (r.status !== 'waiting') throw new ConflictError('This referral has already been decided');
    const d = input.decision;
    const decided = {
      status: d.decision,
      decidedByPersonId: actor.personId,
      decidedAt: sql`now()`,
    };
    if (d.decision !== 'intensive') {
      await tx
        .update(tsReferrals)
        .set({ ...decided, decisionNote: d.note })
        .where(eq(tsReferrals.id, r.id));
      await recordEvent(tx, actor, {
        action: 'ts_referral.decided',
        subjectType: 'ts_referral',
        subjectId: r.id,
        hubId: r.hubId,
        changes: { schoolUrn: r.schoolUrn, status: d.decision },
      });
      return { partnershipId: null };
    }
    const [ncp] = await tx
      .select({ id: ncps.id })
      .from(ncps)
      .where(and(eq(ncps.yearCode, r.yearCode), eq(ncps.type, 'intensive_support')))
      .orderBy(ncps.code)
      .limit(1);
    if (!ncp)
      throw new ConflictError(
        `The ${r.yearCode} catalogue has no Targeted Support project: ask the national team to add one`,
      );
    const today = todayInEngland();
    const { startsOn, endsOn } = academicYearBounds(r.yearCode);
    // Today, kept within the referral's academic year.
    const start = [startsOn, today, endsOn].sort()[1]!;
    const { id: activityId } = await planActivity(
      tx,
      actor,
      {
        hubId: r.hubId,
        yearCode: r.yearCode,
        ncpId: ncp.id,
        kind: 'targeted_support',
        title: `Targeted Support: ${referral.schoolName}`,
        startsOn: start,
        endsOn,
      },
      deps,
    );
    try {
      await addActivityLead(tx, actor, {
        activityId,
        personId: d.ispPersonId,
        title: 'Intensive Support Partner',
      });
    } catch (e) {
      if (e instanceof ValidationError)
        throw new ValidationError(e.errors.map((p) => ({ field: 'ispPersonId', message: p.message })));
      throw e;
    }
    await addActivitySchool(tx, actor, {
      activityId,
      urn: r.schoolUrn,
      by: input.by,
      justification: 'Referred for Targeted Support in Mathematics',
      outOfAreaReason: 'Referred for Targeted Support in Mathematics',
    });
    await tx.update(tsReferrals).set(decided).where(eq(tsReferrals.id, r.id));
    const [partnership] = await tx
      .insert(tsPartnerships)
      .values({
        referralId: r.id,
        hubId: r.hubId,
        schoolUrn: r.schoolUrn,
        yearCode: r.yearCode,
        ispPersonId: d.ispPersonId,
        ispCredentials: d.ispCredentials,
        schoolLeaders: d.schoolLeaders,
        activityId,
        startedOn: start,
      })
      .returning({ id: tsPartnerships.id });
    await recordEvent(tx, actor, {
      action: 'ts_referral.decided',
      subjectType: 'ts_referral',
      subjectId: r.id,
      hubId: r.hubId,
      changes: {
        schoolUrn: r.schoolUrn,
        status: 'intensive',
        partnershipId: partnership!.id,
        activityId,
        ispPersonId: d.ispPersonId,
      },
    });
    return { partnershipId: partnership!.id };
  });
}
