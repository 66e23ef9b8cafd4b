import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { TfmStage } from '../catalogue/schema.ts';
import { participantsTakingPartSql } from './engaged-schools.ts';
import { funnelOutcome, stageOfRank, tfmStageNames } from './journey-rules.ts';
import { successionCtes } from './succession.ts';

export interface FunnelRow {
  hubId: number;
  hubSlug: string;
  hubName: string;
  /** The year of the first step, `2023/24`; the second step is in the year after. */
  yearCode: string;
  from: string;
  to: string;
  /** Participants (programme funnels) or schools (Teaching for Mastery funnels) at the first step. */
  started: number;
  movedOn: number;
  /** Null when nobody started, or when the year after has no data yet. */
  percent: number | null;
  /** The year of the second step, `2024/25`. */
  nextYearCode: string;
  /** The year after has no data yet: the hub has no activity in it and nobody is known to have moved on. */
  noDataYet: boolean;
}

/** Whether the hub has recorded any activity (not cancelled) in the year after, in SQL. */
const hubHasActivityIn = (hubId: ReturnType<typeof sql>, year: ReturnType<typeof sql>) =>
  sql`EXISTS (SELECT 1 FROM hub_activities an WHERE an.hub_id = ${hubId} AND an.year_code = ${year} AND an.status <> 'cancelled')`;

export interface FunnelQuery {
  hubId?: number;
  yearCode?: string;
}

/** `2023/24` → `2024/25` in SQL. */
const nextYearSql = (year: ReturnType<typeof sql>) =>
  sql`((substr(${year}, 1, 4)::int + 1)::text || '/' || lpad(((substr(${year}, 1, 4)::int + 2) % 100)::text, 2, '0'))`;

/**
 * The schools' rows of activities whose NCP completes a Teaching for Mastery stage (those meeting
 * `where`, on `x`, the activity's school, and `a`, the activity), each with its current school (`urn`)
 * and the stage's rank (1 readiness … 4 sustaining). Needs `successionCtes`.
 */
const stageOf = (where: ReturnType<typeof sql>) => sql`
  SELECT x.school_urn, x.status, a.hub_id, a.year_code, coalesce(sc.current_urn, x.school_urn) AS urn,
         array_position(ARRAY['readiness','development','embedding','sustaining'], n.completes_tfm_stage) AS rank
  FROM activity_schools x
  JOIN hub_activities a ON a.id = x.activity_id
  JOIN ncps n ON n.id = a.ncp_id
  LEFT JOIN succession sc ON sc.urn = x.school_urn
  WHERE n.completes_tfm_stage IS NOT NULL AND ${where}`;

const filters = (q: FunnelQuery) =>
  sql`${q.hubId === undefined ? sql`` : sql`AND a.hub_id = ${q.hubId}`} ${q.yearCode ? sql`AND a.year_code = ${q.yearCode}` : sql``}`;

/**
 * DEFINITION: two-phase programme funnels, such as SKTM Primary Early Career Teachers Phase 1 → Phase 2
 * (docs/definitions.md, "Programme funnel").
 *
 * Started: the participants (a merged duplicate counts as the person it was merged into) enrolled in an
 * activity of year Y of an NCP with a `next_ncp_code` (a first phase) who took part in it (present at
 * one of its sessions or a recorded completion: `takingPartSql`, the one definition). Moved on: those of them
 * with an enrolment, not withdrawn or deferred, that continues theirs (`continues_enrolment_id`), or in an activity
 * of year Y+1 whose NCP code is the `next_ncp_code` (as written, or with its `NCPyy-` year prefix
 * moved on to Y+1's). Per hub of the first phase's activity, year and first-phase NCP.
 */
