import { z } from 'zod';
import { formatDate } from '../../platform/dates.ts';
import type { ComparedField } from '../../platform/edit-versions.ts';
import { ValidationError } from '../../platform/errors.ts';
import { fieldErrorsFrom } from '../../platform/form-errors.ts';
import { parseAcademicYear } from '../../platform/params.ts';
import { activityStatusNames } from './activity-status.ts';
import { type ActivityStatus, activityKinds, activityStatuses, sessionKinds } from './schema.ts';

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const id = (message: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: message }).int(message).positive(message).max(2_147_483_647, message),
  );

/** A GOV.UK date input (`name-day`, `name-month`, `name-year`) as `YYYY-MM-DD`, or a problem. */
export function dateFromParts(
  body: Record<string, unknown>,
  name: string,
  label: string,
): { value: string } | { problem: string } {
  const part = (p: string) => String(body[`${name}-${p}`] ?? '').trim();
  const [day, month, year] = [part('day'), part('month'), part('year')];
  if (!day && !month && !year) return { problem: `Enter the ${label}` };
  if (!day || !month || !year) {
    const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean).join(' and ');
    return { problem: `The ${label} must include a ${missing}` };
  }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { problem: `The ${label} must be a real date` };
  }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    return { problem: `The ${label} must be a real date` };
  }
  return { value: iso };
}

/** A date input's value as shown to people: "8 January 2024", or the parts as typed if not a date. */
export function shownDate(form: Record<string, unknown>, name: string): string {
  const date = dateFromParts(form, name, 'date');
  if ('value' in date) return formatDate(date.value);
  return ['day', 'month', 'year']
    .map((p) => String(form[`${name}-${p}`] ?? '').trim())
    .filter(Boolean)
    .join('/');
}

/** The edit form's values for an activity as it is. */
export function activityFormValues(activity: {
  title: string;
  status: ActivityStatus;
  startsOn: string | null;
  endsOn: string | null;
}): Record<string, string> {
  const [sy, sm, sd] = (activity.startsOn ?? '').split('-');
  const [ey, em, ed] = (activity.endsOn ?? '').split('-');
  return {
    title: activity.title,
    status: activity.status,
    'startsOn-day': sd ? String(Number(sd)) : '',
    'startsOn-month': sm ? String(Number(sm)) : '',
    'startsOn-year': sy ?? '',
    'endsOn-day': ed ? String(Number(ed)) : '',
    'endsOn-month': em ? String(Number(em)) : '',
    'endsOn-year': ey ?? '',
  };
}

/** The edit form's fields as a stale edit compares them. */
export const activityComparedFields: ComparedField[] = [
  { name: 'title', label: 'Title' },
  { name: 'startsOn', label: 'Start date', show: (f) => shownDate(f, 'startsOn') },
  { name: 'endsOn', label: 'End date', show: (f) => shownDate(f, 'endsOn') },
  {
    name: 'status',
    label: 'Status',
    show: (f) => activityStatusNames[f.status as ActivityStatus] ?? String(f.status ?? ''),
  },
];

/** Reads the start and end dates of a form into its values, collecting problems. */
export function datesOf(body: Record<string, unknown>) {
  return datesNamed(body, 'startsOn', 'endsOn');
}

function datesNamed(body: Record<string, unknown>, startName: string, endName: string) {
  const problems: { field: string; message: string }[] = [];
  const startsOn = dateFromParts(body, startName, 'start date');
  const endsOn = dateFromParts(body, endName, 'end date');
  if ('problem' in startsOn) problems.push({ field: startName, message: startsOn.problem });
  if ('problem' in endsOn) problems.push({ field: endName, message: endsOn.problem });
  return {
    startsOn: 'value' in startsOn ? startsOn.value : null,
    endsOn: 'value' in endsOn ? endsOn.value : null,
    problems,
  };
}

const title = z
  .string({ error: 'Enter a title' })
  .trim()
  .min(1, 'Enter a title')
  .max(200, 'The title must be 200 characters or fewer');

export const planActivityForm = z.object({
  ncpId: id('Choose a project from the catalogue'),
  kind: z.enum(activityKinds, { error: 'Choose the kind of activity' }),
  title,
});

