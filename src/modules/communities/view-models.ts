import { paths } from '../../platform/paths.ts';
import { documentTypesText } from '../documents/documents.ts';
import { messageHtml } from './format.ts';
import type { MessageRow } from './reads.ts';
import type { NotificationLevel } from './schema.ts';

const levelTexts: Record<NotificationLevel, { text: string; hint: string }> = {
  all: { text: 'Every message', hint: 'In your daily digest at 7am' },
  mentions: { text: 'Only messages that mention me', hint: 'When someone writes @ and your name handle' },
  none: { text: 'Nothing', hint: 'You can still read everything here' },
};

/** The radios of a notification level form, the current level checked. */
export const levelItems = (current: NotificationLevel | null) =>
  (Object.keys(levelTexts) as NotificationLevel[]).map((value) => ({
    value,
    text: levelTexts[value].text,
    hint: { text: levelTexts[value].hint },
    checked: value === current,
  }));

export const levelText = (level: NotificationLevel) => levelTexts[level].text;

/** When a new message goes out. */
export const whenItems = () => [
  { value: 'now', text: 'Post now', checked: true },
  {
    value: 'morning',
    text: 'Post at 8am',
    hint: { text: 'The next 8am, so that nobody is sent messages overnight' },
  },
  { value: 'draft', text: 'Save as a draft', hint: { text: 'Only you see it until you post it' } },
];

/** The hint of a message form's file input. */
export const attachHint = `It is kept with the space’s documents, where new versions can be uploaded. Upload ${documentTypesText}, of at most 20 MB.`;

/** The choice of a space's document to attach to a message (none first). */
export const documentItems = (documents: { id: number; title: string }[]) =>
  documents.length
    ? [{ value: '', text: 'No document' }, ...documents.map((d) => ({ value: String(d.id), text: d.title }))]
    : [];

/** A message as its thread page shows it: its text as safe HTML, what the reader may do with it. */
export function messageView(
  m: MessageRow,
  reader: {
    spaceKey: string;
    personId: number;
    isLead: boolean;
    isThreadAuthor: boolean;
    answeredMessageId: number | null;
    firstMessageId: number | null;
  },
  now = new Date(),
) {
  const own = m.authorPersonId === reader.personId;
  const live = m.publishedAt !== null && m.deletedAt === null;
  return {
    ...m,
    html: m.deletedAt ? '' : messageHtml(m.body),
    quoteHtml: m.quote && !m.quote.deleted ? messageHtml(m.quote.body) : '',
    own,
    isAnswer: reader.answeredMessageId === m.messageId,
    canEdit:
      own &&
      m.deletedAt === null &&
      (m.publishedAt === null || (!!m.editableUntil && new Date(m.editableUntil) > now)),
    canDelete: m.deletedAt === null && (own || reader.isLead),
    canBoost: live && !own,
    canQuote: live,
    canMarkAnswer: live && m.messageId !== reader.firstMessageId && (reader.isThreadAuthor || reader.isLead),
    canPostNow: own && m.publishedAt === null && m.deletedAt === null,
    editHref: paths.communities.editMessage(m.messageId),
    documentHref:
      m.document && !m.document.removed
        ? paths.communities.document(reader.spaceKey, m.document.documentId)
        : null,
  };
}
