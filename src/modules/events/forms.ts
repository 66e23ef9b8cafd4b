import { z } from 'zod';
import type { ComparedField } from '../../platform/edit-versions.ts';
import { ValidationError } from '../../platform/errors.ts';
import { fieldErrorsFrom } from '../../platform/form-errors.ts';
import { idParam } from '../../platform/params.ts';
import { dateFromParts, shownDate } from '../activities/forms.ts';
import { type Role, roleNames, roles } from '../people/schema.ts';
import { type AttendanceEntry, attendanceField, joinedViaField } from './mark-attendance.ts';
import type { EventInput } from './save-event.ts';
import {
  eventFormatNames,
  eventFormats,
  type WaitingPriority,
  waitingPriorities,
  waitingPriorityNames,
} from './schema.ts';
import type { EventFormat } from './working-days.ts';

/** The address of one event: `/events/:id/...`. */
export const eventParams = z.object({ id: idParam });

const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = (max: number, label: string) =>
  z.preprocess(blank, z.string().trim().max(max, `${label} must be ${max} characters or fewer`).optional());
const optionalId = z.preprocess(blank, z.coerce.number().int().positive().max(2_147_483_647).optional());
const time = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, `Enter the ${label} as a time like 09:30 or 14:00`);
const email = z.email('Enter an email address like name@example.org');

const eventForm = z
  .object({
    title: z
      .string({ error: 'Enter a title' })
      .trim()
      .min(1, 'Enter a title')
      .max(200, 'The title must be 200 characters or fewer'),
    description: optionalText(4000, 'The description'),
    activityId: optionalId,
    ncpCode: optionalText(30, 'The NCP code'),
    format: z.enum(eventFormats, { error: 'Choose online or face to face' }),
    venue: optionalText(300, 'The venue'),
    platform: optionalText(100, 'The platform'),
    connectUrl: z.preprocess(
      blank,
      z.url({ protocol: /^https$/, error: 'Enter the connection link as an https:// address' }).optional(),
    ),
    startTime: time('start time'),
    endTime: time('end time'),
    capacity: z.coerce
      .number({ error: 'Enter the number of places' })
      .int('Enter the number of places as a whole number')
      .min(1, 'The event needs at least 1 place')
      .max(10_000, 'The event can have at most 10,000 places'),
    waitingPriority: z.enum(waitingPriorities, { error: 'Choose who goes first from the waiting list' }),
    contactName: optionalText(200, 'The contact name'),
    contactEmail: z.preprocess(blank, email.optional()),
    inviteEmails: z.string().max(20_000).optional(),
    targetRole: z.preprocess(blank, z.enum(roles).optional()),
    targetActivityId: optionalId,
    targetNcpCode: optionalText(30, 'The NCP code'),
  })
  .superRefine((f, ctx) => {
    if (f.format === 'face_to_face' && !f.venue)
      ctx.addIssue({ code: 'custom', path: ['venue'], message: 'Enter the venue' });
    if (f.format === 'online' && !f.connectUrl)
      ctx.addIssue({ code: 'custom', path: ['connectUrl'], message: 'Enter the connection link' });
    if (f.startTime && f.endTime && f.endTime.padStart(5, '0') <= f.startTime.padStart(5, '0'))
      ctx.addIssue({
        code: 'custom',
        path: ['endTime'],
        message: 'The end time must be after the start time',
      });
  });

/** The fields of the event form, to keep after an error. */
export const eventFormFields = [
  'hub',
  'title',
  'description',
  'activityId',
  'ncpCode',
  'format',
  'venue',
  'platform',
  'connectUrl',
  'day-day',
  'day-month',
  'day-year',
  'startTime',
  'endTime',
  'capacity',
  'waitingPriority',
  'contactName',
  'contactEmail',
  'inviteEmails',
  'targetRole',
  'targetActivityId',
  'targetNcpCode',
];

const named =
  <K extends string>(names: Record<K, string>, field: string) =>
  (form: Record<string, unknown>) => {
    const value = String(form[field] ?? '').trim();
    return (names as Record<string, string | undefined>)[value] ?? value;
  };

/**
 * The event form's fields as a stale edit compares them; `activityNames` names the hub's activities
 * by their ids (the values of the form's activity selects).
 */
