import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

export type HubAreaRow = {
  id: number;
  hubId: number;
  hubSlug: string;
  hubName: string;
  laCode: string;
  laName: string;
  districtCode: string | null;
  districtName: string | null;
  isDemonstration: boolean;
  /** Open state-funded schools the area gives the hub (a whole authority less districts other hubs take). */
  schoolCount: number;
};

/** Every hub area (or one hub's), with the open state-funded schools each brings to its hub. */
export async function listHubAreas(db: Executor, hubId?: number): Promise<HubAreaRow[]> {
  const onlyHub = hubId === undefined ? sql`` : sql`WHERE a.hub_id = ${hubId}`;
  const rows = await db.execute<HubAreaRow>(sql`
    SELECT a.id, a.hub_id AS "hubId", h.slug AS "hubSlug", h.name AS "hubName", a.la_code AS "laCode",
           la.name AS "laName", a.district_code AS "districtCode", a.district_name AS "districtName",
           a.is_demonstration AS "isDemonstration",
           (SELECT count(*)::int FROM schools s
             WHERE s.la_code = a.la_code AND s.is_open AND s.is_state_funded
               AND (CASE WHEN a.district_code IS NOT NULL THEN s.district_code = a.district_code
                         ELSE NOT EXISTS (SELECT 1 FROM hub_areas d WHERE d.la_code = a.la_code
                                            AND d.district_code = s.district_code AND d.hub_id <> a.hub_id)
                    END)) AS "schoolCount"
    FROM hub_areas a
    JOIN hubs h ON h.id = a.hub_id
    JOIN local_authorities la ON la.code = a.la_code
    ${onlyHub}
    ORDER BY h.name, la.name, a.district_name NULLS FIRST`);
  return rows.rows;
}
