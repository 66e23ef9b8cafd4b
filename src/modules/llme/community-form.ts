import { z } from 'zod';
import { dateFromParts } from '../activities/forms.ts';

const hub = z.string().trim().max(100).optional();
const year = z.string().trim().max(7).optional();
const id = (message: string) =>
  z.coerce.number({ error: message }).int(message).positive(message).max(2_147_483_647);

export const addLeadForm = z.object({ hub, year, personId: id('Choose who leads the LLME community') });
export const removeLeadForm = z.object({ hub, year });

const part = z.string().max(10).optional().default('');
export const meetingForm = z
  .object({
    hub,
    title: z
      .string({ error: 'Enter what the meeting was' })
      .trim()
      .min(1, 'Enter what the meeting was')
      .max(200, 'Write at most 200 characters'),
    'heldOn-day': part,
    'heldOn-month': part,
    'heldOn-year': part,
  })
  .transform((v, ctx) => {
    const date = dateFromParts(v, 'heldOn', 'date of the meeting');
    if ('problem' in date) ctx.addIssue({ code: 'custom', path: ['heldOn'], message: date.problem });
    return { hub: v.hub, title: v.title, heldOn: 'value' in date ? date.value : '' };
  });

export const registerForm = z.object({
  present: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      (v === undefined ? [] : [v].flat()).map(Number).filter((n) => Number.isInteger(n) && n > 0),
    ),
});
