import { sql } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { TfmStage } from '../catalogue/schema.ts';
import type { SchoolPhase } from '../schools/schema.ts';
import { engagedSchools } from './engaged-schools.ts';
import { hubOfSchool } from './hub-area-schools.ts';
import { type MasteringNumberProgramme, type NextStep, nextStep } from './journey-rules.ts';
import { masteringNumberSchools } from './mastering-number.ts';
import { schoolsMeetingCriteria } from './school-eligibility.ts';
import { currentUrnSql, intArray, successionCtes } from './succession.ts';
import { tfmInProgress, tfmStagesByYear } from './tfm-stages.ts';

export type JourneyActivity = {
  activityId: number;
  yearCode: string;
  title: string;
  ncpCode: string;
  ncpTitle: string;
  completesTfmStage: TfmStage | null;
  hubName: string;
  activityStatus: string;
  /** People may register on it themselves (else they register interest and the hub registers them). */
  openForDirectRegistration: boolean;
  /** The school's part: registered, completed, withdrawn, or null when only its teachers enrolled. */
  schoolStatus: string | null;
  /** Through which URN (a predecessor's, before conversion, or this school's). */
  schoolUrn: number;
  participants: number;
  sessions: number;
  /** Sessions at which at least one participant enrolled with the school was present. */
  sessionsAttended: number;
};

export interface JourneyYear {
  yearCode: string;
  stage: TfmStage | null;
  engaged: boolean;
  masteringNumber: MasteringNumberProgramme[];
  activities: JourneyActivity[];
}

export interface SchoolJourney {
  school: {
    urn: number;
    name: string;
    phase: SchoolPhase;
    typeName: string;
    statusName: string;
    isOpen: boolean;
    laName: string | null;
  };
  /** The URN asked for (a predecessor's URN shows its successor's journey). */
  requestedUrn: number;
  /** The school that succeeded this one (academy conversion), when it has a successor. */
  successor: { urn: number; name: string } | null;
  /** This school's predecessors, whose history is part of its journey. */
  predecessors: { urn: number; name: string }[];
  hubId: number | null;
  hubName: string | null;
  hubSlug: string | null;
  yearCode: string;
  stage: TfmStage | null;
  inProgress: TfmStage | null;
  engaged: boolean;
  nextStep: NextStep | null;
  years: JourneyYear[];
  /** The LLMEs leading activities the school took part in (for the LLME rule of the policy). */
  leadPersonIds: number[];
  /** Every URN of the journey (the current school and its predecessors). */
  urns: number[];
}

/**
 * One school's journey: its stage at the end of each year, the activities it (or its predecessors)
 * took part in by year with the school's status and attendance, engagement and Mastering Number by
 * year, and its next step. A predecessor's URN shows the journey of the school that succeeded it.
 */
