import { eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { hubs } from '../hubs/schema.ts';
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
  /** The hub whose area the school is in (none: no hub serves it). */
  hubId: number | null;
  /** Whether the school is in the area of the hub searched for (`hubId` in the search); null without one. */
  inHubArea: boolean | null;
};

export interface SchoolSearch {
  query: string;
  page?: number;
  pageSize?: number;
  openOnly?: boolean;
  /** The hub choosing a school: each result says whether it is in that hub's area. */
  hubId?: number;
  /** Say the hub when one hub serves every school found (find your hub: that hub first). */
  withOnlyHub?: boolean;
}

const postcodePattern = /^[A-Z]{1,2}\d[A-Z\d]?\s*(\d[A-Z]{0,2})?$/i;

/** What kind of search the query is: a URN, a postcode (or its start), or words of a name or LA. */
export function classifyQuery(query: string): 'urn' | 'postcode' | 'text' {
  const q = query.trim();
  if (/^\d{5,7}$/.test(q)) return 'urn';
  if (postcodePattern.test(q) && /\d/.test(q)) return 'postcode';
  return 'text';
}

const outwardPattern = /^[A-Z]{1,2}\d[A-Z\d]?$/;

/**
 * A postcode search: the compact prefix to match, and the outward code (district) when the query states
 * it: the part before a space ("LS1 4" is in LS1), or the whole query when it has the form of one
 * ("LS14" is the district LS14, not LS1 4…). A compact full or partial postcode ("LS14AB") needs none.
 */
export function postcodeSearch(query: string): { compact: string; outward: string | null } {
  const upper = query.trim().toUpperCase().replace(/\s+/g, ' ');
  const compact = upper.replace(/ /g, '');
  const [first, rest] = upper.split(' ');
  if (rest !== undefined) return { compact, outward: first! };
  return { compact, outward: outwardPattern.test(compact) ? compact : null };
}

/** The hub serving a school: a district-level area first, then the whole local authority. */
export const hubForSchoolSql = (school: { laCode: SQL; districtCode: SQL }) => sql`(
  SELECT ha.hub_id FROM hub_areas ha
  WHERE ha.la_code = ${school.laCode}
    AND (ha.district_code IS NULL OR ha.district_code = ${school.districtCode})
  ORDER BY ha.district_code IS NULL
  LIMIT 1)`;

/**
 * The URNs of the schools a hub serves, by the same rule as `hubForSchoolSql` (a district-level area
 * first, then the whole local authority), as a set: the hub's own area rows joined to the register, less
 * schools whose district another row names. The same answer as filtering every school by
 * `hubForSchoolSql(...) = hubId` (tested), without a lookup per school: about 10 ms against 300 ms for
 * a hub on the demonstration register.
 */
export const schoolsOfHubSql = (hubId: number | SQL) => sql`
  SELECT s.urn FROM hub_areas ha
  JOIN schools s ON s.la_code = ha.la_code AND (ha.district_code IS NULL OR s.district_code = ha.district_code)
  WHERE ha.hub_id = ${hubId}
    AND (ha.district_code IS NOT NULL OR NOT EXISTS (
      SELECT 1 FROM hub_areas d WHERE d.la_code = s.la_code AND d.district_code = s.district_code))`;

/**
 * The area rows that decide the hub of the school `s` by the rule of `hubForSchoolSql`, joined (its
 * district's, `d`, and its whole local authority's, `l`; each at most one), and the hub they give: for
 * many schools at once, where asking each school for its hub looks `hub_areas` up once per school.
 */
const hubAreaJoinsSql = sql`
  LEFT JOIN hub_areas d ON d.la_code = s.la_code AND d.district_code = s.district_code
  LEFT JOIN hub_areas l ON l.la_code = s.la_code AND l.district_code IS NULL`;
const joinedHubSql = sql`coalesce(d.hub_id, l.hub_id)`;

