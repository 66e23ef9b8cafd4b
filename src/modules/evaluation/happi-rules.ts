import type { FieldError } from '../../platform/errors.ts';
import type { HappiLens, HappiMethod, HappiOutcome, HappiSection, HappiStatus } from './happi-schema.ts';
import { happiMethods } from './happi-schema.ts';

/**
 * The rules of HAPPI forms without the database: deadlines, names, the suggestions taken from an NCP's
 * nationally specified outcomes, and reading the plan and impact forms.
 */

/**
 * The deadlines of a year, from the handbook's indicative evaluation timeline (the one place they are
 * set; docs/evaluation-happi.md): the plan "at the start of the Maths Hub activity", by 31 October of
 * the academic year (with the autumn survey); the impact "at the end", by 15 July (before the summer
 * holiday, with the summer survey and the LLME survey).
 */
export const HAPPI_PLAN_DUE = { month: 10, day: 31 } as const;
export const HAPPI_IMPACT_DUE = { month: 7, day: 15 } as const;
/** Reminders go this many days before a deadline (and once when it has passed). */
export const HAPPI_REMINDER_DAYS = 14;
/** Overdue reminders are sent only in this many days after a deadline (older ones are not chased by email). */
export const HAPPI_OVERDUE_WINDOW_DAYS = 30;

const pad = (n: number) => String(n).padStart(2, '0');

/** The plan and impact deadlines of an academic year (`2023/24`) as `YYYY-MM-DD`. */
export function happiDeadlines(yearCode: string): Record<HappiSection, string> {
  const start = Number(yearCode.slice(0, 4));
  return {
    plan: `${start}-${pad(HAPPI_PLAN_DUE.month)}-${pad(HAPPI_PLAN_DUE.day)}`,
    impact: `${start + 1}-${pad(HAPPI_IMPACT_DUE.month)}-${pad(HAPPI_IMPACT_DUE.day)}`,
  };
}

/** A day `n` days after (or before, negative) a `YYYY-MM-DD` day. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whether a section is still to be submitted: plan (not yet submitted or returned) and impact alike. */
export function sectionOutstanding(
  form: { section: HappiSection; status: HappiStatus } | null,
  section: HappiSection,
): boolean {
  if (!form) return true;
  if (section === 'plan') return form.section === 'plan' && form.status !== 'submitted';
  return !(form.section === 'impact' && (form.status === 'submitted' || form.status === 'accepted'));
}

/** The notice due today for a deadline, if any: within the reminder days before, or just after. */
export function noticeFor(dueOn: string, today: string): 'due_soon' | 'overdue' | null {
  if (today > dueOn) return today <= addDays(dueOn, HAPPI_OVERDUE_WINDOW_DAYS) ? 'overdue' : null;
  return today >= addDays(dueOn, -HAPPI_REMINDER_DAYS) ? 'due_soon' : null;
}

export const lensNames: Record<HappiLens, string> = {
  pupils: 'Outcomes for pupils, schools and departments',
  practice: 'Outcomes for professional learning and practice',
};

export const methodNames: Record<HappiMethod, string> = {
  national_surveys: 'National surveys',
  visits: 'Records of visits',
  registers: 'Registers',
  interviews: 'Interviews or focus groups',
  pupil_work: 'Pupil work',
  other: 'Other',
};

export const sectionNames: Record<HappiSection, string> = { plan: 'Plan', impact: 'Impact' };
export const statusNames: Record<HappiStatus, string> = {
  draft: 'draft',
  submitted: 'submitted for review',
  returned: 'returned with comments',
  accepted: 'accepted',
};

/** The form's state as one value (for filters): `not_started`, `plan_draft` … `impact_accepted`. */
export const happiStates = [
  'not_started',
  'plan_draft',
  'plan_submitted',
  'plan_returned',
  'impact_draft',
  'impact_submitted',
  'impact_returned',
  'impact_accepted',
] as const;
export type HappiState = (typeof happiStates)[number];

