import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { successionCtes } from '../journeys/succession.ts';
import { schoolsOfHubSql } from '../schools/search-schools.ts';
import { withoutJit } from './annual-figures.ts';
import { schoolYearsOf } from './kept-counts.ts';

/** A school is disadvantaged (high FSM) when at least this share of its pupils are eligible for free school meals (about the top quarter of schools). */
export const HIGH_FSM_PERCENT = 30;

export interface AreaEngagement {
  laCode: string;
  laName: string;
  /** Set where the hub serves only some districts of the local authority. */
  districtName: string | null;
  schools: number;
  engaged: number;
  percent: number;
}

export interface ColdSpot {
  urn: number;
  name: string;
  phase: string;
  laName: string;
  districtName: string | null;
  percentageFsm: number | null;
  highFsm: boolean;
  targetedSupport: boolean;
}

/**
 * The open state-funded schools of a hub's area (the hub-for-school rule) with whether each was
 * engaged in the year (the engagement rule, by current URN) and is in Targeted Support.
 */
const areaSchoolsSql = (q: { hubId: number; yearCode: string }) => sql`
  WITH RECURSIVE ${successionCtes},
  area AS (
    SELECT s.urn, s.name, s.phase, s.la_code, la.name AS la_name, s.district_code, s.district_name,
           s.percentage_fsm,
           EXISTS (SELECT 1 FROM hub_areas ha WHERE ha.la_code = s.la_code AND ha.district_code IS NOT NULL) AS split
    -- Gathered from the hub's area rows by the hub-for-school rule (\`schoolsOfHubSql\`), not each
    -- school asked for its hub: about 21 against 3 ms for a hub of 724 schools.
    FROM (${schoolsOfHubSql(q.hubId)}) h JOIN schools s ON s.urn = h.urn
    JOIN local_authorities la ON la.code = s.la_code
    WHERE s.is_open AND s.is_state_funded),
  -- The year's row of each school (the report's one row per school and year: engaged by taking part,
  -- in Targeted Support), for the area's schools and their predecessors, by current URN.
  school_year AS (
    SELECT coalesce(sc.current_urn, v.urn) AS urn, bool_or(v.engaged) AS engaged, bool_or(v.targeted) AS targeted
    FROM ${schoolYearsOf(q.yearCode, q.yearCode)} v LEFT JOIN succession sc ON sc.urn = v.urn
    WHERE v.urn IN (SELECT urn FROM area)
       OR v.urn IN (SELECT urn FROM school_successions WHERE current_urn IN (SELECT urn FROM area))
    GROUP BY 1)
  SELECT ar.*, coalesce(y.engaged, false) AS engaged, coalesce(y.targeted, false) AS targeted
  FROM area ar LEFT JOIN school_year y ON y.urn = ar.urn`;

type AreaRow = {
  urn: number;
  name: string;
  phase: string;
  la_code: string;
  la_name: string;
  district_name: string | null;
  percentage_fsm: string | null;
  split: boolean;
  engaged: boolean;
  targeted: boolean;
};

async function areaSchools(db: Executor, q: { hubId: number; yearCode: string }): Promise<AreaRow[]> {
  return withoutJit(db, async (tx) => (await tx.execute<AreaRow>(areaSchoolsSql(q))).rows);
}

/** Engagement by local authority, and by district where the hub serves only part of one. */
export async function engagementByArea(
  db: Executor,
  q: { hubId: number; yearCode: string },
): Promise<AreaEngagement[]> {
  const rows = await withoutJit(db, (tx) =>
    tx.execute<Record<string, unknown>>(sql`
    WITH area_schools AS (${areaSchoolsSql(q)})
    SELECT la_code, la_name, CASE WHEN split THEN district_name END AS district_name,
           count(*) AS schools, count(*) FILTER (WHERE engaged) AS engaged
    FROM area_schools GROUP BY 1, 2, 3 ORDER BY la_name, district_name NULLS FIRST`),
  );
  return rows.rows.map((r) => {
    const schools = Number(r.schools);
    const engaged = Number(r.engaged);
    return {
      laCode: String(r.la_code),
      laName: String(r.la_name),
      districtName: (r.district_name as string | null) ?? null,
      schools,
      engaged,
      percent: schools ? Math.round((engaged / schools) * 1000) / 10 : 0,
    };
  });
}

/**
 * The cold spots: the open state-funded schools of the hub's area not engaged in the year, so that the
 * hub can recruit them; disadvantaged (high FSM) schools first, then by local authority and name.
 */
export async function coldSpots(db: Executor, q: { hubId: number; yearCode: string }): Promise<ColdSpot[]> {
  const rows = (await areaSchools(db, q)).filter((r) => !r.engaged);
  return rows
    .map((r) => {
      const fsm = r.percentage_fsm === null ? null : Number(r.percentage_fsm);
      return {
        urn: Number(r.urn),
        name: r.name,
        phase: r.phase,
        laName: r.la_name,
        districtName: r.split ? r.district_name : null,
        percentageFsm: fsm,
        highFsm: fsm !== null && fsm >= HIGH_FSM_PERCENT,
        targetedSupport: r.targeted,
      };
    })
    .sort(
      (a, b) =>
        Number(b.highFsm) - Number(a.highFsm) ||
        a.laName.localeCompare(b.laName) ||
        a.name.localeCompare(b.name),
    );
}
