import { and, eq, ne, sql } from 'drizzle-orm';
import { type Actor, diff, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { fieldErrorsFrom } from '../../platform/form-errors.ts';
import { schools } from '../schools/schema.ts';
import { hubDetails } from './hub-fields.ts';
import type { Hub } from './list-hubs.ts';
import { hubs } from './schema.ts';

/** Where the "changed by someone else" problem points: the edit form as a whole. */
export const hubFormId = 'hub-details';

/**
 * Changes a hub's details (name, lead school, contact details, website) and records the change.
 * `expectedUpdatedAt` is the version the editor saw: if someone saved since, nothing is changed.
 */
export async function updateHub(
  db: Database,
  actor: Actor,
  hubId: number,
  input: unknown,
  options: { expectedUpdatedAt?: string } = {},
): Promise<{ hub: Hub; changed: boolean }> {
  const parsed = hubDetails.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
  const details = { ...parsed.data };
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(hubs).where(eq(hubs.id, hubId)).for('update');
    if (!before) throw new NotFoundError('There is no such Maths Hub');
    if (options.expectedUpdatedAt && before.updatedAt.toISOString() !== options.expectedUpdatedAt) {
      throw new ValidationError([
        {
          field: hubFormId,
          message:
            'Someone else changed this hub while you were editing it: check the details and save again',
        },
      ]);
    }
    const [namesake] = await tx
      .select({ id: hubs.id })
      .from(hubs)
      .where(and(ne(hubs.id, hubId), sql`lower(${hubs.name}) = lower(${details.name})`));
    if (namesake)
      throw new ValidationError([{ field: 'name', message: `Another hub is called ${details.name}` }]);
    if (details.leadSchoolUrn !== null) {
      const [school] = await tx
        .select({ name: schools.name })
        .from(schools)
        .where(eq(schools.urn, details.leadSchoolUrn));
      if (!school) {
        throw new ValidationError([
          {
            field: 'leadSchoolUrn',
            message: `There is no school with URN ${details.leadSchoolUrn} in the register`,
          },
        ]);
      }
      details.leadSchoolName ??= school.name;
    }
    const changes = diff(before, details);
    if (Object.keys(changes).length === 0) return { hub: before, changed: false };
    const [hub] = await tx
      .update(hubs)
      .set({ ...details, updatedAt: new Date() })
      .where(eq(hubs.id, hubId))
      .returning();
    await recordEvent(tx, actor, {
      action: 'hub.updated',
      subjectType: 'hub',
      subjectId: hubId,
      hubId,
      changes,
    });
    return { hub: hub!, changed: true };
  });
}
