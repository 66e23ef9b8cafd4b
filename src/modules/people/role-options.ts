import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

/**
 * The NCPs and local authorities the add-role form offers for the NCP roles and the local authority
 * partner, and the checks of what was chosen. An NCP is named across years by its key, its code without
 * the year ('09' for NCP23-09), as the evaluation pages name it.
 */

export type NcpKeyOption = {
  key: string;
  code: string;
  title: string;
};

/** Every NCP of the catalogue by its key, with its latest year's code and title. */
export async function listNcpKeyOptions(db: Executor): Promise<NcpKeyOption[]> {
  const rows = await db.execute<NcpKeyOption>(sql`
    SELECT DISTINCT ON (key) key, code, title FROM (
      SELECT regexp_replace(code, '^NCP[0-9][0-9]-', '') AS key, code, title, year_code
      FROM ncps WHERE code ~ '^NCP[0-9][0-9]-') n
    ORDER BY key, year_code DESC`);
  return rows.rows;
}

/** Whether some year's catalogue has an NCP of this key. */
export async function ncpKeyExists(db: Executor, key: string): Promise<boolean> {
  const rows = await db.execute<{ found: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM ncps WHERE code ~ '^NCP[0-9][0-9]-'
      AND regexp_replace(code, '^NCP[0-9][0-9]-', '') = ${key}) AS found`);
  return rows.rows[0]?.found === true;
}

export type HubLaOption = {
  hubId: number;
  hubName: string;
  laCode: string;
  laName: string;
};

/** The local authorities of these hubs' areas (every hub's, or only the given ones), by hub and name. */
export async function listHubLaOptions(db: Executor, only: number[] | 'all'): Promise<HubLaOption[]> {
  if (only !== 'all' && only.length === 0) return [];
  const onlyHubs = only === 'all' ? sql`` : sql`WHERE a.hub_id = ANY(${sql.param(only)}::int[])`;
  const rows = await db.execute<HubLaOption>(sql`
    SELECT DISTINCT a.hub_id AS "hubId", h.name AS "hubName", a.la_code AS "laCode", la.name AS "laName"
    FROM hub_areas a JOIN hubs h ON h.id = a.hub_id JOIN local_authorities la ON la.code = a.la_code
    ${onlyHubs}
    ORDER BY h.name, la.name`);
  return rows.rows;
}

/** Whether the local authority is (wholly or in part) in the hub's area. */
export async function isLaOfHub(db: Executor, hubId: number, laCode: string): Promise<boolean> {
  const rows = await db.execute<{ found: boolean }>(sql`
    SELECT EXISTS (SELECT 1 FROM hub_areas WHERE hub_id = ${hubId} AND la_code = ${laCode}) AS found`);
  return rows.rows[0]?.found === true;
}
