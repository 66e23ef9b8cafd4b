import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { successionCtes } from '../journeys/succession.ts';
import { hubForSchoolSql } from '../schools/search-schools.ts';
import { withoutJit } from './annual-figures.ts';
import { presentEnrolmentsOf } from './present-enrolments-view.ts';

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
  present AS (SELECT * FROM ${presentEnrolmentsOf(q.yearCode, q.yearCode)} p),
  engaged AS (
    SELECT DISTINCT coalesce(sc.current_urn, p.school_urn) AS urn
    FROM present p LEFT JOIN succession sc ON sc.urn = p.school_urn WHERE p.school_urn IS NOT NULL),
  targeted AS (
    SELECT DISTINCT coalesce(sc.current_urn, x.school_urn) AS urn
    FROM activity_schools x JOIN hub_activities a ON a.id = x.activity_id JOIN ncps n ON n.id = a.ncp_id
    LEFT JOIN succession sc ON sc.urn = x.school_urn
    WHERE a.year_code = ${q.yearCode} AND x.status NOT IN ('withdrawn', 'deferred') AND a.status <> 'cancelled'
      AND (n.type = 'intensive_support' OR a.kind = 'targeted_support')
      AND NOT EXISTS (SELECT 1 FROM ts_partnerships tp WHERE tp.activity_id = a.id)
    UNION
    SELECT coalesce(sc.current_urn, tp.school_urn) FROM ts_partnerships tp
    LEFT JOIN succession sc ON sc.urn = tp.school_urn WHERE tp.year_code = ${q.yearCode}),
  area AS (
    SELECT s.urn, s.name, s.phase, s.la_code, la.name AS la_name, s.district_code, s.district_name,
           s.percentage_fsm,
           EXISTS (SELECT 1 FROM hub_areas ha WHERE ha.la_code = s.la_code AND ha.district_code IS NOT NULL) AS split
    FROM schools s JOIN local_authorities la ON la.code = s.la_code
    WHERE s.is_open AND s.is_state_funded
      AND s.la_code IN (SELECT la_code FROM hub_areas WHERE hub_id = ${q.hubId})
      AND ${hubForSchoolSql({ laCode: sql`s.la_code`, districtCode: sql`s.district_code` })} = ${q.hubId})
  SELECT ar.*, e.urn IS NOT NULL AS engaged, t.urn IS NOT NULL AS targeted
  FROM area ar LEFT JOIN engaged e ON e.urn = ar.urn LEFT JOIN targeted t ON t.urn = ar.urn`;

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