export async function programmeFunnels(db: Executor, q: FunnelQuery = {}): Promise<FunnelRow[]> {
  const rows = await db.execute<{
    hubId: number;
    hubSlug: string;
    hubName: string;
    yearCode: string;
    fromTitle: string;
    toTitle: string | null;
    nextCode: string;
    started: number;
    movedOn: number;
    nextYearCode: string;
    nextYearHasData: boolean;
  }>(sql`
    WITH phase1 AS (
      SELECT a.hub_id, a.year_code, n.code, n.title, n.next_ncp_code, e.id AS enrolment_id,
             coalesce(p.merged_into_person_id, e.person_id) AS person_id,
             ${nextYearSql(sql`a.year_code`)} AS next_year
      FROM enrolments e
      JOIN hub_activities a ON a.id = e.activity_id
      JOIN ncps n ON n.id = a.ncp_id
      JOIN people p ON p.id = e.person_id
      WHERE n.next_ncp_code IS NOT NULL
        AND e.id IN (SELECT tp.enrolment_id FROM (${participantsTakingPartSql({ fromYear: q.yearCode, toYear: q.yearCode, activityHubId: q.hubId })}) tp)
        ${filters(q)}
    ),
    outcome AS (
      -- Two lookups, each by an index (the continued enrolment; the person and their merged records),
      -- rather than one condition with OR across columns, which read every enrolment for each row.
      SELECT p1.*, (EXISTS (
        SELECT 1 FROM enrolments e2
        WHERE e2.continues_enrolment_id = p1.enrolment_id AND e2.id <> p1.enrolment_id
          AND e2.status NOT IN ('withdrawn', 'deferred')
      ) OR EXISTS (
        SELECT 1 FROM people q2
        JOIN enrolments e2 ON e2.person_id = q2.id
        JOIN hub_activities a2 ON a2.id = e2.activity_id
        JOIN ncps n2 ON n2.id = a2.ncp_id
        WHERE (q2.id = p1.person_id OR q2.merged_into_person_id = p1.person_id)
          AND e2.status NOT IN ('withdrawn', 'deferred') AND e2.id <> p1.enrolment_id
          AND a2.year_code = p1.next_year
          AND (n2.code = p1.next_ncp_code
               OR n2.code = regexp_replace(p1.next_ncp_code, '^NCP\\d{2}-', 'NCP' || substr(p1.next_year, 3, 2) || '-'))
      )) AS moved
      FROM phase1 p1
    )
    SELECT o.hub_id AS "hubId", h.slug AS "hubSlug", h.name AS "hubName", o.year_code AS "yearCode",
           o.title AS "fromTitle", o.next_ncp_code AS "nextCode",
           (SELECT n3.title FROM ncps n3
             WHERE n3.code = o.next_ncp_code
                OR n3.code = regexp_replace(o.next_ncp_code, '^NCP\\d{2}-', 'NCP' || substr(o.next_year, 3, 2) || '-')
             ORDER BY n3.year_code = o.next_year DESC, n3.year_code DESC LIMIT 1) AS "toTitle",
           count(DISTINCT o.person_id)::int AS started,
           count(DISTINCT o.person_id) FILTER (WHERE o.moved)::int AS "movedOn",
           o.next_year AS "nextYearCode", ${hubHasActivityIn(sql`o.hub_id`, sql`o.next_year`)} AS "nextYearHasData"
    FROM outcome o JOIN hubs h ON h.id = o.hub_id
    GROUP BY o.hub_id, h.slug, h.name, o.year_code, o.title, o.next_ncp_code, o.next_year
    ORDER BY h.name, o.year_code, o.title`);
  return rows.rows.map((r) => ({
    hubId: Number(r.hubId),
    hubSlug: r.hubSlug,
    hubName: r.hubName,
    yearCode: r.yearCode,
    from: r.fromTitle,
    to: r.toTitle ?? r.nextCode,
    started: r.started,
    movedOn: r.movedOn,
    nextYearCode: r.nextYearCode,
    ...funnelOutcome(r.started, r.movedOn, r.nextYearHasData),
  }));
}

/**
 * DEFINITION: Teaching for Mastery funnels of schools, such as Readiness → Development
 * (docs/definitions.md, "Teaching for Mastery funnel").
 *
 * Started: the schools (by current URN) that completed (`activity_schools.status = 'completed'`) an
 * activity of year Y whose NCP completes Readiness, Development or Embedding. Moved on: those of them
 * signed up, not withdrawn or deferred, in year Y+1 to an activity (of any hub) whose NCP completes a later stage.
 * Per hub of the first activity, year and stage.
 */
export async function tfmFunnels(db: Executor, q: FunnelQuery = {}): Promise<FunnelRow[]> {
  const rows = await db.execute<{
    hubId: number;
    hubSlug: string;
    hubName: string;
    yearCode: string;
    rank: number;
    started: number;
    movedOn: number;
    nextYearCode: string;
    nextYearHasData: boolean;
  }>(sql`
    WITH RECURSIVE ${successionCtes},
    done AS MATERIALIZED (
      SELECT DISTINCT a.hub_id, a.year_code, a.urn, a.rank, ${nextYearSql(sql`a.year_code`)} AS next_year
      FROM (${stageOf(sql`x.status = 'completed'`)}) a
      WHERE a.rank < 4 ${filters(q)}
    ),
    -- The later sign-ups of those schools only (their URNs and their predecessors', in the years after),
    -- joined once (a hash join), not looked up for each school: seconds on real volumes. A hub's funnels
    -- read its own schools' rows, not every hub's (34 against 9 ms on the demonstration data).
    recorded AS MATERIALIZED (
      SELECT urn FROM done UNION SELECT sc.urn FROM succession sc WHERE sc.current_urn IN (SELECT urn FROM done)),
    later AS MATERIALIZED (${stageOf(sql`x.status NOT IN ('withdrawn', 'deferred')
      AND x.school_urn IN (SELECT urn FROM recorded) AND a.year_code IN (SELECT next_year FROM done)`)}),
    moved AS (
      SELECT DISTINCT d.hub_id, d.year_code, d.urn, d.rank
      FROM done d JOIN later j ON j.urn = d.urn AND j.year_code = d.next_year
      WHERE j.rank > d.rank
    )
    SELECT d.hub_id AS "hubId", h.slug AS "hubSlug", h.name AS "hubName", d.year_code AS "yearCode", d.rank,
           count(DISTINCT d.urn)::int AS started,
           count(DISTINCT m.urn)::int AS "movedOn",
           d.next_year AS "nextYearCode", ${hubHasActivityIn(sql`d.hub_id`, sql`d.next_year`)} AS "nextYearHasData"
    FROM done d JOIN hubs h ON h.id = d.hub_id
    LEFT JOIN moved m ON m.hub_id = d.hub_id AND m.year_code = d.year_code AND m.urn = d.urn AND m.rank = d.rank
    GROUP BY d.hub_id, h.slug, h.name, d.year_code, d.rank, d.next_year
    ORDER BY h.name, d.year_code, d.rank`);
  return rows.rows.map((r) => {
    const from = stageOfRank(r.rank) as TfmStage;
    const to = stageOfRank(r.rank + 1) as TfmStage;
    return {
      hubId: Number(r.hubId),
      hubSlug: r.hubSlug,
      hubName: r.hubName,
      yearCode: r.yearCode,
      from: tfmStageNames[from],
      to: tfmStageNames[to],
      started: r.started,
      movedOn: r.movedOn,
      nextYearCode: r.nextYearCode,
      ...funnelOutcome(r.started, r.movedOn, r.nextYearHasData),
    };
  });
}