export function eventComparedFields(activityNames: Map<string, string>): ComparedField[] {
  const activity = (field: string) => (form: Record<string, unknown>) => {
    const id = String(form[field] ?? '').trim();
    return activityNames.get(id) ?? id;
  };
  return [
    { name: 'title', label: 'Title' },
    { name: 'description', label: 'Description' },
    { name: 'activityId', label: 'Session of a hub activity', show: activity('activityId') },
    { name: 'ncpCode', label: 'NCP code' },
    { name: 'format', label: 'Format', show: named<EventFormat>(eventFormatNames, 'format') },
    { name: 'venue', label: 'Venue' },
    { name: 'platform', label: 'Platform' },
    { name: 'connectUrl', label: 'Connection link' },
    { name: 'day', label: 'Date', show: (f) => shownDate(f, 'day') },
    {
      name: 'startTime',
      label: 'Start time',
      show: (f) =>
        String(f.startTime ?? '')
          .trim()
          .padStart(5, '0'),
    },
    {
      name: 'endTime',
      label: 'End time',
      show: (f) =>
        String(f.endTime ?? '')
          .trim()
          .padStart(5, '0'),
    },
    { name: 'capacity', label: 'Number of places' },
    {
      name: 'waitingPriority',
      label: 'Who goes first from the waiting list',
      show: named<WaitingPriority>(waitingPriorityNames, 'waitingPriority'),
    },
    { name: 'contactName', label: 'Contact name' },
    { name: 'contactEmail', label: 'Contact email' },
    {
      name: 'inviteEmails',
      label: 'Invited by email',
      show: (f) =>
        String(f.inviteEmails ?? '')
          .split(/[\s,;]+/)
          .map((e) => e.trim().toLowerCase())
          .filter(Boolean)
          .sort()
          .join(', '),
    },
    { name: 'targetRole', label: 'Everyone with a role', show: named<Role>(roleNames, 'targetRole') },
    {
      name: 'targetActivityId',
      label: 'The participants and leads of an activity',
      show: activity('targetActivityId'),
    },
    { name: 'targetNcpCode', label: 'The leads of an NCP’s activities' },
  ];
}

/** Reads the event form into an event (without its hub), or throws the GOV.UK field errors. */
export function parseEventForm(body: Record<string, unknown>, today: string): Omit<EventInput, 'hubId'> {
  const parsed = eventForm.safeParse(body);
  const errors = parsed.success ? [] : fieldErrorsFrom(parsed.error);
  const day = dateFromParts(body, 'day', 'date');
  if ('problem' in day) errors.push({ field: 'day', message: day.problem, text: day.problem, href: '#day' });
  else if (day.value < today)
    errors.push({
      field: 'day',
      message: 'The date must be today or later',
      text: 'The date must be today or later',
      href: '#day',
    });
  const emails = String(body.inviteEmails ?? '')
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  const badEmail = emails.find((e) => !email.safeParse(e).success);
  if (badEmail)
    errors.push({
      field: 'inviteEmails',
      message: `"${badEmail}" is not an email address`,
      text: `"${badEmail}" is not an email address`,
      href: '#inviteEmails',
    });
  if (errors.length || !parsed.success || 'problem' in day) {
    const order = eventFormFields.map((f) => f.replace(/-(day|month|year)$/, ''));
    errors.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
    throw new ValidationError(errors);
  }
  const f = parsed.data;
  return {
    activityId: f.activityId ?? null,
    ncpCode: f.ncpCode ?? null,
    title: f.title,
    description: f.description ?? null,
    format: f.format,
    venue: f.venue ?? null,
    platform: f.platform ?? null,
    connectUrl: f.connectUrl ?? null,
    day: day.value,
    startTime: f.startTime.padStart(5, '0'),
    endTime: f.endTime.padStart(5, '0'),
    capacity: f.capacity,
    waitingPriority: f.waitingPriority,
    contactName: f.contactName ?? null,
    contactEmail: f.contactEmail ?? null,
    targets: {
      inviteEmails: emails,
      role: f.targetRole ?? null,
      activityId: f.targetActivityId ?? null,
      ncpLeadsCode: f.targetNcpCode ?? null,
    },
  };
}

export const requirementsForm = z.object({
  dietary: optionalText(1000, 'Dietary requirements'),
  access: optionalText(1000, 'Access requirements'),
  otherRequirements: optionalText(1000, 'Other requirements'),
});

export const commentForm = z.object({
  body: z
    .string({ error: 'Enter a comment' })
    .trim()
    .min(1, 'Enter a comment')
    .max(4000, 'The comment must be 4,000 characters or fewer'),
});

export const documentForm = z.object({
  title: z
    .string({ error: 'Enter a title' })
    .trim()
    .min(1, 'Enter a title')
    .max(200, 'The title must be 200 characters or fewer'),
  url: z.url({ protocol: /^https?$/, error: 'Enter the document link as an https:// address' }),
});

export const addPersonForm = z.object({ email });

/** The attendance form's marks: `attendance-ID` (attended or absent) and `joinedVia-ID` per place. */
export function attendanceEntriesOf(body: Record<string, unknown>): AttendanceEntry[] {
  return Object.keys(body)
    .map((k) => /^attendance-(\d+)$/.exec(k)?.[1])
    .filter((id): id is string => !!id)
    .filter((id) => {
      const status = body[attendanceField(Number(id))];
      return status === 'attended' || status === 'absent';
    })
    .map((id) => {
      const via = body[joinedViaField(Number(id))];
      return {
        placeId: Number(id),
        status: body[attendanceField(Number(id))] === 'absent' ? 'absent' : 'attended',
        joinedViaPlaceId: typeof via === 'string' && /^\d+$/.test(via) ? Number(via) : null,
      };
    });
}

export const bankHolidayForm = z.object({
  title: z
    .string({ error: 'Enter the name of the bank holiday' })
    .trim()
    .min(1, 'Enter the name of the bank holiday')
    .max(200, 'The name must be 200 characters or fewer'),
});

export function parseWith<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
  return parsed.data;
}
