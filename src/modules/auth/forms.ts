import { z } from 'zod';
import { idParam } from '../../platform/params.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './set-password.ts';

const emailAddress = z
  .string({ error: 'Enter your email address' })
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an email address in the correct format, like name@example.org');

const returnTo = z.string().max(2000).optional().default('');

export const requestCodeForm = z.object({ email: emailAddress, returnTo });

export const enterCodeForm = z.object({
  code: z
    .string({ error: 'Enter the code from the email' })
    .trim()
    .min(1, 'Enter the code from the email')
    .max(20),
});

export const passwordSignInForm = z.object({
  email: emailAddress,
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(MAX_PASSWORD_LENGTH * 2),
  returnTo,
});

export const setPasswordForm = z
  .object({
    password: z
      .string({ error: 'Enter a new password' })
      .min(1, 'Enter a new password')
      .min(MIN_PASSWORD_LENGTH, `Password must be ${MIN_PASSWORD_LENGTH} characters or more`)
      .max(MAX_PASSWORD_LENGTH, `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`),
    confirmPassword: z.string({ error: 'Enter the password again' }).min(1, 'Enter the password again'),
  })
  .refine((form) => form.password === form.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  });

export const apiTokenForm = z.object({
  name: z
    .string({ error: 'Enter a name for the token' })
    .trim()
    .min(1, 'Enter a name for the token')
    .max(100, 'Name must be 100 characters or fewer'),
});

export const demoSignInForm = z.object({ personId: idParam, returnTo });

export const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

const yearGroupNames = ['Reception', ...Array.from({ length: 13 }, (_, i) => `Year ${i + 1}`)] as const;

/** A teacher new to the platform: their name, email, school (by URN), role in school and year groups. */
export const createAccountForm = z.object({
  givenName: z.string({ error: 'Enter your first name' }).trim().min(1, 'Enter your first name').max(100),
  familyName: z.string({ error: 'Enter your last name' }).trim().min(1, 'Enter your last name').max(100),
  email: emailAddress,
  schoolUrn: z.coerce
    .number({ error: 'Enter your school’s URN, like 100000' })
    .int('Enter your school’s URN, like 100000')
    .positive('Enter your school’s URN, like 100000')
    .max(2_147_483_647, 'Enter your school’s URN, like 100000'),
  roleInSchool: z
    .string({ error: 'Enter your role in school, like Class teacher' })
    .trim()
    .min(1, 'Enter your role in school, like Class teacher')
    .max(100),
  yearGroups: z.preprocess(
    (value) => (value === undefined || value === null || value === '' ? [] : [value].flat()),
    z.array(z.enum(yearGroupNames, { error: 'Choose year groups from the list' })),
  ),
});
