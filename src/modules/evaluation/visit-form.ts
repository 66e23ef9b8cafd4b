import type { FieldError } from '../../platform/errors.ts';
import { ValidationError } from '../../platform/errors.ts';
import { dateFromParts } from '../activities/forms.ts';
import { yearGroups } from '../registration/rules.ts';
import type { VisitActionStatus } from './visit-schema.ts';

/**
 * The record-a-visit form (also the edit form): its fields, limits and how it is read into a visit's
 * values. Reading checks only the form itself (a real date, texts within limits, complete action
 * rows); the use case checks the rest against the records (the activity's schools and leads, the date
 * not in the future and within the activity's year, one visit per school and day).
 */

/** The year groups a visit may see: the platform's one vocabulary (the registration form's). */
export const visitYearGroups: readonly string[] = yearGroups;

export const LIMITS = { focus: 500, classesSeen: 500, notes: 10_000, action: 1_000, ownerText: 200 } as const;
/** Rows of agreed actions a form may carry. */
export const MAX_ACTIONS = 30;
/** Blank rows offered for new actions. */
export const BLANK_ACTION_ROWS = 3;
/** The owner choice meaning "someone named in words" (at the school, say). */
export const OWNER_SOMEONE_ELSE = 'other';

export interface ActionInput {
  /** An existing action's id (edit form), or null for a new one. */
  id: number | null;
  /** The row of the form it came from (its fields' numbers), for the errors about it. */
  row?: number;
  description: string;
  ownerPersonId: number | null;
  ownerText: string | null;
  dueOn: string;
  status: VisitActionStatus;
}

export interface VisitValues {
  visitedOn: string;
  schoolUrn: number;
  visitorIds: number[];
  yearGroups: string[];
  classesSeen: string | null;
  focus: string;
  notes: string | null;
  actions: ActionInput[];
  /** Existing actions whose "what" was cleared: removed. */
  removedActionIds: number[];
}

/** The form field names of action row `n` (from 1). */
export const actionFields = (n: number) => ({
  id: `action${n}Id`,
  what: `action${n}What`,
  owner: `action${n}Owner`,
  ownerText: `action${n}OwnerText`,
  due: `action${n}Due`,
  done: `action${n}Done`,
});

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const list = (value: unknown) =>
  [value ?? []].flat().filter((v): v is string => typeof v === 'string' && v.trim() !== '');
const id = (value: string) =>
  /^[1-9]\d{0,9}$/.test(value) && Number(value) <= 2_147_483_647 ? Number(value) : null;

/** The action rows a posted form holds (rows named action1…, action2…), in order. */
export function actionRowNumbers(body: Record<string, unknown>): number[] {
  const found = new Set<number>();
  for (const key of Object.keys(body)) {
    const match = /^action(\d{1,3})(Id|What|Owner|OwnerText|Due-day|Due-month|Due-year|Done)$/.exec(key);
    if (match) found.add(Number(match[1]));
  }
  return [...found].filter((n) => n >= 1).sort((a, b) => a - b);
}

