import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

export type District = {
  laCode: string;
  code: string;
  name: string;
};

/**
 * The districts of county councils as the school register records them (GIAS "DistrictAdministrative",
 * ONS codes E07…): the parts a hub can take of a local authority. Unitary authorities and boroughs
 * are their own district, so a hub takes them whole.
 */
export async function listRegisterDistricts(db: Executor, laCodes?: string[]): Promise<District[]> {
  if (laCodes && laCodes.length === 0) return [];
  const only = laCodes ? sql`AND la_code IN ${laCodes}` : sql``;
  const rows = await db.execute<District>(sql`
    SELECT la_code AS "laCode", district_code AS code, min(district_name) AS name
    FROM schools
    WHERE district_code LIKE 'E07%' AND district_name IS NOT NULL ${only}
    GROUP BY la_code, district_code
    ORDER BY la_code, min(district_name)`);
  return rows.rows;
}

/** The register's districts grouped by local authority code. */
export async function registerDistrictsByLa(
  db: Executor,
  laCodes?: string[],
): Promise<Map<string, Map<string, string>>> {
  const byLa = new Map<string, Map<string, string>>();
  for (const d of await listRegisterDistricts(db, laCodes)) {
    const districts = byLa.get(d.laCode) ?? new Map<string, string>();
    districts.set(d.code, d.name);
    byLa.set(d.laCode, districts);
  }
  return byLa;
}
