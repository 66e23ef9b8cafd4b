import { z } from 'zod';
import { claimActions } from './claim-states.ts';
import { claimRoles } from './grant-rules.ts';
import { parsePounds } from './money.ts';
import { claimKinds } from './schema.ts';

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** A hub's claim as typed into the form: days at a day rate, or a travel amount in pounds. */
export const claimForm = z
  .object({
    ncpCode: z.string({ error: 'Choose the project' }).trim().min(1, 'Choose the project').max(30),
    kind: z.enum(claimKinds, { error: 'Choose what you are claiming for' }),
    role: z.preprocess(blankToUndefined, z.enum(claimRoles, { error: 'Choose the role' }).optional()),
    claimantName: z
      .string({ error: 'Enter the name of the person the claim is for' })
      .trim()
      .min(1, 'Enter the name of the person the claim is for')
      .max(200, 'The name must be 200 characters or fewer'),
    days: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ error: 'Enter the number of days, like 3' })
        .int('Enter a whole number of days, like 3')
        .min(1, 'Enter a whole number of days, like 3')
        .max(100, 'A claim may be for 100 days or fewer')
        .optional(),
    ),
    amount: z.preprocess(blankToUndefined, z.string().trim().max(20).optional()),
    description: z
      .string({ error: 'Describe what the claim is for' })
      .trim()
      .min(1, 'Describe what the claim is for')
      .max(500, 'The description must be 500 characters or fewer'),
  })
  .superRefine((f, ctx) => {
    if (f.kind === 'day_rate') {
      if (!f.role) ctx.addIssue({ code: 'custom', path: ['role'], message: 'Choose the role' });
      if (f.days === undefined)
        ctx.addIssue({ code: 'custom', path: ['days'], message: 'Enter the number of days, like 3' });
    } else {
      const pence = f.amount === undefined ? null : parsePounds(f.amount);
      if (pence === null || pence <= 0)
        ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter the amount in pounds, like 42.50' });
    }
  });
export type ClaimForm = z.infer<typeof claimForm>;

export const decisionForm = z
  .object({
    action: z.enum(claimActions, { error: 'Choose what to do with the claim' }),
    reason: z.preprocess(
      blankToUndefined,
      z.string().trim().max(500, 'The reason must be 500 characters or fewer').optional(),
    ),
  })
  .superRefine((f, ctx) => {
    if (f.action === 'reject' && !f.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Give the reason for rejecting the claim' });
  });
