import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import {
  checkParticipantPrerequisites,
  checkPrerequisites,
  checkSchoolEligibility,
  type NcpRules,
  parseRules,
} from '../catalogue/rules.ts';
import type { NcpPhase, TfmStage } from '../catalogue/schema.ts';
import type { SchoolPhase } from '../schools/schema.ts';
import { stageOfRank } from './journey-rules.ts';
import { masteringNumberSchools } from './mastering-number.ts';
import { schoolCriteria } from './schema.ts';
import { intArray, successionCtes } from './succession.ts';
import { tfmStagesAt } from './tfm-stages.ts';

/**
 * Whether a school may join a group of an NCP, and if not why, in the programme's words
 * (docs/definitions.md, "Eligibility"). The one place that gathers a school's history and applies the
 * NCP's rules (src/modules/catalogue/rules.ts) and its phases: adding a school to an activity,
 * registering, the delivery import, the API and the hub's offer page all ask here.
 */
export interface EligibilityVerdict {
  ok: boolean;
  reasons: string[];
}

/** The kinds of school each phase of NCP is for (a special or all-through school fits several). */
const schoolPhasesFor: Record<NcpPhase, readonly SchoolPhase[]> = {
  primary: ['nursery', 'primary', 'all_through', 'special'],
  secondary: ['secondary', 'all_through', 'special'],
  post_16: ['secondary', 'all_through', 'special', 'post_16'],
  cross_phase: ['primary', 'secondary', 'all_through', 'special', 'post_16'],
  special: ['special'],
};

const ncpPhaseWords: Record<NcpPhase, string> = {
  primary: 'primary schools',
  secondary: 'secondary schools',
  post_16: 'post-16 providers',
  cross_phase: 'schools of any phase',
  special: 'special schools',
};

const schoolPhaseWords: Record<SchoolPhase, string> = {
  nursery: 'a nursery school',
  primary: 'a primary school',
  secondary: 'a secondary school',
  all_through: 'an all-through school',
  special: 'a special school',
  post_16: 'a post-16 provider',
  other: 'a school of another kind',
};

/**
 * Whether a school of this phase fits an NCP of these phases, with the reason it does not. A school we
 * cannot place ('other') is not refused on its phase.
 */
export function checkPhase(ncpPhases: readonly NcpPhase[], school: { name: string; phase: SchoolPhase }) {
  if (school.phase === 'other' || ncpPhases.length === 0) return null;
  if (ncpPhases.some((p) => schoolPhasesFor[p].includes(school.phase))) return null;
  const words = ncpPhases.map((p) => ncpPhaseWords[p]);
  const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words[0];
  return `This project is for ${list}: ${school.name} is ${schoolPhaseWords[school.phase]}.`;
}

/** The number of an NCP code, the same project across years: NCP23-09 and NCP24-09 are both "09". */
export const ncpCodeNumber = (code: string) =>
  code
    .trim()
    .replace(/^NCP\s*\d{2}-/i, '')
    .toLowerCase();

/**
 * The rule's codes that a school's completed codes satisfy, compared by number (a rule naming NCP23-28a
 * is met by completing NCP24-28a).
 */
export function codesMet(ruleCodes: readonly string[], completed: readonly string[]): string[] {
  const numbers = new Set(completed.map(ncpCodeNumber));
  return ruleCodes.filter((c) => numbers.has(ncpCodeNumber(c)));
}

/** What the platform knows of a school's journey up to (and including) an academic year. */
export interface SchoolRecord {
  stage: TfmStage | null;
  stagesTaken: TfmStage[];
  completedNcpCodes: string[];
  completedStrands: string[];
  criteriaMet: string[];
}

/**
 * A school's history up to a year, by its current URN (a predecessor's record counts):
 *  - its Teaching for Mastery stage at the end of the year (tfm-stages.ts);
 *  - the stages of the TfM Work Groups it has been in (signed up or completed, not withdrawn), except
 *    groups of the NCP being checked, so a school already in the group is not refused from it;
 *  - the NCP codes and strands it completed, and Mastering Number at Reception and KS1 when it took part
 *    (mastering-number.ts: completed, or someone from the school attended);
 *  - the criteria hub staff recorded for it (`school_criteria`).
 */
export async function schoolRecord(
  db: Executor,
  q: { schoolUrn: number; yearCode: string; exceptNcpId?: number },
): Promise<SchoolRecord> {
  return recordExcept(await schoolHistory(db, q), q.exceptNcpId);
}

/** What `schoolRecord` is made from, gathered once for a school and year (for every NCP of the year). */
interface SchoolHistory {
  stage: TfmStage | null;
  groups: { ncpId: number; code: string; strand: string | null; status: string; rank: number | null }[];
  masteringNumber: ('reception_ks1' | 'ks2' | 'other')[];
  criteriaMet: string[];
}

