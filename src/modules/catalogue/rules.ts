import { z } from 'zod';
import { type AccreditationKind, accreditationKinds } from '../people/schema.ts';
import { type SchoolPhase, schoolPhases } from '../schools/schema.ts';
import { type TfmStage, tfmStages } from './schema.ts';

/**
 * The rules of an NCP that the platform enforces (`ncps.rules`), as the specifications state them:
 * the size of a Work Group or cohort, who may lead it, which schools may join and what they must have
 * done before. Every rule is optional: an NCP without rules accepts any group, lead and school.
 */

export const groupSizeUnits = ['schools', 'participants'] as const;
export type GroupSizeUnit = (typeof groupSizeUnits)[number];

const count = z.number().int().min(1).max(10_000);
const criterionCode = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'A criterion code is lower-case words joined by hyphens');

export const groupSizeRule = z
  .object({
    min: count.optional(),
    max: count.optional(),
    unit: z.enum(groupSizeUnits),
  })
  .strict()
  .refine((g) => g.min !== undefined || g.max !== undefined, 'A group size needs a minimum or a maximum')
  .refine(
    (g) => g.min === undefined || g.max === undefined || g.min <= g.max,
    'The smallest group size cannot be more than the largest',
  );

/**
 * The seven criteria of the Mastery Readiness specification (section G): a school must meet at least
 * one (and never have been in a Teaching for Mastery Work Group). Hub staff record the ones a school
 * meets (the school's journey page); the catalogues' `eligibility.anyOf` lists them in these words.
 */
export const masteryReadinessCriteria = [
  {
    code: 'ofsted-ri-or-inadequate',
    reason: 'Has been judged at RI or Inadequate for at least their most recent OFSTED inspection',
  },
  {
    code: 'poor-maths-progress-or-attainment',
    reason: 'Has poor progress or attainment data for mathematics across the school',
  },
  {
    code: 'identified-by-local-authority',
    reason: 'Has been identified, by their Local Authority, as being suitable for the programme',
  },
  {
    code: 'low-social-mobility-area',
    reason: 'Is in an area of low social mobility such as Opportunity Areas, Category 5/6 areas',
  },
  {
    code: 'needs-maths-leadership-support',
    reason: 'Identifies as needing additional support for leadership of mathematics',
  },
  {
    code: 'high-staff-turnover',
    reason:
      'Has a high turnover of staff, meaning that the implementation of sustained change can be difficult',
  },
  {
    code: 'other-identifiable-reason',
    reason: 'Another identifiable reason for being unable to engage in developing Teaching for Mastery yet',
  },
] as const;

export type CriterionCode = (typeof masteryReadinessCriteria)[number]['code'];

/** The wording of a criterion code (the code itself for one no catalogue lists any more). */
export const criterionWording = (code: string): string =>
  masteryReadinessCriteria.find((c) => c.code === code)?.reason ?? code;

export const eligibilityRule = z
  .object({
    /** Only schools of these kinds may join (the special schools' Development Communities). */
    schoolPhases: z.array(z.enum(schoolPhases)).min(1).optional(),
    /** The school must never have been in a Teaching for Mastery Work Group at any of these stages. */
    neverIn: z.array(z.enum(tfmStages)).min(1).optional(),
    /** The school must meet at least one of these criteria (the reasons shown to the hub). */
    anyOf: z
      .array(z.object({ code: criterionCode, reason: z.string().trim().min(1).max(300) }).strict())
      .min(1)
      .optional(),
  })
  .strict();

export const prerequisitesRule = z
  .object({
    /** The school must have reached at least this Teaching for Mastery stage. */
    stage: z.enum(tfmStages).optional(),
    /** It must have completed an NCP of each of these strands (the same project in any year). */
    completedStrands: z.array(z.string().trim().min(1).max(100)).min(1).optional(),
    /** It must have completed each of these NCPs, by code. */
    completedNcpCodes: z.array(z.string().trim().min(1).max(30)).min(1).optional(),
    /** Each participant must have completed an NCP of each of these strands (ECT Phase 2 after Phase 1). */
    participantCompletedStrands: z.array(z.string().trim().min(1).max(100)).min(1).optional(),
  })
  .strict();

export const ncpRulesSchema = z
  .object({
    groupSize: groupSizeRule.optional(),
    /** The lead must hold one of these accreditations. */
    leadRequires: z.array(z.enum(accreditationKinds)).min(1).optional(),
    eligibility: eligibilityRule.optional(),
    prerequisites: prerequisitesRule.optional(),
    /** The average number of participants a group is funded or planned for. */
    averageParticipants: z.number().positive().max(10_000).optional(),
  })
  .strict();

export type NcpRules = z.infer<typeof ncpRulesSchema>;

export type CheckResult = { ok: true } | { ok: false; reasons: string[] };