/** Reads the posted form into a visit's values, or throws `ValidationError` with every problem found. */
export function readVisitForm(body: Record<string, unknown>): VisitValues {
  const problems: FieldError[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  const date = dateFromParts(body, 'visitedOn', 'date of the visit');
  if ('problem' in date) problem('visitedOn', date.problem);

  const urn = id(text(body.schoolUrn));
  if (!urn) problem('schoolUrn', 'Choose the school visited');

  const visitorIds: number[] = [];
  for (const v of list(body.visitorIds)) {
    const n = id(v.trim());
    if (n === null) problem('visitorIds', 'Choose who made the visit from the list');
    else if (!visitorIds.includes(n)) visitorIds.push(n);
  }
  if (!visitorIds.length && !problems.some((p) => p.field === 'visitorIds'))
    problem('visitorIds', 'Choose who made the visit');

  const seen = list(body.yearGroups).map((y) => y.trim());
  if (seen.some((y) => !visitYearGroups.includes(y)))
    problem('yearGroups', 'Choose year groups from the list');
  const chosenYearGroups = visitYearGroups.filter((y) => seen.includes(y));

  const focus = text(body.focus);
  if (!focus) problem('focus', 'Enter the focus of the visit');
  const limited = (field: keyof typeof LIMITS, value: string, what: string) => {
    if (value.length > LIMITS[field]) problem(field, `${what} must be ${LIMITS[field]} characters or fewer`);
  };
  limited('focus', focus, 'The focus');
  const classesSeen = text(body.classesSeen);
  limited('classesSeen', classesSeen, 'The classes seen');
  const notes = text(body.notes);
  limited('notes', notes, 'The notes');

  const actions: ActionInput[] = [];
  const removedActionIds: number[] = [];
  const rows = actionRowNumbers(body);
  if (rows.length > MAX_ACTIONS) problem('form', `A visit may have at most ${MAX_ACTIONS} agreed actions`);
  for (const n of rows.slice(0, MAX_ACTIONS)) {
    const f = actionFields(n);
    const existing = id(text(body[f.id]));
    const what = text(body[f.what]);
    const owner = text(body[f.owner]);
    const ownerText = text(body[f.ownerText]);
    const dueParts = ['day', 'month', 'year'].map((p) => text(body[`${f.due}-${p}`]));
    const done = text(body[f.done]) === 'done';
    if (!what) {
      // An existing action cleared is removed; a blank new row is ignored; a new row half filled is not.
      if (existing) removedActionIds.push(existing);
      else if (owner || ownerText || dueParts.some(Boolean))
        problem(f.what, `Enter what was agreed (action ${n})`);
      continue;
    }
    if (what.length > LIMITS.action)
      problem(f.what, `Action ${n} must be ${LIMITS.action} characters or fewer`);
    let ownerPersonId: number | null = null;
    if (owner && owner !== OWNER_SOMEONE_ELSE) {
      ownerPersonId = id(owner);
      if (ownerPersonId === null) problem(f.owner, `Choose who will do action ${n} from the list`);
    } else if (!ownerText) {
      problem(f.owner, `Choose who will do action ${n}, or name them`);
    }
    if (ownerText.length > LIMITS.ownerText)
      problem(
        f.ownerText,
        `The name of who will do action ${n} must be ${LIMITS.ownerText} characters or fewer`,
      );
    const due = dateFromParts(body, f.due, `date action ${n} is due`);
    if ('problem' in due) problem(f.due, due.problem);
    actions.push({
      id: existing,
      row: n,
      description: what,
      ownerPersonId,
      ownerText: ownerPersonId === null ? ownerText || null : null,
      dueOn: 'value' in due ? due.value : '',
      status: done ? 'done' : 'open',
    });
  }
  if (problems.length) throw new ValidationError(problems);
  return {
    visitedOn: 'value' in date ? date.value : '',
    schoolUrn: urn!,
    visitorIds,
    yearGroups: chosenYearGroups,
    classesSeen: classesSeen || null,
    focus,
    notes: notes || null,
    actions,
    removedActionIds,
  };
}

/** A visit's values as the form's fields (to fill the edit form, or compare a stale edit). */
export function visitFormValues(visit: {
  visitedOn: string;
  schoolUrn: number;
  visitorIds: number[];
  yearGroups: string[];
  classesSeen: string | null;
  focus: string;
  notes: string | null;
  actions: (Omit<ActionInput, 'id' | 'dueOn' | 'row'> & { id: number; dueOn: string | null })[];
}): Record<string, string | string[]> {
  const [y, m, d] = visit.visitedOn.split('-');
  const values: Record<string, string | string[]> = {
    'visitedOn-day': String(Number(d)),
    'visitedOn-month': String(Number(m)),
    'visitedOn-year': y ?? '',
    schoolUrn: String(visit.schoolUrn),
    visitorIds: visit.visitorIds.map(String),
    yearGroups: visit.yearGroups,
    classesSeen: visit.classesSeen ?? '',
    focus: visit.focus,
    notes: visit.notes ?? '',
  };
  visit.actions.forEach((a, i) => {
    const f = actionFields(i + 1);
    const [ay, am, ad] = (a.dueOn ?? '').split('-');
    Object.assign(values, {
      [f.id]: String(a.id),
      [f.what]: a.description,
      [f.owner]: a.ownerPersonId ? String(a.ownerPersonId) : OWNER_SOMEONE_ELSE,
      [f.ownerText]: a.ownerText ?? '',
      [`${f.due}-day`]: ad ? String(Number(ad)) : '',
      [`${f.due}-month`]: am ? String(Number(am)) : '',
      [`${f.due}-year`]: ay ?? '',
      [f.done]: a.status === 'done' ? 'done' : '',
    });
  });
  return values;
}
