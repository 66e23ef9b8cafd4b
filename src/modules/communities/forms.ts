import { z } from 'zod';
import { searchText } from '../../platform/params.ts';
import { MESSAGE_MAX, postingTimes, TITLE_MAX } from './messages.ts';
import { notificationLevels } from './schema.ts';

const body = z
  .string({ error: 'Enter your message' })
  .min(1, 'Enter your message')
  .max(MESSAGE_MAX, `Your message must be ${MESSAGE_MAX.toLocaleString('en-GB')} characters or fewer`);
const when = z.enum(postingTimes).catch('now');
/** A document of the space to attach (none: empty). */
const document = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);

export const threadForm = z.object({
  title: z
    .string({ error: 'Enter a title' })
    .min(1, 'Enter a title')
    .max(TITLE_MAX, `The title must be ${TITLE_MAX} characters or fewer`),
  body,
  when,
  document,
});

export const replyForm = z.object({
  body,
  when,
  document,
  quote: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
});

export const editForm = z.object({
  title: z.string().max(TITLE_MAX, `The title must be ${TITLE_MAX} characters or fewer`).optional(),
  body,
});

export const levelForm = z.object({
  level: z.enum(notificationLevels, { error: 'Choose what you want to be told of' }),
});

export const guestForm = z.object({
  email: z
    .string({ error: 'Enter an email address' })
    .min(1, 'Enter an email address')
    .max(320, 'Enter an email address')
    .email('Enter an email address in the correct format, like name@example.com'),
});

export const pinForm = z.object({ pinned: z.enum(['yes', 'no']).catch('yes') });

export const searchQuery = z.object({
  q: searchText(200).optional().catch(undefined),
  author: searchText(100).optional().catch(undefined),
  space: z.string().max(30).optional().catch(undefined),
});

export const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).optional() });

/** A shared page of a space: its title and text (documents/pages.ts checks the limits again). */
export const pageForm = z.object({
  title: z
    .string({ error: 'Enter a title for the page' })
    .min(1, 'Enter a title for the page')
    .max(200, 'The title must be 200 characters or fewer'),
  body: z
    .string()
    .max(100_000, 'The page must be 100,000 characters or fewer')
    .optional()
    .transform((v) => v ?? ''),
});