const ok: CheckResult = { ok: true };
const fail = (reasons: string[]): CheckResult => (reasons.length ? { ok: false, reasons } : ok);

export const accreditationNames: Record<AccreditationKind, string> = {
  mastery_specialist: 'an accredited primary Mastery Specialist',
  secondary_mastery_specialist: 'an accredited secondary Mastery Specialist',
  post_16_mastery_specialist: 'an accredited post-16 Mastery Specialist',
  pd_lead: 'an NCETM accredited Professional Development Lead',
  school_development_lead: 'an NCETM accredited School Development Lead',
  work_group_lead: 'an accredited Work Group Lead',
};

export const tfmStageNames: Record<TfmStage, string> = {
  readiness: 'Mastery Readiness',
  development: 'Development',
  embedding: 'Embedding',
  sustaining: 'Sustaining',
};

const plural = (n: number, unit: GroupSizeUnit) =>
  `${n} ${n === 1 ? (unit === 'schools' ? 'school' : 'participant') : unit}`;

/** Lists words as people write them: "a, b or c". */
export function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** "5 to 8 schools", "at least 5 participants", "at most 120 participants". */
export function describeGroupSize(size: NonNullable<NcpRules['groupSize']>): string {
  const { min, max, unit } = size;
  if (min !== undefined && max !== undefined)
    return min === max ? plural(min, unit) : `${min} to ${plural(max, unit)}`;
  if (min !== undefined) return `at least ${plural(min, unit)}`;
  return `at most ${plural(max!, unit)}`;
}

/** Whether a group of `count` schools or participants (in the rule's unit) is the right size. */
export function checkGroupSize(rules: NcpRules, count: number): CheckResult {
  const size = rules.groupSize;
  if (!size) return ok;
  const tooFew = size.min !== undefined && count < size.min;
  const tooMany = size.max !== undefined && count > size.max;
  if (!tooFew && !tooMany) return ok;
  return fail([
    `A group of this NCP has ${describeGroupSize(size)}: this one has ${plural(count, size.unit)}.`,
  ]);
}

/**
 * Whether a group may grow to `count` (schools or participants): refused only above the maximum, since a
 * group under its minimum is still forming (see `groupSizeWarning`). A rule counted in another unit does
 * not apply.
 */
export function checkGroupMaximum(rules: NcpRules, count: number, unit: GroupSizeUnit): CheckResult {
  const size = rules.groupSize;
  if (!size || size.unit !== unit || size.max === undefined || count <= size.max) return ok;
  return fail([`A group of this NCP has ${describeGroupSize(size)}: it would have ${plural(count, unit)}.`]);
}

/** A warning while a group is under its minimum (allowed, but worth saying), else null. */
export function groupSizeWarning(rules: NcpRules, count: number, unit: GroupSizeUnit): string | null {
  const size = rules.groupSize;
  if (!size || size.unit !== unit || size.min === undefined || count >= size.min) return null;
  return `The group has ${plural(count, unit)}: a group of this NCP has ${describeGroupSize(size)}.`;
}

/** Whether someone holding these accreditations may lead a group of this NCP. */
export function checkLead(rules: NcpRules, accreditations: readonly AccreditationKind[]): CheckResult {
  const wanted = rules.leadRequires;
  if (!wanted?.length || wanted.some((kind) => accreditations.includes(kind))) return ok;
  return fail([`The lead must be ${orList(wanted.map((k) => accreditationNames[k]))}.`]);
}

/** What the platform knows of a school (or a participant) when checking eligibility and prerequisites. */
export interface SchoolHistory {
  /** The school's phase (for `eligibility.schoolPhases`). */
  phase?: SchoolPhase | null;
  /** The furthest Teaching for Mastery stage the school has reached, if any. */
  tfmStage?: TfmStage | null;
  /** The stages of the TfM Work Groups it has been in (by default: every stage up to `tfmStage`). */
  stagesTaken?: readonly TfmStage[];
  /** The NCPs it has completed, by code. */
  completedNcpCodes?: readonly string[];
  /** The strands of the NCPs it has completed. */
  completedStrands?: readonly string[];
  /** The codes of the eligibility criteria it meets (`anyOf` codes), as the hub recorded them. */
  criteriaMet?: readonly string[];
}

const stageIndex = (stage: TfmStage | null | undefined) => (stage ? tfmStages.indexOf(stage) : -1);

function stagesTakenBy(history: SchoolHistory): TfmStage[] {
  if (history.stagesTaken) return [...history.stagesTaken];
  return tfmStages.filter((_, i) => i <= stageIndex(history.tfmStage));
}

/** Kinds of school, as a rule names them ("Only special schools may join."). */
export const schoolKindNames: Record<SchoolPhase, string> = {
  nursery: 'nursery schools',
  primary: 'primary schools',
  secondary: 'secondary schools',
  all_through: 'all-through schools',
  special: 'special schools',
  post_16: 'post-16 providers',
  other: 'other schools',
};

