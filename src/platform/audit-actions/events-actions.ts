import {
  type ActionDefinition,
  after,
  type Change,
  count,
  define,
  eventRef,
  type Fields,
  type LoggedRow,
  type Nothing,
  personRef,
  plural,
  quoted,
} from '../audit-vocabulary.ts';

/** The event log's actions: events. */
export const eventsActions = {
  // Events
  'event.created': define(
    'programme_event',
    'Events: created',
    (
      r: LoggedRow<{
        title: string;
        format: string;
        day: string;
        capacity: number;
        confirmBy: string;
        invited: number;
      }>,
    ) => [r.actor, ' created the event ', eventRef(r.subjectId)],
  ),
  'event.updated': define('programme_event', 'Events: changed', (r: LoggedRow<Fields>) => [
    r.actor,
    ' changed the details of ',
    eventRef(r.subjectId),
  ]),
  'event.cancelled': define(
    'programme_event',
    'Events: cancelled',
    (r: LoggedRow<{ status: Change<string>; told: number }>) => [
      r.actor,
      ' cancelled ',
      eventRef(r.subjectId),
      ` (${plural(r.changes.told, 'person', 'people')} told)`,
    ],
  ),
  'event.deadline_moved': define(
    'programme_event',
    'Events: deadline moved',
    (r: LoggedRow<{ confirmBy: Change<string> }>) => [
      r.actor,
      ' moved the deadline to confirm places at ',
      eventRef(r.subjectId),
      ` to ${after(r.changes.confirmBy) ?? 'another day'}`,
    ],
  ),
  'event.person_invited': define(
    'programme_event',
    'Events: person invited',
    (r: LoggedRow<{ personId: number }>) => [
      r.actor,
      ' invited ',
      personRef(r.changes.personId),
      ' to ',
      eventRef(r.subjectId),
    ],
  ),
  'event.place_confirmed': define(
    'programme_event',
    'Events: place confirmed',
    (r: LoggedRow<{ personId: number; status: Change<string>; byOrganiser: boolean }>) => [
      r.actor,
      ' confirmed a place for ',
      personRef(r.changes.personId),
      ' at ',
      eventRef(r.subjectId),
    ],
  ),
  'event.waiting_list_joined': define(
    'programme_event',
    'Events: waiting list joined',
    (r: LoggedRow<{ personId: number; status: Change<string>; byOrganiser: boolean }>) => [
      r.actor,
      ' put ',
      personRef(r.changes.personId),
      ' on the waiting list of ',
      eventRef(r.subjectId),
    ],
  ),
  'event.place_cancelled': define(
    'programme_event',
    'Events: place cancelled',
    (r: LoggedRow<{ personId: number; status: Change<string> }>) => [
      r.actor,
      ' cancelled the place of ',
      personRef(r.changes.personId),
      ' at ',
      eventRef(r.subjectId),
    ],
  ),
  'event.places_offered': define(
    'programme_event',
    'Events: places offered',
    (r: LoggedRow<{ promotedPersonIds: number[] }>) => [
      r.actor,
      ` gave ${plural(count(r.changes.promotedPersonIds), 'place')} at `,
      eventRef(r.subjectId),
      ' to people on the waiting list',
    ],
  ),
  'event.requirements_saved': define(
    'programme_event',
    'Events: requirements saved',
    (r: LoggedRow<{ personId: number }>) => [
      personRef(r.changes.personId),
      ' saved their requirements for ',
      eventRef(r.subjectId),
    ],
  ),
  'event.document_added': define(
    'programme_event',
    'Events: document added',
    (r: LoggedRow<{ documentId: number; title: string; url: string }>) => [
      r.actor,
      ` added the document${quoted(r.changes.title)} to `,
      eventRef(r.subjectId),
    ],
  ),
  'event.comment_added': define(
    'programme_event',
    'Events: comment added',
    (r: LoggedRow<{ commentId: number }>) => [r.actor, ' commented on ', eventRef(r.subjectId)],
  ),
  'event.attendance_marked': define(
    'programme_event',
    'Events: attendance marked',
    (r: LoggedRow<{ source: string; marks: Record<string, unknown> }>) => [
      r.actor,
      ` marked the attendance of ${plural(Object.keys(r.changes.marks ?? {}).length, 'person', 'people')} at `,
      eventRef(r.subjectId),
    ],
  ),
  'event_emails.preference_set': define(
    'person',
    'Events: email preference set',
    (r: LoggedRow<{ dailyDigest: boolean }>) => [
      personRef(r.subjectId),
      r.changes.dailyDigest ? ' chose a daily digest of event emails' : ' chose event emails one at a time',
    ],
  ),
  'calendar_feed.created': define('person', 'Events: calendar feed created', (r: LoggedRow<Nothing>) => [
    personRef(r.subjectId),
    ' created a calendar feed',
  ]),
  'calendar_feed.revoked': define('person', 'Events: calendar feed revoked', (r: LoggedRow<Nothing>) => [
    personRef(r.subjectId),
    ' revoked their calendar feed',
  ]),
  'bank_holidays.imported': define(
    'bank_holidays',
    'Events: bank holidays imported',
    (r: LoggedRow<{ added: string[] }>) => [
      r.actor,
      ` imported the bank holidays (${plural(count(r.changes.added), 'day')} added)`,
    ],
  ),
  'bank_holidays.added': define(
    'bank_holidays',
    'Events: bank holiday added',
    (r: LoggedRow<{ title: string }>) => [
      r.actor,
      ` added the bank holiday${quoted(r.changes.title)} on ${r.subjectId}`,
    ],
  ),
} satisfies Record<string, ActionDefinition>;
