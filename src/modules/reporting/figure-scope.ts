import { type SQL, sql } from 'drizzle-orm';
import { hubOfSchoolJoinSql, schoolsOfHubSql } from '../schools/search-schools.ts';

/**
 * What the annual report's statements are asked (a range of years; England, one hub, or every hub side
 * by side) and the SQL pieces that narrow them to it: the years, a hub's area (the hub-for-school rule)
 * and the rows one hub's figures need. `annual-figures.ts` builds its statements from these.
 */
export interface FiguresQuery {
  fromYear: string;
  toYear: string;
  hubId?: number;
  /**
   * Every hub's own version at once (the national team's comparison of hubs): the same statements with
   * each row's `hub_id` (schools by the hub-for-school rule, 0 for a school in no hub's area; participants
   * by their activity's hub), where a national or one hub's query gives 0 to every row.
   */
  eachHub?: boolean;
}

/** `a.year_code` of the years asked for (text comparison works: `2019/20` < `2023/24`). */
export const inYears = (column: SQL, q: FiguresQuery) => sql`${column} BETWEEN ${q.fromYear} AND ${q.toYear}`;

/**
 * The schools of the hub's area (by their register record, the hub-for-school rule), or of every hub's,
 * for the register rows of `s`: a join that gives each school's hub (`hubOf(alias, q)`). One hub's area
 * is gathered once in `area_urns` (a materialised CTE, `areaUrnsCte`), not looked up once per school and
 * year: a hub's school figures took about 2 s that way on the demonstration data. Every hub's at once
 * joins each school to its hub by the rule's own joins (`hubOfSchoolJoinSql`, the joins that
 * `schoolsOfEveryHubSql` is made of), a school in no hub's area counting for hub 0, so that the
 * hubs' school counts with hub 0's add up to England's: gathering all 29,233 schools' hubs first and
 * joining them took about 15 ms more of the hubs compared.
 */
export const inArea = (school: 's', alias: string, q: FiguresQuery) =>
  q.eachHub === true
    ? hubOfSchoolJoinSql(alias)
    : q.hubId !== undefined
      ? sql`JOIN area_urns ${sql.raw(alias)} ON ${sql.raw(alias)}.urn = ${sql.raw(school)}.urn`
      : sql``;

/** The hub a school row counts for: its area's hub when grouped by hub, else 0 (one group). */
export const hubOf = (alias: string, q: FiguresQuery) => (q.eachHub ? sql.raw(`${alias}.hub_id`) : sql`0`);

/**
 * `area_urns`: the URNs of the hub's area, for `inArea` (nothing when the query is national or every
 * hub's). A school is served by one hub at most (one area row per local authority or district), so the
 * join counts each school once.
 */
export const areaUrnsCte = (q: FiguresQuery) =>
  q.eachHub || q.hubId === undefined
    ? sql``
    : sql`area_urns AS MATERIALIZED (SELECT DISTINCT urn FROM (${schoolsOfHubSql(q.hubId)}) h),`;

/**
 * One hub's figures read only the rows of its area: `scope_urns` holds the area's URNs and the URNs
 * whose current school (through a succession) is in it, so the rows gathered below are those the area
 * join would keep anyway, without gathering the whole country's first. Nothing for the national and
 * every-hub queries.
 */
const oneHub = (q: FiguresQuery) => q.hubId !== undefined && q.eachHub !== true;
export const scopeUrnsCte = (q: FiguresQuery) =>
  oneHub(q)
    ? sql`scope_urns AS MATERIALIZED (
        SELECT urn FROM area_urns UNION SELECT sc.urn FROM succession sc JOIN area_urns au ON au.urn = sc.current_urn),`
    : sql``;
export const inScope = (column: string, q: FiguresQuery) =>
  oneHub(q) ? sql`AND ${sql.raw(column)} IN (SELECT urn FROM scope_urns)` : sql``;

export const byHub = (column: string, q: { hubId?: number }) =>
  q.hubId === undefined ? sql`` : sql`AND ${sql.raw(column)} = ${q.hubId}`;

export const phaseGroupSql = (phase: SQL) =>
  sql`CASE ${phase} WHEN 'primary' THEN 'primary' WHEN 'secondary' THEN 'secondary' WHEN 'post_16' THEN 'post_16' ELSE 'other' END`;