export const stateOf = (form: { section: HappiSection; status: HappiStatus } | null): HappiState =>
  form ? (`${form.section}_${form.status}` as HappiState) : 'not_started';

export function stateName(state: HappiState): string {
  if (state === 'not_started') return 'Not started';
  const [section, status] = state.split('_') as [HappiSection, HappiStatus];
  return `${sectionNames[section]} ${statusNames[status]}`;
}

/** The NCP's nationally specified outcomes under the Guskey headings, read as the two lenses. */
export interface NcpOutcomes {
  professionalLearning?: string;
  practiceDevelopment?: string;
  materials?: string;
  wholeSchool?: string;
  pupilOutcomes?: string;
}

const lensOfHeading: Record<keyof NcpOutcomes, HappiLens> = {
  pupilOutcomes: 'pupils',
  wholeSchool: 'pupils',
  professionalLearning: 'practice',
  practiceDevelopment: 'practice',
  materials: 'practice',
};

/** One outcome a line: bullets and a trailing semicolon taken off. */
const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.replace(/^[\s·•\-*]+/, '').replace(/[;\s]+$/, ''))
    .filter((l) => l.length > 0);

/** The suggested outcomes of a new form: the NCP's own, each line one outcome, pupils' lens first. */
export function suggestedOutcomes(outcomes: NcpOutcomes | undefined): HappiOutcome[] {
  const found: { lens: HappiLens; text: string }[] = [];
  for (const heading of [
    'pupilOutcomes',
    'wholeSchool',
    'professionalLearning',
    'practiceDevelopment',
    'materials',
  ] as const) {
    const text = outcomes?.[heading];
    if (text) for (const line of linesOf(text)) found.push({ lens: lensOfHeading[heading], text: line });
  }
  return found.map((o, i) => ({ key: `o${i + 1}`, ...o, evidence: '', links: [] }));
}

export const MAX_OUTCOMES = 30;
export const MAX_OUTCOME_LENGTH = 2000;
export const MAX_NOTES_LENGTH = 5000;
export const MAX_EVIDENCE_LENGTH = 10000;
export const MAX_LINKS = 20;
export const NEW_ROWS_PER_LENS = 2;

/** The form fields of an outcome: its text, its lens (hidden), its evidence and its links. */
export const outcomeFields = (key: string) => ({
  text: `outcome-${key}`,
  lens: `lens-${key}`,
  evidence: `evidence-${key}`,
  links: `links-${key}`,
});
export const newOutcomeField = (lens: HappiLens, n: number) => `new-${lens}-${n}`;

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const isLens = (v: string): v is HappiLens => v === 'pupils' || v === 'practice';

export interface PlanInput {
  outcomes: { key: string | null; lens: HappiLens; text: string }[];
  methods: HappiMethod[];
  methodsNotes: string | null;
}

/**
 * Reads the plan form: the outcomes in the order posted (an emptied one is removed), the new ones typed
 * in the blank rows, the ticked methods and the notes. Problems are field errors.
 */