async function schoolHistory(
  db: Executor,
  q: { schoolUrn: number; yearCode: string },
): Promise<SchoolHistory> {
  const stage =
    (await tfmStagesAt(db, { yearCode: q.yearCode, urns: [q.schoolUrn] })).get(q.schoolUrn) ?? null;
  const rows = await db.execute<SchoolHistory['groups'][number]>(sql`
    WITH RECURSIVE ${successionCtes}
    SELECT n.id AS "ncpId", n.code, n.strand, x.status,
           array_position(ARRAY['readiness','development','embedding','sustaining'], n.completes_tfm_stage) AS rank
    FROM activity_schools x
    JOIN hub_activities a ON a.id = x.activity_id
    JOIN ncps n ON n.id = a.ncp_id
    LEFT JOIN succession sc ON sc.urn = x.school_urn
    WHERE coalesce(sc.current_urn, x.school_urn) = ${q.schoolUrn}
      AND a.year_code <= ${q.yearCode} AND x.status <> 'withdrawn' AND a.status <> 'cancelled'`);
  const mn = await masteringNumberSchools(db, { toYear: q.yearCode, urns: [q.schoolUrn] });
  return {
    stage,
    groups: rows.rows.map((r) => ({ ...r, ncpId: Number(r.ncpId) })),
    masteringNumber: mn.map((m) => m.programme),
    criteriaMet: await criteriaRecorded(db, q.schoolUrn),
  };
}

/** The record from a school's history, leaving out groups of the NCP being checked (a school already in it is not refused). */
function recordExcept(history: SchoolHistory, exceptNcpId: number | undefined): SchoolRecord {
  const stagesTaken = new Set<TfmStage>();
  const codes = new Set<string>();
  const strands = new Set<string>();
  for (const r of history.groups) {
    if (r.ncpId === exceptNcpId) continue;
    const taken = r.rank === null ? null : stageOfRank(Number(r.rank));
    if (taken) stagesTaken.add(taken);
    if (r.status === 'completed') {
      codes.add(r.code);
      if (r.strand) strands.add(r.strand);
    }
  }
  if (history.masteringNumber.includes('reception_ks1')) strands.add('mastering-number-reception-ks1');
  if (history.masteringNumber.includes('ks2')) strands.add('mastering-number-ks2');
  return {
    stage: history.stage,
    stagesTaken: [...stagesTaken],
    completedNcpCodes: [...codes],
    completedStrands: [...strands],
    criteriaMet: history.criteriaMet,
  };
}

/** The criteria hub staff recorded for a school (`school_criteria`), by code. */
export async function criteriaRecorded(db: Executor, urn: number): Promise<string[]> {
  const rows = await db
    .select({ code: schoolCriteria.criterionCode })
    .from(schoolCriteria)
    .where(eq(schoolCriteria.schoolUrn, urn))
    .orderBy(schoolCriteria.criterionCode);
  return rows.map((r) => r.code);
}

/** Of these schools, those with at least one Mastery Readiness criterion recorded. */
export async function schoolsMeetingCriteria(db: Executor, urns: readonly number[]): Promise<Set<number>> {
  if (!urns.length) return new Set();
  const rows = await db
    .selectDistinct({ urn: schoolCriteria.schoolUrn })
    .from(schoolCriteria)
    .where(inArray(schoolCriteria.schoolUrn, [...urns]));
  return new Set(rows.map((r) => r.urn));
}

/** Applies an NCP's rules, phases included, to what the platform knows of a school. */
export function judgeSchool(
  ncp: { phases: readonly NcpPhase[]; rules: NcpRules },
  school: { name: string; phase: SchoolPhase },
  record: SchoolRecord,
): EligibilityVerdict {
  const reasons: string[] = [];
  const phase = checkPhase(ncp.phases, school);
  if (phase) reasons.push(phase);
  const history = {
    phase: school.phase,
    tfmStage: record.stage,
    stagesTaken: record.stagesTaken,
    completedNcpCodes: codesMet(ncp.rules.prerequisites?.completedNcpCodes ?? [], record.completedNcpCodes),
    completedStrands: record.completedStrands,
    criteriaMet: record.criteriaMet,
  };
  for (const check of [checkSchoolEligibility(ncp.rules, history), checkPrerequisites(ncp.rules, history)])
    if (!check.ok) reasons.push(...check.reasons);
  return { ok: reasons.length === 0, reasons };
}