/**
 * Each school `s` joined to its hub by the rule of `hubForSchoolSql`, as `alias.hub_id` (0 for a school
 * in no hub's area): the area rows of its district and of its whole local authority (each at most one:
 * `hub_areas_la_district_uq`), the district's winning, the small `hub_areas` hashed once. The reports'
 * figures of every hub at once join it to each school-year row (figure-scope.ts).
 */
export const hubOfSchoolJoinSql = (alias: string) => sql`${hubAreaJoinsSql}
  CROSS JOIN LATERAL (SELECT coalesce(${joinedHubSql}, 0) AS hub_id) ${sql.raw(alias)}`;

/**
 * Every hub's schools at once, by the same rule as `schoolsOfHubSql` (and `hubForSchoolSql`): one row
 * per school served (hub_id, urn). Looking `hub_areas` up for each of 29,233 schools took 44 ms against 16.
 */
export const schoolsOfEveryHubSql = () => sql`
  SELECT h.hub_id, s.urn FROM schools s ${hubOfSchoolJoinSql('h')} WHERE h.hub_id <> 0`;

/** The words of a query as a prefix tsquery (`oak:* & prim:*`): letters and digits only, so it is safe. */
export function namePrefixQuery(query: string): string | null {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  return words?.length
    ? words
        .slice(0, 8)
        .map((w) => `${w}:*`)
        .join(' & ')
    : null;
}

/**
 * Find-your-hub search by school name, URN, postcode or local authority. Every word typed must begin a
 * word of the school's name (so "oak prim" finds "Oakfield Primary School"), or the text must begin the
 * name of a local authority. Open schools come first, then names that begin with what was typed.
 * Only the page of results is joined to its local authority and hub.
 */
export async function searchSchools(
  db: Executor,
  search: SchoolSearch,
): Promise<{ total: number; results: SchoolSearchResult[]; onlyHub: OnlyHub | null }> {
  const q = search.query.trim();
  const pageSize = Math.min(Math.max(search.pageSize ?? 20, 1), 5000);
  const page = Math.max(search.page ?? 1, 1);
  if (q.length < 2 && classifyQuery(q) !== 'urn') return { total: 0, results: [], onlyHub: null };
  const kind = classifyQuery(q);
  let matches: SQL;
  let rank: SQL = sql`0`;
  if (kind === 'urn') {
    matches = sql`SELECT urn FROM schools WHERE urn = ${Number(q)}`;
  } else if (kind === 'postcode') {
    const { compact, outward } = postcodeSearch(q);
    // The compact form finds candidates by index; the outward code (the district: all but the last
    // three characters) keeps "LS1 4" from matching LS14 and "LS1" from matching LS1x.
    const district = outward ? sql`AND left(replace(upper(postcode), ' ', ''), -3) = ${outward}` : sql``;
    matches = sql`SELECT urn FROM schools WHERE replace(upper(postcode), ' ', '') LIKE ${`${compact}%`} ${district}`;
  } else {
    const lowered = q.toLowerCase();
    const escaped = lowered.replace(/[\\%_]/g, (c) => `\\${c}`);
    const words = namePrefixQuery(q);
    const byName = words
      ? sql`SELECT urn FROM schools WHERE to_tsvector('simple', name) @@ to_tsquery('simple', ${words})`
      : sql`SELECT urn FROM schools WHERE false`;
    matches = sql`${byName}
      UNION
      SELECT s.urn FROM schools s JOIN local_authorities la ON la.code = s.la_code
      WHERE lower(la.name) LIKE ${`${escaped}%`}`;
    rank = sql`CASE WHEN lower(s.name) LIKE ${`${escaped}%`} THEN 0 ELSE 1 END`;
  }
  const openFilter = search.openOnly ? sql`AND s.is_open` : sql``;
  // Choosing for a hub: the schools of the hub's local authorities come first (the page marks the others).
  const area =
    search.hubId === undefined
      ? sql`0`
      : sql`CASE WHEN s.la_code IN (SELECT ha.la_code FROM hub_areas ha WHERE ha.hub_id = ${search.hubId}) THEN 0 ELSE 1 END`;
  const rows = await db.execute<Omit<SchoolSearchResult, 'inHubArea'> & { total: string }>(sql`
    WITH page AS (
      SELECT s.urn, s.name, s.town, s.postcode, s.phase, s.type_name, s.status_name, s.is_open, s.la_code,
             s.district_code, ${rank} AS rank, ${area} AS area, count(*) OVER () AS total
      FROM schools s JOIN (${matches}) m ON m.urn = s.urn
      WHERE true ${openFilter}
      ORDER BY s.is_open DESC, area, rank, s.name, s.urn
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
    )
    SELECT p.urn, p.name, p.town, p.postcode, p.phase, p.type_name AS "typeName", p.status_name AS "statusName",
           p.is_open AS "isOpen", p.la_code AS "laCode", la.name AS "laName",
           h.slug AS "hubSlug", h.name AS "hubName", h.id AS "hubId", p.total
    FROM page p
    LEFT JOIN local_authorities la ON la.code = p.la_code
    LEFT JOIN hubs h ON h.id = ${hubForSchoolSql({ laCode: sql`p.la_code`, districtCode: sql`p.district_code` })}
    ORDER BY p.is_open DESC, p.area, p.rank, p.name, p.urn`);
  const total = rows.rows[0] ? Number(rows.rows[0].total) : 0;
  const hubId = search.hubId ?? null;
  return {
    total,
    onlyHub:
      search.withOnlyHub && total > 0 && total <= ONE_HUB_LIMIT
        ? await onlyHubOf(db, matches, openFilter)
        : null,
    results: rows.rows.map(({ total: _total, ...r }) => ({
      ...r,
      inHubArea: hubId === null ? null : r.hubId === hubId,
    })),
  };
}

