import { sql } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { activeLlmesSql, masterySpecialistsSql } from '../journeys/active-llmes.ts';
import { successionCtes } from '../journeys/succession.ts';
import { developmentProgrammeStrands, sktmProgrammeStrands } from './figure-definitions.ts';
import {
  areaUrnsCte,
  byHub,
  type FiguresQuery,
  hubOf,
  inArea,
  inScope,
  inYears,
  phaseGroupSql,
  scopeUrnsCte,
} from './figure-scope.ts';
import { programmePeopleTo, schoolYearsOf } from './kept-counts.ts';
import {
  addParticipantRow,
  addSchoolRow,
  blankYearFigures,
  type HubSpecialists,
  sortStages,
  type YearFigures,
} from './year-figures.ts';

/**
 * DEFINITIONS: the figures of the annual report for each year of a range, counted in PostgreSQL
 * (docs/definitions.md, "The annual report"). One statement per group of figures; each builds on the
 * journeys module's definitions (the engagement rule's present enrolments, the current school through
 * academy conversions, Mastering Number's programmes) rather than restating them.
 *
 * `hubId` gives a hub's own version: schools in its area (the hub-for-school rule), participants and
 * LLMEs of its activities and roster.
 */
export type { FiguresQuery } from './figure-scope.ts';

type Row = Record<string, unknown>;

/**
 * Runs the report's statements with JIT compilation off: their cost estimates (CTEs over unknown row
 * counts) are large enough to trigger it, and compiling hundreds of expressions takes longer than the
 * queries themselves (seconds against milliseconds). Merge joins and sorts are off too: the CTEs' row
 * estimates are far too low (a tenth of the rows), so the planner sorted hundreds of thousands of rows by
 * year code (a text collation) where hashing them takes a fraction of the time.
 */
export async function withoutJit<T>(db: Executor, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // The four settings in one round trip (`set_config(…, true)` is `SET LOCAL`).
    await tx.execute(sql`SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true),
      set_config('enable_mergejoin', 'off', true), set_config('enable_sort', 'off', true)`);
    return work(tx);
  });
}
/** One of the report's statements as a read for `readsAtOnce`, with the settings of `withoutJit`. */
const reportRead =
  <T>(db: Executor, statement: (tx: Executor) => Promise<T>) =>
  () =>
    withoutJit(db, statement);

const n = (v: unknown) => Number(v ?? 0);

/** The kept population rows of the query's schools: one hub's area, every hub's, or all of England's. */
const populationHub = (q: FiguresQuery) => (q.hubId !== undefined ? sql`AND p.hub_id = ${q.hubId}` : sql``);

/**
 * The school figures, from the view of one row per school and year (kept-counts.ts: what
 * each school did, with "took part" meaning the Mastering Number rule, docs/definitions.md) and the
 * register. `school_years` gathers a year's rows by current school (through academy conversions), so
 * each figure counts schools once, by current URN, over about one row per school a year.
 */
