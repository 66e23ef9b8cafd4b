import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { fieldErrorsFrom } from '../../platform/form-errors.ts';
import { areaConflict, describeArea } from './area-rules.ts';
import { blankToNull } from './csv-import.ts';
import { registerDistrictsByLa } from './register-districts.ts';
import { hubAreas, hubs, localAuthorities } from './schema.ts';

const newArea = z.object({
  laCode: z.string({ error: 'Select a local authority' }).trim().min(1, 'Select a local authority'),
  districtCode: z.preprocess(blankToNull, z.string().trim().nullable()).optional(),
});

export type HubArea = typeof hubAreas.$inferSelect;

/**
 * Adds a local authority, or one district of it, to a hub's area. The authority must exist, the
 * district must be one of its districts in the school register, and no other hub may hold the area.
 */
export async function addHubArea(
  db: Database,
  actor: Actor,
  input: { hubId: number } & Record<string, unknown>,
): Promise<{ area: HubArea; description: string; hubName: string }> {
  const { hubId, ...fields } = input;
  const parsed = newArea.safeParse(fields);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
  const { laCode, districtCode = null } = parsed.data;
  return db.transaction(async (tx) => {
    // One change to a hub's area at a time, so two people cannot give the same area to two hubs.
    const [hub] = await tx.select().from(hubs).where(eq(hubs.id, hubId)).for('update');
    if (!hub) throw new NotFoundError('There is no such Maths Hub');
    const [la] = await tx.select().from(localAuthorities).where(eq(localAuthorities.code, laCode));
    if (!la)
      throw new ValidationError([{ field: 'laCode', message: 'Select a local authority from the list' }]);
    let districtName: string | null = null;
    if (districtCode) {
      districtName = (await registerDistrictsByLa(tx, [laCode])).get(laCode)?.get(districtCode) ?? null;
      if (!districtName) {
        throw new ValidationError([
          {
            field: 'districtCode',
            message: `Select a district of ${la.name}, or no district to add the whole local authority`,
          },
        ]);
      }
    }
    const owned = await tx
      .select({
        hubId: hubAreas.hubId,
        hubName: hubs.name,
        laCode: hubAreas.laCode,
        districtCode: hubAreas.districtCode,
      })
      .from(hubAreas)
      .innerJoin(hubs, eq(hubs.id, hubAreas.hubId))
      .where(eq(hubAreas.laCode, laCode));
    const description = describeArea(la.name, districtName);
    const conflict = areaConflict(hubId, { laCode, districtCode, laName: la.name, description }, owned);
    if (conflict)
      throw new ValidationError([{ field: districtCode ? 'districtCode' : 'laCode', message: conflict }]);
    const [area] = await tx
      .insert(hubAreas)
      .values({ hubId, laCode, districtCode, districtName, isDemonstration: false })
      .returning();
    await recordEvent(tx, actor, {
      action: 'hub.area_added',
      subjectType: 'hub',
      subjectId: hubId,
      hubId,
      changes: { area: { laCode, laName: la.name, districtCode, districtName } },
    });
    return { area: area!, description, hubName: hub.name };
  });
}
