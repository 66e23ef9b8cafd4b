import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { FieldError } from '../../platform/errors.ts';
import { schools } from './schema.ts';
import { hubForSchoolSql } from './search-schools.ts';

/** The longest reason kept for choosing a school outside a hub's area. */
export const outOfAreaReasonMaxLength = 500;

/**
 * Whether a school is outside a hub's area, as when a school is added to an activity
 * (activities/add-activity-school.ts): a hub whose area is not recorded has no school outside it.
 */
export async function isOutsideHubArea(tx: Executor, hubId: number, schoolUrn: number): Promise<boolean> {
  const schoolHub = hubForSchoolSql({
    laCode: sql`${schools.laCode}`,
    districtCode: sql`${schools.districtCode}`,
  });
  const [row] = await tx
    .select({
      hubId: sql<number | null>`${schoolHub}`,
      hubHasArea: sql<boolean>`exists (select 1 from hub_areas ha where ha.hub_id = ${hubId})`,
    })
    .from(schools)
    .where(eq(schools.urn, schoolUrn));
  return !!row && row.hubHasArea && row.hubId !== hubId;
}

/**
 * Hub leadership choosing a school outside their hub's area give a reason (kept in the event log): the
 * reason to record (null for a school in the area), or the form's problem on `outOfAreaReason`.
 */
export function outOfAreaReasonOf(
  outside: boolean,
  schoolName: string,
  given: string | null | undefined,
  /** What the missing reason is asked for: "choosing it", "adding it". */
  doing = 'choosing it',
  whose = 'the hub’s',
): { reason: string | null; problem: FieldError | null } {
  if (!outside) return { reason: null, problem: null };
  const reason = given?.trim() ?? '';
  if (reason === '') {
    return {
      reason: null,
      problem: {
        field: 'outOfAreaReason',
        message: `${schoolName} is outside ${whose} area: give the reason for ${doing}`,
      },
    };
  }
  if (reason.length > outOfAreaReasonMaxLength) {
    return {
      reason: null,
      problem: {
        field: 'outOfAreaReason',
        message: `Give the reason in ${outOfAreaReasonMaxLength} characters or fewer`,
      },
    };
  }
  return { reason, problem: null };
}