export function readPlanForm(body: Record<string, unknown>): { plan: PlanInput; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const outcomes: PlanInput['outcomes'] = [];
  for (const [name, value] of Object.entries(body)) {
    const existing = /^outcome-(o\d{1,4})$/.exec(name);
    const added = /^new-(pupils|practice)-\d{1,2}$/.exec(name);
    if (!existing && !added) continue;
    const text = str(value);
    if (!text) continue;
    const lens = existing ? str(body[outcomeFields(existing[1]!).lens]) : added![1]!;
    if (!isLens(lens)) {
      problems.push({ field: name, message: 'Choose which lens the outcome is under' });
      continue;
    }
    if (text.length > MAX_OUTCOME_LENGTH)
      problems.push({ field: name, message: `An outcome must be ${MAX_OUTCOME_LENGTH} characters or fewer` });
    outcomes.push({ key: existing ? existing[1]! : null, lens, text });
  }
  if (outcomes.length > MAX_OUTCOMES)
    problems.push({ field: 'outcomes', message: `A plan has at most ${MAX_OUTCOMES} intended outcomes` });
  const ticked = [body.methods ?? []].flat().map(str);
  const methods = happiMethods.filter((m) => ticked.includes(m));
  if (ticked.some((m) => !(happiMethods as readonly string[]).includes(m)))
    problems.push({ field: 'methods', message: 'Choose the data collection methods from the list' });
  const notes = str(body.methodsNotes);
  if (notes.length > MAX_NOTES_LENGTH)
    problems.push({
      field: 'methodsNotes',
      message: `The notes must be ${MAX_NOTES_LENGTH} characters or fewer`,
    });
  if (methods.includes('other') && !notes)
    problems.push({ field: 'methodsNotes', message: 'Describe the other data collection methods' });
  return { plan: { outcomes, methods, methodsNotes: notes || null }, problems };
}

/** The outcomes after a plan edit: kept keys keep their evidence; new ones get the next keys. */
export function mergeOutcomes(before: HappiOutcome[], posted: PlanInput['outcomes']): HappiOutcome[] {
  const byKey = new Map(before.map((o) => [o.key, o]));
  let next = Math.max(
    0,
    ...before.map((o) => Number(o.key.slice(1)) || 0),
    ...posted.map((o) => Number(o.key?.slice(1)) || 0),
  );
  const seen = new Set<string>();
  const out: HappiOutcome[] = [];
  for (const p of posted) {
    let key = p.key && !seen.has(p.key) ? p.key : null;
    if (!key) key = `o${++next}`;
    seen.add(key);
    const kept = byKey.get(key);
    out.push({ key, lens: p.lens, text: p.text, evidence: kept?.evidence ?? '', links: kept?.links ?? [] });
  }
  return out;
}

/** A link to evidence: a page or file on the platform (`/…`) or a web address (`https://…`). */
export function isEvidenceLink(link: string): boolean {
  if (link.length > 500) return false;
  if (link.startsWith('/')) return !link.startsWith('//') && !/\s/.test(link);
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** Reads the impact form: each outcome's evidence and links (one a line). */
export function readImpactForm(
  body: Record<string, unknown>,
  outcomes: HappiOutcome[],
): { outcomes: HappiOutcome[]; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const out = outcomes.map((o, i) => {
    const f = outcomeFields(o.key);
    const evidence = str(body[f.evidence]);
    const links = str(body[f.links])
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (evidence.length > MAX_EVIDENCE_LENGTH)
      problems.push({
        field: f.evidence,
        message: `The evidence must be ${MAX_EVIDENCE_LENGTH} characters or fewer`,
      });
    if (links.length > MAX_LINKS)
      problems.push({ field: f.links, message: `Give at most ${MAX_LINKS} links for an outcome` });
    const bad = links.find((l) => !isEvidenceLink(l));
    if (bad)
      problems.push({
        field: f.links,
        message: `Outcome ${i + 1}: each link must be an address on the platform (starting /) or a web address (starting https://)`,
      });
    return { ...o, evidence, links };
  });
  return { outcomes: out, problems };
}

/** What a section needs before it is submitted. */
export function submitProblems(form: {
  section: HappiSection;
  outcomes: HappiOutcome[];
  methods: HappiMethod[];
}): FieldError[] {
  const problems: FieldError[] = [];
  if (!form.outcomes.length) problems.push({ field: 'form', message: 'Write at least one intended outcome' });
  if (!form.methods.length)
    problems.push({ field: 'form', message: 'Choose at least one data collection method' });
  if (form.section === 'impact') {
    form.outcomes.forEach((o, i) => {
      if (!o.evidence)
        problems.push({
          field: 'form',
          message: `Enter the evidence of impact for outcome ${i + 1}: ${o.text.slice(0, 80)}`,
        });
    });
  }
  return problems;
}
