import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { SchoolPhase } from '../schools/schema.ts';
import { hubForSchoolSql, schoolsOfHubSql } from '../schools/search-schools.ts';

export type AreaSchool = {
  urn: number;
  name: string;
  phase: SchoolPhase;
  typeName: string;
  town: string | null;
  postcode: string | null;
  laName: string | null;
};

/**
 * The open state-funded schools in a hub's area: those whose hub (a district-level area first, then
 * the whole local authority: `hubForSchoolSql`) is this hub, gathered from the hub's area rows by the
 * same rule (`schoolsOfHubSql`; asking each school for its hub took 21 ms against 3 ms for a hub of
 * 724 schools). Ordered by name.
 */
export async function hubAreaSchools(db: Executor, hubId: number): Promise<AreaSchool[]> {
  const rows = await db.execute<AreaSchool>(sql`
    SELECT s.urn, s.name, s.phase, s.type_name AS "typeName", s.town, s.postcode, la.name AS "laName"
    FROM (${schoolsOfHubSql(hubId)}) h
    JOIN schools s ON s.urn = h.urn
    LEFT JOIN local_authorities la ON la.code = s.la_code
    WHERE s.is_open AND s.is_state_funded
    ORDER BY s.name, s.urn`);
  return rows.rows.map((r) => ({ ...r, urn: Number(r.urn) }));
}

/** The hub serving one school (by its register record), or null. */
export async function hubOfSchool(db: Executor, urn: number): Promise<number | null> {
  const rows = await db.execute<{ hubId: number | null }>(sql`
    SELECT ${hubForSchoolSql({ laCode: sql`s.la_code`, districtCode: sql`s.district_code` })} AS "hubId"
    FROM schools s WHERE s.urn = ${urn}`);
  const hubId = rows.rows[0]?.hubId;
  return hubId === null || hubId === undefined ? null : Number(hubId);
}
