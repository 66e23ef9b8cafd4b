import type { FieldError } from '../../platform/errors.ts';
import { dateFromParts } from '../activities/forms.ts';
import { type ActionStatus, type EvidenceKind, evidenceKinds } from './report-schema.ts';

/**
 * The evaluation report's form as data, without the database: the posted form read into a report
 * (`reportFromForm`), the rules a draft and a published report must meet (`draftProblems`,
 * `publishProblems`), and the form's rows from a report or from what was posted (`formRows`).
 *
 * Repeating parts (research questions, themes, each theme's implications, evidence links) are numbered
 * fields (`question-0`, `theme-1-finding`, `theme-1-implication-0`, `evidence-2-address`…) with a count
 * each, so the form works without JavaScript: "Add another …" buttons post the form and get it back
 * with one more empty row, everything typed kept.
 */

export const evidenceKindNames: Record<EvidenceKind, string> = {
  survey_results: 'Survey results',
  visit_records: 'Visit records',
  registers: 'Registers',
  progression_funnels: 'Progression funnels',
  activity: 'An activity',
  other: 'Other',
};

export const actionStatusNames: Record<ActionStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
};

export interface ImplicationInput {
  text: string;
  ownerPersonId: number | null;
  dueOn: string | null;
}
export interface ThemeInput {
  finding: string;
  implications: ImplicationInput[];
}
export interface EvidenceInput {
  kind: EvidenceKind;
  address: string;
  label: string;
}

/** A report's content as written (the hub or NCP and year are chosen when it is started). */
export interface ReportContent {
  title: string;
  yearCode: string;
  ncpKey: string | null;
  researchQuestions: string[];
  context: string;
  activityAndData: string;
  conclusion: string;
  themes: ThemeInput[];
  evidence: EvidenceInput[];
  coauthorPersonIds: number[];
}

type Body = Record<string, unknown>;
const str = (body: Body, name: string) => {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
};
const list = (body: Body, name: string) =>
  [body[name] ?? []].flat().filter((v): v is string => typeof v === 'string');
/** How many rows a repeating part has: its count field, at least 1, at most 100. */
export const countOf = (body: Body, name: string, least = 1) => {
  const n = Number(str(body, name));
  return Number.isInteger(n) && n >= least ? Math.min(n, 100) : least;
};
const idOf = (text: string) => (/^\d{1,9}$/.test(text) ? Number(text) : null);

export const TITLE_MAX = 200;
export const TEXT_MAX = 10_000;

/**
 * The report as posted, with the problems of reading it (a date that is not a date). Blank rows are
 * left out; a row partly filled in is kept so that its problem can be told.
 */