/**
 * Whether a school may join a group of an NCP: its phase, and the NCP's eligibility and prerequisites,
 * judged on the school's record up to the NCP's year. An unknown NCP or school is not eligible.
 */
export async function schoolEligibility(
  db: Executor,
  q: { ncpId: number; schoolUrn: number },
): Promise<EligibilityVerdict> {
  return (await schoolEligibilities(db, { ncpIds: [q.ncpId], schoolUrn: q.schoolUrn })).get(q.ncpId)!;
}

/**
 * `schoolEligibility` for many NCPs at once (a hub's offer): the school's history is gathered once for
 * each year of the NCPs, not once for each NCP.
 */
export async function schoolEligibilities(
  db: Executor,
  q: { ncpIds: readonly number[]; schoolUrn: number },
): Promise<Map<number, EligibilityVerdict>> {
  const verdicts = new Map<number, EligibilityVerdict>();
  for (const id of q.ncpIds)
    verdicts.set(id, { ok: false, reasons: ['There is no such project in the catalogue.'] });
  if (!q.ncpIds.length) return verdicts;
  const found = await db.execute<{
    id: number;
    year_code: string;
    phases: NcpPhase[];
    rules: unknown;
    name: string | null;
    phase: SchoolPhase | null;
  }>(sql`
    SELECT n.id, n.year_code, n.phases, n.rules, s.name, s.phase
    FROM ncps n LEFT JOIN schools s ON s.urn = ${q.schoolUrn}
    WHERE n.id = ANY(${intArray(q.ncpIds)})`);
  const histories = new Map<string, SchoolHistory>();
  for (const row of found.rows) {
    const ncpId = Number(row.id);
    if (!row.name || !row.phase) {
      verdicts.set(ncpId, { ok: false, reasons: ['There is no school with this URN.'] });
      continue;
    }
    let history = histories.get(row.year_code);
    if (!history) {
      history = await schoolHistory(db, { schoolUrn: q.schoolUrn, yearCode: row.year_code });
      histories.set(row.year_code, history);
    }
    verdicts.set(
      ncpId,
      judgeSchool(
        { phases: row.phases, rules: parseRules(row.rules) },
        { name: row.name, phase: row.phase },
        recordExcept(history, ncpId),
      ),
    );
  }
  return verdicts;
}

/**
 * The strands of the NCPs a person has done: enrolments not withdrawn that they completed, or where they
 * were present at least once (the engagement rule), in the year given or before.
 */
export async function personStrandsDone(
  db: Executor,
  q: { personId: number; yearCode: string },
): Promise<string[]> {
  const rows = await db.execute<{ strand: string }>(sql`
    SELECT DISTINCT n.strand
    FROM enrolments e
    JOIN people p ON p.id = e.person_id
    JOIN hub_activities a ON a.id = e.activity_id
    JOIN ncps n ON n.id = a.ncp_id
    WHERE coalesce(p.merged_into_person_id, p.id) = ${q.personId} AND n.strand IS NOT NULL
      AND a.year_code <= ${q.yearCode} AND e.status <> 'withdrawn'
      AND (e.status = 'completed' OR EXISTS (
        SELECT 1 FROM attendance_marks m WHERE m.enrolment_id = e.id AND m.status = 'present'))`);
  return rows.rows.map((r) => r.strand);
}

/**
 * Whether a person may join a group of an NCP from a school: the school's eligibility, and what the NCP
 * asks of the participant first (ECT Phase 2 after Phase 1: `prerequisites.participantCompletedStrands`).
 */
export async function participantEligibility(
  db: Executor,
  q: { ncpId: number; personId: number; schoolUrn: number },
): Promise<EligibilityVerdict> {
  const school = await schoolEligibility(db, { ncpId: q.ncpId, schoolUrn: q.schoolUrn });
  const person = await participantPrerequisites(db, { ncpId: q.ncpId, personId: q.personId });
  const reasons = [...school.reasons, ...person];
  return { ok: reasons.length === 0, reasons };
}

/** What the NCP asks of the participant first that they have not done, as reasons (none when nothing). */
export async function participantPrerequisites(
  db: Executor,
  q: { ncpId: number; personId: number },
): Promise<string[]> {
  const found = await db.execute<{ year_code: string; rules: unknown }>(
    sql`SELECT year_code, rules FROM ncps WHERE id = ${q.ncpId}`,
  );
  const row = found.rows[0];
  if (!row) return [];
  const rules = parseRules(row.rules);
  if (!rules.prerequisites?.participantCompletedStrands) return [];
  const done = await personStrandsDone(db, { personId: q.personId, yearCode: row.year_code });
  const check = checkParticipantPrerequisites(rules, done);
  return check.ok ? [] : check.reasons;
}
