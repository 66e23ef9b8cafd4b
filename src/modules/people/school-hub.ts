import type { Executor } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { hubIdsOf, isNationalAdmin, type Principal } from '../../platform/principal.ts';
import { getSchool, type SchoolDetail } from '../schools/get-school.ts';
import { outOfAreaReasonOf } from '../schools/out-of-area.ts';

async function schoolOf(db: Executor, urn: number): Promise<SchoolDetail> {
  try {
    return await getSchool(db, urn);
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new ValidationError([{ field: 'schoolUrn', message: `There is no school with URN ${urn}` }]);
    }
    throw error;
  }
}

/** The hub that serves a school (null if none), for a school contact's role. */
export async function hubOfSchool(db: Executor, urn: number): Promise<number | null> {
  return (await schoolOf(db, urn)).hub?.id ?? null;
}

/**
 * The hub of a school contact's role: the hub serving the school. Hub leadership may also make someone
 * the contact of a school outside their hub's area (issue 13), with their reason (required, kept in the
 * event log): the role is then in their own hub (the form's hub if it is theirs). National
 * administrators give no reason.
 */
export async function schoolContactHub(
  db: Executor,
  principal: Principal,
  input: { schoolUrn: number; hubId: number | null; outOfAreaReason?: string | null },
): Promise<{ hubId: number | null; outOfAreaReason: string | null }> {
  const { school, hub } = await schoolOf(db, input.schoolUrn);
  const schoolHub = hub?.id ?? null;
  const mine = isNationalAdmin(principal) ? [] : hubIdsOf(principal, 'hub_leadership');
  if (mine.length === 0 || (schoolHub !== null && mine.includes(schoolHub))) {
    return { hubId: schoolHub, outOfAreaReason: null };
  }
  const checked = outOfAreaReasonOf(true, school.name, input.outOfAreaReason, 'choosing it', 'your hub’s');
  if (checked.problem) throw new ValidationError([checked.problem]);
  const reason = checked.reason!;
  const hubId =
    input.hubId !== null && mine.includes(input.hubId) ? input.hubId : mine.length === 1 ? mine[0]! : null;
  return { hubId, outOfAreaReason: reason };
}
