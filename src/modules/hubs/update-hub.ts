import { and, eq, ne, sql } from 'drizzle-orm';
import { type Actor, diff, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { assertVersion, updateAtVersion } from '../../platform/edit-versions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { fieldErrorsFrom } from '../../platform/form-errors.ts';
import { schools } from '../schools/schema.ts';
import { hubDetails } from './hub-fields.ts';
import type { Hub } from './list-hubs.ts';
import { hubs } from './schema.ts';

/** The edit form's id on the hub's page. */
export const hubFormId = 'hub-details';

/** The hub, the version the edit was made from, and the edit form's fields. */
export type UpdateHubInput = { id: number; version: number } & Record<string, unknown>;

/**
 * Changes a hub's details (name, lead school, contact details, website) and records the change.
 * `version` is the one the editor saw: if someone saved since, `StaleEditError` and nothing is changed.
 */
export async function updateHub(
  db: Database,
  actor: Actor,
  input: UpdateHubInput,
): Promise<{ hub: Hub; changed: boolean }> {
  const { id: hubId, version, ...fields } = input;
  const parsed = hubDetails.safeParse(fields);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
  const details = { ...parsed.data };
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(hubs).where(eq(hubs.id, hubId)).for('update');
    if (!before) throw new NotFoundError('There is no such Maths Hub');
    assertVersion(version, before.version);
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
    await updateAtVersion(tx, hubs, hubId, version, { ...details, updatedAt: new Date() });
    const [hub] = await tx.select().from(hubs).where(eq(hubs.id, hubId));
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