export async function getSchoolJourney(
  db: Executor,
  q: { urn: number; yearCode: string },
): Promise<SchoolJourney> {
  const found = await db.execute<{ urn: number; current: number }>(sql`
    WITH RECURSIVE ${successionCtes}
    SELECT s.urn, ${currentUrnSql(sql`s.urn`)} AS current FROM schools s WHERE s.urn = ${q.urn}`);
  const hit = found.rows[0];
  if (!hit) throw new NotFoundError('There is no school with that URN');
  const current = Number(hit.current);

  const family = await db.execute<{ urn: number; name: string }>(sql`
    WITH RECURSIVE ${successionCtes}
    SELECT s.urn, s.name FROM succession sc JOIN schools s ON s.urn = sc.urn
    WHERE sc.current_urn = ${current} ORDER BY s.urn`);
  const predecessors = family.rows.map((r) => ({ urn: Number(r.urn), name: r.name }));
  const urns = [current, ...predecessors.map((p) => p.urn)];

  const schoolRows = await db.execute<SchoolJourney['school'] & { hubName: string | null }>(sql`
    SELECT s.urn, s.name, s.phase, s.type_name AS "typeName", s.status_name AS "statusName", s.is_open AS "isOpen",
           la.name AS "laName"
    FROM schools s LEFT JOIN local_authorities la ON la.code = s.la_code WHERE s.urn = ${current}`);
  const school = { ...schoolRows.rows[0]!, urn: current };
  const hubId = await hubOfSchool(db, current);
  const hubRow = hubId
    ? (await db.execute<{ name: string; slug: string }>(sql`SELECT name, slug FROM hubs WHERE id = ${hubId}`))
        .rows[0]
    : undefined;
  const hubName = hubRow?.name ?? null;
  const hubSlug = hubRow?.slug ?? null;

  const activityRows = await db.execute<JourneyActivity & { leads: number[] | null }>(sql`
    WITH involved AS (
      SELECT x.activity_id, x.school_urn, x.status FROM activity_schools x WHERE x.school_urn = ANY(${intArray(urns)})
      UNION
      SELECT e.activity_id, e.school_urn, NULL FROM enrolments e
      WHERE e.school_urn = ANY(${intArray(urns)})
        AND NOT EXISTS (SELECT 1 FROM activity_schools x WHERE x.activity_id = e.activity_id AND x.school_urn = e.school_urn)
    )
    SELECT a.id AS "activityId", a.year_code AS "yearCode", a.title, n.code AS "ncpCode", n.title AS "ncpTitle",
           n.completes_tfm_stage AS "completesTfmStage", h.name AS "hubName", a.status AS "activityStatus",
           a.open_for_direct_registration AS "openForDirectRegistration",
           i.status AS "schoolStatus", i.school_urn AS "schoolUrn",
           (SELECT count(*)::int FROM enrolments e WHERE e.activity_id = a.id AND e.school_urn = i.school_urn) AS participants,
           (SELECT count(*)::int FROM activity_sessions s WHERE s.activity_id = a.id) AS sessions,
           (SELECT count(DISTINCT s.id)::int FROM activity_sessions s
              JOIN attendance_marks m ON m.session_id = s.id AND m.status = 'present'
              JOIN enrolments e ON e.id = m.enrolment_id AND e.activity_id = a.id AND e.school_urn = i.school_urn
            WHERE s.activity_id = a.id) AS "sessionsAttended",
           (SELECT array_agg(l.person_id) FROM activity_leads l WHERE l.activity_id = a.id) AS leads
    FROM involved i
    JOIN hub_activities a ON a.id = i.activity_id
    JOIN ncps n ON n.id = a.ncp_id
    JOIN hubs h ON h.id = a.hub_id
    ORDER BY a.year_code DESC, a.title, a.id`);
  const activities = activityRows.rows.map(({ leads: _leads, ...a }) => ({
    ...a,
    activityId: Number(a.activityId),
    schoolUrn: Number(a.schoolUrn),
  }));
  const leadPersonIds = [...new Set(activityRows.rows.flatMap((r) => (r.leads ?? []).map(Number)))];

  const [stages, inProgress, masteringNumber] = await readsAtOnce(db, [
    () => tfmStagesByYear(db, { toYear: q.yearCode, urns: [current] }),
    () => tfmInProgress(db, { yearCode: q.yearCode, urns: [current] }),
    () => masteringNumberSchools(db, { urns: [current] }),
  ]);
  const yearCodes = [
    ...new Set([
      q.yearCode,
      ...stages.map((s) => s.yearCode),
      ...activities.map((a) => a.yearCode),
      ...masteringNumber.map((m) => m.yearCode),
    ]),
  ].sort((a, b) => b.localeCompare(a));
  const engagedYears = new Set<string>();
  for (const yearCode of yearCodes) {
    if ((await engagedSchools(db, { yearCode, urns: [current] })).length) engagedYears.add(yearCode);
  }
  const stageAt = (yearCode: string) => stages.find((s) => s.yearCode === yearCode)?.stage ?? null;
  const years = yearCodes.map((yearCode) => ({
    yearCode,
    stage: stageAt(yearCode),
    engaged: engagedYears.has(yearCode),
    masteringNumber: masteringNumber.filter((m) => m.yearCode === yearCode).map((m) => m.programme),
    activities: activities.filter((a) => a.yearCode === yearCode),
  }));
  const stage = stageAt(q.yearCode);
  const taking = inProgress.get(current) ?? null;
  const upToYear = masteringNumber.filter((m) => m.yearCode <= q.yearCode);
  return {
    school,
    requestedUrn: q.urn,
    successor: current === q.urn ? null : { urn: current, name: school.name },
    predecessors,
    hubId,
    hubName,
    hubSlug,
    yearCode: q.yearCode,
    stage,
    inProgress: taking,
    engaged: engagedYears.has(q.yearCode),
    nextStep: nextStep({
      phase: school.phase,
      stage,
      inProgress: taking,
      didMasteringNumberReceptionKs1: upToYear.some((m) => m.programme === 'reception_ks1'),
      didMasteringNumberKs2: upToYear.some((m) => m.programme === 'ks2'),
      meetsReadinessCriteria: (await schoolsMeetingCriteria(db, [current])).has(current),
    }),
    years,
    leadPersonIds,
    urns,
  };
}