const schoolFiguresSql = (q: FiguresQuery) => sql`
    WITH RECURSIVE ${successionCtes},
    ${areaUrnsCte(q)}
    ${scopeUrnsCte(q)}
    years AS (SELECT code, starts_on, ends_on FROM academic_years WHERE ${inYears(sql`code`, q)}),
    -- URNs in a succession (an old URN or a current one): only their rows need gathering by current URN.
    succession_urns AS MATERIALIZED (SELECT urn FROM succession UNION SELECT current_urn FROM succession),
    -- What each school did each year, by URN as recorded (aggregated once from the rows the writes keep).
    -- With the year's first and last days, for whether the school was open in it. Joined here, and as an
    -- outer join, so that the planner keeps its count of the rows: joined below, it took a few hundred
    -- rows for 35,000 and looked the register up school by school. (A row of a year code that is not an
    -- academic year's is left out below, as the inner join did.)
    recorded_years AS MATERIALIZED (
      SELECT v.*, y.starts_on, y.ends_on
      FROM ${schoolYearsOf(q.fromYear, q.toYear)} v LEFT JOIN years y ON y.code = v.year_code
      WHERE true ${inScope('v.urn', q)}),
    school_years AS (
      SELECT v.year_code, v.urn, v.engaged, v.post_16, v.tfm, v.tfm_rank, v.mastering_number_ks2,
             v.mastering_number_reception_ks1, v.riwg, v.targeted, false AS in_succession,
             v.starts_on, v.ends_on
      FROM recorded_years v WHERE v.urn NOT IN (SELECT urn FROM succession_urns)
      UNION ALL
      -- A current URN or a URN of a succession: in succession_urns either way.
      SELECT v.year_code, coalesce(sc.current_urn, v.urn), bool_or(v.engaged), bool_or(v.post_16),
             bool_or(v.tfm), max(v.tfm_rank), bool_or(v.mastering_number_ks2),
             bool_or(v.mastering_number_reception_ks1), bool_or(v.riwg), bool_or(v.targeted), true,
             min(v.starts_on), min(v.ends_on)
      FROM recorded_years v LEFT JOIN succession sc ON sc.urn = v.urn
      WHERE v.urn IN (SELECT urn FROM succession_urns)
      GROUP BY 1, 2),
    -- The denominators' schools in a succession: a current URN is in a year's population when any
    -- school of its succession was open and state-funded that year (kept by the register's writes,
    -- migrations 0052 and 0055: each current URN's years in one row).
    succession_population AS MATERIALIZED (
      SELECT urn, years FROM reporting_succession_population WHERE true ${inScope('urn', q)}),
    -- Each school-year row with its current school's register record and whether that school is in the
    -- year's population (the engagement figure's denominator).
    area_school_years AS (
      SELECT sy.*, ${hubOf('au', q)} AS hub_id, ${phaseGroupSql(sql`s.phase`)} AS phase,
             s.is_state_funded AS state_funded,
             coalesce(s.has_sixth_form, false) AS has_sixth_form,
             CASE WHEN NOT sy.in_succession
               THEN s.is_state_funded AND (s.open_date IS NULL OR s.open_date <= sy.ends_on)
                 AND (s.is_open OR s.close_date >= sy.starts_on)
               ELSE coalesce(sy.year_code = ANY(sp.years), false) END AS in_population
      FROM school_years sy JOIN schools s ON s.urn = sy.urn ${inArea('s', 'au', q)}
      LEFT JOIN succession_population sp ON sp.urn = sy.urn
      WHERE sy.starts_on IS NOT NULL),
    -- Every school figure's count by year, hub and phase, in one pass over the rows: each figure below
    -- reads its own column.
    counts AS MATERIALIZED (
      SELECT year_code, hub_id, phase,
             count(*) FILTER (WHERE engaged AND state_funded AND in_population) AS engaged,
             count(*) FILTER (WHERE state_funded AND tfm AND tfm_rank = 1) AS stage_1,
             count(*) FILTER (WHERE state_funded AND tfm AND tfm_rank = 2) AS stage_2,
             count(*) FILTER (WHERE state_funded AND tfm AND tfm_rank = 3) AS stage_3,
             count(*) FILTER (WHERE state_funded AND tfm AND tfm_rank = 4) AS stage_4,
             count(*) FILTER (WHERE state_funded AND mastering_number_ks2) AS ks2,
             count(*) FILTER (WHERE state_funded AND mastering_number_reception_ks1) AS reception_ks1,
             count(*) FILTER (WHERE state_funded AND targeted) AS targeted,
             count(*) FILTER (WHERE state_funded AND riwg) AS riwg,
             -- Institutions of the post-16 phase (16 to 19 schools and colleges) that took part, and
             -- schools with a sixth form that took part in post-16 work; not an 11 to 16 school.
             count(*) FILTER (WHERE engaged AND (phase = 'post_16' OR (post_16 AND has_sixth_form))) AS post_16
      FROM area_school_years GROUP BY year_code, hub_id, phase),
    -- State-funded schools open in each year, by phase, counted once by current URN: the counts the
    -- register's writes keep by year, hub and phase (migration 0052, the rule of succession_population
    -- above), summed for England, or read for one hub or each hub.
    population_counts AS (
      SELECT p.year_code, ${q.eachHub ? sql`p.hub_id` : sql`0`} AS hub_id, p.phase, sum(p.schools)::bigint AS schools
      FROM reporting_population p
      WHERE ${inYears(sql`p.year_code`, q)} ${populationHub(q)}
      GROUP BY 1, 2, 3),
    engagement AS (
      SELECT 'engagement' AS figure, pc.year_code, pc.phase AS key, pc.schools,
             coalesce(c.engaged, 0) AS engaged, pc.hub_id
      FROM population_counts pc
      LEFT JOIN counts c ON c.year_code = pc.year_code AND c.hub_id = pc.hub_id AND c.phase = pc.phase),
    -- Teaching for Mastery schools by phase and stage (primary and secondary), a row for each stage found.
    stages AS (
      SELECT 'stage' AS figure, c.year_code, c.phase || ':' || r.rank AS key, r.schools, 0 AS engaged, c.hub_id
      FROM counts c
      CROSS JOIN LATERAL (VALUES (1, c.stage_1), (2, c.stage_2), (3, c.stage_3), (4, c.stage_4)) r(rank, schools)
      WHERE c.phase IN ('primary', 'secondary') AND r.schools > 0),
    year_counts AS (
      SELECT year_code, hub_id, sum(ks2) AS ks2, sum(reception_ks1) AS reception_ks1, sum(targeted) AS targeted,
             sum(riwg) AS riwg, sum(post_16) AS post_16
      FROM counts GROUP BY year_code, hub_id),
    per_year AS (
      SELECT 'mastering_number' AS figure, year_code, 'ks2' AS key, ks2 AS schools, 0 AS engaged, hub_id
      FROM year_counts
      UNION ALL SELECT 'mastering_number', year_code, 'reception_ks1', reception_ks1, 0, hub_id FROM year_counts
      UNION ALL SELECT 'targeted_support', year_code, '', targeted, 0, hub_id FROM year_counts WHERE targeted > 0
      UNION ALL SELECT 'riwg_schools', year_code, '', riwg, 0, hub_id FROM year_counts WHERE riwg > 0
      UNION ALL SELECT 'post_16_work', year_code, '', post_16, 0, hub_id FROM year_counts WHERE post_16 > 0)
    SELECT * FROM engagement UNION ALL SELECT * FROM stages UNION ALL SELECT * FROM per_year`;

