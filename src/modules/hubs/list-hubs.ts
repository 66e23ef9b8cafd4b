import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { hubAreas, hubs, localAuthorities } from './schema.ts';

export type Hub = typeof hubs.$inferSelect;
export type LocalAuthority = typeof localAuthorities.$inferSelect;

export type HubSummary = Hub & {
  areaCount: number;
  demonstrationAreaCount: number;
  schoolCount: number;
};

/** Every hub with the size of its area and the number of open state-funded schools it serves. */
export async function listHubs(db: Executor): Promise<HubSummary[]> {
  const rows = await db.execute<HubSummary>(sql`
    SELECT h.id, h.slug, h.name, h.lead_school_name AS "leadSchoolName", h.lead_school_urn AS "leadSchoolUrn",
           h.contact_email AS "contactEmail", h.contact_phone AS "contactPhone", h.website,
           h.name_status AS "nameStatus", h.updated_at AS "updatedAt",
           (SELECT count(*)::int FROM hub_areas a WHERE a.hub_id = h.id) AS "areaCount",
           (SELECT count(*)::int FROM hub_areas a WHERE a.hub_id = h.id AND a.is_demonstration) AS "demonstrationAreaCount",
           (SELECT count(*)::int FROM schools s
              JOIN hub_areas a ON a.la_code = s.la_code AND a.hub_id = h.id
                AND (a.district_code IS NULL OR a.district_code = s.district_code)
              WHERE s.is_open AND s.is_state_funded
                AND NOT EXISTS (SELECT 1 FROM hub_areas d WHERE a.district_code IS NULL AND d.la_code = s.la_code
                                AND d.district_code = s.district_code AND d.hub_id <> h.id)) AS "schoolCount"
    FROM hubs h ORDER BY h.name`);
  return rows.rows;
}

export interface HubArea {
  id: number;
  laCode: string;
  laName: string;
  regionName: string;
  districtCode: string | null;
  districtName: string | null;
  isDemonstration: boolean;
}

export interface HubDetail {
  hub: Hub;
  areas: HubArea[];
}

export async function getHub(db: Executor, where: { slug: string } | { id: number }): Promise<HubDetail> {
  const [hub] = await db
    .select()
    .from(hubs)
    .where('slug' in where ? eq(hubs.slug, where.slug) : eq(hubs.id, where.id));
  if (!hub) throw new NotFoundError('There is no such Maths Hub');
  const areas = await db
    .select({
      id: hubAreas.id,
      laCode: hubAreas.laCode,
      laName: localAuthorities.name,
      regionName: localAuthorities.regionName,
      districtCode: hubAreas.districtCode,
      districtName: hubAreas.districtName,
      isDemonstration: hubAreas.isDemonstration,
    })
    .from(hubAreas)
    .innerJoin(localAuthorities, eq(localAuthorities.code, hubAreas.laCode))
    .where(eq(hubAreas.hubId, hub.id))
    .orderBy(asc(localAuthorities.name), asc(hubAreas.districtName));
  return { hub, areas };
}

export type LocalAuthorityRow = LocalAuthority & {
  hubNames: string | null;
  schoolCount: number;
};

/** The names of some local authorities, by code. */
export async function localAuthorityNames(
  db: Executor,
  codes: readonly string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: localAuthorities.code, name: localAuthorities.name })
    .from(localAuthorities)
    .where(inArray(localAuthorities.code, [...codes]));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** The local authorities with the hubs serving them and their open state-funded schools. */
export async function listLocalAuthorities(db: Executor): Promise<LocalAuthorityRow[]> {
  const rows = await db.execute<LocalAuthorityRow>(sql`
    SELECT la.code, la.name, la.gss_code AS "gssCode", la.region_code AS "regionCode",
           la.region_name AS "regionName", la.entity, la.updated_at AS "updatedAt", la.version,
           (SELECT string_agg(DISTINCT h.name, '; ' ORDER BY h.name) FROM hub_areas a JOIN hubs h ON h.id = a.hub_id
              WHERE a.la_code = la.code) AS "hubNames",
           (SELECT count(*)::int FROM schools s WHERE s.la_code = la.code AND s.is_open AND s.is_state_funded) AS "schoolCount"
    FROM local_authorities la ORDER BY la.name`);
  return rows.rows;
}