/** Whether a school may join a group of this NCP, with the reasons it may not. */
export function checkSchoolEligibility(rules: NcpRules, history: SchoolHistory): CheckResult {
  const eligibility = rules.eligibility;
  if (!eligibility) return ok;
  const reasons: string[] = [];
  if (eligibility.schoolPhases && history.phase && !eligibility.schoolPhases.includes(history.phase)) {
    reasons.push(`Only ${orList(eligibility.schoolPhases.map((p) => schoolKindNames[p]))} may join.`);
  }
  if (eligibility.neverIn) {
    const taken = stagesTakenBy(history).filter((s) => eligibility.neverIn!.includes(s));
    if (taken.length) {
      reasons.push(
        `Only schools that have never been in a Teaching for Mastery Work Group may join: this school has been in ${orList(
          taken.map((s) => `a ${tfmStageNames[s]} Work Group`),
        )}.`,
      );
    }
  }
  if (eligibility.anyOf) {
    const met = history.criteriaMet ?? [];
    if (!eligibility.anyOf.some((c) => met.includes(c.code))) {
      reasons.push(
        `The school must meet at least one of these criteria: ${eligibility.anyOf
          .map((c) => c.reason)
          .join('; ')}.`,
      );
    }
  }
  return fail(reasons);
}

/** Whether a school (or participant) has done what this NCP requires first. */
export function checkPrerequisites(rules: NcpRules, history: SchoolHistory): CheckResult {
  const pre = rules.prerequisites;
  if (!pre) return ok;
  const reasons: string[] = [];
  if (pre.stage && stageIndex(history.tfmStage) < stageIndex(pre.stage)) {
    const now = history.tfmStage ? `it is at ${tfmStageNames[history.tfmStage]}` : 'it has not started';
    reasons.push(
      `Only schools that have reached the ${tfmStageNames[pre.stage]} stage of Teaching for Mastery may join: ${now}.`,
    );
  }
  for (const strand of pre.completedStrands ?? []) {
    if (!(history.completedStrands ?? []).includes(strand))
      reasons.push(`It must first complete ${strandName(strand)}.`);
  }
  for (const code of pre.completedNcpCodes ?? []) {
    if (!(history.completedNcpCodes ?? []).includes(code)) reasons.push(`It must first complete ${code}.`);
  }
  return fail(reasons);
}

/** Whether a participant has completed what this NCP requires of them first (ECT Phase 2 after Phase 1). */
export function checkParticipantPrerequisites(
  rules: NcpRules,
  completedStrands: readonly string[],
): CheckResult {
  const wanted = rules.prerequisites?.participantCompletedStrands ?? [];
  return fail(
    wanted
      .filter((strand) => !completedStrands.includes(strand))
      .map((strand) => `The participant must first complete ${strandName(strand)}.`),
  );
}