/**
 * The cumulative figure (schools engaged with Teaching for Mastery since 2015/16) for each year of the
 * range: a statement of its own, so that on a pool it is counted at once beside the other school figures.
 */
const cumulativeFiguresSql = (q: FiguresQuery) => sql`
    WITH ${areaUrnsCte(q)}
    years AS (SELECT code FROM academic_years WHERE ${inYears(sql`code`, q)}),
    -- Each school's first year in a Teaching for Mastery Work Group (from 2015/16), by current URN:
    -- kept by the writes (migration 0054), counted in the current school's hub if it is state-funded.
    first_counts AS (
      SELECT f.first_year, ${hubOf('au', q)} AS hub_id, count(*) AS schools
      FROM reporting_tfm_first f JOIN schools s ON s.urn = f.urn ${inArea('s', 'au', q)}
      WHERE s.is_state_funded AND f.first_year <= ${q.toYear}
      GROUP BY 1, 2),
    cumulative AS (
      SELECT 'cumulative_tfm' AS figure, y.code AS year_code, '' AS key, sum(c.schools)::bigint AS schools,
             0 AS engaged, c.hub_id
      FROM years y JOIN first_counts c ON c.first_year <= y.code
      GROUP BY y.code, c.hub_id)
    SELECT * FROM cumulative`;

async function schoolFigures(db: Executor, q: FiguresQuery) {
  return (await db.execute<Row>(schoolFiguresSql(q))).rows;
}

async function cumulativeFigures(db: Executor, q: FiguresQuery) {
  return (await db.execute<Row>(cumulativeFiguresSql(q))).rows;
}

/** Participants (distinct people, a merged duplicate as the person it was merged into). */
async function participantFigures(db: Executor, q: FiguresQuery) {
  const strands = { ...sktmProgrammeStrands, ...developmentProgrammeStrands };
  const strandCase = sql.join(
    Object.entries(strands).flatMap(([key, list]) => list.map((strand) => sql`WHEN ${strand} THEN ${key}`)),
    sql` `,
  );
  const programme = sql`CASE v.strand ${strandCase} END`;
  const person = sql`coalesce(m.merged_into_person_id, v.person_id)`;
  const rows = await db.execute<Row>(sql`
    WITH merged AS MATERIALIZED (
      SELECT id, merged_into_person_id FROM people WHERE merged_into_person_id IS NOT NULL),
    -- Each reads the view with its own filter (not a shared CTE), so the planner sees its row counts.
    first_years AS (
      SELECT ${programme} AS programme, ${person} AS person_id, min(v.year_code) AS first_year
      FROM ${programmePeopleTo(q.toYear)} v LEFT JOIN merged m ON m.id = v.person_id
      WHERE v.took_part
      GROUP BY 1, 2),
    taking_part AS (
      SELECT DISTINCT v.year_code, ${q.eachHub ? sql`v.hub_id` : sql`0`} AS hub_id, ${programme} AS programme,
             ${person} AS person_id
      FROM ${programmePeopleTo(q.toYear)} v LEFT JOIN merged m ON m.id = v.person_id
      WHERE ${inYears(sql`v.year_code`, q)} ${byHub('v.hub_id', q)} AND v.took_part)
    SELECT t.year_code, t.hub_id, t.programme, count(*) AS participants,
           count(*) FILTER (WHERE f.first_year = t.year_code) AS starting
    FROM taking_part t LEFT JOIN first_years f ON f.programme = t.programme AND f.person_id = t.person_id
    GROUP BY t.year_code, t.hub_id, t.programme`);
  return rows.rows;
}