/** The one hub serving every school a search found, to say first. */
export type OnlyHub = { slug: string; name: string };

/** Searches finding more schools than this are not checked for one hub (each school's hub is looked up). */
const ONE_HUB_LIMIT = 2000;

/** The hub serving every school matched, when it is one hub (null: several, or a school no hub serves). */
async function onlyHubOf(db: Executor, matches: SQL, openFilter: SQL): Promise<OnlyHub | null> {
  // Each school's hub joined (`hubOfSchoolJoinSql`), not asked for each school: a local authority's 700
  // schools 12 → about 2 ms.
  const { rows } = await db.execute<{ hub_id: number }>(sql`
    SELECT DISTINCT h.hub_id
    FROM schools s JOIN (${matches}) m ON m.urn = s.urn ${hubOfSchoolJoinSql('h')}
    WHERE true ${openFilter}
    LIMIT 2`);
  if (rows.length !== 1 || rows[0]!.hub_id === 0) return null;
  const [hub] = await db
    .select({ slug: hubs.slug, name: hubs.name })
    .from(hubs)
    .where(eq(hubs.id, rows[0]!.hub_id));
  return hub ?? null;
}

/**
 * The school chosen by URN on a form (typed, or set by the school search page), with whether it is in the
 * area of the hub choosing it: null when there is no such school.
 */
export async function chosenSchool(
  db: Executor,
  choice: { urn: number; hubId?: number | null },
): Promise<SchoolSearchResult | null> {
  if (!Number.isSafeInteger(choice.urn) || choice.urn <= 0) return null;
  const { results } = await searchSchools(db, {
    query: String(choice.urn),
    hubId: choice.hubId ?? undefined,
  });
  return results.find((r) => r.urn === choice.urn) ?? null;
}

/** The name of the hub choosing a school, for the picker's "outside the area" warning (null if none). */
export async function choosingHubName(
  db: Executor,
  hubId: number | null | undefined,
): Promise<string | null> {
  if (!hubId) return null;
  const [hub] = await db.select({ name: hubs.name }).from(hubs).where(eq(hubs.id, hubId));
  return hub?.name ?? null;
}
