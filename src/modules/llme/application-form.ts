import { z } from 'zod';
import { dateFromParts } from '../activities/forms.ts';
import { isWebLink } from '../people/record-accreditations.ts';
import { developmentProgrammes } from './schema.ts';

export const LIMITS = { statement: 5_000, reason: 2_000, cohort: 20 } as const;

const programme = z.enum(developmentProgrammes, { error: 'Choose a programme' });
const statement = z
  .string({ error: 'Say why they should join the programme' })
  .trim()
  .min(1, 'Say why they should join the programme')
  .max(LIMITS.statement, `Write at most ${LIMITS.statement.toLocaleString('en-GB')} characters`);
const hubId = z.coerce.number({ error: 'Choose your hub' }).int().positive('Choose your hub');

/** A teacher applying: the programme, the hub (one of theirs) and why. */
export const applyForm = z.object({ programme, hubId, statement });

/** Hub leadership nominating someone of their hub by email. */
export const nominateForm = z.object({
  programme,
  hubId,
  email: z
    .string({ error: 'Enter the email address of the person you nominate' })
    .trim()
    .min(1, 'Enter the email address of the person you nominate')
    .max(320)
    .email('Enter a real email address, like name@example.org'),
  statement,
});

const reason = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .max(LIMITS.reason, `Write at most ${LIMITS.reason.toLocaleString('en-GB')} characters`);

/** The hub's answer: sponsor or not, with the reason. */
export const sponsorshipForm = z.object({
  sponsor: z.enum(['yes', 'no'], { error: 'Choose whether the hub sponsors the application' }),
  sponsorReason: reason('Give the hub’s reason'),
});

/** The national team's decision: accept onto a cohort, or decline with the reason. */
export const decisionForm = z
  .object({
    decision: z.enum(['accept', 'decline'], { error: 'Choose whether to accept the application' }),
    cohort: z.string().trim().max(LIMITS.cohort, 'A cohort is at most 20 characters, like 12').default(''),
    decisionReason: z
      .string()
      .trim()
      .max(LIMITS.reason, `Write at most ${LIMITS.reason.toLocaleString('en-GB')} characters`)
      .default(''),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'accept' && !v.cohort)
      ctx.addIssue({
        code: 'custom',
        path: ['cohort'],
        message: 'Enter the national cohort they join, like 12',
      });
    if (v.decision === 'decline' && !v.decisionReason)
      ctx.addIssue({ code: 'custom', path: ['decisionReason'], message: 'Give the reason it is declined' });
  });

const part = z.string().max(10).optional().default('');

/** Completion: the date the accreditation was awarded and a link to the evidence document (optional). */
export const completionForm = z
  .object({
    'completedOn-day': part,
    'completedOn-month': part,
    'completedOn-year': part,
    evidenceUrl: z.string().trim().max(2000, 'A link is at most 2,000 characters').optional().default(''),
  })
  .transform((v, ctx) => {
    const date = dateFromParts(v, 'completedOn', 'date it was completed');
    if ('problem' in date) ctx.addIssue({ code: 'custom', path: ['completedOn'], message: date.problem });
    if (v.evidenceUrl && !isWebLink(v.evidenceUrl))
      ctx.addIssue({
        code: 'custom',
        path: ['evidenceUrl'],
        message: 'Enter a link starting https://, like https://example.org/evidence.pdf',
      });
    return { completedOn: 'value' in date ? date.value : '', evidenceUrl: v.evidenceUrl || null };
  });