async function networkFigures(db: Executor, q: FiguresQuery) {
  const rows = await db.execute<Row>(sql`
    WITH active AS MATERIALIZED (${activeLlmesSql(q)}),
    specialists AS MATERIALIZED (${masterySpecialistsSql(q)}),
    years AS (SELECT code FROM academic_years WHERE ${inYears(sql`code`, q)}),
    activity_counts AS (
      SELECT year_code, sum(riwgs) AS riwgs, count(*) FILTER (WHERE live) AS hubs
      FROM (
        SELECT a.year_code, a.hub_id, bool_or(a.status <> 'cancelled') AS live,
               count(*) FILTER (WHERE n.strand = 'research-and-innovation' AND a.status <> 'cancelled') AS riwgs
        FROM hub_activities a LEFT JOIN ncps n ON n.id = a.ncp_id
        WHERE ${inYears(sql`a.year_code`, q)} ${byHub('a.hub_id', q)}
        GROUP BY a.year_code, a.hub_id) h
      GROUP BY year_code),
    -- Each year's people counted once, in one pass over each list (not the whole list again for every year).
    llme_counts AS (SELECT year_code, count(DISTINCT person_id) AS n FROM active GROUP BY year_code),
    specialist_counts AS (SELECT year_code, count(DISTINCT person_id) AS n FROM specialists GROUP BY year_code)
    SELECT y.code AS year_code,
      coalesce(lc.n, 0) AS llmes,
      coalesce(sc.n, 0) AS specialists,
      coalesce(ac.riwgs, 0) AS riwgs,
      (SELECT count(*) FROM ncps n WHERE n.year_code = y.code AND n.code LIKE 'NCP%'
        AND regexp_replace(n.code, '^NCP[0-9][0-9]-', '') NOT IN (
          SELECT regexp_replace(m.next_ncp_code, '^NCP[0-9][0-9]-', '') FROM ncps m
          WHERE m.year_code = y.code AND m.next_ncp_code IS NOT NULL)) AS ncps,
      coalesce(ac.hubs, 0) AS hubs
    FROM years y LEFT JOIN activity_counts ac ON ac.year_code = y.code
      LEFT JOIN llme_counts lc ON lc.year_code = y.code
      LEFT JOIN specialist_counts sc ON sc.year_code = y.code`);
  return rows.rows;
}

/** Active LLMEs (against the 50-per-hub ambition) and Mastery Specialists per hub in one year. */
export async function specialistsByHub(db: Executor, q: { yearCode: string; hubId?: number }) {
  const rows = await withoutJit(db, (tx) =>
    tx.execute<Row>(sql`
    WITH active AS MATERIALIZED (${activeLlmesSql({ fromYear: q.yearCode, toYear: q.yearCode, hubId: q.hubId })}),
    specialists AS MATERIALIZED (${masterySpecialistsSql({ fromYear: q.yearCode, toYear: q.yearCode, hubId: q.hubId })}),
    llme_counts AS (SELECT hub_id, count(DISTINCT person_id) AS n FROM active GROUP BY hub_id),
    specialist_counts AS (SELECT hub_id, count(DISTINCT person_id) AS n FROM specialists GROUP BY hub_id)
    SELECT h.id, h.name, coalesce(lc.n, 0) AS llmes, coalesce(sc.n, 0) AS specialists
    FROM hubs h
      LEFT JOIN llme_counts lc ON lc.hub_id = h.id
      LEFT JOIN specialist_counts sc ON sc.hub_id = h.id
    WHERE true ${byHub('h.id', q)}
    ORDER BY h.name`),
  );
  return rows.rows.map(
    (r): HubSpecialists => ({
      hubId: n(r.id),
      hubName: String(r.name),
      llmes: n(r.llmes),
      masterySpecialists: n(r.specialists),
    }),
  );
}

