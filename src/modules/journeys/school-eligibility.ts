import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { checkPrerequisites, checkSchoolEligibility, type NcpRules, parseRules } from '../catalogue/rules.ts';
import type { NcpPhase, TfmStage } from '../catalogue/schema.ts';
import type { SchoolPhase } from '../schools/schema.ts';
import { stageOfRank } from './journey-rules.ts';
import { masteringNumberSchools } from './mastering-number.ts';
import { successionCtes } from './succession.ts';
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
  const stage =
    (await tfmStagesAt(db, { yearCode: q.yearCode, urns: [q.schoolUrn] })).get(q.schoolUrn) ?? null;
  const rows = await db.execute<{
    code: string;
    strand: string | null;
    status: string;
    rank: number | null;
  }>(sql`
    WITH RECURSIVE ${successionCtes}
    SELECT n.code, n.strand, x.status,
           array_position(ARRAY['readiness','development','embedding','sustaining'], n.completes_tfm_stage) AS rank
    FROM activity_schools x
    JOIN hub_activities a ON a.id = x.activity_id
    JOIN ncps n ON n.id = a.ncp_id
    LEFT JOIN succession sc ON sc.urn = x.school_urn
    WHERE coalesce(sc.current_urn, x.school_urn) = ${q.schoolUrn}
      AND a.year_code <= ${q.yearCode} AND x.status <> 'withdrawn' AND a.status <> 'cancelled'
      ${q.exceptNcpId === undefined ? sql`` : sql`AND n.id <> ${q.exceptNcpId}`}`);
  const stagesTaken = new Set<TfmStage>();
  const codes = new Set<string>();
  const strands = new Set<string>();
  for (const r of rows.rows) {
    const taken = r.rank === null ? null : stageOfRank(Number(r.rank));
    if (taken) stagesTaken.add(taken);
    if (r.status === 'completed') {
      codes.add(r.code);
      if (r.strand) strands.add(r.strand);
    }
  }
  const mn = await masteringNumberSchools(db, { toYear: q.yearCode, urns: [q.schoolUrn] });
  if (mn.some((m) => m.programme === 'reception_ks1')) strands.add('mastering-number-reception-ks1');
  if (mn.some((m) => m.programme === 'ks2')) strands.add('mastering-number-ks2');
  return {
    stage,
    stagesTaken: [...stagesTaken],
    completedNcpCodes: [...codes],
    completedStrands: [...strands],
    criteriaMet: await criteriaRecorded(db, q.schoolUrn),
  };
}

/** The criteria hub staff recorded for a school (none until they record some). */
async function criteriaRecorded(_db: Executor, _urn: number): Promise<string[]> {
  return [];
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
  const found = await db.execute<{
    year_code: string;
    phases: NcpPhase[];
    rules: unknown;
    name: string | null;
    phase: SchoolPhase | null;
  }>(sql`
    SELECT n.year_code, n.phases, n.rules, s.name, s.phase
    FROM ncps n LEFT JOIN schools s ON s.urn = ${q.schoolUrn}
    WHERE n.id = ${q.ncpId}`);
  const row = found.rows[0];
  if (!row) return { ok: false, reasons: ['There is no such project in the catalogue.'] };
  if (!row.name || !row.phase) return { ok: false, reasons: ['There is no school with this URN.'] };
  const record = await schoolRecord(db, {
    schoolUrn: q.schoolUrn,
    yearCode: row.year_code,
    exceptNcpId: q.ncpId,
  });
  return judgeSchool(
    { phases: row.phases, rules: parseRules(row.rules) },
    { name: row.name, phase: row.phase },
    record,
  );
}
