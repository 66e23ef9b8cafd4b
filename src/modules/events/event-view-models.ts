import { formatTime, todayInEngland } from '../../platform/dates.ts';
import { withQuery } from '../../platform/pagination.ts';
import { paths } from '../../platform/paths.ts';
import type { EventRow, PlaceRow } from './load-event.ts';
import { confirmationClosedReason } from './places.ts';
import { eventFormatNames, placeStatusNames } from './schema.ts';

/** A time of day in England, as people read it: 9:30am, 4pm (platform/dates.ts). */
export const timeOf = (date: Date) => formatTime(date);

/** A time of day in England as the event form takes it, 09:30. */
const inputTimeOf = (date: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);

/** Which working day before the event confirmation closes, by format (for the event page's text). */
const ordinalWorkingDays = { online: '2nd', face_to_face: '10th' } as const;

export const eventTabs = ['details', 'documents', 'comments', 'contact'] as const;
export type EventTab = (typeof eventTabs)[number];

/** A place that holds a seat (or held one at an event that has happened). */
export const isSeated = (place: Pick<PlaceRow, 'status'> | null) =>
  !!place && ['confirmed', 'attended', 'absent'].includes(place.status);

/** The event page: its details, the person's place, the tabs they may open. */
export function eventPageModel(input: {
  event: EventRow;
  place: PlaceRow | null;
  eligible: boolean;
  organiser: boolean;
  tab: EventTab;
  documents: unknown[];
  /** Uploaded documents (modules/documents), each with its newest version. */
  files?: unknown[];
  comments: unknown[];
  /** The person's position on the waiting list (1 = next), when they are waiting. */
  waitingPosition?: number | null;
}) {
  const { event, place } = input;
  const confirmed = isSeated(place);
  return {
    pageTitle: event.title,
    event,
    place,
    eligible: input.eligible,
    confirmed,
    organiser: input.organiser,
    tab: input.tab,
    tabs: eventTabs.map((t) => ({
      id: t,
      href: withQuery(paths.events.show(event.id), { tab: t === 'details' ? undefined : t }),
      text: t[0]!.toUpperCase() + t.slice(1),
    })),
    closedReason: confirmationClosedReason(event),
    ordinal: ordinalWorkingDays[event.format],
    formatName: eventFormatNames[event.format],
    placeStatusName: place ? placeStatusNames[place.status] : null,
    waitingPosition: input.waitingPosition ?? null,
    connectHref:
      confirmed && event.format === 'online' && event.status === 'scheduled'
        ? paths.events.connect(place!.connectToken)
        : null,
    documents: input.documents,
    files: input.files ?? [],
    comments: input.comments,
    placesLeft: Math.max(0, event.capacity - event.confirmedCount),
    startTime: timeOf(event.startsAt),
    endTime: timeOf(event.endsAt),
    requirementValues: place
      ? {
          dietary: place.dietary ?? '',
          access: place.access ?? '',
          otherRequirements: place.otherRequirements ?? '',
        }
      : {},
  };
}

/** Who an event is for, as the form shows it (a person by email; a role; an activity; an NCP's leads). */
export interface TargetValues {
  kind: string;
  personEmail: string | null;
  role: string | null;
  activityId: number | null;
  ncpCode: string | null;
}

/** The values of the event form for an existing event. */
export function formValuesOf(event: EventRow, targets: TargetValues[], ncpCode: string | null) {
  const day = todayInEngland(event.startsAt);
  const [y, m, d] = day.split('-');
  return {
    title: event.title,
    description: event.description ?? '',
    activityId: event.activityId ? String(event.activityId) : '',
    ncpCode: ncpCode ?? '',
    format: event.format,
    venue: event.venue ?? '',
    platform: event.platform ?? '',
    connectUrl: event.connectUrl ?? '',
    'day-day': String(Number(d)),
    'day-month': String(Number(m)),
    'day-year': y,
    startTime: inputTimeOf(event.startsAt),
    endTime: inputTimeOf(event.endsAt),
    capacity: String(event.capacity),
    waitingPriority: event.waitingPriority,
    contactName: event.contactName ?? '',
    contactEmail: event.contactEmail ?? '',
    inviteEmails: targets
      .filter((t) => t.kind === 'person')
      .map((t) => t.personEmail)
      .join('\n'),
    targetRole: targets.find((t) => t.kind === 'role')?.role ?? '',
    targetActivityId: String(targets.find((t) => t.kind === 'activity')?.activityId ?? ''),
    targetNcpCode: targets.find((t) => t.kind === 'ncp_leads')?.ncpCode ?? '',
  };
}

/** The page that asks before a person cancels their place (or leaves the waiting list): what happens, how to undo it. */
export function cancelPlaceView(event: EventRow, place: Pick<PlaceRow, 'status'>, now = new Date()) {
  const confirmed = place.status === 'confirmed';
  const closed = confirmationClosedReason(event, now);
  return {
    pageTitle: confirmed
      ? `Cancel your place at ${event.title}`
      : `Leave the waiting list for ${event.title}`,
    event,
    warning: confirmed
      ? 'Your place goes to the next person on the waiting list, or to whoever asks for it next.'
      : 'You leave the waiting list and lose your position on it.',
    undo: closed
      ? 'Confirmation has closed, so you cannot ask for a place again yourself: ask the organiser if you still need one.'
      : 'You can ask for a place again on the event’s page until confirmation closes; if the event is full by then, you join the back of the waiting list.',
    button: confirmed ? 'Cancel my place' : 'Leave the waiting list',
  };
}
