import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { type FieldError, ValidationError } from '../../platform/errors.ts';
import { isHubLeadershipOf, type Principal } from '../../platform/principal.ts';
import { activitySchools } from '../activities/schema.ts';
import { eligibilityOverrides } from './schema.ts';
import { schoolEligibility } from './school-eligibility.ts';

/** The longest justification kept for admitting a school anyway. */
export const justificationMaxLength = 1000;

const refusals = (reasons: readonly string[], schoolName: string, field: string): FieldError[] =>
  reasons.map((reason) => ({
    field,
    message: `${schoolName} does not meet this project’s rules: ${reason}`,
  }));

/**
 * Why a school may not join an activity of this NCP, as field errors (none when it may, or when it is
 * already in the activity: a school admitted anyway stays admitted). For the ways of joining that
 * cannot admit anyway and gather every problem of a form or a file first (registering a participant).
 */
export async function schoolEligibilityProblems(
  tx: Executor,
  q: { activityId: number; ncpId: number; schoolUrn: number; schoolName: string; field: string },
): Promise<FieldError[]> {
  const [already] = await tx
    .select({ id: activitySchools.id })
    .from(activitySchools)
    .where(
      and(
        eq(activitySchools.activityId, q.activityId),
        eq(activitySchools.schoolUrn, q.schoolUrn),
        ne(activitySchools.status, 'withdrawn'),
      ),
    );
  if (already) return [];
  const verdict = await schoolEligibility(tx, { ncpId: q.ncpId, schoolUrn: q.schoolUrn });
  return refusals(verdict.reasons, q.schoolName, q.field);
}

/**
 * The one gate every way of adding a school to an activity goes through (the activity page, the API,
 * registration, the delivery import): the school must meet the NCP's rules (`schoolEligibility`), or be
 * admitted by the hub's leadership with a justification, recorded in `eligibility_overrides` and the event
 * log. A refusal is a `ValidationError` on `field`, one error a reason in the programme's words; when
 * the person may admit anyway, a second error on `justification` asks for their reason (the form's
 * second step). Participants, school contacts and LLMEs cannot admit anyway.
 */
export async function requireSchoolEligible(
  tx: Executor,
  actor: Actor,
  q: {
    activityId: number;
    ncpId: number;
    hubId: number;
    schoolUrn: number;
    schoolName: string;
    /** The field the reasons are shown on (`urn` on the activity page). */
    field?: string;
    /** Hub leadership's reason for admitting a school that does not meet the rules. */
    justification?: string | null;
    /** Who is adding the school (only hub leadership of the activity's hub may admit anyway). */
    by?: Principal | null;
  },
): Promise<{ admittedAnyway: boolean; reasons: string[] }> {
  const verdict = await schoolEligibility(tx, { ncpId: q.ncpId, schoolUrn: q.schoolUrn });
  if (verdict.ok) return { admittedAnyway: false, reasons: [] };
  const errors = refusals(verdict.reasons, q.schoolName, q.field ?? 'urn');
  const mayAdmit = !!q.by && isHubLeadershipOf(q.by, q.hubId);
  const justification = q.justification?.trim() ?? '';
  if (!mayAdmit) {
    if (justification)
      errors.push({
        field: 'justification',
        message: 'Only the hub’s leadership can admit a school that does not meet the project’s rules',
      });
    throw new ValidationError(errors);
  }
  if (!justification) {
    errors.push({
      field: 'justification',
      message: `To admit ${q.schoolName} anyway, give your reason for admitting it`,
    });
    throw new ValidationError(errors);
  }
  if (justification.length > justificationMaxLength) {
    throw new ValidationError([
      {
        field: 'justification',
        message: `Give your reason in ${justificationMaxLength} characters or fewer`,
      },
    ]);
  }
  await tx.insert(eligibilityOverrides).values({
    activityId: q.activityId,
    schoolUrn: q.schoolUrn,
    reasons: verdict.reasons,
    justification,
    admittedByPersonId: actor.personId,
  });
  await recordEvent(tx, actor, {
    action: 'activity.school_admitted_anyway',
    subjectType: 'hub_activity',
    subjectId: q.activityId,
    hubId: q.hubId,
    changes: { schoolUrn: q.schoolUrn, reasons: verdict.reasons, justification },
  });
  return { admittedAnyway: true, reasons: verdict.reasons };
}

export interface SchoolAdmission {
  activityId: number;
  activityTitle: string;
  yearCode: string;
  reasons: string[];
  justification: string;
  admittedAt: Date;
  admittedBy: string | null;
}

/** The activities a school was admitted to by hub leadership although it did not meet the rules. */
export async function schoolAdmissions(db: Executor, q: { urn: number }): Promise<SchoolAdmission[]> {
  const rows = await db
    .select({
      activityId: eligibilityOverrides.activityId,
      activityTitle: sql<string>`(SELECT a.title FROM hub_activities a WHERE a.id = ${eligibilityOverrides.activityId})`,
      yearCode: sql<string>`(SELECT a.year_code FROM hub_activities a WHERE a.id = ${eligibilityOverrides.activityId})`,
      reasons: eligibilityOverrides.reasons,
      justification: eligibilityOverrides.justification,
      admittedAt: eligibilityOverrides.admittedAt,
      admittedBy: sql<
        string | null
      >`(SELECT p.given_name || ' ' || p.family_name FROM people p WHERE p.id = ${eligibilityOverrides.admittedByPersonId})`,
    })
    .from(eligibilityOverrides)
    .where(eq(eligibilityOverrides.schoolUrn, q.urn))
    .orderBy(desc(eligibilityOverrides.admittedAt));
  return rows;
}
