import { formatDate, formatDateTime } from '../../platform/dates.ts';
import type { NotificationKind } from './schema.ts';
import type { EventFormat } from './working-days.ts';

export interface MailEvent {
  id: number;
  title: string;
  format: EventFormat;
  startsAt: Date;
  confirmBy: string;
  venue: string | null;
  platform: string | null;
}

const where = (e: MailEvent) =>
  e.format === 'online' ? `Online${e.platform ? ` (${e.platform})` : ''}` : (e.venue ?? 'Face to face');

const subjects: Record<NotificationKind, (e: MailEvent) => string> = {
  invitation: (e) => `Invitation: ${e.title}`,
  confirmation: (e) => `Your place is confirmed: ${e.title}`,
  waiting: (e) => `You are on the waiting list: ${e.title}`,
  deadline_reminder: (e) => `Confirm by ${formatDate(e.confirmBy)}: ${e.title}`,
  day_before_reminder: (e) => `Tomorrow: ${e.title}`,
  cancellation: (e) => `Cancelled: ${e.title}`,
  place_offered: (e) => `A place is now yours: ${e.title}`,
};

const bodies: Record<NotificationKind, (e: MailEvent) => string> = {
  invitation: (e) =>
    `You are invited. Confirm your attendance by ${formatDate(e.confirmBy)} (the last day to confirm).`,
  confirmation: (e) =>
    e.format === 'online'
      ? 'Your place is confirmed. Your personal Connect link is on the event page: please do not share it.'
      : 'Your place is confirmed. Tell the organiser about any dietary or access requirements on the event page.',
  waiting: () =>
    'The event is full, so you are on the waiting list. If a place frees, it is given to you automatically and we will email you.',
  deadline_reminder: (e) =>
    `You have not confirmed your attendance yet. Confirmation closes at the end of ${formatDate(e.confirmBy)}.`,
  day_before_reminder: (e) =>
    e.format === 'online'
      ? 'The event is tomorrow. Join with your personal Connect link on the event page.'
      : 'The event is tomorrow.',
  cancellation: () => 'The event has been cancelled. We are sorry for any inconvenience.',
  place_offered: () =>
    'A place came free and it is now yours: your attendance is confirmed. If you can no longer come, cancel on the event page so that someone else can have it.',
};

/** One event email: subject and plain text. */
export function eventMail(kind: NotificationKind, event: MailEvent, name: string, eventUrl: string) {
  return {
    subject: subjects[kind](event),
    text: [
      `Dear ${name},`,
      '',
      event.title,
      `When: ${formatDateTime(event.startsAt)}`,
      `Where: ${where(event)}`,
      `Last day to confirm: ${formatDate(event.confirmBy)}`,
      '',
      bodies[kind](event),
      '',
      `Event page: ${eventUrl}`,
    ].join('\n'),
  };
}

/** The daily digest of a person's event emails. */
export function digestMail(name: string, items: { kind: NotificationKind; event: MailEvent; url: string }[]) {
  return {
    subject: `Your Maths Hubs events: ${items.length} ${items.length === 1 ? 'update' : 'updates'}`,
    text: [
      `Dear ${name},`,
      '',
      'Your event updates since the last digest:',
      '',
      ...items.flatMap((i) => [
        `* ${subjects[i.kind](i.event)}`,
        `  ${formatDateTime(i.event.startsAt)}, ${where(i.event)}. Last day to confirm: ${formatDate(i.event.confirmBy)}.`,
        `  ${i.url}`,
      ]),
      '',
      'You chose a daily digest of event emails; change this on the event emails page.',
    ].join('\n'),
  };
}