export function reportFromForm(body: Body): { content: ReportContent; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const researchQuestions: string[] = [];
  for (let i = 0; i < countOf(body, 'questionCount'); i++) {
    const q = str(body, `question-${i}`);
    if (q) researchQuestions.push(q);
  }
  const themes: ThemeInput[] = [];
  for (let i = 0; i < countOf(body, 'themeCount'); i++) {
    const finding = str(body, `theme-${i}-finding`);
    const implications: ImplicationInput[] = [];
    for (let j = 0; j < countOf(body, `theme-${i}-implicationCount`); j++) {
      const name = `theme-${i}-implication-${j}`;
      const text = str(body, name);
      const owner = idOf(str(body, `${name}-owner`));
      const parts = ['day', 'month', 'year'].map((p) => str(body, `${name}-due-${p}`));
      let dueOn: string | null = null;
      if (parts.some(Boolean)) {
        const due = dateFromParts(body, `${name}-due`, 'due date');
        if ('value' in due) dueOn = due.value;
        else
          problems.push({
            field: `${name}-due-day`,
            message: `Theme ${i + 1}, implication ${j + 1}: ${due.problem}`,
          });
      }
      if (!text && owner === null && !parts.some(Boolean)) continue;
      if (!text)
        problems.push({
          field: name,
          message: `Theme ${i + 1}: enter implication ${j + 1}, or clear its owner and due date`,
        });
      implications.push({ text, ownerPersonId: owner, dueOn });
    }
    if (!finding && !implications.length) continue;
    if (!finding)
      problems.push({ field: `theme-${i}-finding`, message: `Enter the finding of theme ${i + 1}` });
    themes.push({ finding, implications });
  }
  const evidence: EvidenceInput[] = [];
  for (let k = 0; k < countOf(body, 'evidenceCount'); k++) {
    const name = `evidence-${k}`;
    const kind = str(body, `${name}-kind`);
    const address = str(body, `${name}-address`);
    const label = str(body, `${name}-label`);
    if (!address && !label) continue;
    if (!(evidenceKinds as readonly string[]).includes(kind))
      problems.push({
        field: `${name}-kind`,
        message: `Evidence ${k + 1}: choose what kind of evidence it is`,
      });
    const addressProblem = evidenceAddressProblem(address);
    if (addressProblem)
      problems.push({ field: `${name}-address`, message: `Evidence ${k + 1}: ${addressProblem}` });
    if (!label) problems.push({ field: `${name}-label`, message: `Evidence ${k + 1}: enter what it is` });
    evidence.push({ kind: kind as EvidenceKind, address, label });
  }
  const content: ReportContent = {
    title: str(body, 'title'),
    yearCode: str(body, 'yearCode'),
    ncpKey: str(body, 'ncpKey') || null,
    researchQuestions,
    context: str(body, 'context'),
    activityAndData: str(body, 'activityAndData'),
    conclusion: str(body, 'conclusion'),
    themes,
    evidence,
    coauthorPersonIds: list(body, 'coauthors')
      .map(idOf)
      .filter((n): n is number => n !== null),
  };
  return { content, problems };
}

/** What is wrong with an evidence link's address: a platform address starts with "/", a link elsewhere is https. */
export function evidenceAddressProblem(address: string): string | null {
  if (!address) return 'enter its address on the platform (starting with /) or its https link';
  if (address.length > 2000) return 'the address must be 2,000 characters or fewer';
  if (address.startsWith('/')) {
    if (address.startsWith('//') || /[\s\\]/.test(address))
      return 'a platform address starts with a single / and has no spaces';
    return null;
  }
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'enter a platform address starting with / or a link starting with https://';
  }
  if (url.protocol !== 'https:') return 'a link to another site must start with https://';
  return null;
}

/** The rules every save meets (a draft may be unfinished, never wrong). */
export function draftProblems(c: ReportContent): FieldError[] {
  const problems: FieldError[] = [];
  if (!c.title) problems.push({ field: 'title', message: 'Enter the report’s title' });
  if (c.title.length > TITLE_MAX)
    problems.push({ field: 'title', message: `The title must be ${TITLE_MAX} characters or fewer` });
  for (const [field, text, label] of [
    ['context', c.context, 'context'],
    ['activityAndData', c.activityAndData, 'activity and data collection'],
    ['conclusion', c.conclusion, 'conclusion'],
  ] as const) {
    if (text.length > TEXT_MAX)
      problems.push({
        field,
        message: `The ${label} must be ${TEXT_MAX.toLocaleString('en-GB')} characters or fewer`,
      });
  }
  return problems;
}

/** What a report still needs before it can be published (each implication becomes an action). */
export function publishProblems(c: ReportContent): FieldError[] {
  const problems: FieldError[] = [];
  if (!c.researchQuestions.length)
    problems.push({ field: 'question-0', message: 'Add at least one research question' });
  if (!c.context) problems.push({ field: 'context', message: 'Describe the context' });
  if (!c.activityAndData)
    problems.push({ field: 'activityAndData', message: 'Describe the activity and data collection' });
  if (!c.themes.length)
    problems.push({ field: 'theme-0-finding', message: 'Add at least one theme with its finding' });
  c.themes.forEach((theme, i) => {
    if (!theme.implications.length)
      problems.push({
        field: `theme-${i}-implication-0`,
        message: `Theme ${i + 1} needs at least one possible implication`,
      });
    theme.implications.forEach((imp, j) => {
      const name = `theme-${i}-implication-${j}`;
      if (imp.ownerPersonId === null)
        problems.push({
          field: `${name}-owner`,
          message: `Theme ${i + 1}, implication ${j + 1}: choose who owns the action`,
        });
      if (imp.dueOn === null)
        problems.push({
          field: `${name}-due-day`,
          message: `Theme ${i + 1}, implication ${j + 1}: enter the due date`,
        });
    });
  });
  if (!c.conclusion) problems.push({ field: 'conclusion', message: 'Write the conclusion' });
  return problems;
}

