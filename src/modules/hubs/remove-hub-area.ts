import { and, eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { describeArea } from './area-rules.ts';
import { hubAreas, hubs, localAuthorities } from './schema.ts';

/** Takes an area out of a hub's area; its schools are then served by no hub until another takes it. */
export async function removeHubArea(
  db: Database,
  actor: Actor,
  input: { hubId: number; areaId: number },
): Promise<{ description: string; hubName: string }> {
  const { hubId, areaId } = input;
  return db.transaction(async (tx) => {
    const [hub] = await tx
      .select({ id: hubs.id, name: hubs.name })
      .from(hubs)
      .where(eq(hubs.id, hubId))
      .for('update');
    if (!hub) throw new NotFoundError('There is no such Maths Hub');
    const [area] = await tx
      .select({
        id: hubAreas.id,
        laCode: hubAreas.laCode,
        laName: localAuthorities.name,
        districtCode: hubAreas.districtCode,
        districtName: hubAreas.districtName,
        isDemonstration: hubAreas.isDemonstration,
      })
      .from(hubAreas)
      .innerJoin(localAuthorities, eq(localAuthorities.code, hubAreas.laCode))
      .where(and(eq(hubAreas.id, areaId), eq(hubAreas.hubId, hubId)));
    if (!area) throw new NotFoundError('This hub has no such area');
    await tx.delete(hubAreas).where(eq(hubAreas.id, areaId));
    const { id: _id, ...removed } = area;
    await recordEvent(tx, actor, {
      action: 'hub.area_removed',
      subjectType: 'hub',
      subjectId: hubId,
      hubId,
      changes: { area: removed },
    });
    return { description: describeArea(area.laName, area.districtName), hubName: hub.name };
  });
}