export const updateActivityForm = z.object({
  title,
  status: z.enum(activityStatuses, { error: 'Choose a status' }),
});

export const addLeadForm = z.object({
  personId: id('Choose an LLME from the list'),
  leadTitle: z
    .string({ error: 'Enter their role in this activity' })
    .trim()
    .min(1, 'Enter their role in this activity')
    .max(100, 'The role must be 100 characters or fewer'),
});

/** Withdrawing a participant (an enrolment of the activity). */
export const participantForm = z.object({
  enrolmentId: z.coerce
    .number({ error: 'Choose a participant' })
    .int('Choose a participant')
    .positive('Choose a participant')
    .max(2_147_483_647, 'Choose a participant'),
});

export const schoolForm = z.object({
  action: z.enum(['add', 'withdraw']).catch('add'),
  urn: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'Enter a URN, like 100000' })
      .int('Enter a URN, like 100000')
      .min(100000, 'Enter a URN, like 100000')
      .max(999999, 'Enter a URN, like 100000'),
  ),
  /** Hub leadership's reason for admitting a school that does not meet the project's rules. */
  justification: z.string().max(1000, 'Give your reason in 1000 characters or fewer').optional(),
  /** Why a school outside the hub's area is added (required for such a school, by the use case). */
  outOfAreaReason: z.string().max(500, 'Give the reason in 500 characters or fewer').optional(),
});

export const sessionForm = z.object({
  sessionKind: z.enum(sessionKinds, { error: 'Choose the kind of session' }),
  sessionTitle: title,
  sessionTime: z
    .string({ error: 'Enter the start time, like 14:00' })
    .trim()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'Enter the start time, like 14:00'),
  sessionLocation: z.preprocess(
    blankToUndefined,
    z.string().trim().max(200, 'The place must be 200 characters or fewer').optional(),
  ),
});

/** The first problem of each field. */
export function firstPerField(problems: { field: string; message: string }[]) {
  const seen = new Set<string>();
  return problems.filter((p) => {
    if (seen.has(p.field)) return false;
    seen.add(p.field);
    return true;
  });
}

/** The fields' problems and the dates' together (each field's first), or the values of a form with dates. */
function withDates<T>(
  parsed: z.ZodSafeParseResult<T>,
  dates: ReturnType<typeof datesOf>,
): T & { startsOn: string; endsOn: string } {
  const problems = [...(parsed.success ? [] : fieldErrorsFrom(parsed.error)), ...dates.problems];
  if (problems.length || !parsed.success) throw new ValidationError(firstPerField(problems));
  return { ...parsed.data, startsOn: dates.startsOn!, endsOn: dates.endsOn! };
}

/** The plan form's values, or a `ValidationError` with every field's first problem. */
export const readPlanForm = (body: Record<string, unknown>) =>
  withDates(planActivityForm.safeParse(body), datesOf(body));

/** The edit form's values (without its version), or a `ValidationError` with every field's first problem. */
export const readEditForm = (body: Record<string, unknown>) =>
  withDates(updateActivityForm.safeParse(body), datesOf(body));

/** The new session form's values, or a `ValidationError` with every field's first problem. */
export function readSessionForm(body: Record<string, unknown>) {
  const parsed = sessionForm.safeParse(body);
  const date = dateFromParts(body, 'sessionDate', 'date');
  const problems = [
    ...(parsed.success ? [] : fieldErrorsFrom(parsed.error)),
    ...('problem' in date ? [{ field: 'sessionDate', message: date.problem }] : []),
  ];
  if (problems.length || !parsed.success || !('value' in date)) {
    throw new ValidationError(firstPerField(problems));
  }
  return {
    kind: parsed.data.sessionKind,
    title: parsed.data.sessionTitle,
    date: date.value,
    time: parsed.data.sessionTime,
    location: parsed.data.sessionLocation,
  };
}

/** `2023-24` (or `2023/24`) in an address → `2023/24` in the records (`parseAcademicYear`), and back. */
export const yearFromParam = (param: string | undefined): string | null => parseAcademicYear(param);
export const yearParam = (code: string) => code.replace('/', '-');