/**
 * Every hub's own figures for one year at once (the national team's comparison of hubs), and England's:
 * the school and participant statements of `annualFigures`, grouped by hub (`eachHub`), so each hub's
 * figures are those of its own report and dashboard (`annualFigures` with its `hubId`) without a
 * statement per hub. The network figures (active LLMEs, Mastery Specialists) are `specialistsByHub`'s,
 * the same definitions grouped by the LLME role's hub; the year's counts of hubs, NCPs and RIWGs are
 * national and left at 0.
 *
 * England's school figures are the hubs' added up with hub 0's (the schools in no hub's area): each
 * current school counts for one hub at most, so they are the national statement's counts, without
 * counting every school again. Its participants and network figures are the national statements'
 * (a person may take part in several hubs' activities, so those do not add up).
 */
export async function figuresOfEveryHub(
  db: Executor,
  yearCode: string,
): Promise<{ hubs: Map<number, YearFigures>; england: YearFigures }> {
  const q: FiguresQuery = { fromYear: yearCode, toYear: yearCode, eachHub: true };
  const national: FiguresQuery = { fromYear: yearCode, toYear: yearCode };
  const [schoolRows, cumulativeRows, participantRows, specialists, nationalParticipants, networkRows] =
    await readsAtOnce(db, [
      reportRead(db, (tx) => schoolFigures(tx, q)),
      reportRead(db, (tx) => cumulativeFigures(tx, q)),
      reportRead(db, (tx) => participantFigures(tx, q)),
      () => specialistsByHub(db, { yearCode }),
      reportRead(db, (tx) => participantFigures(tx, national)),
      reportRead(db, (tx) => networkFigures(tx, national)),
    ]);
  const hubs = new Map<number, YearFigures>();
  for (const h of specialists)
    hubs.set(h.hubId, {
      ...blankYearFigures(yearCode),
      llmes: h.llmes,
      masterySpecialists: h.masterySpecialists,
    });
  const ofYear = (rows: Row[]) => rows.filter((r) => String(r.year_code) === yearCode);
  for (const r of ofYear([...schoolRows, ...cumulativeRows])) {
    const y = hubs.get(n(r.hub_id));
    if (y) addSchoolRow(y, r);
  }
  for (const r of ofYear(participantRows)) {
    const y = hubs.get(n(r.hub_id));
    if (y) addParticipantRow(y, r);
  }
  for (const y of hubs.values()) sortStages(y);

  const england = yearOfNetwork(yearCode, ofYear(networkRows)[0]);
  for (const r of addedUp(ofYear([...schoolRows, ...cumulativeRows]))) addSchoolRow(england, r);
  for (const r of ofYear(nationalParticipants)) addParticipantRow(england, r);
  sortStages(england);
  return { hubs, england };
}

/** School rows of every hub added up by figure and key (England's counts from the hubs' and hub 0's). */
function addedUp(rows: Row[]): Row[] {
  const sums = new Map<string, Row>();
  for (const r of rows) {
    const id = `${r.figure}|${r.key}`;
    const sum = sums.get(id);
    if (sum) {
      sum.schools = n(sum.schools) + n(r.schools);
      sum.engaged = n(sum.engaged) + n(r.engaged);
    } else sums.set(id, { ...r, hub_id: 0 });
  }
  return [...sums.values()];
}

/** A year's figures with its network row (LLMEs, specialists, RIWGs, NCPs, hubs), or none. */
const yearOfNetwork = (yearCode: string, r: Row | undefined): YearFigures => ({
  ...blankYearFigures(yearCode),
  llmes: n(r?.llmes),
  masterySpecialists: n(r?.specialists),
  riwgs: n(r?.riwgs),
  ncps: n(r?.ncps),
  hubs: n(r?.hubs),
});

/** Every figure of the annual report for each year from `fromYear` to `toYear` (years on record). */
export async function annualFigures(db: Executor, q: FiguresQuery): Promise<YearFigures[]> {
  const [schoolRows, cumulativeRows, participantRows, networkRows] = await readsAtOnce(db, [
    reportRead(db, (tx) => schoolFigures(tx, q)),
    reportRead(db, (tx) => cumulativeFigures(tx, q)),
    reportRead(db, (tx) => participantFigures(tx, q)),
    reportRead(db, (tx) => networkFigures(tx, q)),
  ]);
  const years = new Map<string, YearFigures>();
  for (const r of networkRows) years.set(String(r.year_code), yearOfNetwork(String(r.year_code), r));
  for (const r of [...schoolRows, ...cumulativeRows]) {
    const y = years.get(String(r.year_code));
    if (y) addSchoolRow(y, r);
  }
  for (const r of participantRows) {
    const y = years.get(String(r.year_code));
    if (y) addParticipantRow(y, r);
  }
  for (const y of years.values()) sortStages(y);
  return [...years.values()].sort((a, b) => a.yearCode.localeCompare(b.yearCode));
}
