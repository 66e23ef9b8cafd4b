import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, diff, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { assertVersion, updateAtVersion } from '../../platform/edit-versions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { fieldErrorsFrom } from '../../platform/form-errors.ts';
import type { LocalAuthority } from './list-hubs.ts';
import { englishRegions, regionName } from './regions.ts';
import { localAuthorities } from './schema.ts';

/** The edit form's id on the local authority's page. */
export const localAuthorityFormId = 'local-authority-details';

const regionCodes = englishRegions.map((r) => r.code) as [string, ...string[]];

const localAuthorityDetails = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter the name of the local authority')
    .max(100, 'Use 100 characters or fewer for the name'),
  regionCode: z.enum(regionCodes, 'Select the region of the local authority'),
});

/** The local authority (by code), the version the edit was made from, and the edit form's fields. */
export type UpdateLocalAuthorityInput = { code: string; version: number } & Record<string, unknown>;

/**
 * Changes a local authority's name or region and records the change. `version` is the one the editor
 * saw: if someone saved since, `StaleEditError` and nothing is changed.
 */
export async function updateLocalAuthority(
  db: Database,
  actor: Actor,
  input: UpdateLocalAuthorityInput,
): Promise<{ localAuthority: LocalAuthority; changed: boolean }> {
  const { code, version, ...fields } = input;
  const parsed = localAuthorityDetails.safeParse(fields);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
  const details = {
    name: parsed.data.name,
    regionCode: parsed.data.regionCode,
    regionName: regionName(parsed.data.regionCode)!,
  };
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(localAuthorities)
      .where(eq(localAuthorities.code, code))
      .for('update');
    if (!before) throw new NotFoundError(`There is no local authority with code ${code}`);
    assertVersion(version, before.version);
    const [namesake] = await tx
      .select({ code: localAuthorities.code })
      .from(localAuthorities)
      .where(
        and(ne(localAuthorities.code, code), sql`lower(${localAuthorities.name}) = lower(${details.name})`),
      );
    if (namesake) {
      throw new ValidationError([
        { field: 'name', message: `Local authority ${namesake.code} is already called ${details.name}` },
      ]);
    }
    const changes = diff(before, details);
    if (Object.keys(changes).length === 0) return { localAuthority: before, changed: false };
    await updateAtVersion(
      tx,
      localAuthorities,
      code,
      version,
      { ...details, updatedAt: new Date() },
      localAuthorities.code,
    );
    const [localAuthority] = await tx.select().from(localAuthorities).where(eq(localAuthorities.code, code));
    await recordEvent(tx, actor, {
      action: 'local_authority.updated',
      subjectType: 'local_authority',
      subjectId: code,
      changes,
    });
    return { localAuthority: localAuthority!, changed: true };
  });
}
