import { z } from 'zod';
import { INT32_MAX, idParam } from '../../platform/params.ts';
import { justificationMaxLength } from '../journeys/admit-school.ts';
import { outOfAreaReasonMaxLength } from '../schools/out-of-area.ts';
import { yearGroups } from './rules.ts';

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);
export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const emailFormat = 'Enter an email address in the correct format, like name@example.org';

const optionalText = (max: number, label: string) =>
  z.preprocess(
    blankToNull,
    z.string().trim().max(max, `${label} must be ${max} characters or fewer`).nullable().default(null),
  );

const urn = z.preprocess(
  blankToNull,
  z.coerce
    .number({ error: 'Enter the school’s URN, like 100000' })
    .int('Enter the school’s URN, like 100000')
    .positive('Enter the school’s URN, like 100000')
    .max(INT32_MAX, 'Enter the school’s URN, like 100000'),
);

/** Checkboxes arrive as nothing, one string or several. */
const checkboxes = z.preprocess(
  (value) => (value === undefined || value === null || value === '' ? [] : [value].flat()),
  z.array(z.enum(yearGroups, { error: 'Choose year groups from the list' })),
);

export const participantForm = z.object({
  givenName: optionalText(100, 'First name'),
  familyName: optionalText(100, 'Last name'),
  email: z.preprocess(
    blankToNull,
    z.string().trim().max(254).regex(emailPattern, emailFormat).nullable().default(null),
  ),
  schoolUrn: urn,
  roleInSchool: z
    .string({ error: 'Enter their role in school, like Class teacher' })
    .trim()
    .min(1, 'Enter the role in school, like Class teacher')
    .max(100, 'Role in school must be 100 characters or fewer'),
  yearGroups: checkboxes,
  mentorName: optionalText(200, 'Mentor’s name'),
  mentorEmail: z.preprocess(
    blankToNull,
    z.string().trim().max(254).regex(emailPattern, emailFormat).nullable().default(null),
  ),
  /** A school contact registers themself or a teacher of their school (hub leadership: always someone). */
  who: z.enum(['self', 'teacher']).catch('self').default('self'),
  /** Hub leadership's reason for admitting a school that does not meet the project's rules. */
  justification: optionalText(justificationMaxLength, 'Your reason'),
  /** Hub leadership's reason for a school outside the hub's area (required for such a school, by the use case). */
  outOfAreaReason: z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .max(outOfAreaReasonMaxLength, `Give the reason in ${outOfAreaReasonMaxLength} characters or fewer`)
      .nullable()
      .default(null),
  ),
});
export type ParticipantForm = z.infer<typeof participantForm>;

export const schoolForm = z.object({
  commitmentSchoolUrn: urn,
  commitmentStatement: z
    .string({ error: 'Enter the school’s statement of commitment' })
    .trim()
    .min(1, 'Enter the school’s statement of commitment')
    .max(5000, 'The statement of commitment must be 5,000 characters or fewer'),
  /** Hub leadership's reason for admitting anyway a school that does not meet the project's rules. */
  schoolJustification: optionalText(justificationMaxLength, 'Your reason'),
  /** Hub leadership's reason for registering a school outside the hub's area (required for one, by the use case). */
  schoolOutOfAreaReason: z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .max(outOfAreaReasonMaxLength, `Give the reason in ${outOfAreaReasonMaxLength} characters or fewer`)
      .nullable()
      .default(null),
  ),
});

export const idParams = z.object({ id: idParam });
export const enrolmentParams = z.object({ enrolmentId: idParam });

export const mergeForm = z.object({
  keepPersonId: z.coerce.number({ error: 'Choose the record to keep' }).int().positive().max(INT32_MAX),
  mergePersonId: z.coerce.number({ error: 'Choose the record to merge' }).int().positive().max(INT32_MAX),
  /** Set by the confirmation page's form only. */
  confirm: z.string().optional(),
});

export const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  format: z.enum(['html', 'csv', 'xlsx']).catch('html').default('html'),
});

/** Registering interest: the participant's details as registration needs them, and a note to the hub. */
export const interestForm = participantForm
  .pick({ schoolUrn: true, roleInSchool: true, yearGroups: true, mentorName: true, mentorEmail: true })
  .extend({
    activityId: z.preprocess(
      blankToNull,
      z.coerce.number().int().positive().max(INT32_MAX).nullable().default(null),
    ),
    hubId: z.preprocess(
      blankToNull,
      z.coerce.number().int().positive().max(INT32_MAX).nullable().default(null),
    ),
    ncpId: z.preprocess(
      blankToNull,
      z.coerce.number().int().positive().max(INT32_MAX).nullable().default(null),
    ),
    note: optionalText(2000, 'Your note to the hub'),
  });

export const interestQuery = z.object({
  activity: z.coerce.number().int().positive().max(INT32_MAX).optional().catch(undefined),
  hub: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z0-9-]*$/)
    .optional()
    .catch(undefined),
  ncp: z.coerce.number().int().positive().max(INT32_MAX).optional().catch(undefined),
});

export const interestListQuery = z.object({
  hub: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z0-9-]*$/)
    .optional()
    .catch(undefined),
  activity: z.coerce.number().int().positive().max(INT32_MAX).optional().catch(undefined),
  ncp: z.coerce.number().int().positive().max(INT32_MAX).optional().catch(undefined),
  status: z.enum(['open', 'registered', 'declined', 'all']).catch('open').default('open'),
});

export const registerInterestsForm = z.object({
  hubId: z.coerce.number().int().positive().max(INT32_MAX),
  interestIds: z.preprocess(
    (value) => (value === undefined || value === null || value === '' ? [] : [value].flat()),
    z.array(z.coerce.number().int().positive().max(INT32_MAX)).min(1, 'Choose the people to register'),
  ),
  activityId: z.preprocess(
    blankToNull,
    z.coerce.number().int().positive().max(INT32_MAX).nullable().default(null),
  ),
});

export const directRegistrationForm = z.object({ open: z.enum(['yes', 'no']) });
