import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { SchoolPhase } from './schema.ts';

export type SchoolSearchResult = {
  urn: number;
  name: string;
  town: string | null;
  postcode: string | null;
  phase: SchoolPhase;
  typeName: string;
  statusName: string;
  isOpen: boolean;
  laCode: string;
  laName: string | null;
  hubSlug: string | null;
  hubName: string | null;
};

export interface SchoolSearch {
  query: string;
  page?: number;
  pageSize?: number;
  openOnly?: boolean;
}

const postcodePattern = /^[A-Z]{1,2}\d[A-Z\d]?\s*(\d[A-Z]{0,2})?$/i;

/** What kind of search the query is: a URN, a postcode (or its start), or words of a name or LA. */
export function classifyQuery(query: string): 'urn' | 'postcode' | 'text' {
  const q = query.trim();
  if (/^\d{5,7}$/.test(q)) return 'urn';
  if (postcodePattern.test(q) && /\d/.test(q)) return 'postcode';
  return 'text';
}

/** The hub serving a school: a district-level area first, then the whole local authority. */
export const hubForSchoolSql = (school: { laCode: SQL; districtCode: SQL }) => sql`(
  SELECT ha.hub_id FROM hub_areas ha
  WHERE ha.la_code = ${school.laCode}
    AND (ha.district_code IS NULL OR ha.district_code = ${school.districtCode})
  ORDER BY ha.district_code IS NULL
  LIMIT 1)`;

/**
 * Find-your-hub search by school name, URN, postcode or local authority. Open schools come first;
 * a name search ranks names that start with the words above those that only contain them.
 */
export async function searchSchools(
  db: Executor,
  search: SchoolSearch,
): Promise<{ total: number; results: SchoolSearchResult[] }> {
  const q = search.query.trim();
  const pageSize = Math.min(Math.max(search.pageSize ?? 20, 1), 100);
  const page = Math.max(search.page ?? 1, 1);
  if (q.length < 2 && classifyQuery(q) !== 'urn') return { total: 0, results: [] };
  const kind = classifyQuery(q);
  let where: SQL;
  let rank: SQL = sql`s.name`;
  if (kind === 'urn') {
    where = sql`s.urn = ${Number(q)}`;
  } else if (kind === 'postcode') {
    const compact = q.toUpperCase().replace(/\s+/g, '');
    where = sql`replace(upper(s.postcode), ' ', '') LIKE ${`${compact}%`}`;
  } else {
    const lowered = q.toLowerCase();
    const escaped = lowered.replace(/[\\%_]/g, (c) => `\\${c}`);
    where = sql`(lower(s.name) LIKE ${`%${escaped}%`} OR s.la_code IN (
      SELECT code FROM local_authorities WHERE lower(name) = ${lowered} OR lower(name) LIKE ${`${escaped}%`}))`;
    rank = sql`CASE WHEN lower(s.name) LIKE ${`${escaped}%`} THEN 0 WHEN lower(s.name) LIKE ${`%${escaped}%`} THEN 1 ELSE 2 END`;
  }
  const openFilter = search.openOnly ? sql`AND s.is_open` : sql``;
  const rows = await db.execute<SchoolSearchResult & { total: string }>(sql`
    SELECT s.urn, s.name, s.town, s.postcode, s.phase, s.type_name AS "typeName", s.status_name AS "statusName",
           s.is_open AS "isOpen", s.la_code AS "laCode", la.name AS "laName",
           h.slug AS "hubSlug", h.name AS "hubName", count(*) OVER () AS total
    FROM schools s
    LEFT JOIN local_authorities la ON la.code = s.la_code
    LEFT JOIN hubs h ON h.id = ${hubForSchoolSql({ laCode: sql`s.la_code`, districtCode: sql`s.district_code` })}
    WHERE ${where} ${openFilter}
    ORDER BY s.is_open DESC, ${rank}, s.name, s.urn
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`);
  const total = rows.rows[0] ? Number(rows.rows[0].total) : 0;
  return { total, results: rows.rows.map(({ total: _total, ...r }) => r) };
}
