import { z } from 'zod';
import type { ComparedField } from '../../platform/edit-versions.ts';
import { accreditationKinds } from '../people/schema.ts';
import { ncpCodeSchema } from './catalogue-file.ts';
import { ncpPhaseNames, ncpTypeNames, participationLabel, participationNames } from './labels.ts';
import { accreditationNames, groupSizeUnits, type NcpRules, ncpRulesSchema, tfmStageNames } from './rules.ts';
import {
  type NcpPhase,
  type NcpSections,
  ncpPhases,
  ncpTypes,
  participationLevels,
  type TfmStage,
  tfmStages,
} from './schema.ts';

/**
 * The NCP edit form: flat fields (text boxes, checkboxes, text areas) to and from an NCP's title,
 * phases, type, participation, sections A–K and rules. The rules are validated by the rules schema.
 */

/** The text areas of sections A–K, in the order of the specifications, with their headings. */
export const sectionFields = [
  { name: 'summary', letter: 'A', heading: 'Project summary' },
  { name: 'rationale', letter: 'B', heading: 'Project rationale' },
  { name: 'outcomesProfessionalLearning', letter: 'C', heading: 'Outcomes: professional learning' },
  { name: 'outcomesPracticeDevelopment', letter: 'C', heading: 'Outcomes: practice development' },
  { name: 'outcomesMaterials', letter: 'C', heading: 'Outcomes: development or identification of materials' },
  {
    name: 'outcomesWholeSchool',
    letter: 'C',
    heading: 'Outcomes: whole school/departmental policies and approaches',
  },
  { name: 'outcomesPupilOutcomes', letter: 'C', heading: 'Outcomes: pupil outcomes' },
  { name: 'models', letter: 'D', heading: 'Models' },
  { name: 'pct', letter: 'E', heading: 'Project Co-ordination Team (PCT)' },
  { name: 'leads', letter: 'F', heading: 'Leads' },
  { name: 'participants', letter: 'G', heading: 'Participants' },
  { name: 'participationData', letter: 'H', heading: 'Participation data' },
  {
    name: 'nationalWorkshops',
    letter: 'I',
    heading: 'NCP national workshops, webinars and online communities',
  },
  { name: 'finances', letter: 'J', heading: 'Finances' },
  { name: 'evaluation', letter: 'K', heading: 'Reflection, evaluation and reports' },
] as const;

const outcomeKeys = {
  outcomesProfessionalLearning: 'professionalLearning',
  outcomesPracticeDevelopment: 'practiceDevelopment',
  outcomesMaterials: 'materials',
  outcomesWholeSchool: 'wholeSchool',
  outcomesPupilOutcomes: 'pupilOutcomes',
} as const;

const list = (value: unknown) =>
  value === undefined || value === null || value === '' ? [] : Array.isArray(value) ? value : [value];