/** A form's rows, from a report or from what was posted, with one more empty row where asked. */
export interface FormRows {
  questions: { name: string; value: string }[];
  themes: {
    index: number;
    finding: string;
    implications: { name: string; text: string; owner: string; day: string; month: string; year: string }[];
  }[];
  evidence: { name: string; kind: string; address: string; label: string }[];
  coauthors: string[];
}

export function formRowsFromContent(c: Omit<ReportContent, 'title' | 'yearCode' | 'ncpKey'>): FormRows {
  const themes = c.themes.length ? c.themes : [{ finding: '', implications: [] }];
  return {
    questions: (c.researchQuestions.length ? c.researchQuestions : ['']).map((value, i) => ({
      name: `question-${i}`,
      value,
    })),
    themes: themes.map((t, i) => ({
      index: i,
      finding: t.finding,
      implications: (t.implications.length
        ? t.implications
        : [{ text: '', ownerPersonId: null, dueOn: null }]
      ).map((imp, j) => {
        const [year, month, day] = imp.dueOn ? imp.dueOn.split('-') : ['', '', ''];
        return {
          name: `theme-${i}-implication-${j}`,
          text: imp.text,
          owner: imp.ownerPersonId ? String(imp.ownerPersonId) : '',
          day: day ? String(Number(day)) : '',
          month: month ? String(Number(month)) : '',
          year: year ?? '',
        };
      }),
    })),
    evidence: (c.evidence.length ? c.evidence : [{ kind: '', address: '', label: '' }]).map((e, k) => ({
      name: `evidence-${k}`,
      kind: e.kind,
      address: e.address,
      label: e.label,
    })),
    coauthors: c.coauthorPersonIds.map(String),
  };
}

/** The rows as posted (every row, blank ones too), with one more where `add` asks. */
export function formRowsFromBody(body: Body, add: string | null): FormRows {
  const questionCount = countOf(body, 'questionCount') + (add === 'question' ? 1 : 0);
  const themeCount = countOf(body, 'themeCount') + (add === 'theme' ? 1 : 0);
  const evidenceCount = countOf(body, 'evidenceCount') + (add === 'evidence' ? 1 : 0);
  return {
    questions: Array.from({ length: questionCount }, (_, i) => ({
      name: `question-${i}`,
      value: str(body, `question-${i}`),
    })),
    themes: Array.from({ length: themeCount }, (_, i) => ({
      index: i,
      finding: str(body, `theme-${i}-finding`),
      implications: Array.from(
        { length: countOf(body, `theme-${i}-implicationCount`) + (add === `implication-${i}` ? 1 : 0) },
        (_, j) => {
          const name = `theme-${i}-implication-${j}`;
          return {
            name,
            text: str(body, name),
            owner: str(body, `${name}-owner`),
            day: str(body, `${name}-due-day`),
            month: str(body, `${name}-due-month`),
            year: str(body, `${name}-due-year`),
          };
        },
      ),
    })),
    evidence: Array.from({ length: evidenceCount }, (_, k) => ({
      name: `evidence-${k}`,
      kind: str(body, `evidence-${k}-kind`),
      address: str(body, `evidence-${k}-address`),
      label: str(body, `evidence-${k}-label`),
    })),
    coauthors: list(body, 'coauthors'),
  };
}

/** Which "Add another …" button was pressed (`null`: save). */
export function addRequested(body: Body): string | null {
  const add = str(body, 'add');
  return /^(question|theme|evidence|implication-\d{1,2})$/.test(add) ? add : null;
}
