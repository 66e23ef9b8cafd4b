import { and, eq, inArray } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { masteryReadinessCriteria } from '../catalogue/rules.ts';
import { schools } from '../schools/schema.ts';
import { schoolCriteria } from './schema.ts';
import { criteriaRecorded } from './school-eligibility.ts';

const knownCodes: readonly string[] = masteryReadinessCriteria.map((c) => c.code);

/**
 * Records which of the Mastery Readiness criteria a school meets (the specification's seven), as hub
 * staff judge them: the ones ticked are kept (with who recorded them and when, unchanged if already
 * recorded), the others removed. Logged with the list before and after; nothing is logged when nothing
 * changed. Returns whether anything changed.
 */
export async function recordSchoolCriteria(
  db: Executor,
  actor: Actor,
  input: { urn: number; criteria: readonly string[]; hubId?: number | null },
): Promise<{ changed: boolean }> {
  const unknown = input.criteria.filter((c) => !knownCodes.includes(c));
  if (unknown.length)
    throw new ValidationError([{ field: 'criteria', message: 'Choose criteria from the list' }]);
  return db.transaction(async (tx) => {
    const [school] = await tx.select({ urn: schools.urn }).from(schools).where(eq(schools.urn, input.urn));
    if (!school) throw new NotFoundError('There is no school with that URN');
    const before = await criteriaRecorded(tx, input.urn);
    const after = knownCodes.filter((c) => input.criteria.includes(c));
    const removed = before.filter((c) => !after.includes(c));
    const added = after.filter((c) => !before.includes(c));
    if (!removed.length && !added.length) return { changed: false };
    if (removed.length)
      await tx
        .delete(schoolCriteria)
        .where(and(eq(schoolCriteria.schoolUrn, input.urn), inArray(schoolCriteria.criterionCode, removed)));
    if (added.length)
      await tx.insert(schoolCriteria).values(
        added.map((criterionCode) => ({
          schoolUrn: input.urn,
          criterionCode,
          recordedByPersonId: actor.personId,
        })),
      );
    await recordEvent(tx, actor, {
      action: 'school.criteria_recorded',
      subjectType: 'school',
      subjectId: input.urn,
      hubId: input.hubId ?? null,
      changes: { criteria: [before, [...after].sort()] },
    });
    return { changed: true };
  });
}
