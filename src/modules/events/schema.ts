import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { activitySessions, hubActivities } from '../activities/schema.ts';
import { ncps } from '../catalogue/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { people, type Role } from '../people/schema.ts';
import type { EventFormat } from './working-days.ts';

/** England and Wales bank holidays: the calendar of working days. The national team can add days. */
export const bankHolidays = pgTable('bank_holidays', {
  date: date('date').primaryKey(),
  title: text('title').notNull(),
  addedByPersonId: integer('added_by_person_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const eventFormats = ['online', 'face_to_face'] as const satisfies readonly EventFormat[];
export const eventFormatNames: Record<EventFormat, string> = {
  online: 'Online',
  face_to_face: 'Face to face',
};

export const eventStatuses = ['scheduled', 'cancelled'] as const;
export type EventStatus = (typeof eventStatuses)[number];

/** Who goes first from a waiting list when a place frees. */
export const waitingPriorities = ['joined_first', 'first_year_or_targeted_support'] as const;
export type WaitingPriority = (typeof waitingPriorities)[number];
export const waitingPriorityNames: Record<WaitingPriority, string> = {
  joined_first: 'Whoever joined the waiting list first',
  first_year_or_targeted_support:
    'Schools in their first year with the hub or in Targeted Support first, then whoever joined first',
};

/**
 * An event of the programme: a national NCP workshop or webinar (no hub, organised by the national
 * team) or a hub event (a Work Group session, programme session, launch event). `confirmedCount` is
 * the number of confirmed places, kept with the places in one transaction under the event's row
 * lock; the check makes over-filling impossible even for a faulty writer.
 */
export const programmeEvents = pgTable(
  'programme_events',
  {
    id: serial('id').primaryKey(),
    hubId: integer('hub_id').references(() => hubs.id),
    ncpId: integer('ncp_id').references(() => ncps.id),
    activityId: integer('activity_id').references(() => hubActivities.id),
    /** The activity session whose register this event's attendance feeds. */
    activitySessionId: integer('activity_session_id').references(() => activitySessions.id),
    title: text('title').notNull(),
    description: text('description'),
    format: text('format').$type<EventFormat>().notNull(),
    venue: text('venue'),
    platform: text('platform'),
    connectUrl: text('connect_url'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** The last day to confirm attendance (working days before the start, in England). */
    confirmBy: date('confirm_by').notNull(),
    capacity: integer('capacity').notNull(),
    confirmedCount: integer('confirmed_count').notNull().default(0),
    waitingPriority: text('waiting_priority').$type<WaitingPriority>().notNull().default('joined_first'),
    status: text('status').$type<EventStatus>().notNull().default('scheduled'),
    /** iCalendar SEQUENCE: raised on every change people's calendars must pick up. */
    sequence: integer('sequence').notNull().default(0),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    createdByPersonId: integer('created_by_person_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Raised on every change to what its edit form edits (platform/edit-versions.ts, migration 0013). */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('programme_events_hub_idx').on(t.hubId, t.startsAt),
    index('programme_events_starts_idx').on(t.startsAt),
    check(
      'programme_events_places_ck',
      sql`${t.confirmedCount} >= 0 AND ${t.confirmedCount} <= ${t.capacity}`,
    ),
    check('programme_events_times_ck', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const targetKinds = ['person', 'role', 'activity', 'ncp_leads'] as const;
export type TargetKind = (typeof targetKinds)[number];

/**
 * Who an event is for: one invited person, everyone holding a role (in the event's hub for a hub
 * event), an activity's participants and leads, or the leads of an NCP's activities.
 */
export const eventTargets = pgTable(
  'event_targets',
  {
    id: serial('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => programmeEvents.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<TargetKind>().notNull(),
    personId: integer('person_id').references(() => people.id),
    role: text('role').$type<Role>(),
    hubId: integer('hub_id'),
    activityId: integer('activity_id').references(() => hubActivities.id),
    ncpId: integer('ncp_id').references(() => ncps.id),
    /**
     * A hub event's invited email that was no one's (`person_id` null): the organiser is told the same
     * as for anyone's, and whoever later has the address is among those the event is for.
     */
    email: text('email'),
  },
  (t) => [
    index('event_targets_event_idx').on(t.eventId),
    index('event_targets_email_idx').on(sql`lower(${t.email})`).where(sql`${t.email} IS NOT NULL`),
    index('event_targets_person_idx').on(t.personId),
    index('event_targets_activity_idx').on(t.activityId),
    index('event_targets_ncp_idx').on(t.ncpId),
  ],
);

/** A place's life (docs/state-machines.md): confirmed or waiting → cancelled; confirmed → attended/absent. */
export const placeStatuses = ['confirmed', 'waiting', 'cancelled', 'attended', 'absent'] as const;
export type PlaceStatus = (typeof placeStatuses)[number];
export const placeStatusNames: Record<PlaceStatus, string> = {
  confirmed: 'Confirmed',
  waiting: 'On the waiting list',
  cancelled: 'Cancelled',
  attended: 'Attended',
  absent: 'Did not attend',
};

/** A person's place at an event (or their place on its waiting list), with their requirements. */
export const eventPlaces = pgTable(
  'event_places',
  {
    id: serial('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => programmeEvents.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    status: text('status').$type<PlaceStatus>().notNull(),
    /** 1 when the person's school is in its first year or in Targeted Support (for priority events). */
    priority: integer('priority').notNull().default(0),
    /** When the person asked: the order of the waiting list. */
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    promotedAt: timestamp('promoted_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    addedByOrganiser: boolean('added_by_organiser').notNull().default(false),
    /** The secret of the person's own Connect link (online events). */
    connectToken: text('connect_token').notNull(),
    dietary: text('dietary'),
    access: text('access'),
    otherRequirements: text('other_requirements'),
    /** Attended on the connection of another place (a group joining on one computer). */
    joinedViaPlaceId: integer('joined_via_place_id'),
    attendanceMarkedAt: timestamp('attendance_marked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('event_places_uq').on(t.eventId, t.personId),
    uniqueIndex('event_places_connect_uq').on(t.connectToken),
    index('event_places_person_idx').on(t.personId),
    index('event_places_waiting_idx').on(t.eventId, t.status, t.priority, t.requestedAt),
  ],
);

/** Documents of an event (links to the materials), shown to confirmed people. */
export const eventDocuments = pgTable(
  'event_documents',
  {
    id: serial('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => programmeEvents.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    url: text('url').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('event_documents_event_idx').on(t.eventId)],
);

/** Comments on an event by its confirmed people and organisers. */
export const eventComments = pgTable(
  'event_comments',
  {
    id: serial('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => programmeEvents.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('event_comments_event_idx').on(t.eventId, t.createdAt)],
);

/** A person's secret calendar feed; revoking it sets `revokedAt` (a new one can be made). */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('calendar_feeds_token_uq').on(t.tokenHash),
    index('calendar_feeds_person_idx').on(t.personId),
  ],
);

export const notificationKinds = [
  'invitation',
  'confirmation',
  'deadline_reminder',
  'day_before_reminder',
  'cancellation',
  'place_offered',
  'waiting',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * Event emails to send, written in the transaction of the change (so none is lost or sent for a
 * change that rolled back) and sent by the queue's worker. `dedupeKey` stops a reminder going twice.
 */
export const eventNotifications = pgTable(
  'event_notifications',
  {
    id: serial('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => programmeEvents.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    kind: text('kind').$type<NotificationKind>().notNull(),
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when a send job was queued for it (a job lost before running is queued again later). */
    queuedAt: timestamp('queued_at', { withTimezone: true }),
    /** Set when the mail (single or in a digest) has gone. */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Held for the person's daily digest. */
    digest: boolean('digest').notNull().default(false),
  },
  (t) => [
    index('event_notifications_pending_idx').on(t.sentAt, t.digest, t.personId),
    uniqueIndex('event_notifications_dedupe_uq').on(t.dedupeKey),
  ],
);

/** A person's choice of event emails: one by one (default) or a daily digest. */
export const eventMailPreferences = pgTable('event_mail_preferences', {
  personId: integer('person_id')
    .primaryKey()
    .references(() => people.id, { onDelete: 'cascade' }),
  dailyDigest: boolean('daily_digest').notNull().default(false),
});
