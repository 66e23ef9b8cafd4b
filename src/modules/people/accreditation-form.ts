import { z } from 'zod';
import { dateFromParts } from '../activities/forms.ts';
import { isWebLink } from './record-accreditations.ts';
import { type AccreditationKind, accreditationKinds } from './schema.ts';

const part = z.string().max(10).optional().default('');

/**
 * The form on a person's page recording one accreditation: its kind, cohort, the date awarded (optional,
 * day, month and year) and a link to the evidence document (a URL: the document is kept elsewhere).
 */
export const accreditationForm = z
  .object({
    kind: z.enum(accreditationKinds, { error: 'Choose the accreditation' }),
    cohort: z.string().trim().max(20, 'A cohort is at most 20 characters, like 9').optional().default(''),
    'awardedOn-day': part,
    'awardedOn-month': part,
    'awardedOn-year': part,
    evidenceUrl: z.string().trim().max(2000, 'A link is at most 2,000 characters').optional().default(''),
  })
  .transform((v, ctx) => {
    let awardedOn: string | null = null;
    if (v['awardedOn-day'] || v['awardedOn-month'] || v['awardedOn-year']) {
      const date = dateFromParts(v, 'awardedOn', 'date it was awarded');
      if ('problem' in date) ctx.addIssue({ code: 'custom', path: ['awardedOn'], message: date.problem });
      else awardedOn = date.value;
    }
    if (v.evidenceUrl && !isWebLink(v.evidenceUrl))
      ctx.addIssue({
        code: 'custom',
        path: ['evidenceUrl'],
        message: 'Enter a link starting https://, like https://example.org/evidence.pdf',
      });
    return {
      kind: v.kind as AccreditationKind,
      cohort: v.cohort || null,
      awardedOn,
      evidenceUrl: v.evidenceUrl || null,
    };
  });

export const accreditationFormFields = [
  'kind',
  'cohort',
  'awardedOn-day',
  'awardedOn-month',
  'awardedOn-year',
  'evidenceUrl',
] as const;