const optionalText = (max: number, label: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').replace(/\r\n/g, '\n').trim())
    .pipe(z.string().max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`));
const optionalCount = (label: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .pipe(
      z
        .string()
        .regex(/^\d{0,5}$/, `${label} must be a whole number`)
        .transform((v) => (v === '' ? undefined : Number(v))),
    );
const words = (value: string) =>
  value
    .split(/[\n,]/)
    .map((w) => w.trim())
    .filter(Boolean);

const sectionShape = Object.fromEntries(
  sectionFields.map((f) => [f.name, optionalText(20_000, `${f.letter}. ${f.heading}`)]),
) as Record<(typeof sectionFields)[number]['name'], ReturnType<typeof optionalText>>;

export const ncpFormSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'Enter the NCP’s title')
    .max(300, 'The title must be 300 characters or fewer'),
  strand: optionalText(100, 'The strand'),
  phases: z.preprocess(list, z.array(z.enum(ncpPhases)).min(1, 'Choose at least one phase')),
  type: z.enum(ncpTypes, { message: 'Choose the type of NCP' }),
  participation: z.enum(participationLevels, { message: 'Choose whether hubs must take part' }),
  completesTfmStage: z.preprocess((v) => (v === '' ? undefined : v), z.enum(tfmStages).optional()),
  nextNcpCode: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    ncpCodeSchema.optional(),
  ),
  ...sectionShape,
  groupSizeMin: optionalCount('The smallest group'),
  groupSizeMax: optionalCount('The largest group'),
  groupSizeUnit: z.preprocess((v) => (v === '' ? undefined : v), z.enum(groupSizeUnits).optional()),
  averageParticipants: optionalCount('The average number of participants'),
  leadRequires: z.preprocess(list, z.array(z.enum(accreditationKinds))),
  neverIn: z.preprocess(list, z.array(z.enum(tfmStages))),
  eligibilityCriteria: optionalText(5_000, 'The eligibility criteria'),
  prerequisiteStage: z.preprocess((v) => (v === '' ? undefined : v), z.enum(tfmStages).optional()),
  prerequisiteStrands: optionalText(1_000, 'The strands'),
  prerequisiteCodes: optionalText(1_000, 'The NCP codes'),
});

export interface NcpChanges {
  title: string;
  strand: string | null;
  phases: NcpPhase[];
  type: (typeof ncpTypes)[number];
  participation: (typeof participationLevels)[number];
  completesTfmStage: TfmStage | null;
  nextNcpCode: string | null;
  sections: NcpSections;
  rules: NcpRules;
}

export type FormResult =
  | { ok: true; value: NcpChanges }
  | { ok: false; errors: { field: string; message: string }[] };

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

/** Reads the edit form into an NCP's fields, with the problems keyed by field. */
export function parseNcpForm(body: unknown): FormResult {
  const parsed = ncpFormSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const seen = new Set<string>();
    const errors = parsed.error.issues
      .map((i) => ({ field: String(i.path[0] ?? 'title'), message: i.message }))
      .filter((e) => !seen.has(e.field) && seen.add(e.field));
    return { ok: false, errors };
  }
  const f = parsed.data;
  const errors: { field: string; message: string }[] = [];

  const sections: NcpSections = {};
  const outcomes: NonNullable<NcpSections['outcomes']> = {};
  for (const { name } of sectionFields) {
    const value = f[name];
    if (!value) continue;
    if (name in outcomeKeys) outcomes[outcomeKeys[name as keyof typeof outcomeKeys]] = value;
    else (sections as Record<string, string>)[name] = value;
  }
  if (Object.keys(outcomes).length) sections.outcomes = outcomes;

  const rules: Record<string, unknown> = {};
  if (f.groupSizeMin !== undefined || f.groupSizeMax !== undefined) {
    if (!f.groupSizeUnit)
      errors.push({
        field: 'groupSizeUnit',
        message: 'Choose whether a group counts schools or participants',
      });
    rules.groupSize = { min: f.groupSizeMin, max: f.groupSizeMax, unit: f.groupSizeUnit };
    if (f.groupSizeMin === 0 || f.groupSizeMax === 0)
      errors.push({
        field: f.groupSizeMin === 0 ? 'groupSizeMin' : 'groupSizeMax',
        message: 'A group size must be at least 1',
      });
    else if (f.groupSizeMin !== undefined && f.groupSizeMax !== undefined && f.groupSizeMin > f.groupSizeMax)
      errors.push({
        field: 'groupSizeMax',
        message: 'The largest group cannot be smaller than the smallest',
      });
  }
  if (f.averageParticipants !== undefined) rules.averageParticipants = f.averageParticipants;
  if (f.leadRequires.length) rules.leadRequires = f.leadRequires;
  const criteria = f.eligibilityCriteria
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const anyOf = [];
  for (const line of criteria) {
    const match = /^([a-z0-9-]+):\s*(.+)$/.exec(line);
    anyOf.push(match ? { code: match[1]!, reason: match[2]!.trim() } : { code: slug(line), reason: line });
  }
  if (f.neverIn.length || anyOf.length) {
    rules.eligibility = {
      ...(f.neverIn.length ? { neverIn: f.neverIn } : {}),
      ...(anyOf.length ? { anyOf } : {}),
    };
  }
  const strands = words(f.prerequisiteStrands);
  const codes = words(f.prerequisiteCodes);
  if (f.prerequisiteStage || strands.length || codes.length) {
    rules.prerequisites = {
      ...(f.prerequisiteStage ? { stage: f.prerequisiteStage } : {}),
      ...(strands.length ? { completedStrands: strands } : {}),
      ...(codes.length ? { completedNcpCodes: codes } : {}),
    };
  }
  for (const code of codes) {
    if (!ncpCodeSchema.safeParse(code).success) {
      errors.push({ field: 'prerequisiteCodes', message: `${code} is not an NCP code like NCP23-09` });
      break;
    }
  }
  if (errors.length) return { ok: false, errors };
  const checked = ncpRulesSchema.safeParse(JSON.parse(JSON.stringify(rules)));
  if (!checked.success)
    return { ok: false, errors: [{ field: 'groupSizeMin', message: checked.error.issues[0]!.message }] };
  return {
    ok: true,
    value: {
      title: f.title,
      strand: f.strand || null,
      phases: f.phases,
      type: f.type,
      participation: f.participation,
      completesTfmStage: f.completesTfmStage ?? null,
      nextNcpCode: f.nextNcpCode ?? null,
      sections,
      rules: checked.data,
    },
  };
}

/** An NCP as the edit form shows it. */
export function ncpFormValues(ncp: {
  title: string;
  strand: string | null;
  phases: string[];
  type: string;
  participation: string;
  completesTfmStage: string | null;
  nextNcpCode: string | null;
  sections: NcpSections;
  rules: NcpRules;
}): Record<string, string | string[]> {
  const s = ncp.sections;
  const r = ncp.rules;
  const values: Record<string, string | string[]> = {
    title: ncp.title,
    strand: ncp.strand ?? '',
    phases: ncp.phases,
    type: ncp.type,
    participation: ncp.participation,
    completesTfmStage: ncp.completesTfmStage ?? '',
    nextNcpCode: ncp.nextNcpCode ?? '',
    groupSizeMin: r.groupSize?.min?.toString() ?? '',
    groupSizeMax: r.groupSize?.max?.toString() ?? '',
    groupSizeUnit: r.groupSize?.unit ?? '',
    averageParticipants: r.averageParticipants?.toString() ?? '',
    leadRequires: r.leadRequires ?? [],
    neverIn: r.eligibility?.neverIn ?? [],
    eligibilityCriteria: (r.eligibility?.anyOf ?? []).map((c) => `${c.code}: ${c.reason}`).join('\n'),
    prerequisiteStage: r.prerequisites?.stage ?? '',
    prerequisiteStrands: (r.prerequisites?.completedStrands ?? []).join(', '),
    prerequisiteCodes: (r.prerequisites?.completedNcpCodes ?? []).join(', '),
  };
  for (const { name } of sectionFields) {
    const value =
      name in outcomeKeys
        ? s.outcomes?.[outcomeKeys[name as keyof typeof outcomeKeys]]
        : (s as Record<string, string | undefined>)[name];
    values[name] = value ?? '';
  }
  return values;
}

/** A form value (one or several ticked boxes) shown with the names of its choices, in a stable order. */
const choices =
  (names: Record<string, string>, field: string) =>
  (form: Record<string, unknown>): string =>
    [form[field] ?? []]
      .flat()
      .map((v) => String(v).trim())
      .filter(Boolean)
      .sort()
      .map((v) => names[v] ?? v)
      .join(', ');

/** The edit form's fields as a stale edit compares them (platform/edit-versions.ts). */
export const ncpComparedFields: ComparedField[] = [
  { name: 'title', label: 'Title' },
  { name: 'phases', label: 'Phases', show: choices(ncpPhaseNames, 'phases') },
  { name: 'type', label: 'Type', show: choices(ncpTypeNames, 'type') },
  {
    name: 'participation',
    label: participationLabel,
    show: choices(participationNames, 'participation'),
  },
  { name: 'strand', label: 'Strand' },
  {
    name: 'completesTfmStage',
    label: 'Teaching for Mastery stage a school reaches by completing it',
    show: choices(tfmStageNames, 'completesTfmStage'),
  },
  { name: 'nextNcpCode', label: 'Next phase' },
  { name: 'groupSizeMin', label: 'Smallest group' },
  { name: 'groupSizeMax', label: 'Largest group' },
  { name: 'groupSizeUnit', label: 'A group counts' },
  { name: 'averageParticipants', label: 'Average participants in a group' },
  {
    name: 'leadRequires',
    label: 'The lead must be one of',
    show: choices(accreditationNames, 'leadRequires'),
  },
  {
    name: 'neverIn',
    label: 'Only schools never in a Teaching for Mastery Work Group at',
    show: choices(tfmStageNames, 'neverIn'),
  },
  { name: 'eligibilityCriteria', label: 'Schools must also meet at least one of these criteria' },
  {
    name: 'prerequisiteStage',
    label: 'Only for schools that have reached the stage',
    show: choices(tfmStageNames, 'prerequisiteStage'),
  },
  { name: 'prerequisiteStrands', label: 'Only for those who have completed these strands' },
  { name: 'prerequisiteCodes', label: 'Only for those who have completed these NCPs' },
  ...sectionFields.map((f) => ({ name: f.name, label: `${f.letter}. ${f.heading}` })),
];
