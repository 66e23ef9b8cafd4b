import { z } from 'zod';
import { INT32_MAX, idParam, searchText } from '../../platform/params.ts';
import { roles } from './schema.ts';

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

const optionalId = (message: string) =>
  z.preprocess(
    blankToNull,
    z.coerce
      .number({ error: message })
      .int(message)
      .positive(message)
      .max(INT32_MAX, message)
      .nullable()
      .default(null),
  );

const optionalText = (max: number, label: string) =>
  z.preprocess(
    blankToNull,
    z.string().trim().max(max, `${label} must be ${max} characters or fewer`).nullable().default(null),
  );

const roleFields = {
  hubId: optionalId('Choose a hub from the list'),
  schoolUrn: optionalId('Enter a school URN, like 100000'),
  /** The NCP of an NCP role, by its key across years ('09'); a local authority partner's LA code. */
  ncpKey: z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .max(12)
      .regex(/^[0-9]{2}[a-z]?$/, 'Choose an NCP from the list')
      .nullable()
      .default(null),
  ),
  laCode: z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .max(12)
      .regex(/^[A-Za-z0-9]+$/, 'Choose a local authority from the list')
      .nullable()
      .default(null),
  ),
  title: optionalText(100, 'Job title'),
  reason: optionalText(500, 'Reason'),
  /** Hub leadership's reason for a school outside their hub's area (required for such a school, by the use case). */
  outOfAreaReason: z.preprocess(
    blankToNull,
    z.string().trim().max(500, 'Give the reason in 500 characters or fewer').nullable().default(null),
  ),
};

export const changeSchoolForm = z.object({
  schoolUrn: z.preprocess(
    blankToNull,
    z.coerce
      .number({ error: 'Enter the URN of their new school, like 100000' })
      .int('Enter the URN of their new school, like 100000')
      .positive('Enter the URN of their new school, like 100000')
      .max(INT32_MAX, 'Enter the URN of their new school, like 100000'),
  ),
  reason: optionalText(500, 'Reason'),
});

export const grantRoleForm = z.object({
  role: z.enum(roles, { error: 'Choose a role' }),
  ...roleFields,
});

export const createPersonForm = z.object({
  givenName: z.string({ error: 'Enter their first name' }).trim().min(1, 'Enter their first name').max(100),
  familyName: z.string({ error: 'Enter their last name' }).trim().min(1, 'Enter their last name').max(100),
  email: z
    .string({ error: 'Enter their email address' })
    .trim()
    .min(1, 'Enter their email address')
    .max(254)
    .regex(
      /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
      'Enter an email address in the correct format, like name@example.org',
    ),
  role: z.preprocess(
    blankToNull,
    z.enum(roles, { error: 'Choose a role from the list' }).nullable().default(null),
  ),
  ...roleFields,
});

export const endRoleForm = z.object({ reason: optionalText(500, 'Reason') });

export const peopleQuery = z.object({
  q: searchText(100).catch('').default(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export const eventLogQuery = z.object({
  action: searchText(100).catch('').default(''),
  subjectType: searchText(100).catch('').default(''),
  /** A record: with `subjectType`, the log of that one record (its id as logged: a number, a URN, a code). */
  subjectId: searchText(100).catch('').default(''),
  /** A person: the changes they made or that concern them. */
  personId: idParam.nullable().catch(null).default(null),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  format: z.enum(['html', 'csv']).catch('html').default('html'),
});

export const personParams = z.object({ id: idParam });
export const roleParams = z.object({ id: idParam, roleId: idParam });

const emailField = (whose: 'their' | 'your') =>
  z
    .string({ error: `Enter ${whose} email address` })
    .trim()
    .min(1, `Enter ${whose} email address`)
    .max(254, 'Email address must be 254 characters or fewer')
    .regex(
      /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
      'Enter an email address in the correct format, like name@example.org',
    );

const nameField = (message: string, label: string) =>
  z.string({ error: message }).trim().min(1, message).max(100, `${label} must be 100 characters or fewer`);

/** Correcting a person's details by staff: their names and email address. */
export const personDetailsForm = z.object({
  givenName: nameField('Enter their first name', 'First name'),
  familyName: nameField('Enter their last name', 'Last name'),
  email: emailField('their'),
});

/** A person correcting their own names (their email, how they sign in, is changed by staff). */
export const ownDetailsForm = z.object({
  givenName: nameField('Enter your first name', 'First name'),
  familyName: nameField('Enter your last name', 'Last name'),
});

/** A person's own school, chosen with the school picker. */
export const ownSchoolForm = z.object({
  schoolUrn: z.preprocess(
    blankToNull,
    z.coerce
      .number({ error: 'Enter your school’s URN, or find your school by name or postcode' })
      .int('Enter your school’s URN, like 100000')
      .positive('Enter your school’s URN, like 100000')
      .max(INT32_MAX, 'Enter your school’s URN, like 100000'),
  ),
});

/** The year groups a person teaches (checkboxes: none, one or several). */
export const ownYearGroupsForm = z.object({
  yearGroups: z.preprocess(
    (value) => (value === undefined || value === null || value === '' ? [] : [value].flat()),
    z.array(z.string().max(20)).max(20),
  ),
});
