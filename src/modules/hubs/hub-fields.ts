import { z } from 'zod';
import { blankToNull } from './csv-import.ts';

export const hubNameStatuses = ['confirmed', 'unverified'] as const;
export type HubNameStatus = (typeof hubNameStatuses)[number];

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToNull, schema.nullable());

/**
 * The rules for a hub's details, shared by the edit page and the hubs file. Empty optional fields
 * become null.
 */
export const hubFieldRules = {
  slug: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9]+(-[a-z0-9]+)*$/,
      'Use only lower-case letters, digits and single hyphens, like north-west-one',
    )
    .max(60, 'Use 60 characters or fewer'),
  name: z
    .string()
    .trim()
    .min(1, 'Enter the name of the hub')
    .max(120, 'Use 120 characters or fewer for the name'),
  nameStatus: z.enum(hubNameStatuses, 'Say whether the name is confirmed or unverified'),
  leadSchoolName: optional(z.string().trim().max(200, 'Use 200 characters or fewer for the lead school')),
  leadSchoolUrn: optional(
    z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'Enter the URN of the lead school as 6 digits, like 137000')
      .transform(Number),
  ),
  contactEmail: optional(
    z
      .string()
      .trim()
      .max(200, 'Use 200 characters or fewer for the email address')
      .pipe(z.email('Enter an email address in the correct format, like hub@example.org')),
  ),
  contactPhone: optional(
    z
      .string()
      .trim()
      .regex(/^\+?[\d ()-]{10,20}$/, 'Enter a telephone number, like 01632 960 001 or +44 1632 960 001'),
  ),
  website: optional(
    z
      .string()
      .trim()
      .max(200, 'Use 200 characters or fewer for the website')
      .pipe(
        z.url({
          protocol: /^https?$/,
          error: 'Enter the website as a full address, like https://www.example.org',
        }),
      ),
  ),
};

/** The details of a hub the national team can edit. */
export const hubDetails = z.object({
  name: hubFieldRules.name,
  nameStatus: hubFieldRules.nameStatus,
  leadSchoolName: hubFieldRules.leadSchoolName,
  leadSchoolUrn: hubFieldRules.leadSchoolUrn,
  contactEmail: hubFieldRules.contactEmail,
  contactPhone: hubFieldRules.contactPhone,
  website: hubFieldRules.website,
});
export type HubDetails = z.output<typeof hubDetails>;