/** Strands are stored as slugs (`mastering-number-reception-ks1`); their names for people. */
export const strandNames: Record<string, string> = {
  'mastering-number-reception-ks1': 'Mastering Number at Reception and KS1',
  'mastering-number-ks2': 'Mastering Number at KS2',
  'sktm-primary-ect-phase-1':
    'Specialist Knowledge for Teaching Mathematics: Primary Early Career Teachers – Phase 1',
  'sktm-secondary-ect-phase-1':
    'Specialist Knowledge for Teaching Mathematics: Secondary Early Career Teachers – Phase 1',
  // Every other strand of the catalogue, in the programme's words (its NCPs' titles).
  'a-level-pedagogy': 'Developing A Level Pedagogy',
  'core-maths-pedagogy': 'Developing Core Maths Pedagogy',
  'itt-partnerships': 'Strengthening Partnerships with ITT Providers',
  'low-attainers-level-2': 'Supporting Low Attainers to Achieve a L2 Qualification in Mathematics',
  'mastering-number-embedding-the-impact': 'Mastering Number Embedding the Impact',
  'mastery-readiness': 'Mastery Readiness',
  'pd-lead-programme': 'NCETM Professional Development Lead Programme',
  'post-16-mastery-specialists': 'Post-16 GCSE/FSQ Mastery Specialist Programme',
  'primary-mastery-specialists': 'Primary Mastery Specialist Programme',
  'primary-tfm-development': 'Primary Teaching for Mastery Development',
  'primary-tfm-embedding': 'Primary Teaching for Mastery Embedding',
  'primary-tfm-sustaining': 'Primary Teaching for Mastery Sustaining',
  'school-development-lead-programme': 'NCETM School Development Lead Programme',
  'secondary-mastery-specialists': 'Secondary Mastery Specialist Programme',
  'secondary-mat-leads': 'Secondary Maths MAT Leads',
  'secondary-subject-leadership': 'Secondary Subject Leadership',
  'secondary-tfm-development': 'Secondary Teaching for Mastery Development',
  'secondary-tfm-embedding': 'Secondary Teaching for Mastery Embedding',
  'secondary-tfm-sustaining': 'Secondary Teaching for Mastery Embedding and Sustaining',
  'sktm-core-maths': 'Specialist Knowledge for Teaching Mathematics: Core Maths Teachers',
  'sktm-early-years': 'Specialist Knowledge for Teaching Mathematics: Early Years Teachers',
  'sktm-primary-ect-phase-2':
    'Specialist Knowledge for Teaching Mathematics: Primary Early Career Teachers – Phase 2',
  'sktm-primary-teachers': 'Specialist Knowledge for Teaching Mathematics: Primary Teachers',
  'sktm-primary-teaching-assistants':
    'Specialist Knowledge for Teaching Mathematics: Primary Teaching Assistants',
  'sktm-secondary-ect-phase-2':
    'Specialist Knowledge for Teaching Mathematics: Secondary Early Career Teachers – Phase 2',
  'sktm-secondary-non-specialist':
    'Specialist Knowledge for Teaching Mathematics: Secondary Non-specialist Teachers',
  'sktm-secondary-teaching-assistants':
    'Specialist Knowledge for Teaching Mathematics: Secondary Teaching Assistants',
  'special-schools-tfm-development': 'Special Schools Teaching for Mastery Development',
  'targeted-support': 'Targeted Support in Maths',
  'y5-y8-continuity': 'Years 5–8 Continuity',
  // Strands of 2019/20 only.
  'china-england-exchange': 'China-England Exchange Programme',
  'sle-school-improvement': 'Maths SLE School Improvement Support Programme',
  'llme-communities': 'LLME Communities',
  'early-years': 'Early Years: Supporting effective transition from Reception to Year 1',
  'primary-tfm-focused-issue-lesson-design': 'Primary Teaching for Mastery Focused Issue: Designing Lessons',
  'primary-tfm-focused-issue-intervention':
    'Primary Teaching for Mastery Focused Issue: Intervention in a Mastery Context',
  'primary-tfm-focused-issue-mixed-age': 'Primary Teaching for Mastery Focused Issue: Mixed Age Planning',
  'mathematical-thinking-gcse': 'Mathematical Thinking for GCSE',
  'challenging-topics-gcse': 'Challenging Topics at GCSE',
  'post-16-gcse-resit': 'Supporting Post-16 GCSE Resit',
  'core-maths': 'Supporting Core Maths',
  'level-3-technology': 'Embedding Technology in Level 3 Mathematics Teaching',
  'sktm-primary':
    'Specialist Knowledge for Teaching Mathematics: Primary, Teaching Assistants and Early Years',
};

export const strandName = (strand: string) => strandNames[strand] ?? strand.replace(/-/g, ' ');

/** The rules in plain English, one sentence each, for the NCP's page and the catalogue's downloads. */
export function describeRules(rules: NcpRules): string[] {
  const out: string[] = [];
  if (rules.groupSize) out.push(`A group has ${describeGroupSize(rules.groupSize)}.`);
  if (rules.averageParticipants) out.push(`Groups average ${rules.averageParticipants} participants.`);
  if (rules.leadRequires)
    out.push(`The lead must be ${orList(rules.leadRequires.map((k) => accreditationNames[k]))}.`);
  if (rules.eligibility?.schoolPhases)
    out.push(`Only ${orList(rules.eligibility.schoolPhases.map((p) => schoolKindNames[p]))} may join.`);
  if (rules.eligibility?.neverIn) {
    out.push(
      `A school may join only if it has never been in ${orList(
        rules.eligibility.neverIn.map((s) => `a ${tfmStageNames[s]} Work Group`),
      )}.`,
    );
  }
  if (rules.eligibility?.anyOf) {
    out.push(
      `A school must also meet at least one of: ${rules.eligibility.anyOf.map((c) => c.reason).join('; ')}.`,
    );
  }
  if (rules.prerequisites?.stage)
    out.push(
      `Only for schools that have reached the ${tfmStageNames[rules.prerequisites.stage]} stage of Teaching for Mastery.`,
    );
  for (const strand of rules.prerequisites?.completedStrands ?? [])
    out.push(`Only for those who have completed ${strandName(strand)}.`);
  for (const code of rules.prerequisites?.completedNcpCodes ?? [])
    out.push(`Only for those who have completed ${code}.`);
  for (const strand of rules.prerequisites?.participantCompletedStrands ?? [])
    out.push(`Only for participants who have completed ${strandName(strand)}.`);
  return out;
}

/** Reads stored rules (the database holds them as JSON), failing loudly if they are not valid. */
export const parseRules = (value: unknown): NcpRules => ncpRulesSchema.parse(value ?? {});
