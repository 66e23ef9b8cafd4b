import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { hubs, localAuthorities } from '../hubs/schema.ts';
import { schoolLinks, schools } from './schema.ts';
import { hubForSchoolSql } from './search-schools.ts';

export type School = typeof schools.$inferSelect;

export interface SchoolDetail {
  school: School;
  localAuthority: typeof localAuthorities.$inferSelect | null;
  hub: (typeof hubs.$inferSelect & { areaIsDemonstration: boolean }) | null;
  links: { linkedUrn: number; linkName: string | null; linkType: string; establishedOn: string | null }[];
}

/** A school with its local authority, the hub that serves it and its predecessor/successor links. */
export async function getSchool(db: Executor, urn: number): Promise<SchoolDetail> {
  const [school] = await db.select().from(schools).where(eq(schools.urn, urn));
  if (!school) throw new NotFoundError(`There is no school with URN ${urn}`);
  const [localAuthority] = await db
    .select()
    .from(localAuthorities)
    .where(eq(localAuthorities.code, school.laCode));
  const hubRows = await db.execute<{ id: number; is_demonstration: boolean }>(sql`
    SELECT ha.hub_id AS id, ha.is_demonstration FROM hub_areas ha
    WHERE ha.hub_id = ${hubForSchoolSql({ laCode: sql`${school.laCode}`, districtCode: sql`${school.districtCode}` })}
      AND ha.la_code = ${school.laCode}
    LIMIT 1`);
  const hubRow = hubRows.rows[0];
  const [hub] = hubRow ? await db.select().from(hubs).where(eq(hubs.id, hubRow.id)) : [];
  const links = await db
    .select({
      linkedUrn: schoolLinks.linkedUrn,
      linkName: schoolLinks.linkName,
      linkType: schoolLinks.linkType,
      establishedOn: schoolLinks.establishedOn,
    })
    .from(schoolLinks)
    .where(eq(schoolLinks.urn, urn))
    .orderBy(schoolLinks.establishedOn);
  return {
    school,
    localAuthority: localAuthority ?? null,
    hub: hub ? { ...hub, areaIsDemonstration: hubRow!.is_demonstration } : null,
    links,
  };
}
